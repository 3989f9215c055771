/**
 * Exactly-once creation under faults, pacing across items, retries and idempotency,
 * through the real RoutingNode against the fault-injecting emulator.
 */
import { NodeApiError } from 'n8n-workflow';

import { startEmulator, type Emulator } from './harness/emulator';
import { newExecution, runNode, TEST_SECRET_KEY } from './harness/runNode';

let emu: Emulator;
let price: any;
const credentials = () => ({ baseUrl: emu.url });

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY] });
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.reset();
	emu.setFaults({});
	emu.setRateLimit(0);
	emu.setLatency(0);
	price = emu.seedPrice({ unit_amount: 700, currency: 'eur', product: { name: 'Ticket' } });
});

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ row: `row-${i}`, qty: (i % 5) + 1 }));
/**
 * The emulator's rate limit for the 1,000-row tests. Stripe allows 25 requests per second in
 * test mode; the same assertions hold at any limit as long as the node is paced around it, and
 * a higher one keeps the suite fast (the node's pacing itself is checked at 10 per second below).
 */
const EMULATOR_RATE = 100;
/** Paced above the limit so that 429s happen, or just below it so that almost none do. */
const PACED_ABOVE_LIMIT = 125;
const PACED_BELOW_LIMIT = 96;

const createFromRows = (requestSettings: Record<string, unknown>) => ({
	operation: 'create',
	lineItems: { items: [{ price: '={{ $json.price }}', quantity: '={{ $json.qty }}' }] },
	additionalFields: { metadata: { values: [{ key: 'row', value: '={{ $json.row }}' }] } },
	requestSettings,
});
const posts = () => emu.requests.filter((r) => r.method === 'POST');

/** The most requests the emulator received within any one second. */
function busiestSecond(): number {
	const times = emu.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
	return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
}

function linkRows(): string[] {
	return [...emu.state.paymentLinks.values()].map((link) => link.metadata.row);
}

describe('exactly once', () => {
	test('1,000 creates with 10% of POSTs dropped after commit and 429 bursts from the emulator\'s rate limit', async () => {
		const input = rows(1000).map((r) => ({ ...r, price: price.id }));
		emu.setRateLimit(EMULATOR_RATE);
		emu.setFaults({ dropAfterCommitRate: 0.1, seed: 7 });
		const started = Date.now();
		// Paced above the emulator's limit on purpose, so that 429s happen and must be absorbed.
		const output = await runNode({
			credentials: credentials(),
			items: input,
			parameters: createFromRows({ maxRequestsPerSecond: PACED_ABOVE_LIMIT, maxRetries: 10 }),
		});
		const seconds = (Date.now() - started) / 1000;

		expect(output).toHaveLength(1000);
		expect(output.map((o) => (o.json.metadata as any).row)).toEqual(input.map((r) => r.row));
		expect(output.every((o) => String(o.json.id).startsWith('plink_'))).toBe(true);
		expect(emu.state.paymentLinks.size).toBe(1000);
		expect(new Set(linkRows()).size).toBe(1000);
		expect(emu.stats.faultsInjected.drop).toBeGreaterThan(50);
		expect(emu.stats.rateLimited).toBeGreaterThan(0);
		expect(emu.stats.replays).toBeGreaterThanOrEqual(emu.stats.faultsInjected.drop);
		// Every retry of a row carried that row's first key.
		const keysByRow = new Map<string, Set<string>>();
		for (const request of posts()) {
			const row = request.body.metadata?.row;
			if (!keysByRow.has(row)) keysByRow.set(row, new Set());
			keysByRow.get(row)!.add(request.headers['idempotency-key']);
		}
		expect([...keysByRow.values()].every((keys) => keys.size === 1)).toBe(true);
		console.log(
			`exactly-once: ${emu.state.paymentLinks.size} links for 1000 rows, ${1000 - new Set(linkRows()).size} duplicates, ` +
				`${emu.stats.faultsInjected.drop} dropped after commit, ${emu.stats.rateLimited} 429s absorbed, ` +
				`${emu.stats.replays} idempotent replays, ${posts().length} POSTs, ${seconds.toFixed(1)} s`,
		);
	});

	test('Retry On Fail: the node re-run within the same execution replays instead of creating again', async () => {
		const input = rows(1000).map((r) => ({ ...r, price: price.id }));
		emu.setRateLimit(EMULATOR_RATE);
		emu.setFaults({ dropAfterCommitRate: 0.1, seed: 11 });
		const execution = newExecution();
		// First attempt without retries: dropped responses fail the node, as they would in n8n.
		const firstAttempt = await runNode({
			credentials: credentials(),
			items: input,
			execution,
			parameters: createFromRows({ maxRequestsPerSecond: PACED_BELOW_LIMIT, maxRetries: 0 }),
		}).catch((error) => error);
		expect(firstAttempt).toBeInstanceOf(NodeApiError);
		expect(firstAttempt.message).toMatch(/Could not reach Stripe at 127\.0\.0\.1:\d+ \(ECONNRESET\)/);
		const createdByFirstAttempt = emu.state.paymentLinks.size;
		// Dropped creates were committed before the connection was cut; some rows hit 429s.
		expect(createdByFirstAttempt).toBeGreaterThan(900);

		// n8n's Retry On Fail runs the node again with the same execution and input.
		const output = await runNode({
			credentials: credentials(),
			items: input,
			execution,
			parameters: createFromRows({ maxRequestsPerSecond: PACED_BELOW_LIMIT, maxRetries: 10 }),
		});
		expect(output).toHaveLength(1000);
		expect(output.map((o) => (o.json.metadata as any).row)).toEqual(input.map((r) => r.row));
		expect(emu.state.paymentLinks.size).toBe(1000);
		expect(new Set(linkRows()).size).toBe(1000);
		expect(emu.stats.replays).toBeGreaterThanOrEqual(createdByFirstAttempt);
		console.log(
			`retry-on-fail: first attempt created ${createdByFirstAttempt}, re-run ended with ${emu.state.paymentLinks.size} links, ` +
				`${emu.stats.replays} replays, ${emu.stats.rateLimited} 429s`,
		);
	});

	test('a different execution of the same sheet creates new links only with This Execution Only; the sheet may supply its own key', async () => {
		const input = rows(3).map((r) => ({ ...r, price: price.id }));
		const scoped = createFromRows({ idempotencyScope: 'execution' });
		await runNode({ credentials: credentials(), items: input, parameters: scoped });
		await runNode({ credentials: credentials(), items: input, parameters: scoped });
		expect(emu.state.paymentLinks.size).toBe(6);

		emu.reset();
		price = emu.seedPrice({ unit_amount: 700, currency: 'eur', product: { name: 'Ticket' } });
		const keyed = rows(3).map((r) => ({ ...r, price: price.id }));
		const withKey = createFromRows({ idempotencyKey: '={{ "sheet-42-" + $json.row }}' });
		await runNode({ credentials: credentials(), items: keyed, parameters: withKey });
		const second = await runNode({ credentials: credentials(), items: keyed, parameters: withKey });
		expect(emu.state.paymentLinks.size).toBe(3);
		expect(second.map((o) => (o.json.metadata as any).row)).toEqual(['row-0', 'row-1', 'row-2']);
		expect(posts().map((r) => r.headers['idempotency-key'])).toEqual(
			expect.arrayContaining(['sheet-42-row-0', 'sheet-42-row-1', 'sheet-42-row-2']),
		);
	});
});

