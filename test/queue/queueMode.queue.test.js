'use strict';
// n8n's own scale-out engine with this package: queue mode (EXECUTIONS_MODE=queue) with
// PostgreSQL and Redis, n8n main receiving webhooks and two `n8n worker` processes running the
// executions. Four executions of a 250-row Create workflow are started at once against the
// emulator enforcing Stripe's test-mode limit of 25 requests per second. Each worker paces its
// own executions together (one pacer per account per process); between the two workers the
// node's slow-down on 429 does the work. Checked: 1,000 links, none twice, no failed item.
// Printed, not asserted: the total time against the ideal 40 s and the 429s.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const lib = require('../../scripts/lib/n8n');
const services = require('../../scripts/lib/services');
const { PINNED_API_VERSION } = require('../../scripts/lib/examples');
const { startEmulator } = require('../emulator');

const log = lib.createLogger('queue');
const keep = process.env.QUEUE_KEEP === '1';

const EXECUTIONS = 4;
const ROWS = 250;
const LIMIT = 25;
const WORKERS = 2;
const WORKFLOW_ID = 'plQueueModeRun01';
const CREDENTIAL = { id: 'plQueueStripe001', name: 'Stripe (emulator)' };

/** Webhook (one POST per execution) → Split Out (one item per row) → Create payment link. */
function queueWorkflow(webhookPath) {
	return {
		id: WORKFLOW_ID,
		name: 'Queue mode: rows → payment links',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'c8a6a4f0-0000-4000-8000-000000000001',
				name: 'Rows',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: crypto.randomUUID(),
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'c8a6a4f0-0000-4000-8000-000000000002',
				name: 'One item per row',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.rows', options: {} },
			},
			{
				id: 'c8a6a4f0-0000-4000-8000-000000000003',
				name: 'Create payment link',
				type: lib.NODE_TYPE,
				typeVersion: 1,
				position: [440, 0],
				credentials: { [lib.CREDENTIAL_TYPE]: CREDENTIAL },
				parameters: {
					resource: 'paymentLink',
					operation: 'create',
					lineItems: {
						items: [{ price: { __rl: true, mode: 'id', value: '={{ $json.price }}' }, quantity: '={{ $json.quantity }}' }],
					},
					additionalFields: {
						metadata: {
							values: [
								{ key: 'run', value: '={{ $json.run }}' },
								{ key: 'row', value: '={{ $json.row }}' },
							],
						},
					},
					// Settings → Request Options → Batching as README "Running at scale" recommends for
					// two large executions at once per process: 1 item, 15 ms × (2 − 1).
					requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 15 } } },
				},
			},
		],
		connections: {
			Rows: { main: [[{ node: 'One item per row', type: 'main', index: 0 }]] },
			'One item per row': { main: [[{ node: 'Create payment link', type: 'main', index: 0 }]] },
		},
	};
}

