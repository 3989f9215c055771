'use strict';
// The three example workflows in real n8n 2.41.1: the package is built, packed and installed
// into a fresh n8n user folder like Settings → Community Nodes does, the workflows are imported
// and run with `n8n execute --id …` against the bundled Stripe emulator, and the tests check
// n8n's output, the emulator's state, the files n8n wrote and what the SMTP sink received.
// Uses the same functions as `npm run demo` (scripts/lib).

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const lib = require('../../scripts/lib/n8n');
const examples = require('../../scripts/lib/examples');
const { startSmtpSink } = require('../../scripts/lib/sink');
const { startEmulator } = require('../emulator');
const { callEmulator, parseCsv } = require('./helpers');
const { EXPECTED_EXPIRES_AT, EXPECTED_UNIT_AMOUNTS } = require('../harness/sampleSheet');

const log = lib.createLogger('e2e');
const keep = process.env.E2E_KEEP === '1';

/**
 * Not an example: one Create whose line item names a legacy Plan by an id of the user's
 * choosing (gold-monthly), typed in the price picker's By ID mode. n8n checks a resource
 * locator's By ID pattern before it runs a workflow, so this also shows the mode takes it.
 */
const PLAN_WORKFLOW_ID = 'plE2ECustomPlan1';
function planWorkflow() {
	return {
		id: PLAN_WORKFLOW_ID,
		name: 'Plan by custom id',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'a1', name: 'Run', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'a2',
				name: 'Create payment link',
				type: lib.NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'paymentLink',
					operation: 'create',
					lineItems: { items: [{ price: { __rl: true, mode: 'id', value: 'gold-monthly' }, quantity: 1 }] },
				},
				credentials: { [lib.CREDENTIAL_TYPE]: { id: examples.CREDENTIALS.stripe.id, name: examples.CREDENTIALS.stripe.name } },
			},
		],
		connections: { Run: { main: [[{ node: 'Create payment link', type: 'main', index: 0 }]] } },
	};
}

