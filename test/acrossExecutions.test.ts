/**
 * Exactly once across executions: n8n's Retry execution, a manual re-run or the next scheduled
 * run sends the same items again under a new execution id. Through the real RoutingNode against
 * the emulator, which can become unreachable part-way through a run and can forget idempotency
 * keys as Stripe does after 24 hours.
 */
import { Readable } from 'stream';

import { NodeApiError } from 'n8n-workflow';

import { startEmulator, type Emulator, type RecordedRequest } from './harness/emulator';
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
	emu.setLatency(0);
	price = emu.seedPrice({ unit_amount: 700, currency: 'eur', product: { name: 'Ticket' } });
});

const rows = (n: number, from = 0) =>
	Array.from({ length: n }, (_, i) => ({ row: `row-${from + i}`, sku: `SKU-${from + i}`, qty: ((from + i) % 5) + 1 }));
const withPrice = <T extends object>(input: T[]) => input.map((r) => ({ ...r, price: price.id as string }));
const createFromRows = (requestSettings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
	operation: 'create',
	lineItems: { items: [{ price: '={{ $json.price }}', quantity: '={{ $json.qty }}' }] },
	additionalFields: { metadata: { values: [{ key: 'row', value: '={{ $json.row }}' }] } },
	requestSettings,
	...extra,
});
const lookup = (options: Record<string, unknown> = {}) => ({ createIfMissing: { lookup: { key: '={{ $json.sku }}', ...options } } });

const posts = (): RecordedRequest[] => emu.requests.filter((r) => r.method === 'POST');
const listRequests = (): RecordedRequest[] => emu.requests.filter((r) => r.method === 'GET' && r.path === '/v1/payment_links');
const linksPerRow = (): Map<string, number> => {
	const counts = new Map<string, number>();
	for (const link of emu.state.paymentLinks.values()) counts.set(link.metadata.row, (counts.get(link.metadata.row) ?? 0) + 1);
	return counts;
};

/** Stripe becomes unreachable after `afterWrites` creates; `lostWrites` more are made but their answers lost. */
async function runUntilOutage(input: Array<Record<string, unknown>>, parameters: Record<string, unknown>, afterWrites: number, lostWrites = 2) {
	emu.setFaults({ outage: { afterWrites, lostWrites } });
	const error = await runNode({ credentials: credentials(), items: input, parameters }).catch((e) => e);
	emu.setFaults({});
	return error;
}