describe('idempotency keys', () => {
	test('automatic keys are deterministic per item and only on POST; they can be switched off', async () => {
		const input = rows(2).map((r) => ({ ...r, price: price.id }));
		const execution = newExecution();
		await runNode({ credentials: credentials(), items: input, execution, parameters: createFromRows({}) });
		const first = posts().map((r) => r.headers['idempotency-key']);
		expect(first.every((key) => /^n8n-[0-9a-f]{48}$/.test(key))).toBe(true);
		expect(new Set(first).size).toBe(2);

		emu.reset();
		price = emu.seedPrice({ unit_amount: 700, currency: 'eur', product: { name: 'Ticket' } });
		// The same execution and node, but a different body: a different key.
		await runNode({
			credentials: credentials(),
			items: input.map((r) => ({ ...r, price: price.id })),
			execution,
			parameters: createFromRows({}),
		});
		expect(posts().map((r) => r.headers['idempotency-key'])).not.toEqual(first);

		emu.reset();
		price = emu.seedPrice({ unit_amount: 700, currency: 'eur', product: { name: 'Ticket' } });
		await runNode({
			credentials: credentials(),
			items: [{ row: 'x', qty: 1, price: price.id }],
			parameters: createFromRows({ idempotencyScope: 'off' }),
		});
		expect(posts()[0].headers['idempotency-key']).toBeUndefined();

		await runNode({ credentials: credentials(), parameters: { operation: 'getAll', limit: 1 } });
		expect(emu.requests.filter((r) => r.method === 'GET')[0].headers['idempotency-key']).toBeUndefined();
	});
});

describe('pacing', () => {
	test('Max Requests per Second holds across all items of one execution', async () => {
		const input = rows(30).map((r) => ({ ...r, price: price.id }));
		await runNode({ credentials: credentials(), items: input, parameters: createFromRows({ maxRequestsPerSecond: 10 }) });
		expect(emu.state.paymentLinks.size).toBe(30);
		expect(busiestSecond()).toBeLessThanOrEqual(11);
	});

	test('two executions at once share one pace for the account', async () => {
		// Different rows, so that neither execution replays the other's links.
		const input = (run: string) => rows(20).map((r) => ({ ...r, run, price: price.id }));
		await Promise.all([
			runNode({ credentials: credentials(), items: input('a'), parameters: createFromRows({ maxRequestsPerSecond: 10 }) }),
			runNode({ credentials: credentials(), items: input('b'), parameters: createFromRows({ maxRequestsPerSecond: 10 }) }),
		]);
		expect(emu.state.paymentLinks.size).toBe(40);
		// One pacer per Stripe account in the process: together they keep to 10 per second.
		expect(busiestSecond()).toBeLessThanOrEqual(11);
	});

	test('Max Concurrent Requests caps requests in flight', async () => {
		emu.setLatency(150);
		const input = rows(12).map((r) => ({ ...r, price: price.id }));
		await runNode({
			credentials: credentials(),
			items: input,
			parameters: createFromRows({ maxRequestsPerSecond: 0, maxConcurrentRequests: 3 }),
		});
		expect(emu.stats.maxInFlight).toBe(3);
	});
});

