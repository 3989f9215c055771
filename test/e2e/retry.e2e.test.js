'use strict';
// n8n's own "Retry execution" in real n8n 2.41.1 (`n8n start`, driven through its REST API like
// the editor does): a 60-row sheet → links workflow fails part-way because Stripe (the bundled
// emulator) becomes unreachable; the failed execution is retried with the endpoint behind the
// Executions list's Retry button, and the run is then repeated by hand. The emulator must end
// with exactly one link per row.

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const lib = require('../../scripts/lib/n8n');
const { startEmulator } = require('../emulator');

const log = lib.createLogger('e2e-retry');
const keep = process.env.E2E_KEEP === '1';

const ROWS = 60;
const ANSWERED_BEFORE_OUTAGE = 30;
const LOST_IN_OUTAGE = 2;
const WORKFLOW_ID = 'plRetryAcrossEx1';
const CREDENTIAL = { id: 'plRetryStripe001', name: 'Stripe (emulator)' };
const NODE_NAME = 'Create payment link';

function sheetToLinksWorkflow(csvPath) {
	const node = (name, type, typeVersion, x, parameters, extra = {}) => ({
		id: crypto.createHash('md5').update(name).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
		name,
		type,
		typeVersion,
		position: [x, 0],
		parameters,
		...extra,
	});
	return {
		id: WORKFLOW_ID,
		name: 'Sheet → links (retry across executions)',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Run', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node('Read rows.csv', 'n8n-nodes-base.readWriteFile', 1, 220, { fileSelector: csvPath, options: {} }),
			node('Extract rows', 'n8n-nodes-base.extractFromFile', 1, 440, { options: {} }),
			node(
				NODE_NAME,
				lib.NODE_TYPE,
				1,
				660,
				{
					resource: 'paymentLink',
					operation: 'create',
					lineItemsMode: 'fields',
					lineItems: {
						items: [
							{
								priceData: { productName: '={{ $json.name }}', unitAmount: '={{ $json.unit_amount }}', currency: '={{ $json.currency }}' },
								quantity: '={{ $json.quantity }}',
							},
						],
					},
					additionalFields: { metadata: { values: [{ key: 'sku', value: '={{ $json.sku }}' }] } },
					simplify: true,
				},
				{ credentials: { [lib.CREDENTIAL_TYPE]: CREDENTIAL } },
			),
		],
		connections: {
			Run: { main: [[{ node: 'Read rows.csv', type: 'main', index: 0 }]] },
			'Read rows.csv': { main: [[{ node: 'Extract rows', type: 'main', index: 0 }]] },
			'Extract rows': { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] },
		},
		pinData: {},
	};
}