describe('Same Input Item keys (the default) survive a new execution', () => {
	test('60 rows, Stripe unreachable after 30 creates, the same items under a new execution id: exactly 60 links', async () => {
		const input = withPrice(rows(60));
		const error = await runUntilOutage(input, createFromRows(), 30);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/^Could not reach Stripe at 127\.0\.0\.1:\d+ \(ECONNRESET\) after 2 retries$/);
		const linksBefore = emu.state.paymentLinks.size;
		// 30 answered, 2 made whose answers were lost, nothing after that.
		expect(linksBefore).toBe(32);

		// n8n's Retry execution: a new execution id, the same node and input items.
		const output = await runNode({ credentials: credentials(), items: input, parameters: createFromRows() });
		expect(output).toHaveLength(60);
		expect(output.map((o) => (o.json.metadata as any).row)).toEqual(input.map((r) => r.row));
		expect(emu.state.paymentLinks.size).toBe(60);
		expect([...linksPerRow().values()].every((count) => count === 1)).toBe(true);
		// The 32 links the failed execution made come back as Stripe's replayed answers.
		const replayed = output.filter((o) => o.json.idempotent_replayed === true);
		expect(replayed).toHaveLength(linksBefore);
		expect(output.filter((o) => o.json.idempotent_replayed === false)).toHaveLength(60 - linksBefore);
		console.log(`retry across executions: ${linksBefore} links before the retry, ${emu.state.paymentLinks.size} after, ${replayed.length} replayed`);
	});

	test('This Execution Only keeps the old behaviour: the new execution duplicates what the failed one made', async () => {
		const input = withPrice(rows(60));
		const parameters = createFromRows({ idempotencyScope: 'execution' });
		await runUntilOutage(input, parameters, 30);
		expect(emu.state.paymentLinks.size).toBe(32);
		await runNode({ credentials: credentials(), items: input, parameters });
		expect(emu.state.paymentLinks.size).toBe(92);
	});

	test('identical rows: each still gets its own link, and only one, across the failed and the new execution', async () => {
		// 20 distinct rows, each three times: 60 items, 60 links wanted.
		const input = withPrice([...rows(20), ...rows(20), ...rows(20)]);
		await runUntilOutage(input, createFromRows(), 30);
		expect(emu.state.paymentLinks.size).toBe(32);
		const output = await runNode({ credentials: credentials(), items: input, parameters: createFromRows() });
		expect(output).toHaveLength(60);
		expect(new Set(output.map((o) => o.json.id)).size).toBe(60);
		expect(emu.state.paymentLinks.size).toBe(60);
		expect([...linksPerRow().values()]).toEqual(Array(20).fill(3));
	});

	test('rows in another order keep their keys: a re-run of a re-sorted sheet replays every link', async () => {
		const input = withPrice(rows(6));
		const first = await runNode({ credentials: credentials(), items: input, parameters: createFromRows() });
		const reordered = [input[3], input[0], input[5], input[1], input[4], input[2]];
		const second = await runNode({ credentials: credentials(), items: reordered, parameters: createFromRows() });
		expect(emu.state.paymentLinks.size).toBe(6);
		expect(second.every((o) => o.json.idempotent_replayed === true)).toBe(true);
		const idByRow = new Map(first.map((o) => [(o.json.metadata as any).row, o.json.id]));
		expect(second.map((o) => o.json.id)).toEqual(reordered.map((r) => idByRow.get(r.row)));
	});

	test('a loop with two passes of different rows creates both; running the loop again replays both', async () => {
		const loop = async () => {
			const execution = newExecution();
			const passes = [withPrice(rows(10, 0)), withPrice(rows(10, 10))];
			const outputs = [];
			for (const [pass, items] of passes.entries()) {
				outputs.push(...(await runNode({ credentials: credentials(), items, execution, loopPass: pass, parameters: createFromRows() })));
			}
			return outputs;
		};
		const first = await loop();
		expect(emu.state.paymentLinks.size).toBe(20);
		expect(first.every((o) => o.json.idempotent_replayed === false)).toBe(true);
		const again = await loop();
		expect(emu.state.paymentLinks.size).toBe(20);
		expect(again.every((o) => o.json.idempotent_replayed === true)).toBe(true);
	});

	test('identical rows in different loop passes count as the same row (the documented price of stable keys)', async () => {
		const execution = newExecution();
		const [a] = await runNode({ credentials: credentials(), items: withPrice(rows(1)), execution, loopPass: 0, parameters: createFromRows() });
		const [b] = await runNode({ credentials: credentials(), items: withPrice(rows(1)), execution, loopPass: 1, parameters: createFromRows() });
		expect(b.json.id).toBe(a.json.id);
		expect(b.json.idempotent_replayed).toBe(true);
		expect(emu.state.paymentLinks.size).toBe(1);
	});

	test('a changed request never replays: another price on the same row is a new link', async () => {
		const input = withPrice(rows(1));
		await runNode({ credentials: credentials(), items: input, parameters: createFromRows() });
		const otherPrice = emu.seedPrice({ unit_amount: 900, currency: 'eur', product: { name: 'Ticket+' } });
		const [item] = await runNode({ credentials: credentials(), items: input.map((r) => ({ ...r, price: otherPrice.id })), parameters: createFromRows() });
		expect(item.json.idempotent_replayed).toBe(false);
		expect(emu.state.paymentLinks.size).toBe(2);
	});

	test('the replay flag is in the simplified output too, and on every POST (update)', async () => {
		const input = withPrice(rows(1));
		const parameters = { ...createFromRows(), simplify: true };
		const [first] = await runNode({ credentials: credentials(), items: input, parameters });
		const [again] = await runNode({ credentials: credentials(), items: input, parameters });
		expect(first.json).toMatchObject({ id: again.json.id, idempotent_replayed: false });
		expect(again.json).toMatchObject({ url: first.json.url, idempotent_replayed: true });
		expect(again.json.line_items).toBeUndefined();

		const update = { operation: 'update', paymentLinkId: { __rl: true, mode: 'id', value: first.json.id }, additionalFields: { inactiveMessage: 'Sold out' } };
		const [updated] = await runNode({ credentials: credentials(), parameters: update });
		const [updatedAgain] = await runNode({ credentials: credentials(), parameters: update });
		expect([updated.json.idempotent_replayed, updatedAgain.json.idempotent_replayed]).toEqual([false, true]);
		// A read has no such flag.
		const [read] = await runNode({ credentials: credentials(), parameters: { operation: 'get', paymentLinkId: update.paymentLinkId } });
		expect(read.json).not.toHaveProperty('idempotent_replayed');
	});
});