describe('queue mode: n8n main + 2 workers, PostgreSQL, Redis', () => {
	const ctx = { workers: [] };

	beforeAll(async () => {
		const started = Date.now();
		const binaries = await services.ensureQueueServices({ log });
		Object.assign(ctx, await lib.freshN8nWithPackage({ workDir: services.serviceDir('stripe-links-queue-'), log }));

		ctx.postgresDir = services.serviceDir('stripe-links-pg-');
		ctx.postgres = await services.startPostgres({ bin: binaries.postgresBin, dir: ctx.postgresDir, log });
		ctx.redisDir = services.serviceDir('stripe-links-redis-');
		ctx.redis = await services.startRedis({ bin: binaries.redisBin, dir: ctx.redisDir, log });
		ctx.env = {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: ctx.postgres.host,
			DB_POSTGRESDB_PORT: String(ctx.postgres.port),
			DB_POSTGRESDB_DATABASE: ctx.postgres.database,
			DB_POSTGRESDB_USER: ctx.postgres.user,
			QUEUE_BULL_REDIS_HOST: ctx.redis.host,
			QUEUE_BULL_REDIS_PORT: String(ctx.redis.port),
			// Main and workers must decrypt the same credentials.
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			N8N_LOG_LEVEL: process.env.QUEUE_LOG_LEVEL || 'info',
		};

		ctx.secretKey = `sk_test_queue${crypto.randomBytes(10).toString('hex')}`;
		ctx.emulator = await startEmulator({ apiKeys: [ctx.secretKey], rateLimitPerSecond: LIMIT });
		ctx.prices = [1, 2, 3].map((n) =>
			ctx.emulator.seedPrice({ unit_amount: 500 * n, currency: 'usd', product: { name: `Queue product ${n}` } }),
		);

		ctx.webhookPath = `queue-run-${crypto.randomBytes(4).toString('hex')}`;
		await log.progress('importing the credential and the workflow into PostgreSQL', async () => {
			const credential = {
				...CREDENTIAL,
				type: lib.CREDENTIAL_TYPE,
				data: { secretKey: ctx.secretKey, apiVersion: PINNED_API_VERSION, baseUrl: ctx.emulator.url },
			};
			const importCredential = path.join(ctx.workDir, 'credential.json');
			fs.writeFileSync(importCredential, JSON.stringify([credential]), { mode: 0o600 });
			try {
				await lib.runN8nOrThrow(ctx.n8n, ctx.userFolder, ['import:credentials', `--input=${importCredential}`], { env: ctx.env });
			} finally {
				fs.rmSync(importCredential, { force: true });
			}
			const importWorkflow = path.join(ctx.workDir, 'workflow.json');
			fs.writeFileSync(importWorkflow, JSON.stringify([queueWorkflow(ctx.webhookPath)]));
			await lib.runN8nOrThrow(ctx.n8n, ctx.userFolder, ['import:workflow', `--input=${importWorkflow}`], { env: ctx.env });
		});

		const [server, ...workers] = await Promise.allSettled([
			lib.startN8nServer(ctx.n8n, ctx.userFolder, { port: await lib.freePort(), log, env: ctx.env }),
			...Array.from({ length: WORKERS }, (_, index) =>
				// Two jobs per worker, so that the four executions run two on each.
				lib.startN8nWorker(ctx.n8n, ctx.userFolder, { concurrency: 2, env: ctx.env, log, name: `worker-${index + 1}` }),
			),
		]);
		ctx.server = server.value;
		ctx.workers = workers.filter((worker) => worker.value).map((worker) => worker.value);
		const failed = [server, ...workers].find((started) => started.status === 'rejected');
		if (failed) throw failed.reason;
		ctx.rest = new lib.N8nRestClient(ctx.server.probeUrl);
		await ctx.rest.ownerLogin({ email: 'queue@example.com', password: `Queue-${crypto.randomBytes(6).toString('hex')}1` });
		// Publishing on main registers the webhook; main enqueues each call for the workers.
		await ctx.rest.activateWorkflow(WORKFLOW_ID);
		log(`set-up done in ${lib.seconds(Date.now() - started)}`);
	});

	afterAll(async () => {
		const stops = [...ctx.workers, ctx.server].filter(Boolean).map((process) => process.stop());
		await Promise.allSettled(stops);
		if (ctx.redis) await ctx.redis.stop();
		if (ctx.postgres) await ctx.postgres.stop();
		if (ctx.emulator) await ctx.emulator.close();
		const dirs = [ctx.workDir, ctx.redisDir, ctx.postgresDir].filter(Boolean);
		if (!keep) for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
		else log(`kept ${dirs.join(', ')}`);
	});

	test(`${EXECUTIONS} executions × ${ROWS} rows at once: ${EXECUTIONS * ROWS} links, none twice, no failed item`, async () => {
		const rowsOf = (run) =>
			Array.from({ length: ROWS }, (_, index) => ({
				run: `run-${run}`,
				row: `${run}-${index}`,
				price: ctx.prices[index % ctx.prices.length].id,
				quantity: 1 + (index % 4),
			}));
		const started = Date.now();
		const answers = await Promise.all(
			Array.from({ length: EXECUTIONS }, (_, run) =>
				fetch(`${ctx.server.probeUrl}/webhook/${ctx.webhookPath}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ rows: rowsOf(run) }),
				}),
			),
		);
		expect(answers.map((answer) => answer.status)).toEqual(Array(EXECUTIONS).fill(200));

		const executions = await log.progress(`waiting for ${EXECUTIONS} executions`, () =>
			ctx.rest.waitForExecutions(WORKFLOW_ID, EXECUTIONS, { timeoutMs: 10 * 60 * 1000 }),
		);
		const finished = Math.max(...executions.map((execution) => Date.parse(execution.stoppedAt)));
		const totalMs = finished - started;

		// Every execution succeeded: with the node's default On Error (stop), one failed item would
		// have failed its execution.
		expect(executions.map((execution) => execution.status)).toEqual(Array(EXECUTIONS).fill('success'));
		// Both workers ran executions: this was n8n's scale-out, not main alone.
		const ranBy = ctx.workers.map((worker) => (worker.logs().match(/Worker started execution \d+/g) ?? []).length);
		expect(ranBy.every((count) => count > 0)).toBe(true);
		expect(ranBy.reduce((a, b) => a + b, 0)).toBe(EXECUTIONS);
		expect(ctx.server.logs()).not.toMatch(/Worker started execution/);

		// The emulator: one link per row, each row once.
		const links = [...ctx.emulator.state.paymentLinks.values()];
		const rows = links.map((link) => link.metadata.row);
		const expected = Array.from({ length: EXECUTIONS }, (_, run) => rowsOf(run).map((row) => row.row)).flat();
		expect(links).toHaveLength(EXECUTIONS * ROWS);
		expect(new Set(rows).size).toBe(EXECUTIONS * ROWS);
		expect([...rows].sort()).toEqual([...expected].sort());
		expect(ctx.emulator.stats.created).toBe(EXECUTIONS * ROWS);

		const posts = ctx.emulator.requests.filter((request) => request.method === 'POST');
		const rateLimited = ctx.emulator.stats.rateLimited;
		const idealMs = ((EXECUTIONS * ROWS) / LIMIT) * 1000;
		const firstRequestMs = Math.min(...posts.map((request) => request.receivedAt)) - started;
		console.log(
			`queue mode: ${EXECUTIONS} executions × ${ROWS} rows on ${WORKERS} workers (${ranBy.join(' + ')}): ` +
				`${links.length} links, ${links.length - new Set(rows).size} duplicated, 0 failed items; ` +
				`${lib.seconds(totalMs)} from the webhooks to the last execution's end against the ideal ${lib.seconds(idealMs)} ` +
				`at ${LIMIT} req/s (${((100 * idealMs) / totalMs).toFixed(0)} %), first request after ${lib.seconds(firstRequestMs)}; ` +
				`${rateLimited} × 429 (${((100 * rateLimited) / posts.length).toFixed(1)} % of ${posts.length} POSTs), ` +
				`${ctx.emulator.stats.replays} idempotent replays`,
		);
	});
});
