'use strict';
// "Payment received → mark the row paid" in real n8n 2.41.1 (`n8n start`, driven over its REST
// API): publishing the workflow registers the trigger's webhook endpoint in the bundled Stripe
// emulator, the emulator delivers signed checkout events to n8n's webhook URL (WEBHOOK_URL on
// loopback) when a link is paid, and the tests check n8n's executions, the CSV the workflow
// wrote back, the emulator's state, and that forged, stale and unwanted calls start nothing.

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const lib = require('../../scripts/lib/n8n');
const examples = require('../../scripts/lib/examples');
const { startEmulator } = require('../emulator');
const { callEmulator, parseCsv } = require('./helpers');

const log = lib.createLogger('e2e-trigger');
const keep = process.env.E2E_KEEP === '1';
const PAID_ID = examples.EXAMPLES.paid.id;

/** The CSV the workflows wrote, as objects. */
function readCsv(file) {
	return parseCsv(fs.readFileSync(file, 'utf8'));
}

describe('Payment received → mark the row paid, in real n8n', () => {
	const ctx = {};

	beforeAll(async () => {
		const started = Date.now();
		Object.assign(ctx, await lib.freshN8nWithPackage({ workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-links-e2e-trigger-')), log }));

		ctx.secretKey = `sk_test_e2e${crypto.randomBytes(10).toString('hex')}`;
		ctx.emulator = await startEmulator({ apiKeys: [ctx.secretKey], openapi: 'required' });
		examples.seedSampleProducts(ctx.emulator);
		fs.copyFileSync(examples.sampleCsvPath(), path.join(ctx.filesDir, 'products.csv'));
		ctx.sheetFile = path.join(ctx.filesDir, 'products-with-links.csv');

		const credentials = examples.exampleCredentials({ stripe: { secretKey: ctx.secretKey, baseUrl: ctx.emulator.url } });
		ctx.paidExample = examples.loadExample('paid', { filesDir: ctx.filesDir });
		await log.progress('importing the credential and the sheet and payment examples', async () => {
			await lib.importCredentials(ctx.n8n, ctx.userFolder, credentials);
			await lib.importWorkflows(ctx.n8n, ctx.userFolder, [examples.loadExample('sheet', { filesDir: ctx.filesDir }), ctx.paidExample]);
			await lib.registerInstalledPackage(ctx.n8n, ctx.userFolder, ctx.install.packageDir);
		});

		// The sheet example makes one link per row, with the row key in its metadata.
		const sheet = await log.progress('n8n execute: sheet example', () => lib.executeWorkflow(ctx.n8n, ctx.userFolder, examples.EXAMPLES.sheet.id));
		if (!sheet.ok) throw new Error(`sheet example failed: ${sheet.error?.message}\n${sheet.stdout.slice(-2000)}`);
		ctx.rows = readCsv(ctx.sheetFile);

		ctx.port = await lib.freePort();
		ctx.server = await lib.startN8nServer(ctx.n8n, ctx.userFolder, {
			port: ctx.port,
			log,
			// The URL n8n gives webhook triggers to register: loopback, where the emulator delivers.
			env: { WEBHOOK_URL: `http://127.0.0.1:${ctx.port}/` },
		});
		ctx.client = new lib.N8nRestClient(ctx.server.probeUrl);
		await ctx.client.ownerLogin({ email: 'e2e@example.com', password: 'E2e-test-password-1' });
		log(`set-up done in ${lib.seconds(Date.now() - started)}`);
	});

	afterAll(async () => {
		if (ctx.server) await ctx.server.stop();
		if (ctx.emulator) await ctx.emulator.close();
		if (ctx.workDir && !keep) fs.rmSync(ctx.workDir, { recursive: true, force: true });
		else if (ctx.workDir) log(`kept ${ctx.workDir}`);
	});

	const stripe = (method, route, body) => callEmulator(ctx.emulator, ctx.secretKey, method, route, body);

	const endpoints = () => [...ctx.emulator.state.webhookEndpoints.values()];
	const rowLink = (row) => ctx.rows.find((candidate) => candidate.row === String(row)).payment_link_id;

	/** A customer pays through the link (the emulator's checkout), and n8n answers the delivery. */
	async function pay(linkId, customer) {
		const before = ctx.emulator.deliveries.length;
		const session = ctx.emulator.payPaymentLink(linkId, customer);
		await ctx.emulator.waitForDeliveries();
		return { session, deliveries: ctx.emulator.deliveries.slice(before) };
	}

	test('the sheet example made one link per row, each with its row key in the metadata', () => {
		const sampleRows = fs.readFileSync(examples.sampleCsvPath(), 'utf8').trim().split('\n').length - 1;
		expect(ctx.rows).toHaveLength(sampleRows);
		for (const row of ctx.rows) {
			expect(row.error).toBe('');
			expect(ctx.emulator.state.paymentLinks.get(row.payment_link_id).metadata).toMatchObject({ row: row.row, sku: row.sku });
		}
	});

	test('publishing the workflow registers its webhook endpoint in Stripe through the trigger', async () => {
		const workflow = await ctx.client.activateWorkflow(PAID_ID);
		expect(workflow.active).toBe(true);
		const trigger = ctx.paidExample.nodes.find((node) => node.type === `${lib.PACKAGE_NAME}.stripePaymentLinksTrigger`);
		expect(endpoints()).toHaveLength(1);
		const [endpoint] = endpoints();
		expect(endpoint).toMatchObject({
			url: `http://127.0.0.1:${ctx.port}/webhook/${trigger.webhookId}/webhook`,
			enabled_events: ['checkout.session.completed'],
			status: 'enabled',
			api_version: examples.PINNED_API_VERSION,
		});
		expect(endpoint.description).toContain(`n8n workflow "${ctx.paidExample.name}" (ID ${PAID_ID})`);
	});

	test('a paid single-use link: the workflow runs, marks its row paid and deactivates the link', async () => {
		const linkId = rowLink(2);
		await stripe('POST', `/v1/payment_links/${linkId}`, { restrictions: { completed_sessions: { limit: 1 } } });

		const { session, deliveries } = await pay(linkId, { customer_email: 'ada@example.com', customer_name: 'Ada Lovelace' });
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0]).toMatchObject({ status: 200, type: 'checkout.session.completed' });
		// Answered at once, with no body (responseData 'noData'); ignored calls get n8n's message.
		expect(deliveries[0].response).toBe('');

		const [execution] = await ctx.client.waitForExecutions(PAID_ID, 1);
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
		const runData = lib.executionRunData(ctx.n8n, await ctx.client.getExecution(execution.id)).resultData.runData;
		const [received] = lib.nodeItems(runData, 'Payment received');
		const event = JSON.parse(deliveries[0].payload);
		expect(received).toMatchObject({
			id: session.id,
			payment_status: 'paid',
			customer_email: 'ada@example.com',
			payment_link: linkId,
			metadata: { row: '2', sku: ctx.rows[1].sku },
			event_id: event.id,
			event_type: 'checkout.session.completed',
		});

		const rows = readCsv(ctx.sheetFile);
		expect(rows).toHaveLength(ctx.rows.length);
		expect(rows[1]).toMatchObject({ row: '2', payment_link_id: linkId, paid_at: received.event_created, session_id: session.id });
		expect(rows[1].paid_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		for (const other of rows.filter((_, index) => index !== 1)) expect(other).toMatchObject({ paid_at: '', session_id: '' });
		// The other columns are as the sheet example wrote them.
		rows.forEach((row, index) => expect(row).toMatchObject(ctx.rows[index]));

		const link = ctx.emulator.state.paymentLinks.get(linkId);
		expect(link.active).toBe(false);
		expect(link.inactive_message).toBe('This link has been paid. Thank you!');
	});

	test('a paid link that is not single-use: its row is marked too, and the link stays active', async () => {
		const linkId = rowLink(1);
		const { session } = await pay(linkId, { customer_email: 'grace@example.com' });
		const executions = await ctx.client.waitForExecutions(PAID_ID, 2);
		expect(executions.map((execution) => execution.status)).toEqual(['success', 'success']);
		const rows = readCsv(ctx.sheetFile);
		expect(rows[0]).toMatchObject({ row: '1', session_id: session.id });
		expect(rows[1].session_id).not.toBe('');
		for (const other of rows.slice(2)) expect(other).toMatchObject({ paid_at: '', session_id: '' });
		expect(ctx.emulator.state.paymentLinks.get(linkId).active).toBe(true);
	});

	test('a forged signature, a stale timestamp and an event for another link start nothing', async () => {
		const [endpoint] = endpoints();
		const executionsBefore = (await ctx.client.listExecutions({ workflowId: PAID_ID })).length;
		const csvBefore = fs.readFileSync(ctx.sheetFile, 'utf8');
		const event = JSON.parse(ctx.emulator.deliveries[ctx.emulator.deliveries.length - 1].payload);
		// A new id so that nothing could pass for Stripe retrying the earlier delivery.
		const replay = { ...event, id: `evt_${crypto.randomBytes(12).toString('hex')}` };

		const forged = await ctx.emulator.sendEvent(endpoint.id, replay, { secret: 'whsec_forged_by_someone_else_0000' });
		expect(forged.status).toBe(401);
		expect(JSON.parse(forged.response).error).toBe('Invalid Stripe-Signature: no v1 signature matches the signing secret');
		const stale = await ctx.emulator.sendEvent(endpoint.id, replay, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
		expect(stale.status).toBe(401);
		expect(JSON.parse(stale.response).error).toMatch(/timestamp is \d+ s away from now/);

		// A link made elsewhere, without the row key: Stripe delivers its payment, the trigger ignores it.
		const price = ctx.emulator.seedPrice({ unit_amount: 900, currency: 'usd', product: { name: 'Gift card' } });
		const other = await stripe('POST', '/v1/payment_links', { line_items: [{ price: price.id, quantity: 1 }], metadata: { campaign: 'elsewhere' } });
		const { deliveries } = await pay(other.id, { customer_email: 'someone@example.com' });
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0].status).toBe(200);
		expect(JSON.parse(deliveries[0].response)).toEqual({ message: 'Webhook call received' });

		// n8n creates an execution before it answers a call that starts one, so none can appear later;
		// the second look is only a guard against a slow database write.
		await lib.sleep(1000);
		expect(await ctx.client.listExecutions({ workflowId: PAID_ID })).toHaveLength(executionsBefore);
		expect(fs.readFileSync(ctx.sheetFile, 'utf8')).toBe(csvBefore);
	});

	test('unpublishing the workflow deletes the webhook endpoint', async () => {
		const [endpoint] = endpoints();
		const requestsBefore = ctx.emulator.requests.length;
		const workflow = await ctx.client.deactivateWorkflow(PAID_ID);
		expect(workflow.active).toBe(false);
		expect(endpoints()).toHaveLength(0);
		const deletes = ctx.emulator.requests.slice(requestsBefore).filter((request) => request.method === 'DELETE');
		expect(deletes).toEqual([expect.objectContaining({ path: `/v1/webhook_endpoints/${endpoint.id}`, status: 200 })]);
		// A payment now reaches no one.
		const { deliveries } = await pay(rowLink(3));
		expect(deliveries).toHaveLength(0);
	});
});
