/**
 * Stripe's rate limit: the pacer shared per account, its reaction to 429s, Stripe-Rate-Limited-
 * Reason, and sending while RoutingNode still prepares later items (n8n's batching setting).
 * Engine tests run the built node through the real RoutingNode against the emulator; the
 * pacer's own schedule is checked with jest's fake clock. No test asserts a duration.
 */
import { NodeApiError } from 'n8n-workflow';

import { startEmulator, type Emulator } from './harness/emulator';
import { runNode, TEST_SECRET_KEY } from './harness/runNode';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pacing = require('../dist/nodes/StripePaymentLinks/helpers/pacing.js');

let emu: Emulator;
let price: any;
const credentials = () => ({ baseUrl: emu.url });

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY, 'sk_live_harness_0123456789abcdefLIVE'] });
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.reset();
	emu.setFaults({});
	emu.setRateLimit(0);
	price = emu.seedPrice({ unit_amount: 700, currency: 'eur', product: { name: 'Ticket' } });
});

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ row: `row-${i}`, qty: (i % 5) + 1 }));
const createFromRows = (requestSettings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
	operation: 'create',
	lineItems: { items: [{ price: '={{ $json.price }}', quantity: '={{ $json.qty }}' }] },
	additionalFields: { metadata: { values: [{ key: 'row', value: '={{ $json.row }}' }] } },
	requestSettings,
	...extra,
});
/** n8n's Settings → Request Options → Batching, as README "Running at scale" recommends. */
const BATCHING = { requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 1 } } } };
const posts = () => emu.requests.filter((r) => r.method === 'POST');
const linkRows = () => [...emu.state.paymentLinks.values()].map((link) => link.metadata.row).sort();
const pacerOf = (secretKey: string, account?: string) =>
	pacing.accountPacer(pacing.accountIdentity(pacing.keyIdentity(emu.url, secretKey), account), pacing.keyMode(secretKey));

describe('Stripe’s limit is found and shared', () => {
	test('a limit lower than the default pace costs a few retried 429s and no failed item', async () => {
		emu.setRateLimit(10);
		const reasonsBefore = pacerOf(TEST_SECRET_KEY).rateLimited.get('global-rate') ?? 0;
		const input = rows(80).map((r) => ({ ...r, price: price.id }));
		const output = await runNode({ credentials: credentials(), items: input, parameters: createFromRows(), continueOnFail: true });

		expect(output.filter((o) => o.json.error)).toEqual([]);
		expect(output.map((o) => (o.json.metadata as any).row)).toEqual(input.map((r) => r.row));
		expect(linkRows()).toEqual(input.map((r) => r.row).sort());
		// Paced at 25/s against 10/s without slowing down, about 60 % of the sends would be 429s.
		expect(emu.stats.rateLimited).toBeGreaterThan(0);
		expect(emu.stats.rateLimited).toBeLessThanOrEqual(24);
		// Stripe-Rate-Limited-Reason is recorded by the account's pacer.
		expect(pacerOf(TEST_SECRET_KEY).rateLimited.get('global-rate') - reasonsBefore).toBe(emu.stats.rateLimited);
		console.log(`lower limit: 80 rows at the default pace against 10 req/s: ${emu.stats.rateLimited} × 429 retried, 0 failed`);
	});

	test('one pacer per key and Connect account, identified by a hash that does not contain the key', () => {
		const keyHash = pacing.keyIdentity('https://api.stripe.com', TEST_SECRET_KEY);
		expect(keyHash).toMatch(/^[0-9a-f]{32}$/);
		expect(keyHash).not.toContain(TEST_SECRET_KEY.slice(8, 20));
		expect(pacing.keyIdentity('https://api.stripe.com', 'sk_test_another_key_0123456789')).not.toBe(keyHash);
		const same = pacing.accountPacer(pacing.accountIdentity(keyHash), 'test');
		expect(pacing.accountPacer(pacing.accountIdentity(keyHash), 'test')).toBe(same);
		expect(pacing.accountPacer(pacing.accountIdentity(keyHash, 'acct_1Alpha'), 'test')).not.toBe(same);
		expect(pacing.accountIdentity(keyHash, 'acct_1Alpha')).not.toBe(pacing.accountIdentity(keyHash, 'acct_2Beta'));
	});

	test('the key’s mode picks the account-wide limit; every endpoint is paced apart', () => {
		expect(pacing.keyMode('sk_test_x')).toBe('test');
		expect(pacing.keyMode('rk_test_x')).toBe('test');
		expect(pacing.keyMode('sk_live_x')).toBe('live');
		expect(pacing.keyMode('rk_live_x')).toBe('live');
		expect(pacing.STRIPE_RATE_LIMITS).toEqual({ test: 25, live: 100, endpoint: 25 });
		expect(pacing.endpointOf('POST', '/v1/payment_links')).toBe('POST /v1/payment_links');
		expect(pacing.endpointOf('POST', '/v1/payment_links/plink_1MoC3ULkdIwHu7ixZjtGpVl2')).toBe('POST /v1/payment_links/{id}');
		expect(pacing.endpointOf('GET', '/v1/payment_links/plink_1MoC3ULkdIwHu7ixZjtGpVl2/line_items?limit=100')).toBe(
			'GET /v1/payment_links/{id}/line_items',
		);
	});
});

