/**
 * Deactivate Expired (issue 14) through n8n-core's RoutingNode against the emulator: one
 * listing per node run whatever the number of input items, one paced, retried, idempotent POST
 * per link whose metadata.expires_at has passed, unreadable dates reported and never acted on,
 * and a Dry Run that changes nothing. The emulator's request log is the evidence.
 */
import type { IDataObject, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { startEmulator, type Emulator, type RecordedRequest } from './harness/emulator';
import { newExecution, nodeType, runNode, TEST_SECRET_KEY } from './harness/runNode';

let emu: Emulator;
let price: any;
const credentials = () => ({ baseUrl: emu.url });
const MESSAGE = 'This offer has ended. Thank you for your interest!';

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY] });
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.reset();
	price = emu.seedPrice({ unit_amount: 900, currency: 'usd', product: { name: 'Webinar seat' } });
});

const HOUR = 3600 * 1000;
const UNREADABLE = ['next friday', '31/12/2020', '2020-13-01', 'soon', '1700000000'];

interface Account {
	expired: string[];
	unreadable: string[];
	others: string[];
	inactive: string[];
}

/**
 * 300 active links in a shuffled order: 120 whose expires_at has passed (written in UTC, with an
 * offset, as a date alone and without an offset), 5 whose expires_at is not a date, 100 that
 * expire later and 75 without expires_at; plus 10 links already inactive, expired long ago.
 */
function seedAccount(): Account {
	const now = Date.now();
	const expiredValues = Array.from({ length: 120 }, (_, i) => {
		// At least a day ago, so that a time read in the workflow's time zone has passed too.
		const past = new Date(now - 24 * HOUR - i * HOUR);
		const iso = past.toISOString().replace(/\.\d+Z$/, 'Z');
		if (i % 4 === 0) return iso;
		if (i % 4 === 1) return iso.replace('Z', '+00:00');
		if (i % 4 === 2) return `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`;
		return iso.slice(0, 19); // no offset: read in the workflow's time zone, still hours in the past
	});
	const plan: Array<['expired' | 'unreadable' | 'others', IDataObject]> = [
		...expiredValues.map((value) => ['expired', { expires_at: value, campaign: 'webinar' }] as ['expired', IDataObject]),
		...UNREADABLE.map((value) => ['unreadable', { expires_at: value }] as ['unreadable', IDataObject]),
		...Array.from({ length: 100 }, (_, i) => ['others', { expires_at: new Date(now + (i + 1) * 24 * HOUR).toISOString() }] as ['others', IDataObject]),
		...Array.from({ length: 75 }, (_, i) => ['others', i % 2 ? { campaign: `evergreen-${i}` } : {}] as ['others', IDataObject]),
	];
	// A fixed shuffle, so that expired links are spread over all pages of the listing.
	let seed = 7;
	for (let i = plan.length - 1; i > 0; i--) {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		const j = seed % (i + 1);
		[plan[i], plan[j]] = [plan[j], plan[i]];
	}
	const account: Account = { expired: [], unreadable: [], others: [], inactive: [] };
	for (let i = 0; i < 10; i++) {
		const link = emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }], metadata: { expires_at: '2020-01-01T00:00:00Z' } });
		emu.state.paymentLinks.get(link.id).active = false;
		account.inactive.push(link.id);
	}
	for (const [kind, metadata] of plan) {
		const link = emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }], metadata });
		account[kind].push(link.id);
	}
	return account;
}

const snapshot = () => JSON.stringify([...emu.state.paymentLinks.values()]);
const listings = (requests: RecordedRequest[]) => requests.filter((request) => request.method === 'GET' && request.path === '/v1/payment_links');
const posts = (requests: RecordedRequest[]) => requests.filter((request) => request.method === 'POST');
const sorted = (ids: unknown[]) => ids.map(String).sort();
const byOutcome = (output: INodeExecutionData[], outcome: string) => output.filter((item) => item.json.outcome === outcome);

function deactivateExpired(extra: IDataObject = {}, requestSettings: IDataObject = { maxRequestsPerSecond: 0 }) {
	return { operation: 'deactivateExpired', inactiveMessage: MESSAGE, requestSettings, ...extra };
}

