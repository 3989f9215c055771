const fs = require('fs');
const os = require('os');
const path = require('path');

const requireOpenApiSpec = require('./requireOpenApiSpec');

module.exports = async () => {
	requireOpenApiSpec();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-pl-secret-scan-'));
	process.env.STRIPE_PL_SECRET_SCAN_DIR = dir;
};