describe('example workflows in real n8n', () => {
	const ctx = {};

	beforeAll(async () => {
		const started = Date.now();
		Object.assign(ctx, await lib.freshN8nWithPackage({ workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-links-e2e-')), log }));

		ctx.secretKey = `sk_test_e2e${crypto.randomBytes(10).toString('hex')}`;
		ctx.emulator = await startEmulator({ apiKeys: [ctx.secretKey], openapi: 'required' });
		// The sheet's product_id row names a product with an id of the user's choosing.
		examples.seedSampleProducts(ctx.emulator);
		// A legacy Plan with an id of the user's choosing, for the By ID workflow below.
		ctx.plan = ctx.emulator.seedPrice({ id: 'gold-monthly', unit_amount: 2000, currency: 'usd', recurring: { interval: 'month' }, product: { name: 'Gold plan' } });
		ctx.smtp = await startSmtpSink();

		// The shipped spreadsheet plus rows the node refuses (the Continue On Fail path).
		ctx.goodRows = parseCsv(fs.readFileSync(examples.sampleCsvPath(), 'utf8'));
		const csv = fs.readFileSync(examples.sampleCsvPath(), 'utf8').trimEnd();
		ctx.badRows = [
			['BAD-ROW,Broken row,twelve,usd,1,spring-sale,,', /^Line item 1: Inline Price: Unit Amount "twelve" is not a number\./],
			['AMBIGUOUS-ROW,Ambiguous price,"1,299",jpy,1,spring-sale,,', /^Line item 1: Inline Price: Unit Amount "1,299" is ambiguous: the comma may separate thousands \(1299\) or decimals \(1\.299\)\./],
			['CENTS-ROW,Too precise,19.999,usd,1,spring-sale,,', /^Line item 1: Inline Price: Unit Amount "19\.999" has 3 decimals; USD has at most 2 decimals\./],
			['PAST-ROW,Expired already,5.00,usd,1,spring-sale,,2020-01-31T00:00:00Z', /^Expires At: 2020-01-31T00:00:00Z has already passed/],
		];
		fs.writeFileSync(path.join(ctx.filesDir, 'products.csv'), `${csv}\n${ctx.badRows.map(([row]) => row).join('\n')}\n`);

		const credentials = examples.exampleCredentials({
			stripe: { secretKey: ctx.secretKey, baseUrl: ctx.emulator.url },
			smtp: ctx.smtp,
		});
		credentials.push({
			id: 'plE2EWrongKey001',
			name: 'Stripe (wrong key)',
			type: lib.CREDENTIAL_TYPE,
			data: { secretKey: 'sk_test_not_a_key_the_emulator_knows', apiVersion: examples.PINNED_API_VERSION, baseUrl: ctx.emulator.url },
		});
		await log.progress('importing credentials and workflows', async () => {
			await lib.importCredentials(ctx.n8n, ctx.userFolder, credentials);
			await lib.importWorkflows(ctx.n8n, ctx.userFolder, [...examples.loadAllExamples({ filesDir: ctx.filesDir }), planWorkflow()]);
			ctx.registered = await lib.registerInstalledPackage(ctx.n8n, ctx.userFolder, ctx.install.packageDir);
		});
		log(`set-up done in ${lib.seconds(Date.now() - started)}`);
	});

	afterAll(async () => {
		if (ctx.server) await ctx.server.stop();
		if (ctx.emulator) await ctx.emulator.close();
		if (ctx.smtp) await ctx.smtp.close();
		if (ctx.workDir && !keep) fs.rmSync(ctx.workDir, { recursive: true, force: true });
		else if (ctx.workDir) log(`kept ${ctx.workDir}`);
	});

	/** POSTs straight to the emulator (test fixtures, not through n8n). */
	const stripe = (method, route, body) => callEmulator(ctx.emulator, ctx.secretKey, method, route, body);

	/**
	 * The node ran under the package's type name: the workflow refers to it only as
	 * n8n-nodes-stripe-payment-links.stripePaymentLinks (a custom-folder node would be
	 * CUSTOM.stripePaymentLinks and n8n would fail with "Unrecognized node type").
	 */
	function expectNodeOfThisPackage(result, example, nodeName) {
		const node = examples.loadExample(example).nodes.find((candidate) => candidate.name === nodeName);
		expect(node.type).toBe(lib.NODE_TYPE);
		// The examples use the current node version (Price Source, Simplify on by default).
		expect(node.typeVersion).toBe(2);
		expect(result.execution.status).toBe('success');
		const runs = result.runData[nodeName];
		expect(runs).toHaveLength(1);
		expect(runs[0].executionStatus).toBe('success');
	}

	test('the package is installed like a community package, not as a custom-folder node', () => {
		const nodesDir = path.join(ctx.userFolder, '.n8n', 'nodes');
		const ledger = JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8'));
		expect(ledger.dependencies).toEqual({ [lib.PACKAGE_NAME]: ctx.install.version });
		const manifest = JSON.parse(fs.readFileSync(path.join(ctx.install.packageDir, 'package.json'), 'utf8'));
		expect(manifest.name).toBe(lib.PACKAGE_NAME);
		expect(manifest.peerDependencies).toBeUndefined();
		expect(manifest.devDependencies).toBeUndefined();
		expect(fs.existsSync(path.join(ctx.install.packageDir, manifest.n8n.nodes[0]))).toBe(true);
		// Nothing in the custom extensions folder, and the environment does not point at one.
		expect(fs.existsSync(path.join(ctx.userFolder, '.n8n', 'custom'))).toBe(false);
		expect(lib.n8nEnv(ctx.n8n, ctx.userFolder).N8N_CUSTOM_EXTENSIONS).toBeUndefined();
	});

	test('Sheet → links: each CSV row becomes a payment link at its exact price, and the CSV is written back with URLs', async () => {
		const result = await log.progress('n8n execute: sheet example', () =>
			lib.executeWorkflow(ctx.n8n, ctx.userFolder, examples.EXAMPLES.sheet.id),
		);
		if (!result.ok) throw new Error(`execution failed: ${result.error?.message}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`);
		expectNodeOfThisPackage(result, 'sheet', 'Create payment link');

		// n8n's output: one item per row; the refused rows carry the error instead of a link.
		const out = lib.nodeItems(result.runData, 'Add link columns');
		expect(out).toHaveLength(ctx.goodRows.length + ctx.badRows.length);
		const good = out.slice(0, ctx.goodRows.length);
		const bad = out.slice(ctx.goodRows.length);
		for (const [index, row] of good.entries()) {
			expect(row.row).toBe(index + 1);
			expect(row.sku).toBe(ctx.goodRows[index].sku);
			expect(row.payment_link_id).toMatch(/^plink_/);
			expect(row.payment_link_url).toMatch(/^https:\/\/buy\.stripe\.com\//);
			expect(row.error).toBe('');
		}
		for (const [index, [, message]] of ctx.badRows.entries()) {
			expect(bad[index].payment_link_id).toBe('');
			expect(bad[index].error).toMatch(message);
		}

		// The emulator: exactly one link per good row, with inline price_data, quantity and metadata,
		// and each price's unit_amount exactly the one in the table (12 rows in USD, EUR, JPY and KWD).
		const links = [...ctx.emulator.state.paymentLinks.values()];
		expect(links).toHaveLength(ctx.goodRows.length);
		expect(ctx.goodRows).toHaveLength(12);
		const amounts = {};
		for (const [index, row] of ctx.goodRows.entries()) {
			const link = ctx.emulator.state.paymentLinks.get(good[index].payment_link_id);
			expect(link).toBeDefined();
			expect(link.url).toBe(good[index].payment_link_url);
			expect(link.metadata).toMatchObject({ sku: row.sku, campaign: row.campaign, row: String(index + 1) });
			expect(link.metadata.expires_at).toBe(EXPECTED_EXPIRES_AT[row.sku]);
			const lineItems = ctx.emulator.state.lineItems.get(link.id);
			expect(lineItems).toHaveLength(1);
			expect(lineItems[0].quantity).toBe(Number(row.quantity));
			expect(lineItems[0].description).toBe(row.name);
			const price = ctx.emulator.state.prices.get(lineItems[0].price);
			amounts[row.sku] = [row.price, price.currency, price.unit_amount];
		}
		expect(amounts).toEqual(EXPECTED_UNIT_AMOUNTS);
		// The row naming a product by an id of the user's choosing got its link on that product.
		const customIndex = ctx.goodRows.findIndex((row) => row.product_id);
		expect(ctx.goodRows[customIndex].product_id).toBe('sku-tshirt-red');
		const customItems = ctx.emulator.state.lineItems.get(good[customIndex].payment_link_id);
		expect(ctx.emulator.state.prices.get(customItems[0].price).product).toBe('sku-tshirt-red');
		const customRequest = ctx.emulator.requests.find((request) => request.body?.line_items?.[0]?.price_data?.product === 'sku-tshirt-red');
		expect(customRequest.body.line_items[0].price_data).toEqual({ currency: 'usd', product: 'sku-tshirt-red', unit_amount: '2500' });
		// The refused rows were stopped in the node: nothing of theirs reached Stripe.
		expect(ctx.emulator.requests.filter((request) => request.status === 400)).toEqual([]);
		expect(ctx.emulator.requests.filter((request) => request.method === 'POST')).toHaveLength(ctx.goodRows.length);
		expect(ctx.emulator.stats.created).toBe(ctx.goodRows.length);

		// The file n8n wrote: the input columns plus the link, the URLs matching the emulator.
		const written = parseCsv(fs.readFileSync(path.join(ctx.filesDir, 'products-with-links.csv'), 'utf8'));
		expect(written).toHaveLength(ctx.goodRows.length + ctx.badRows.length);
		for (const [index, row] of ctx.goodRows.entries()) {
			expect(written[index]).toMatchObject({ sku: row.sku, name: row.name, price: row.price, expires_at: row.expires_at, payment_link_id: good[index].payment_link_id });
			expect(written[index].payment_link_url).toBe(ctx.emulator.state.paymentLinks.get(written[index].payment_link_id).url);
		}
		for (const [index] of ctx.badRows.entries()) {
			expect(written[ctx.goodRows.length + index]).toMatchObject({ payment_link_id: '', payment_link_url: '', error: bad[index].error });
		}
	});

	test('a legacy Plan with a custom id (gold-monthly), typed By ID, becomes a link', async () => {
		const result = await log.progress('n8n execute: plan by custom id', () => lib.executeWorkflow(ctx.n8n, ctx.userFolder, PLAN_WORKFLOW_ID));
		if (!result.ok) throw new Error(`execution failed: ${result.error?.message}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-2000)}`);
		const [link] = lib.nodeItems(result.runData, 'Create payment link');
		expect(link.id).toMatch(/^plink_/);
		expect(ctx.emulator.state.lineItems.get(link.id).map((item) => item.price)).toEqual([ctx.plan.id]);
		const request = ctx.emulator.requests.find((r) => r.method === 'POST' && r.body?.line_items?.[0]?.price === 'gold-monthly');
		expect(request).toMatchObject({ status: 200, body: { line_items: [{ price: 'gold-monthly', quantity: '1' }] } });
	});

	test('Scheduled deactivation: Deactivate Expired deactivates only the active links whose expires_at has passed, in one listing', async () => {
		const price = ctx.emulator.seedPrice({ unit_amount: 900, currency: 'usd', product: { name: 'Webinar seat' } });
		const create = (metadata) => stripe('POST', '/v1/payment_links', { line_items: [{ price: price.id, quantity: 1 }], metadata });
		const expired = [
			await create({ expires_at: '2020-01-31' }),
			await create({ expires_at: new Date(Date.now() - 60_000).toISOString() }),
		];
		const future = await create({ expires_at: '2099-12-31T23:59:59Z' });
		const unreadable = await create({ expires_at: 'next friday' });
		const alreadyInactive = await create({ expires_at: '2020-01-01' });
		await stripe('POST', `/v1/payment_links/${alreadyInactive.id}`, { active: 'false' });
		// Enough links without expires_at (plus the sheet's) that the listing must page through.
		for (let i = 0; i < 105; i++) await create({ campaign: `evergreen-${i}` });
		const before = new Map([...ctx.emulator.state.paymentLinks].map(([id, link]) => [id, { active: link.active }]));
		const activeBefore = [...before.values()].filter((link) => link.active).length;
		const requestsBefore = ctx.emulator.requests.length;

		const result = await log.progress('n8n execute: scheduled deactivation example', () =>
			lib.executeWorkflow(ctx.n8n, ctx.userFolder, examples.EXAMPLES.deactivation.id),
		);
		if (!result.ok) throw new Error(`execution failed: ${result.error?.message}\n${result.stdout.slice(-3000)}`);
		expectNodeOfThisPackage(result, 'deactivation', 'Deactivate expired payment links');

		// One item per link deactivated, and the link whose expires_at is not a date, reported.
		const output = lib.nodeItems(result.runData, 'Deactivate expired payment links');
		const outcome = (name) => output.filter((item) => item.outcome === name).map((item) => item.id).sort();
		expect(outcome('deactivated')).toEqual(expired.map((link) => link.id).sort());
		expect(outcome('expires_at_unreadable')).toEqual([unreadable.id]);
		expect(output).toHaveLength(3);

		// One listing of the active links (all pages), then one POST per expired link.
		const requests = ctx.emulator.requests.slice(requestsBefore);
		const listCalls = requests.filter((request) => request.method === 'GET');
		expect(listCalls.length).toBe(Math.ceil(activeBefore / 100));
		expect(listCalls.every((request) => request.path === '/v1/payment_links' && request.query.active === 'true')).toBe(true);
		const posts = requests.filter((request) => request.method === 'POST');
		expect(posts.map((request) => request.path).sort()).toEqual(expired.map((link) => `/v1/payment_links/${link.id}`).sort());
		expect(posts.every((request) => request.idempotencyKey)).toBe(true);

		for (const link of expired) {
			const state = ctx.emulator.state.paymentLinks.get(link.id);
			expect(state.active).toBe(false);
			expect(state.inactive_message).toBe('This offer has ended. Thank you for your interest!');
		}
		expect(ctx.emulator.state.paymentLinks.get(future.id).active).toBe(true);
		expect(ctx.emulator.state.paymentLinks.get(unreadable.id).active).toBe(true);
		expect(ctx.emulator.state.paymentLinks.get(alreadyInactive.id).inactive_message ?? null).toBeNull();
		// Every other link is as it was.
		for (const [id, link] of ctx.emulator.state.paymentLinks) {
			if (expired.some((e) => e.id === id)) continue;
			expect(link.active).toBe(before.get(id).active);
		}
	});

	test('Link → message: the new link’s URL is emailed through the Send Email (SMTP) node', async () => {
		const linksBefore = new Set(ctx.emulator.state.paymentLinks.keys());
		const result = await log.progress('n8n execute: link → email example', () =>
			lib.executeWorkflow(ctx.n8n, ctx.userFolder, examples.EXAMPLES.message.id),
		);
		if (!result.ok) throw new Error(`execution failed: ${result.error?.message}\n${result.stdout.slice(-3000)}`);
		expectNodeOfThisPackage(result, 'message', 'Create payment link');

		const newLinks = [...ctx.emulator.state.paymentLinks.values()].filter((link) => !linksBefore.has(link.id));
		expect(newLinks).toHaveLength(1);
		const [link] = newLinks;
		const order = lib.nodeItems(result.runData, 'New order')[0];
		expect(link.metadata).toMatchObject({ order_id: order.order_id });

		await ctx.smtp.waitFor(1);
		expect(ctx.smtp.messages).toHaveLength(1);
		const [message] = ctx.smtp.messages;
		expect(message.to).toEqual([order.customer_email]);
		expect(message.subject).toContain(order.order_id);
		expect(message.text).toContain(link.url);
		// Simplify (on in version 2) with Expand → Line Items gives the product names.
		expect(message.text).toContain(`(${order.product}).`);
	});

	test('in the editor: a community package with its node loaded; the credential test passes, a wrong key fails', async () => {
		const port = await lib.freePort();
		ctx.server = await lib.startN8nServer(ctx.n8n, ctx.userFolder, { port, log });
		const client = new lib.N8nRestClient(ctx.server.probeUrl);
		await client.ownerLogin({ email: 'e2e@example.com', password: 'E2e-test-password-1' });

		// The editor knows the node under the package's type name.
		const types = await client.request('GET', '/types/nodes.json');
		const names = types.map((type) => type.name);
		expect(names).toContain(lib.NODE_TYPE);
		// n8n's loader gives the declarative node its Settings → Request Options (batching, proxy,
		// timeout), empty by default: batching is the user's choice (README "Running at scale").
		const requestOptions = types.find((type) => type.name === lib.NODE_TYPE).properties.find((property) => property.name === 'requestOptions');
		expect(requestOptions).toMatchObject({ type: 'collection', isNodeSetting: true, default: {} });
		expect(requestOptions.options.map((option) => option.name)).toEqual(expect.arrayContaining(['batching', 'proxy', 'timeout']));
		expect(names.filter((name) => /stripePaymentLinks$/.test(name))).toEqual([lib.NODE_TYPE]);
		expect(names).toContain(`${lib.PACKAGE_NAME}.stripePaymentLinksTrigger`);
		// Settings → Community Nodes lists the package, and n8n found its node loaded.
		const packages = await client.request('GET', '/rest/community-packages');
		const installed = packages.find((candidate) => candidate.packageName === lib.PACKAGE_NAME);
		expect(installed).toMatchObject({ installedVersion: ctx.install.version, failedLoading: false });
		expect(installed.installedNodes.map((node) => node.type).sort()).toEqual([lib.NODE_TYPE, `${lib.PACKAGE_NAME}.stripePaymentLinksTrigger`].sort());

		const requestsBefore = ctx.emulator.requests.length;
		const ok = await client.testStoredCredential(examples.CREDENTIALS.stripe.id);
		expect(ok).toMatchObject({ status: 'OK' });
		const wrong = await client.testStoredCredential('plE2EWrongKey001');
		expect(wrong.status).toBe('Error');
		expect(typeof wrong.message).toBe('string');
		expect(wrong.message).not.toContain('sk_test_not_a_key');
		// The credential's test rule names the causes where n8n alone shows "Unauthorized".
		expect(wrong.message).toMatch(/^Stripe did not accept the Secret Key \(401\)\..*publishable key \(pk_…\)/);
		// Both tests reached the emulator's list endpoint.
		const tests = ctx.emulator.requests.slice(requestsBefore).filter((request) => request.method === 'GET' && request.path.startsWith('/v1/payment_links'));
		expect(tests.length).toBeGreaterThanOrEqual(2);
	});

	test('n8n read the codex shipped beside each node: the editor’s node types carry its categories and documentation links', async () => {
		if (!ctx.server) ctx.server = await lib.startN8nServer(ctx.n8n, ctx.userFolder, { port: await lib.freePort(), log });
		const client = new lib.N8nRestClient(ctx.server.probeUrl);
		await client.ownerLogin({ email: 'e2e@example.com', password: 'E2e-test-password-1' });
		const types = await client.request('GET', '/types/nodes.json');

		const manifest = JSON.parse(fs.readFileSync(path.join(ctx.install.packageDir, 'package.json'), 'utf8'));
		for (const nodeFile of manifest.n8n.nodes) {
			// The codex n8n loads is `${nodeFile}on` in the installed package; it is the source file.
			const shipped = path.join(ctx.install.packageDir, `${nodeFile}on`);
			const source = path.join(lib.REPO_ROOT, path.relative('dist', `${nodeFile}on`));
			expect(fs.readFileSync(shipped, 'utf8')).toBe(fs.readFileSync(source, 'utf8'));
			const codex = JSON.parse(fs.readFileSync(source, 'utf8'));
			const versions = types.filter((type) => type.name === codex.node);
			expect(versions.length).toBeGreaterThan(0);
			for (const type of versions) {
				// Exactly the file's content: a custom-folder node would get 'Custom Nodes' added, a
				// node without its codex no codex at all.
				expect(type.codex).toEqual({
					categories: codex.categories,
					...(codex.subcategories && { subcategories: codex.subcategories }),
					...(codex.alias && { alias: codex.alias }),
					resources: {
						primaryDocumentation: codex.resources.primaryDocumentation,
						credentialDocumentation: codex.resources.credentialDocumentation,
					},
				});
			}
		}
	});
});
