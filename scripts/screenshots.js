#!/usr/bin/env node
'use strict';
// npm run screenshots [-- --url http://localhost:5678]
//
// Opens the n8n editor in headless Chromium (Debian's /usr/bin/chromium + playwright-core)
// and saves to docs/:
//   screenshot-create.png         the node's parameter panel for Create, as the sheet example sets it
//   screenshot-line-items.png     line items of both Price Sources, one with Adjustable Quantity on
//   screenshot-custom-fields.png  a dropdown and a text custom field, each with its own settings
//   screenshot-update.png         the Update operation: line items to update and Clear Settings
//   screenshot-get-many.png       the parameter panel for Get Many
//   screenshot-deactivate-expired.png  Deactivate Expired, as the scheduled-deactivation example sets it
//   screenshot-credential.png     the credential dialog
//   screenshot-workflow.png       the spreadsheet example on the canvas
// The line item, custom field, Update and Get Many shots use scratch workflows (version 2 of the node),
// created through the REST API and removed afterwards.
//   screenshot-trigger.png        the Stripe Payment Links Trigger of the "payment received" example
// Uses a running `npm run demo -- --ui` when one answers on --url; otherwise starts one itself
// (on a free port) and stops it afterwards.

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const lib = require('./lib/n8n');
const examples = require('./lib/examples');

const log = lib.createLogger('screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const OUT_DIR = path.join(lib.REPO_ROOT, 'docs');
const OWNER = {
	email: process.env.DEMO_OWNER_EMAIL || 'demo@example.com',
	password: process.env.DEMO_OWNER_PASSWORD || 'Demo-n8n-2026',
};

function parseArgs(argv) {
	const options = { url: null };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--url') options.url = argv[++i];
		else if (argv[i].startsWith('--url=')) options.url = argv[i].slice(6);
		else throw new Error(`unknown argument ${argv[i]} (usage: npm run screenshots [-- --url http://localhost:5678])`);
	}
	return options;
}

async function isUp(url) {
	try {
		return (await fetch(`${url}/healthz/readiness`)).ok;
	} catch {
		return false;
	}
}