describe('retries', () => {
	const createOne = (requestSettings: Record<string, unknown> = {}) =>
		runNode({
			credentials: credentials(),
			parameters: { operation: 'create', lineItems: { items: [{ price: price.id, quantity: 1 }] }, requestSettings },
		});

	test.each([
		['500 with Stripe-Should-Retry: true', { status: 500, shouldRetry: true }],
		['503', { status: 503 }],
		['429', { status: 429 }],
		['409', { status: 409 }],
		['a dropped connection after commit', { drop: true }],
	])('retries %s with the same idempotency key', async (_name, fault) => {
		emu.setFaults({ failNext: [fault] });
		const [item] = await createOne();
		expect(item.json.id).toMatch(/^plink_/);
		const attempts = posts();
		expect(attempts).toHaveLength(2);
		expect(attempts[0].headers['idempotency-key']).toBe(attempts[1].headers['idempotency-key']);
		expect(emu.state.paymentLinks.size).toBe(1);
	});

	test('Stripe-Should-Retry: false is obeyed', async () => {
		emu.setFaults({ failNext: [{ status: 500, shouldRetry: false }] });
		const error = await createOne().catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('500');
		expect(posts()).toHaveLength(1);
	});

	test.each([400, 401, 402, 403, 404])('never retries %i', async (status) => {
		emu.setFaults({ failNext: [{ status, shouldRetry: true }] });
		const error = await createOne({ maxRetries: 5 }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe(String(status));
		expect(posts()).toHaveLength(1);
	});

	test('gives up after Max Retries and says so', async () => {
		emu.setFaults({ failNext: [{ status: 503 }, { status: 503 }, { status: 503 }] });
		const error = await createOne().catch((e) => e);
		expect(error.httpCode).toBe('503');
		expect(error.description).toContain('Retried 2 time(s) before giving up');
		expect(posts()).toHaveLength(3);
	});

	test('a create without any idempotency key is not retried after a lost connection', async () => {
		emu.setFaults({ failNext: [{ drop: true }] });
		const error = await createOne({ idempotencyScope: 'off' }).catch((e) => e);
		expect(error.message).toMatch(/not retried because the create had no idempotency key/);
		expect(posts()).toHaveLength(1);
	});

	test('GETs are retried after a lost connection too', async () => {
		const link = emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }] });
		emu.setFaults({ failNext: [{ drop: 'before' }] });
		const [item] = await runNode({
			credentials: credentials(),
			parameters: { operation: 'get', paymentLinkId: { __rl: true, mode: 'id', value: link.id } },
		});
		expect(item.json.id).toBe(link.id);
		expect(emu.requests).toHaveLength(2);
	});
});

describe('Connect', () => {
	test('Connected Account is sent as Stripe-Account and can vary per item', async () => {
		const output = await runNode({
			credentials: credentials(),
			items: [{ account: 'acct_1Alpha' }, { account: 'acct_2Beta' }],
			parameters: {
				operation: 'create',
				lineItems: { items: [{ price: price.id, quantity: 1 }] },
				requestSettings: { connectedAccount: '={{ $json.account }}' },
			},
		});
		expect(output).toHaveLength(2);
		expect(posts().map((r) => r.headers['stripe-account']).sort()).toEqual(['acct_1Alpha', 'acct_2Beta']);
	});
});

describe('pacer under a busy event loop', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { AccountPacer } = require('../dist/nodes/StripePaymentLinks/helpers/pacing.js');

	test('timers that fire late together do not leave as a burst', async () => {
		const pacer = new AccountPacer(25);
		const starts: number[] = [];
		const run = {};
		const sends = Array.from({ length: 25 }, async () => {
			const permit = await pacer.acquire({ run, endpoint: 'POST /v1/payment_links', perSecond: 10, concurrency: 0 });
			starts.push(Date.now());
			permit.release();
		});
		// Block the event loop the way RoutingNode's synchronous preparation of many items does.
		await new Promise((resolve) => setTimeout(resolve, 120));
		const blockedUntil = Date.now() + 1500;
		while (Date.now() < blockedUntil);
		await Promise.all(sends);
		starts.sort((a, b) => a - b);
		const busiest = Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + 1000).length));
		expect(busiest).toBeLessThanOrEqual(10);
	});
});
