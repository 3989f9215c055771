'use strict';
// The example workflows in examples/ and the credentials they refer to. The JSON files are
// exactly what a person imports into n8n; the demo and the tests import them with two local
// adjustments: the files folder (Docker's /home/node/.n8n-files by default) and the fixed
// credential IDs below, which the imported credentials reuse.

const fs = require('fs');
const path = require('path');

const { REPO_ROOT, CREDENTIAL_TYPE } = require('./n8n');

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const DOCKER_FILES_DIR = '/home/node/.n8n-files';
const PINNED_API_VERSION = '2026-10-28.endive';

const EXAMPLES = {
	sheet: { file: 'sheet-to-payment-links.json', id: 'plExampleSheet01' },
	deactivation: { file: 'scheduled-deactivation.json', id: 'plExampleExpiry1' },
	message: { file: 'payment-link-to-email.json', id: 'plExampleEmail01' },
	paid: { file: 'payment-received-mark-row-paid.json', id: 'plExamplePaid001' },
};

const CREDENTIALS = {
	stripe: { id: 'plExampleStripe1', name: 'Stripe Payment Links account' },
	smtp: { id: 'plExampleSmtp001', name: 'SMTP account' },
};

/** Reads an example workflow and points its file paths at `filesDir`. */
function loadExample(name, { filesDir } = {}) {
	const example = EXAMPLES[name];
	if (!example) throw new Error(`unknown example ${name}`);
	const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, example.file), 'utf8'));
	if (filesDir) {
		// Only the nodes' parameters; the sticky notes keep documenting the Docker default.
		workflow.nodes = workflow.nodes.map((node) =>
			node.type === 'n8n-nodes-base.stickyNote'
				? node
				: JSON.parse(JSON.stringify(node).split(DOCKER_FILES_DIR).join(filesDir.replace(/\\/g, '/'))),
		);
	}
	if (workflow.id !== example.id) throw new Error(`${example.file}: expected id ${example.id}, found ${workflow.id}`);
	return workflow;
}

function loadAllExamples(options) {
	return Object.keys(EXAMPLES).map((name) => loadExample(name, options));
}

/** The sample spreadsheet shipped with the sheet example. */
function sampleCsvPath() {
	return path.join(EXAMPLES_DIR, 'products.csv');
}

/**
 * Products the sample sheet names by id in its product_id column: a product whose id was
 * chosen at creation, as shops that import their catalogue do (a SKU). The demo and the tests
 * create them in the emulator; a Stripe account needs them created with these ids.
 */
const SAMPLE_PRODUCTS = [{ id: 'sku-tshirt-red', name: 'Red T-shirt' }];

/** Creates SAMPLE_PRODUCTS in a bundled emulator (test/emulator). */
function seedSampleProducts(emulator) {
	for (const product of SAMPLE_PRODUCTS) emulator.seedProduct(product);
}

/**
 * Plain credential objects for `n8n import:credentials`. `stripe` is { secretKey, baseUrl };
 * `smtp` is { host, port } of an SMTP server without TLS (the local sink in demo and tests).
 */
function exampleCredentials({ stripe, smtp }) {
	const credentials = [
		{
			...CREDENTIALS.stripe,
			type: CREDENTIAL_TYPE,
			data: { secretKey: stripe.secretKey, apiVersion: PINNED_API_VERSION, baseUrl: stripe.baseUrl },
		},
	];
	if (smtp) {
		credentials.push({
			...CREDENTIALS.smtp,
			type: 'smtp',
			data: { user: '', password: '', host: smtp.host, port: smtp.port, secure: false, disableStartTls: true },
		});
	}
	return credentials;
}

module.exports = {
	EXAMPLES,
	EXAMPLES_DIR,
	CREDENTIALS,
	DOCKER_FILES_DIR,
	PINNED_API_VERSION,
	loadExample,
	loadAllExamples,
	sampleCsvPath,
	SAMPLE_PRODUCTS,
	seedSampleProducts,
	exampleCredentials,
};