describe('Retry execution in real n8n', () => {
	const ctx = {};

	beforeAll(async () => {
		const started = Date.now();
		Object.assign(ctx, await lib.freshN8nWithPackage({ workDir: fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-links-e2e-retry-')), log }));

		ctx.secretKey = `sk_test_e2e${crypto.randomBytes(10).toString('hex')}`;
		ctx.emulator = await startEmulator({ apiKeys: [ctx.secretKey] });

		const csvPath = path.join(ctx.filesDir, 'rows.csv');
		const lines = ['sku,name,unit_amount,currency,quantity'];
		for (let i = 1; i <= ROWS; i++) lines.push(`SKU-${String(i).padStart(3, '0')},Product ${i},${1000 + i},usd,${(i % 3) + 1}`);
		fs.writeFileSync(csvPath, `${lines.join('\n')}\n`);

		await log.progress('importing the credential and the workflow', async () => {
			await lib.importCredentials(ctx.n8n, ctx.userFolder, [
				{
					...CREDENTIAL,
					type: lib.CREDENTIAL_TYPE,
					data: { secretKey: ctx.secretKey, apiVersion: '2026-10-28.endive', baseUrl: ctx.emulator.url },
				},
			]);
			await lib.importWorkflows(ctx.n8n, ctx.userFolder, [sheetToLinksWorkflow(csvPath)]);
			await lib.registerInstalledPackage(ctx.n8n, ctx.userFolder, ctx.install.packageDir);
		});
		ctx.server = await lib.startN8nServer(ctx.n8n, ctx.userFolder, { port: await lib.freePort(), log });
		ctx.client = new lib.N8nRestClient(ctx.server.probeUrl);
		await ctx.client.ownerLogin({ email: 'e2e-retry@example.com', password: 'E2e-test-password-1' });
		log(`set-up done in ${lib.seconds(Date.now() - started)}`);
	});

	afterAll(async () => {
		if (ctx.server) await ctx.server.stop();
		if (ctx.emulator) await ctx.emulator.close();
		if (ctx.workDir && !keep) fs.rmSync(ctx.workDir, { recursive: true, force: true });
		else if (ctx.workDir) log(`kept ${ctx.workDir}`);
	});

	const linksPerSku = () => {
		const counts = new Map();
		for (const link of ctx.emulator.state.paymentLinks.values()) counts.set(link.metadata.sku, (counts.get(link.metadata.sku) ?? 0) + 1);
		return counts;
	};
	const outputOf = (runData) => (runData[NODE_NAME]?.at(-1)?.data?.main?.[0] ?? []).map((item) => item.json);

	test(`${ROWS} rows, Stripe unreachable part-way, then n8n's Retry execution: exactly one link per row`, async () => {
		ctx.emulator.setFaults({ outage: { afterWrites: ANSWERED_BEFORE_OUTAGE, lostWrites: LOST_IN_OUTAGE } });
		const failedId = await ctx.client.runWorkflow(WORKFLOW_ID, { triggerNode: 'Run' });
		const failed = await log.progress(`execution ${failedId} (Stripe goes down after ${ANSWERED_BEFORE_OUTAGE} creates)`, () =>
			ctx.client.waitForExecution(failedId),
		);
		ctx.emulator.setFaults({});
		expect(failed.status).toBe('error');
		const failedData = lib.executionRunData(ctx.n8n, failed);
		expect(failedData.resultData.lastNodeExecuted).toBe(NODE_NAME);
		expect(failedData.resultData.error.message).toMatch(/^Could not reach Stripe at 127\.0\.0\.1:\d+ \(ECONNRESET\)/);
		const linksBefore = ctx.emulator.state.paymentLinks.size;
		expect(linksBefore).toBe(ANSWERED_BEFORE_OUTAGE + LOST_IN_OUTAGE);

		// The Executions list's Retry button (with the original workflow).
		const retried = await log.progress(`retrying execution ${failedId}`, () => ctx.client.retryExecution(failedId));
		expect(retried.retryOf).toBe(failedId);
		expect(retried.id).not.toBe(failedId);
		expect(retried.mode).toBe('retry');
		expect(retried.status).toBe('success');
		const output = outputOf(retried.data.resultData.runData);
		expect(output).toHaveLength(ROWS);
		expect(output.every((item) => /^plink_/.test(item.id))).toBe(true);
		const replayed = output.filter((item) => item.idempotent_replayed === true).length;
		expect(replayed).toBe(linksBefore);

		expect(ctx.emulator.state.paymentLinks.size).toBe(ROWS);
		const counts = linksPerSku();
		expect(counts.size).toBe(ROWS);
		expect([...counts.values()].every((count) => count === 1)).toBe(true);
		// n8n kept the retry as a new execution pointing at the failed one.
		const stored = await ctx.client.getExecution(retried.id);
		expect(stored).toMatchObject({ retryOf: failedId, status: 'success', mode: 'retry' });
		log(`links: ${linksBefore} after the failed execution, ${ctx.emulator.state.paymentLinks.size} after the retry (${replayed} replayed by Stripe)`);
	});

	test('running the workflow again by hand replays every link and creates none', async () => {
		const requestsBefore = ctx.emulator.requests.length;
		const id = await ctx.client.runWorkflow(WORKFLOW_ID, { triggerNode: 'Run' });
		const execution = await log.progress(`execution ${id} (a manual re-run)`, () => ctx.client.waitForExecution(id));
		expect(execution.status).toBe('success');
		const output = outputOf(lib.executionRunData(ctx.n8n, execution).resultData.runData);
		expect(output).toHaveLength(ROWS);
		expect(output.every((item) => item.idempotent_replayed === true)).toBe(true);
		expect(ctx.emulator.requests.slice(requestsBefore).filter((request) => request.method === 'POST')).toHaveLength(ROWS);
		expect(ctx.emulator.state.paymentLinks.size).toBe(ROWS);
	});
});
