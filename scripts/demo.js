#!/usr/bin/env node
'use strict';
// npm run demo            run the spreadsheet example in real n8n and print the links it created
// npm run demo -- --ui    the same, then keep n8n up on http://localhost:5678 to click through
//
// From a fresh clone: gets Node 24 and n8n 2.41.1 (cached in ~/.cache, keyed by version),
// builds and packs this package, installs the tarball into a fresh n8n user folder the way
// Settings → Community Nodes does, starts the bundled Stripe emulator on 127.0.0.1 (or uses
// Stripe test mode when STRIPE_SECRET_KEY=sk_test_… is set), imports the credential and the
// three example workflows, and runs the spreadsheet example with `n8n execute`.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const lib = require('./lib/n8n');
const examples = require('./lib/examples');
const { startSmtpSink } = require('./lib/sink');

const USAGE = `usage: npm run demo [-- --ui] [--port 5678]

  --ui         keep n8n running on http://localhost:<port> with everything imported
  --port N     editor port for --ui (default 5678)

environment:
  STRIPE_SECRET_KEY   a Stripe test-mode key (sk_test_… or rk_test_…): use real Stripe test
                      mode instead of the bundled emulator
  DEMO_DIR            where the n8n user folder goes (default .n8n-demo/ in the repository)
  DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD   the --ui login (default demo@example.com / Demo-n8n-2026)`;

function parseArgs(argv) {
	const options = { ui: false, port: 5678 };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--ui') options.ui = true;
		else if (arg === '--port') options.port = Number(argv[++i]);
		else if (arg.startsWith('--port=')) options.port = Number(arg.slice(7));
		else if (arg === '--help' || arg === '-h') {
			console.log(USAGE);
			process.exit(0);
		} else {
			console.error(`unknown argument: ${arg}\n\n${USAGE}`);
			process.exit(2);
		}
	}
	if (!Number.isInteger(options.port) || options.port <= 0) {
		console.error('--port needs a port number');
		process.exit(2);
	}
	return options;
}

/** Emulator by default; real Stripe test mode with STRIPE_SECRET_KEY. */
async function startStripeBackend(log) {
	const realKey = (process.env.STRIPE_SECRET_KEY || '').trim();
	if (realKey) {
		log('using Stripe test mode (STRIPE_SECRET_KEY is set); links are created in your Stripe test account');
		const ids = examples.SAMPLE_PRODUCTS.map((product) => product.id).join(', ');
		log(`the sheet's product_id rows need these products in that account, created with these ids: ${ids}`);
		return { mode: 'stripe', secretKey: realKey, baseUrl: 'https://api.stripe.com', close: async () => {} };
	}
	const { startEmulator } = require(path.join(lib.REPO_ROOT, 'test', 'emulator'));
	// A throwaway key that exists only in this process and the demo's n8n database.
	const secretKey = `sk_test_demo${crypto.randomBytes(12).toString('hex')}`;
	const emulator = await startEmulator({ apiKeys: [secretKey] });
	examples.seedSampleProducts(emulator);
	log(`Stripe emulator listening on ${emulator.url} (set STRIPE_SECRET_KEY=sk_test_… to use Stripe test mode instead)`);
	seedExpiredLink(emulator, log);
	// Without Stripe's OpenAPI spec beside the clone the emulator checks what stripe-node's types allow.
	if (!emulator.specFile) log('Stripe’s OpenAPI spec is not at ../shared (STRIPE_OPENAPI_SPEC): the emulator checks requests against the SDK types only');
	return { mode: 'emulator', secretKey, baseUrl: emulator.url, emulator, close: () => emulator.close() };
}

/**
 * One active link whose metadata.expires_at has passed, so that the "Deactivate expired payment
 * links" example visibly deactivates something when it is run from the editor.
 */
function seedExpiredLink(emulator, log) {
	const expiresAt = new Date(Date.now() - 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
	const price = emulator.seedPrice({ unit_amount: 4900, currency: 'usd', product: { name: 'Webinar seat' } });
	const link = emulator.seedPaymentLink({
		line_items: [{ price: price.id, quantity: 1 }],
		metadata: { expires_at: expiresAt, campaign: 'webinar' },
	});
	log(`seeded ${link.id}, active with metadata.expires_at ${expiresAt}, for the scheduled-deactivation example`);
}

/**
 * The links the sheet example made: each row's price as written in the sheet, the unit_amount
 * Stripe received for it (known when the emulator runs), its expiry and its link.
 */
function printTable(rows, unitAmountOf) {
	const columns = [
		['row', (row) => String(row.row)],
		['price', (row) => `${row.price} ${String(row.currency).toUpperCase()}`],
		...(unitAmountOf ? [['unit_amount', (row) => String(unitAmountOf(row.payment_link_id) ?? '?')]] : []),
		['expires_at', (row) => row.expires_at || '-'],
		['id', (row) => row.payment_link_id],
		['url', (row) => row.payment_link_url],
	];
	const header = columns.map(([title]) => title);
	const body = rows.map((row) => columns.map(([, cell]) => cell(row)));
	const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column].length)));
	const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
	console.log(line(header));
	console.log(line(widths.map((width) => '-'.repeat(width))));
	for (const cells of body) console.log(line(cells));
}