describe('binary data in the key', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require('@n8n/di');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { BinaryDataService } = require('n8n-core');
	const stored = new Map<string, Buffer>();

	beforeAll(() => {
		// n8n's filesystem mode, with the files kept in memory: n8n's own getBinaryStream reads them.
		Container.get(BinaryDataService).setManager('filesystem-v2', {
			getAsStream: async (fileId: string) => Readable.from([stored.get(fileId)!]),
		});
	});

	/** An item as n8n's filesystem mode hands it over: the id names the execution that stored it. */
	function fileItem(execution: string, content: string) {
		const fileId = `workflows/wf-test/executions/${execution}/binary_data/${stored.size}`;
		stored.set(fileId, Buffer.from(content));
		return { json: { row: 'same', price: price.id, qty: 1 }, binary: { data: { data: 'filesystem-v2', id: `filesystem-v2:${fileId}`, mimeType: 'text/plain' } } };
	}

	test('the same content under a new id (a re-run) replays; other content is another link', async () => {
		const run = (items: any[]) => runNode({ credentials: credentials(), items, fullItems: true, parameters: createFromRows() });
		const first = await run([fileItem('1', 'invoice A'), fileItem('1', 'invoice B')]);
		expect(new Set(first.map((o) => o.json.id)).size).toBe(2);
		const rerun = await run([fileItem('2', 'invoice A'), fileItem('2', 'invoice B')]);
		expect(rerun.map((o) => o.json.id)).toEqual(first.map((o) => o.json.id));
		expect(rerun.every((o) => o.json.idempotent_replayed === true)).toBe(true);
		expect(emu.state.paymentLinks.size).toBe(2);
	});

	test('binary data kept in memory (base64) is hashed by its content too', async () => {
		const item = (content: string) => ({
			json: { row: 'same', price: price.id, qty: 1 },
			binary: { data: { data: Buffer.from(content).toString('base64'), mimeType: 'text/plain' } },
		});
		const run = (items: any[]) => runNode({ credentials: credentials(), items, fullItems: true, parameters: createFromRows() });
		await run([item('A'), item('B')]);
		const again = await run([item('B'), item('A')]);
		expect(again.every((o) => o.json.idempotent_replayed === true)).toBe(true);
		expect(emu.state.paymentLinks.size).toBe(2);
	});
});