describe('429s', () => {
	const createOne = (requestSettings: Record<string, unknown> = {}, continueOnFail = false) =>
		runNode({
			credentials: credentials(),
			parameters: { operation: 'create', lineItems: { items: [{ price: price.id, quantity: 1 }] }, requestSettings },
			continueOnFail,
		});

	test('429s that slow the pace down do not use up Max Retries; with pacing off they do', async () => {
		const fourRateLimits = Array.from({ length: 4 }, () => ({ status: 429, rateLimitedReason: 'endpoint-rate' }));
		emu.setFaults({ failNext: fourRateLimits });
		const [item] = await createOne();
		expect(item.json.id).toMatch(/^plink_/);
		expect(posts().map((r) => r.status)).toEqual([429, 429, 429, 429, 200]);
		expect(new Set(posts().map((r) => r.headers['idempotency-key'])).size).toBe(1);

		emu.reset();
		price = emu.seedPrice({ unit_amount: 700, currency: 'eur', product: { name: 'Ticket' } });
		emu.setFaults({ failNext: fourRateLimits });
		const error = await createOne({ maxRequestsPerSecond: 0 }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.description).toContain('Retried 2 time(s) before giving up');
		expect(posts()).toHaveLength(3);
	});

	test('a 429 that finally fails names Stripe-Rate-Limited-Reason', async () => {
		emu.setFaults({ failNext: [{ status: 429, rateLimitedReason: 'endpoint-rate' }] });
		const error = await createOne({ maxRetries: 0 }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('429');
		expect(error.message).toBe(
			'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests. ' +
				'(Stripe-Rate-Limited-Reason: endpoint-rate, this endpoint’s requests per second)',
		);
		expect(error.description).toContain('other executions, n8n workers or systems share this account');

		emu.setFaults({ failNext: [{ status: 429, rateLimitedReason: 'global-concurrency' }] });
		const [item] = await createOne({ maxRetries: 0 }, true);
		expect(item.json.error).toMatchObject({
			statusCode: 429,
			code: 'rate_limit',
			rateLimitedReason: 'global-concurrency',
			message: expect.stringContaining('(Stripe-Rate-Limited-Reason: global-concurrency, the account’s requests in flight at once)'),
		});
	});
});

describe('sending while RoutingNode prepares later items', () => {
	/**
	 * Input rows whose `row` records how many requests had reached the emulator when RoutingNode
	 * first read it, i.e. when it prepared that item. Not enumerable, so that only an expression
	 * reads it: the idempotency key's fingerprint of the whole input (JSON) does not.
	 */
	function observedRows(count: number) {
		const requestsWhenPrepared: number[] = [];
		const items = rows(count).map((r, index) => {
			const item: Record<string, unknown> = { qty: r.qty, price: price.id };
			Object.defineProperty(item, 'row', {
				enumerable: false,
				get() {
					requestsWhenPrepared[index] ??= emu.requests.length;
					return r.row;
				},
			});
			return item;
		});
		return { items, requestsWhenPrepared };
	}

	test('without batching RoutingNode prepares every item before the first request leaves', async () => {
		const { items, requestsWhenPrepared } = observedRows(40);
		await runNode({ credentials: credentials(), items, parameters: createFromRows({ maxRequestsPerSecond: 0 }) });
		expect(requestsWhenPrepared).toHaveLength(40);
		expect(requestsWhenPrepared[39]).toBe(0);
	});

	test('with Settings → Batching (1 item, 1 ms) requests leave while later items are prepared; output, pairing and Continue On Fail are unchanged', async () => {
		const { items, requestsWhenPrepared } = observedRows(40);
		// Row 7 asks for a quantity Stripe refuses: under Continue On Fail only that item fails.
		Object.assign(items[7], { qty: 0 });
		const output = await runNode({
			credentials: credentials(),
			items,
			parameters: createFromRows({}, BATCHING),
			continueOnFail: true,
		});
		expect(requestsWhenPrepared[39]).toBeGreaterThan(0);
		expect(output).toHaveLength(40);
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, index) => ({ item: index })));
		expect(output[7].json.error).toMatchObject({ param: expect.stringContaining('quantity') });
		const created = output.filter((_, index) => index !== 7);
		expect(created.map((o) => (o.json.metadata as any).row)).toEqual(rows(40).map((r) => r.row).filter((row) => row !== 'row-7'));
		// Every item's own expressions: each link carries its row's quantity and metadata.
		for (const request of posts()) {
			const index = Number(String(request.body.metadata.row).slice(4));
			expect(request.body.line_items[0].quantity).toBe(String((index % 5) + 1));
		}
	});
});