/** The unit_amount of a link's first line item, from the emulator's state. */
function emulatorUnitAmount(emulator) {
	return (linkId) => {
		const [lineItem] = emulator.state.lineItems.get(linkId) ?? [];
		return lineItem && emulator.state.prices.get(lineItem.price)?.unit_amount;
	};
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const started = Date.now();
	const log = lib.createLogger('demo');
	const workDir = path.resolve(process.env.DEMO_DIR || path.join(lib.REPO_ROOT, '.n8n-demo'));
	const cleanups = [];
	const cleanup = async () => {
		while (cleanups.length) await cleanups.pop()().catch(() => {});
	};
	process.on('SIGINT', () => cleanup().then(() => process.exit(130)));
	process.on('SIGTERM', () => cleanup().then(() => process.exit(143)));

	try {
		const realKey = (process.env.STRIPE_SECRET_KEY || '').trim();
		if (realKey && !/^(sk|rk)_test_/.test(realKey)) {
			throw new Error('STRIPE_SECRET_KEY must be a test-mode key (sk_test_… or rk_test_…); the demo never uses live keys');
		}
		if (options.ui && !(await lib.portIsFree(options.port))) {
			throw new Error(`port ${options.port} is in use; stop what runs there or use --port`);
		}
		const n8n = await lib.ensureN8n({ log });
		log(`n8n ${n8n.version} on Node 24 from ${n8n.dir}`);

		const { userFolder, filesDir } = lib.createUserFolder(path.join(workDir, 'n8n'));
		const tarball = await lib.buildAndPack({ log, outDir: path.join(workDir, 'pack') });
		const install = await lib.installPackage({ userFolder, tarball, log });

		const stripe = await startStripeBackend(log);
		cleanups.push(stripe.close);
		const smtp = await startSmtpSink();
		cleanups.push(smtp.close);
		log(`local SMTP sink for the email example on 127.0.0.1:${smtp.port}`);

		fs.copyFileSync(examples.sampleCsvPath(), path.join(filesDir, 'products.csv'));
		await log.progress(`importing the credential and the ${Object.keys(examples.EXAMPLES).length} example workflows`, async () => {
			await lib.importCredentials(n8n, userFolder, examples.exampleCredentials({ stripe, smtp }));
			await lib.importWorkflows(n8n, userFolder, examples.loadAllExamples({ filesDir }));
			await lib.registerInstalledPackage(n8n, userFolder, install.packageDir);
		});

		const result = await log.progress('running the spreadsheet example (n8n execute)', () =>
			lib.executeWorkflow(n8n, userFolder, examples.EXAMPLES.sheet.id),
		);
		if (!result.ok) {
			const message = result.error?.message || `n8n exited with ${result.code} and printed no execution`;
			throw new Error(`the spreadsheet example failed: ${message}\n${(result.stdout + result.stderr).split('\n').slice(-30).join('\n')}`);
		}
		const rows = lib.nodeItems(result.runData, 'Add link columns');
		const created = rows.filter((row) => row.payment_link_id);
		const failed = rows.filter((row) => !row.payment_link_id);
		console.log('');
		if (created.length) {
			console.log(`Payment links created from ${path.relative(process.cwd(), path.join(filesDir, 'products.csv'))}:`);
			printTable(created, stripe.emulator && emulatorUnitAmount(stripe.emulator));
		}
		for (const row of failed) console.log(`row ${row.row}: not created: ${row.error}`);
		if (!created.length) throw new Error('the spreadsheet example created no payment link (see the rows above)');
		console.log('');
		console.log(`CSV with the links added: ${path.relative(process.cwd(), path.join(filesDir, 'products-with-links.csv'))}`);
		if (stripe.emulator) console.log(`Emulator now holds ${stripe.emulator.state.paymentLinks.size} payment link(s).`);
		log(`done in ${lib.seconds(Date.now() - started)}`);

		if (!options.ui) {
			await cleanup();
			return;
		}

		const server = await lib.startN8nServer(n8n, userFolder, { port: options.port, log });
		cleanups.push(server.stop);
		const owner = {
			email: process.env.DEMO_OWNER_EMAIL || 'demo@example.com',
			password: process.env.DEMO_OWNER_PASSWORD || 'Demo-n8n-2026',
		};
		await new lib.N8nRestClient(server.probeUrl).ownerLogin(owner);
		smtp.onMessage = (message) => log(`email received by the SMTP sink: to ${message.to.join(', ')}: "${message.subject}"`);
		let seen = 0;
		setInterval(() => {
			while (seen < smtp.messages.length) smtp.onMessage(smtp.messages[seen++]);
		}, 1000).unref();
		console.log('');
		console.log(`n8n ${n8n.version} is running on ${server.url}`);
		console.log(`  log in as ${owner.email} (password: ${owner.password}, local demo instance only)`);
		console.log('  Workflows: "Sheet → payment links", "Deactivate expired payment links", "Payment link → email",');
		console.log('             "Payment received → mark the row paid" (publish it to register its webhook)');
		if (stripe.emulator) {
			// The emulator's throwaway key goes to a private file rather than to the console.
			const keyFile = path.join(workDir, 'stripe-key.txt');
			fs.writeFileSync(keyFile, stripe.secretKey, { mode: 0o600 });
			console.log('  Pay a link in the emulator (the event goes to published triggers):');
			console.log(`    curl -X POST ${stripe.baseUrl}/_emulator/payment_links/${created[0].payment_link_id}/pay -u "$(cat ${keyFile}):" -d customer_email=ada@example.com`);
		}
		console.log(`  Stripe: ${stripe.mode === 'emulator' ? `emulator on ${stripe.baseUrl}` : 'Stripe test mode'}; email goes to the local SMTP sink`);
		console.log('  Press Ctrl+C to stop.');
		await new Promise(() => {});
	} catch (error) {
		console.error(`[demo] failed: ${error.message}`);
		await cleanup();
		process.exit(1);
	}
}

main();