describe('after 24 hours: Create If Missing', () => {
	test('Stripe forgot the keys: without it a re-run duplicates every link, with it nothing is created', async () => {
		const input = withPrice(rows(60));
		await runNode({ credentials: credentials(), items: input, parameters: createFromRows() });
		emu.expireIdempotencyKeys();
		await runNode({ credentials: credentials(), items: input, parameters: createFromRows() });
		expect(emu.state.paymentLinks.size).toBe(120);

		emu.reset();
		price = emu.seedPrice({ unit_amount: 700, currency: 'eur', product: { name: 'Ticket' } });
		const keyed = withPrice(rows(60));
		const first = await runNode({ credentials: credentials(), items: keyed, parameters: createFromRows({}, lookup()) });
		expect(first.every((o) => o.json.reused === false)).toBe(true);
		expect(emu.state.paymentLinks.size).toBe(60);
		expect([...emu.state.paymentLinks.values()].map((link) => link.metadata.n8n_link_key).sort()).toEqual(keyed.map((r) => r.sku).sort());
		emu.expireIdempotencyKeys();
		const requestsBefore = emu.requests.length;

		const rerun = await runNode({ credentials: credentials(), items: keyed, parameters: createFromRows({}, lookup()) });
		const spent = emu.requests.slice(requestsBefore);
		expect(spent.filter((r) => r.method === 'POST')).toHaveLength(0);
		expect(spent).toHaveLength(1); // one listing of the 60 active links
		expect(spent[0].query).toMatchObject({ active: 'true', limit: '100' });
		expect(emu.state.paymentLinks.size).toBe(60);
		expect(rerun.map((o) => o.json.id)).toEqual(first.map((o) => o.json.id));
		expect(rerun.every((o) => o.json.reused === true && o.json.idempotent_replayed === false)).toBe(true);
	});

	test.each([
		[0, 1],
		[99, 1],
		[100, 1],
		[101, 2],
		[250, 3],
	])('with %i links in the account the lookup costs %i list request(s) per run, not per item', async (existing, expected) => {
		for (let i = 0; i < existing; i++) {
			emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }], metadata: { n8n_link_key: `OLD-${i}` } });
		}
		// 12 rows: 10 keys that exist when there are links, 2 that are new, one of them twice.
		const input = withPrice([...rows(10).map((r, i) => ({ ...r, sku: existing > i ? `OLD-${i}` : r.sku })), ...rows(2, 10), ...rows(1, 10)]);
		const output = await runNode({ credentials: credentials(), items: input, parameters: createFromRows({}, lookup()) });
		expect(listRequests()).toHaveLength(expected);
		expect(output).toHaveLength(13);
		const reusedExisting = Math.min(existing, 10);
		expect(posts()).toHaveLength(10 - reusedExisting + 2);
		expect(emu.state.paymentLinks.size).toBe(existing + 10 - reusedExisting + 2);
		console.log(`lookup: ${existing} existing links → ${listRequests().length} list request(s) for ${input.length} rows, ${posts().length} created`);
	});

	test('two rows with the same key in one run: one link, both items carry it, the second marked reused', async () => {
		const input = withPrice([
			{ row: 'a1', sku: 'A', qty: 1 },
			{ row: 'a2', sku: 'A', qty: 2 },
			{ row: 'b', sku: 'B', qty: 1 },
		]);
		const output = await runNode({ credentials: credentials(), items: input, parameters: createFromRows({}, lookup()) });
		expect(emu.state.paymentLinks.size).toBe(2);
		expect(posts().map((r) => r.body.metadata.row)).toEqual(['a1', 'b']);
		expect(output.map((o) => [o.json.metadata, o.json.reused])).toEqual([
			[{ row: 'a1', n8n_link_key: 'A' }, false],
			[{ row: 'a1', n8n_link_key: 'A' }, true],
			[{ row: 'b', n8n_link_key: 'B' }, false],
		]);
		expect(output[1].json.id).toBe(output[0].json.id);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('when the row that claimed a key fails, the next row with that key creates the link', async () => {
		const input = [
			{ row: 'bad', sku: 'A', qty: 1, price: 'price_doesNotExist1' },
			{ row: 'good', sku: 'A', qty: 1, price: price.id },
		];
		const output = await runNode({ credentials: credentials(), items: input, continueOnFail: true, parameters: createFromRows({}, lookup()) });
		expect((output[0].json.error as any).message).toMatch(/No such price/);
		expect(output[1].json).toMatchObject({ reused: false, metadata: { row: 'good', n8n_link_key: 'A' } });
		expect(emu.state.paymentLinks.size).toBe(1);
	});

	test('active links only by default; Include Inactive Links finds a deactivated one', async () => {
		const old = emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }], metadata: { n8n_link_key: 'SKU-0' } });
		emu.state.paymentLinks.get(old.id).active = false;
		const input = withPrice(rows(1));
		const [fresh] = await runNode({ credentials: credentials(), items: input, parameters: createFromRows({}, lookup()) });
		expect(fresh.json).toMatchObject({ reused: false, active: true });
		expect(fresh.json.id).not.toBe(old.id);
		expect(listRequests()[0].query.active).toBe('true');

		emu.state.paymentLinks.delete(fresh.json.id as string);
		emu.requests.length = 0;
		const [found] = await runNode({ credentials: credentials(), items: input, parameters: createFromRows({}, lookup({ includeInactive: true })) });
		expect(found.json).toMatchObject({ id: old.id, reused: true, active: false });
		expect(listRequests()[0].query.active).toBeUndefined();
	});

	test('Metadata Name: links made before, carrying the key under another name, are found', async () => {
		const old = emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }], metadata: { sku: 'SKU-0' } });
		const [item] = await runNode({
			credentials: credentials(),
			items: withPrice(rows(1)),
			parameters: { ...createFromRows({}, lookup({ metadataKey: 'sku' })), simplify: true },
		});
		expect(item.json).toMatchObject({ id: old.id, reused: true, idempotent_replayed: false, metadata: { sku: 'SKU-0' } });
		expect(posts()).toHaveLength(0);
	});

	test('a reused link is expanded like a created one (Expand on Create lists with data.…)', async () => {
		const parameters = createFromRows({}, { ...lookup(), additionalFields: { expand: ['line_items'], metadata: { values: [{ key: 'row', value: '={{ $json.row }}' }] } } });
		const [created] = await runNode({ credentials: credentials(), items: withPrice(rows(1)), parameters });
		emu.expireIdempotencyKeys();
		const [reused] = await runNode({ credentials: credentials(), items: withPrice(rows(1)), parameters });
		expect(reused.json).toMatchObject({ id: created.json.id, reused: true });
		expect(reused.json.line_items).toEqual(created.json.line_items);
		expect((reused.json.line_items as any).data).toHaveLength(1);
		expect(listRequests().at(-1)!.query.expand).toEqual(['data.line_items']);
	});

	test('bad lookup input is refused naming the field and the row, and nothing is sent for it', async () => {
		const output = await runNode({
			credentials: credentials(),
			items: withPrice([
				{ row: 'r0', sku: '', qty: 1 },
				{ row: 'r1', sku: 'X'.repeat(501), qty: 1 },
			]),
			continueOnFail: true,
			parameters: createFromRows({}, lookup()),
		});
		expect((output[0].json.error as any).message).toMatch(/^Create If Missing: Key is empty for this item/);
		expect((output[1].json.error as any).message).toMatch(/^Create If Missing: Key is 501 characters/);
		const conflicting = await runNode({
			credentials: credentials(),
			items: withPrice(rows(1)),
			parameters: createFromRows({}, { createIfMissing: { lookup: { key: '={{ $json.sku }}', metadataKey: 'row' } } }),
		}).catch((e) => e);
		expect(conflicting).toBeInstanceOf(NodeApiError);
		expect(conflicting.message).toMatch(/^Metadata: "row" is where Create If Missing stores the key \("SKU-0"\), but Metadata sets it to "row-0"/);
		expect(conflicting.context.itemIndex).toBe(0);
		expect(posts()).toHaveLength(0);
	});

	test('the listing goes through the pacer and retries: a failed page is retried, still one listing', async () => {
		for (let i = 0; i < 150; i++) emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }], metadata: { n8n_link_key: `OLD-${i}` } });
		emu.setFaults({ failNext: [{ status: 503, method: 'GET' }] });
		const output = await runNode({
			credentials: credentials(),
			items: withPrice(rows(5)).map((r, i) => ({ ...r, sku: `OLD-${i * 30}` })),
			parameters: createFromRows({ connectedAccount: 'acct_1Alpha' }, lookup()),
		});
		expect(output.every((o) => o.json.reused === true)).toBe(true);
		expect(listRequests().map((r) => r.status)).toEqual([503, 200, 200]);
		expect(listRequests().every((r) => r.headers['stripe-account'] === 'acct_1Alpha')).toBe(true);
		expect(listRequests().every((r) => r.headers['idempotency-key'] === undefined)).toBe(true);
	});

	test('alone, without idempotency keys, it still makes one link per row across a part-way failure and a new execution', async () => {
		const input = withPrice(rows(60));
		const parameters = createFromRows({ idempotencyScope: 'off' }, lookup());
		await runUntilOutage(input, parameters, 30);
		expect(emu.state.paymentLinks.size).toBe(32);
		const output = await runNode({ credentials: credentials(), items: input, parameters });
		expect(emu.state.paymentLinks.size).toBe(60);
		expect(output.filter((o) => o.json.reused === true)).toHaveLength(32);
	});

	test('Retry On Fail after answers were lost: the node lists again instead of trusting its earlier listing', async () => {
		const input = withPrice(rows(60));
		const parameters = createFromRows({ idempotencyScope: 'off' }, lookup());
		const execution = newExecution();
		emu.setFaults({ outage: { afterWrites: 30, lostWrites: 2 } });
		await expect(runNode({ credentials: credentials(), items: input, execution, parameters })).rejects.toThrow(/Could not reach Stripe/);
		emu.setFaults({});
		const listingsBefore = listRequests().length;
		// Same execution, same execute data: n8n's Retry On Fail.
		const output = await runNode({ credentials: credentials(), items: input, execution, parameters });
		expect(listRequests().length).toBe(listingsBefore + 1);
		expect(output).toHaveLength(60);
		expect(emu.state.paymentLinks.size).toBe(60);
		expect([...linksPerRow().values()].every((count) => count === 1)).toBe(true);
	});
});