/** Starts `node scripts/demo.js --ui --port <port>` and resolves once the editor is ready. */
async function startDemo() {
	const port = await lib.freePort();
	const child = spawn(process.execPath, [path.join(__dirname, 'demo.js'), '--ui', '--port', String(port)], {
		cwd: lib.REPO_ROOT,
		env: { ...process.env, DEMO_DIR: path.join(lib.REPO_ROOT, '.n8n-demo', 'screenshots') },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const ready = new Promise((resolve, reject) => {
		const onData = (chunk) => {
			output += chunk;
			process.stderr.write(String(chunk).replace(/^(?!\[)/gm, ''));
			if (/is running on http:\/\/localhost:\d+/.test(output)) resolve();
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('exit', (code) => reject(new Error(`demo --ui exited with ${code}`)));
	});
	await ready;
	return {
		url: `http://localhost:${port}`,
		stop: () =>
			new Promise((resolve) => {
				child.once('exit', resolve);
				child.kill('SIGTERM');
			}),
	};
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
	}
	let demo = null;
	let url = options.url || 'http://localhost:5678';
	if (!(await isUp(url))) {
		if (options.url) throw new Error(`nothing answers on ${url}`);
		log('no editor on http://localhost:5678; starting `npm run demo -- --ui` for the screenshots');
		demo = await startDemo();
		url = demo.url;
	}
	const { chromium } = require('playwright-core');
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		fs.mkdirSync(OUT_DIR, { recursive: true });
		// 2x so the text stays sharp; the parameter shots use a tall window so whole panels fit.
		const context = await browser.newContext({ viewport: { width: 1600, height: 760 }, deviceScaleFactor: 2 });
		const page = await context.newPage();
		const login = await page.request.post(`${url}/rest/login`, { data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password } });
		if (!login.ok()) throw new Error(`login as ${OWNER.email} failed (${login.status()}); was the editor started by npm run demo -- --ui?`);

		await openWorkflow(page, url, examples.EXAMPLES.sheet.id);
		await page.locator('[data-test-id="zoom-to-fit"]').click().catch(() => {});
		await page.waitForTimeout(800);
		await page.locator('[data-test-id="canvas-wrapper"]').screenshot({ path: path.join(OUT_DIR, 'screenshot-workflow.png') });
		log('saved docs/screenshot-workflow.png');

		await page.setViewportSize({ width: 1600, height: 1900 });
		await openNode(page, 'Create payment link');
		await shootParameters(page, 'screenshot-create.png');
		await closeNode(page);

		for (const shot of SCRATCH_SHOTS) {
			const id = await createScratchWorkflow(page, url, shot);
			try {
				await openWorkflow(page, url, id);
				await page.setViewportSize({ width: 1600, height: shot.height });
				await openNode(page, shot.node.name);
				await shootParameters(page, shot.file, shot.startAt);
				await closeNode(page);
			} finally {
				await deleteScratchWorkflow(page, url, id);
			}
		}

		await openWorkflow(page, url, examples.EXAMPLES.paid.id);
		await page.setViewportSize({ width: 1600, height: 1300 });
		await openNode(page, 'Payment received');
		await shootParameters(page, 'screenshot-trigger.png');
		await closeNode(page);

		await openWorkflow(page, url, examples.EXAMPLES.deactivation.id);
		await page.setViewportSize({ width: 1600, height: 1000 });
		await openNode(page, 'Deactivate expired payment links');
		await shootParameters(page, 'screenshot-deactivate-expired.png');

		// The credential dialog, opened with the pencil next to the credential, as a person would.
		await page.locator('[data-test-id="credential-edit-button"]').first().click();
		const modal = page.locator('[data-test-id="editCredential-modal"]');
		await modal.waitFor({ state: 'visible', timeout: 30000 });
		// Let the automatic connection test finish so the dialog shows its result.
		await page.getByText(/Connection tested successfully|Couldn.t connect/i).first().waitFor({ timeout: 20000 }).catch(() => {});
		await page.waitForTimeout(800);
		const dialog = modal.locator('.el-dialog').first();
		await ((await dialog.count()) ? dialog : modal).screenshot({ path: path.join(OUT_DIR, 'screenshot-credential.png') });
		log('saved docs/screenshot-credential.png');
	} finally {
		await browser.close();
		if (demo) await demo.stop();
	}
}

const NODE_TYPE = 'n8n-nodes-stripe-payment-links.stripePaymentLinks';
const byList = (value, cachedResultName) => ({ __rl: true, mode: 'list', value, cachedResultName });

/** One node of this package (version 2) in a workflow of its own, for one screenshot each. */
const SCRATCH_SHOTS = [
	{
		file: 'screenshot-line-items.png',
		height: 1500,
		startAt: 'Line Items',
		node: {
			name: 'Create payment link',
			parameters: {
				operation: 'create',
				lineItemsV2: {
					items: [
						{ priceSource: 'price', price: byList('price_1ExampleTshirt', 'T-shirt · 25.00 USD'), quantity: 2 },
						{
							priceSource: 'priceData',
							priceData: { amountFormat: 'decimal', currency: 'usd', productName: '={{ $json.name }}', unitAmount: '={{ $json.price }}' },
							quantity: 1,
							adjustableQuantity: true,
							minimum: 1,
							maximum: 10,
						},
					],
				},
			},
		},
	},
	{
		file: 'screenshot-custom-fields.png',
		height: 2200,
		startAt: 'Additional Fields',
		node: {
			name: 'Create payment link',
			parameters: {
				operation: 'create',
				lineItemsV2: { items: [{ priceSource: 'price', price: byList('price_1ExampleTshirt', 'T-shirt · 25.00 USD'), quantity: 1 }] },
				additionalFields: {
					customFields: {
						fields: [
							{
								type: 'dropdown',
								key: 'size',
								label: 'Size',
								dropdownOptions: { options: [{ label: 'Small', value: 's' }, { label: 'Large', value: 'l' }] },
								defaultValue: 's',
							},
							{ type: 'text', key: 'engraving', label: 'Engraving', optional: true, maximumLength: 20 },
						],
					},
				},
			},
		},
	},
	{
		file: 'screenshot-get-many.png',
		height: 1000,
		node: {
			name: 'Get active payment links',
			parameters: { operation: 'getAll', returnAll: true, filters: { active: true } },
		},
	},
	{
		file: 'screenshot-update.png',
		height: 1300,
		node: {
			name: 'Update payment link',
			parameters: {
				operation: 'update',
				paymentLinkId: { __rl: true, mode: 'id', value: '={{ $json.payment_link_id }}' },
				updateFields: {
					inactiveMessage: 'This offer has ended.',
					lineItems: { items: [{ id: '={{ $json.line_item_id }}', quantity: 3 }] },
					clearSettings: ['restrictions', 'shipping_options'],
				},
			},
		},
	},
];

async function createScratchWorkflow(page, url, shot) {
	const trigger = { id: 'scratch-trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const node = {
		id: 'scratch-node',
		type: NODE_TYPE,
		typeVersion: 2,
		position: [300, 0],
		credentials: { [lib.CREDENTIAL_TYPE]: { id: examples.CREDENTIALS.stripe.id, name: examples.CREDENTIALS.stripe.name } },
		...shot.node,
	};
	const response = await page.request.post(`${url}/rest/workflows`, {
		data: {
			name: `Screenshot: ${shot.file}`,
			nodes: [trigger, node],
			connections: { [trigger.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
			settings: {},
			active: false,
		},
	});
	if (!response.ok()) throw new Error(`creating the scratch workflow for ${shot.file} failed (${response.status()})`);
	return (await response.json()).data.id;
}

/** n8n 2.x deletes only archived workflows; a failure leaves a scratch workflow, nothing worse. */
async function deleteScratchWorkflow(page, url, id) {
	await page.request.post(`${url}/rest/workflows/${id}/archive`).catch(() => {});
	await page.request.delete(`${url}/rest/workflows/${id}`).catch(() => {});
}

async function openWorkflow(page, url, id) {
	await page.goto(`${url}/workflow/${id}`, { waitUntil: 'networkidle' });
	await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60000 });
	await dismissPopups(page);
	await page.waitForTimeout(1000);
}

async function dismissPopups(page) {
	for (const selector of ['[data-test-id="close-chat-button"]', '.el-notification__closeBtn', '[data-test-id="nps-survey-modal"] button[aria-label="Close"]']) {
		for (const handle of await page.locator(selector).all()) {
			if (await handle.isVisible().catch(() => false)) await handle.click().catch(() => {});
		}
	}
}

async function openNode(page, name) {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
	await page.locator('[data-test-id="node-parameters"]').waitFor({ state: 'visible', timeout: 30000 });
	// Widen the parameter column (n8n keeps it at about a quarter of the window) so the
	// fields are shown at a width a README can display without a very tall image.
	await page.evaluate((width) => {
		let column = document.querySelector('[data-test-id="node-parameters"]');
		while (column && !/width:\s*[\d.]+%/.test(column.getAttribute('style') || '')) column = column.parentElement;
		if (column) column.style.width = `${width}px`;
	}, 680);
	await page.waitForTimeout(1500);
}

/** The parameter panel, from its top (or from the section labelled `startAt`) to its last field. */
async function shootParameters(page, file, startAt) {
	// Away from the fields, so that no field shows its hover controls.
	await page.mouse.move(1, 1);
	await page.waitForTimeout(300);
	// The middle panel: node title row, Parameters/Settings tabs and the parameter list.
	const clip = await page.evaluate((startAt) => {
		const params = document.querySelector('[data-test-id="node-parameters"]');
		const tabs = document.querySelector('[data-test-id="tab-params"]');
		let panel = params;
		while (panel && tabs && !panel.contains(tabs)) panel = panel.parentElement;
		const box = (panel || params).getBoundingClientRect();
		const title = document.querySelector('[data-test-id="node-title-container"]');
		const section = startAt && [...params.querySelectorAll('*')].find((e) => e.children.length === 0 && e.textContent.trim() === startAt);
		const top = section ? section.getBoundingClientRect().top - 12 : title ? Math.min(box.top, title.getBoundingClientRect().top) : box.top;
		// Down to the last parameter actually shown, not the empty rest of the panel.
		const items = [...params.querySelectorAll('[data-test-id="parameter-item"], [data-test-id="collection-parameter-add"], [data-test-id="fixed-collection-add"]')];
		const bottom = Math.max(...items.map((item) => item.getBoundingClientRect().bottom), box.top + 200) + 24;
		return { x: box.left, y: top, width: box.width, height: Math.min(bottom, box.bottom) - top };
	}, startAt);
	await page.screenshot({ path: path.join(OUT_DIR, file), clip });
	log(`saved docs/${file}`);
}

async function closeNode(page) {
	await page.locator('[data-test-id="ndv-close-button"]').click().catch(() => page.keyboard.press('Escape'));
	await page.waitForTimeout(500);
}

main().catch((error) => {
	console.error(`[screenshots] failed: ${error.message}`);
	process.exit(1);
});
