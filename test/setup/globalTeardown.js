/**
 * The secret scan over everything the suite produced (see secretScan.ts): fails the run if any
 * fake secret key used by the tests appears in node output, errors or logs.
 */
const fs = require('fs');
const path = require('path');

const { FAKE_SECRETS } = require('./fakeSecrets');

module.exports = async () => {
	const dir = process.env.STRIPE_PL_SECRET_SCAN_DIR;
	if (!dir || !fs.existsSync(dir)) throw new Error('secret scan: nothing was collected');
	let lines = 0;
	const leaks = [];
	for (const file of fs.readdirSync(dir)) {
		const text = fs.readFileSync(path.join(dir, file), 'utf8');
		lines += text.split('\n').length;
		for (const secret of FAKE_SECRETS) {
			const at = text.indexOf(secret);
			if (at >= 0) leaks.push(`${secret.slice(0, 8)}… in ${path.join(dir, file)} at character ${at}`);
		}
	}
	// Kept when something leaked, so the place can be inspected.
	if (!leaks.length) fs.rmSync(dir, { recursive: true, force: true });
	if (!lines) {
		console.log('\nsecret scan: this selection of tests ran no node, nothing to scan');
		return;
	}
	if (leaks.length) throw new Error(`secret scan: a secret key appeared in output, errors or logs: ${leaks.join(', ')}`);
	console.log(`\nsecret scan: ${lines} lines of output, errors and logs checked, no secret key found`);
};