describe('Deactivate Expired on 300 links: 120 expired, 5 with unreadable dates', () => {
	test('deactivates exactly the 120, reports the 5, in one listing, whatever the number of input items', async () => {
		const account = seedAccount();
		const before = new Map([...emu.state.paymentLinks].map(([id, link]) => [id, JSON.stringify(link)]));

		const output = await runNode({
			credentials: credentials(),
			typeVersion: 2,
			items: [{ run: 1 }, { run: 2 }, { run: 3 }],
			parameters: deactivateExpired({}, { maxRequestsPerSecond: 0, maxConcurrentRequests: 4 }),
		});

		// The output: one item per link deactivated, then the unreadable ones, all from the first item.
		expect(output).toHaveLength(125);
		expect(output.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
		const deactivated = byOutcome(output, 'deactivated');
		expect(sorted(deactivated.map((item) => item.json.id))).toEqual(sorted(account.expired));
		for (const item of deactivated) {
			expect(item.json).toMatchObject({ active: false, idempotent_replayed: false });
			expect(typeof item.json.expires_at).toBe('string');
		}
		const reported = byOutcome(output, 'expires_at_unreadable');
		expect(sorted(reported.map((item) => item.json.id))).toEqual(sorted(account.unreadable));
		for (const item of reported) {
			expect(item.json.active).toBe(true);
			expect(item.json.problem).toBe(
				`metadata.expires_at ${JSON.stringify(item.json.expires_at)} is not an ISO 8601 date or date-time (e.g. 2026-06-30T18:00:00Z), so the link was left active.`,
			);
		}
		expect(sorted(reported.map((item) => item.json.expires_at))).toEqual(sorted(UNREADABLE));

		// The emulator: the 120 are inactive with the message; every other link is as it was.
		for (const id of account.expired) expect(emu.state.paymentLinks.get(id)).toMatchObject({ active: false, inactive_message: MESSAGE });
		for (const id of [...account.unreadable, ...account.others, ...account.inactive]) expect(JSON.stringify(emu.state.paymentLinks.get(id))).toBe(before.get(id));

		// The request log: one listing of the active links (3 pages of 100), then 120 POSTs.
		const gets = listings(emu.requests);
		expect(gets.map((request) => [request.query.active, request.query.limit, request.query.starting_after ?? null])).toEqual([
			['true', '100', null],
			['true', '100', gets[1].query.starting_after],
			['true', '100', gets[2].query.starting_after],
		]);
		expect(gets[1].query.starting_after).toBeDefined();
		const deactivations = posts(emu.requests);
		expect(deactivations).toHaveLength(120);
		expect(sorted(deactivations.map((request) => request.path.split('/').pop()))).toEqual(sorted(account.expired));
		for (const request of deactivations) expect(request.body).toEqual({ active: 'false', inactive_message: MESSAGE });
		// Each with its own idempotency key.
		expect(new Set(deactivations.map((request) => request.idempotencyKey)).size).toBe(120);
		expect(emu.requests).toHaveLength(123);
		// Through the pacer: never more in flight than Max Concurrent Requests.
		expect(emu.stats.maxInFlight).toBeLessThanOrEqual(4);
	});

	test('Dry Run lists the same links and changes nothing on the emulator', async () => {
		const account = seedAccount();
		const before = snapshot();
		const output = await runNode({ credentials: credentials(), typeVersion: 2, items: [{}, {}], parameters: deactivateExpired({ dryRun: true }) });

		expect(sorted(byOutcome(output, 'would_be_deactivated').map((item) => item.json.id))).toEqual(sorted(account.expired));
		expect(sorted(byOutcome(output, 'expires_at_unreadable').map((item) => item.json.id))).toEqual(sorted(account.unreadable));
		expect(output).toHaveLength(125);
		for (const item of byOutcome(output, 'would_be_deactivated')) expect(item.json.active).toBe(true);
		expect(snapshot()).toBe(before);
		expect(posts(emu.requests)).toEqual([]);
		expect(listings(emu.requests)).toHaveLength(3);
		expect(emu.requests).toHaveLength(3);
	});
});

describe('Deactivate Expired in the pipeline', () => {
	function seedSome(expired: number, future = 2) {
		const ids: string[] = [];
		for (let i = 0; i < expired; i++) ids.push(emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }], metadata: { expires_at: '2021-05-01T12:00:00Z' } }).id);
		for (let i = 0; i < future; i++) emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }], metadata: { expires_at: '2099-05-01T12:00:00Z' } });
		return ids;
	}

	test('a server error is retried with the same idempotency key, and Stripe’s full object is output with Simplify off', async () => {
		const [id] = seedSome(1);
		emu.setFaults({ failNext: [{ status: 500, method: 'POST' }, { status: 503, method: 'POST' }] });
		const output = await runNode({ credentials: credentials(), typeVersion: 2, parameters: deactivateExpired({ simplify: false }) });
		expect(output.map((item) => [item.json.id, item.json.object, item.json.active, item.json.outcome])).toEqual([[id, 'payment_link', false, 'deactivated']]);
		const attempts = posts(emu.requests);
		expect(attempts.map((request) => request.status)).toEqual([500, 503, 200]);
		expect(new Set(attempts.map((request) => request.idempotencyKey)).size).toBe(1);
	});

	test('a link Stripe refuses to change: the error names it and says the others were done; Retry On Fail lists again and finishes', async () => {
		const ids = seedSome(3);
		emu.setFaults({ failNext: [{ status: 400, method: 'POST', error: { type: 'invalid_request_error', message: 'This link cannot be changed right now.' } }] });
		const execution = newExecution();
		const error = await runNode({ credentials: credentials(), typeVersion: 2, execution, parameters: deactivateExpired() }).catch((caught) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Deactivate Expired: 1 of 3 expired links could not be deactivated \(plink_\w+: This link cannot be changed right now\.\)\. The other 2 were deactivated; run again to retry the rest\.$/);
		const failedId = /\((plink_\w+):/.exec(error.message)![1];
		expect(ids.filter((id) => emu.state.paymentLinks.get(id).active)).toEqual([failedId]);

		// n8n's Retry On Fail re-runs the node in the same execution: a new listing finds the one left.
		const retried = await runNode({ credentials: credentials(), typeVersion: 2, execution, parameters: deactivateExpired() });
		expect(retried.map((item) => [item.json.id, item.json.outcome])).toEqual([[failedId, 'deactivated']]);
		expect(listings(emu.requests)).toHaveLength(2);
		expect(ids.every((id) => emu.state.paymentLinks.get(id).active === false)).toBe(true);
	});

	test('with Continue On Fail the link that failed is an item of its own, with Stripe’s error', async () => {
		seedSome(2);
		emu.setFaults({ failNext: [{ status: 400, method: 'POST', error: { type: 'invalid_request_error', message: 'Nope.' } }] });
		const output = await runNode({ credentials: credentials(), typeVersion: 2, continueOnFail: true, parameters: deactivateExpired() });
		expect(output.map((item) => item.json.outcome).sort()).toEqual(['deactivated', 'failed']);
		expect(byOutcome(output, 'failed')[0].json.error).toMatchObject({ message: 'Nope.', type: 'invalid_request_error', statusCode: 400 });
	});

	test('each execution sends its own keys; a link reactivated since is deactivated again', async () => {
		const [id] = seedSome(1, 0);
		await runNode({ credentials: credentials(), typeVersion: 2, parameters: deactivateExpired() });
		emu.state.paymentLinks.get(id).active = true;
		const [again] = await runNode({ credentials: credentials(), typeVersion: 2, parameters: deactivateExpired() });
		expect(again.json).toMatchObject({ id, outcome: 'deactivated', idempotent_replayed: false });
		expect(emu.state.paymentLinks.get(id).active).toBe(false);
		const [first, second] = posts(emu.requests);
		expect(first.idempotencyKey).not.toBe(second.idempotencyKey);
	});

	test('nothing expired: one listing, no output, nothing sent; an over-long Inactive Message is refused before listing', async () => {
		seedSome(0, 3);
		expect(await runNode({ credentials: credentials(), typeVersion: 2, parameters: deactivateExpired() })).toEqual([]);
		expect(emu.requests.map((request) => request.method)).toEqual(['GET']);
		const error = await runNode({ credentials: credentials(), typeVersion: 2, parameters: deactivateExpired({ inactiveMessage: 'x'.repeat(501) }) }).catch((caught) => caught);
		expect(error.message).toBe('Inactive Message can be at most 500 characters (got 501).');
		expect(emu.requests).toHaveLength(1);
	});

	test('the operation is in the form, with its fields', () => {
		const operation = nodeType.description.properties.find((property) => property.name === 'operation')!;
		expect((operation.options as INodePropertyOptions[]).map((option) => option.value)).toContain('deactivateExpired');
		const shown = nodeType.description.properties
			.filter((property) => (property.displayOptions?.show?.operation as string[] | undefined)?.includes('deactivateExpired'))
			.map((property) => property.name);
		expect(shown).toEqual(['deactivateExpiredNotice', 'inactiveMessage', 'dryRun', 'simplify', 'simplify', 'requestSettings']);
	});
});