describe('the pacer’s schedule (fake clock)', () => {
	beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
	afterEach(() => jest.useRealTimers());

	/** Queues `count` requests and returns their grant times relative to the start, as granted. */
	function queue(pacer: any, count: number, ticket: Record<string, unknown>, grants: Array<[string, number]>, label = '') {
		const start = Date.now();
		const run = ticket.run ?? {};
		for (let i = 0; i < count; i++) {
			pacer.acquire({ run, endpoint: 'POST /v1/payment_links', perSecond: 25, concurrency: 0, ...ticket }).then((permit: any) => {
				grants.push([label, Date.now() - start]);
				permit.release();
			});
		}
	}
	const within = (grants: Array<[string, number]>, from: number, to: number, label?: string) =>
		grants.filter(([l, t]) => t >= from && t < to && (label === undefined || l === label)).length;

	test('evenly spaced at 25/s, never more than 25 in any second, the first second from idle at 80 %', async () => {
		const pacer = new pacing.AccountPacer(25);
		const grants: Array<[string, number]> = [];
		queue(pacer, 100, {}, grants);
		await jest.advanceTimersByTimeAsync(4400);
		expect(grants).toHaveLength(100);
		const times = grants.map(([, t]) => t);
		expect(busiestSecond(times)).toBe(25);
		expect(within(grants, 0, 1025)).toBe(20);
		// Spaced 41 ms apart (1,025 ms / 25); a start the window held back is made up a little sooner.
		const gaps = times.slice(1).map((t, i) => t - times[i]);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(30);
		expect(gaps.filter((gap) => gap === 41).length).toBeGreaterThan(70);
	});

	test('test mode: two endpoints share the account’s 25/s; live mode: 25/s each within 100/s', async () => {
		for (const [accountLimit, perEndpoint] of [
			[25, 12.5],
			[100, 25],
		]) {
			const pacer = new pacing.AccountPacer(accountLimit);
			const grants: Array<[string, number]> = [];
			queue(pacer, 80, { endpoint: 'POST /v1/payment_links' }, grants, 'create');
			queue(pacer, 80, { endpoint: 'POST /v1/payment_links/{id}' }, grants, 'update');
			await jest.advanceTimersByTimeAsync(2050);
			// The second window, after the warm-up.
			expect(Math.abs(within(grants, 1025, 2050, 'create') - perEndpoint)).toBeLessThanOrEqual(1);
			expect(Math.abs(within(grants, 1025, 2050, 'update') - perEndpoint)).toBeLessThanOrEqual(1);
			expect(within(grants, 1025, 2050)).toBeLessThanOrEqual(Math.min(accountLimit, 50));
			await jest.advanceTimersByTimeAsync(10000);
		}
	});

	test('runs take turns: a small run is not stuck behind a big one; a retry goes first', async () => {
		const pacer = new pacing.AccountPacer(25);
		const grants: Array<[string, number]> = [];
		queue(pacer, 50, { run: { name: 'big' } }, grants, 'big');
		await jest.advanceTimersByTimeAsync(200);
		queue(pacer, 2, { run: { name: 'small' } }, grants, 'small');
		await jest.advanceTimersByTimeAsync(200);
		expect(within(grants, 0, 1000, 'small')).toBe(2);

		const bigRun = { name: 'retried' };
		queue(pacer, 20, { run: bigRun }, grants, 'queued');
		let retriedAt = -1;
		const start = Date.now();
		pacer.acquire({ run: bigRun, endpoint: 'POST /v1/payment_links', perSecond: 25, concurrency: 0 }, { first: true }).then((permit: any) => {
			retriedAt = Date.now() - start;
			permit.release();
		});
		await jest.advanceTimersByTimeAsync(3000);
		expect(retriedAt).toBeGreaterThanOrEqual(0);
		expect(retriedAt).toBeLessThan(500);
	});

	test('a lone 429 lowers the pace by 5 %, another soon after by 20 %; it climbs back by 10 % per second', async () => {
		const pacer = new pacing.AccountPacer(25);
		const grants: Array<[string, number]> = [];
		const permits: any[] = [];
		for (let i = 0; i < 250; i++) {
			pacer.acquire({ run: {}, endpoint: 'POST /v1/payment_links', perSecond: 25, concurrency: 0 }).then((permit: any) => {
				grants.push(['', Date.now() - 1_000_000]);
				permits.push(permit);
				permit.release();
			});
		}
		await jest.advanceTimersByTimeAsync(2050);
		expect(within(grants, 1025, 2050)).toBe(25);
		// A lone 429 after a calm spell: 95 % of the pace, likely jitter rather than a lower limit.
		expect(permits[permits.length - 1].rateLimited('global-rate')).toBe(true);
		const afterFirst = grants.length;
		await jest.advanceTimersByTimeAsync(1025);
		expect(grants.length - afterFirst).toBeGreaterThanOrEqual(24);
		// Another 429, for a request sent after that: the pace drops to 80 %…
		expect(permits[permits.length - 1].rateLimited('global-rate')).toBe(true);
		// …an answer to a request sent before this decrease changes nothing more…
		expect(permits[permits.length - 5].rateLimited('global-rate')).toBe(true);
		const loweredAt = grants.length;
		await jest.advanceTimersByTimeAsync(1025);
		expect(grants.length - loweredAt).toBeGreaterThanOrEqual(19);
		expect(grants.length - loweredAt).toBeLessThanOrEqual(22);
		// …and is back at 25/s two seconds later.
		await jest.advanceTimersByTimeAsync(2000);
		const recovered = grants.length;
		await jest.advanceTimersByTimeAsync(1025);
		expect(grants.length - recovered).toBe(25);
		expect(pacer.rateLimited.get('global-rate')).toBe(3);
	});
});

/** The most of `times` (ms) within any one second. */
function busiestSecond(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	return Math.max(...sorted.map((t) => sorted.filter((u) => u >= t && u < t + 1000).length));
}
