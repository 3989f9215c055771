/**
 * The request pipeline evaluates every `{{ … }}` of the line items, metadata and other groups
 * of an item in one call to n8n's expression engine (helpers/pipelineGroups.ts), and falls back
 * to reading each group with getNodeParameter whenever that might differ. These tests pin what
 * reaches Stripe and which errors users see, for both paths, through RoutingNode.
 */
import { Expression } from 'n8n-workflow';

import { startEmulator, type Emulator } from './harness/emulator';
import { runNode, TEST_SECRET_KEY } from './harness/runNode';

let emu: Emulator;
let price: string;

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY] });
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.reset();
	price = emu.seedPrice({ unit_amount: 1500, currency: 'usd', product: { name: 'T-shirt' } }).id;
});

const rows = [
	{ qty: 3, row: 1, note: 'café ✓', flag: true, zero: 0, empty: '', big: 1e21, lead: '007', obj: { a: 1 } },
	{ qty: '2', row: 2, note: 'x', flag: false, zero: 0, empty: null, big: -0.5, lead: '0', obj: [1] },
];

const entry = (key: string, value: string) => ({ key, value });
const metadata = [
	entry('row', '={{ $json.row }}'),
	entry('note', '={{ $json.note.toUpperCase() }}'),
	entry('flag', '={{ $json.flag }}'),
	entry('idx', '={{ $itemIndex }}'),
	entry('zero', '={{ $json.zero }}'),
	entry('empty', '={{ $json.empty }}'),
	entry('ext', '={{ "12".toNumber() + 1 }}'),
	entry('big', '={{ $json.big }}'),
	entry('lead', '={{ $json.lead }}'),
	entry('missing', '={{ $json.nope }}'),
	entry('plain', 'text'),
];

function parameters(extra: Array<{ key: string; value: string }> = []) {
	return {
		operation: 'create',
		lineItemsV2: {
			items: [
				{ priceSource: 'price', price: { __rl: true, mode: 'id', value: '={{ $json.price }}' }, quantity: '={{ $json.qty }}' },
				// A comment at the end of an expression must not swallow the ones after it.
				{ priceSource: 'price', price: { __rl: true, mode: 'id', value: '={{ $json.price2 ?? $json.price }}' }, quantity: '={{ $json.qty * 2 // doubled\n}}' },
			],
		},
		additionalFields: {
			afterCompletion: { values: { type: 'redirect', url: '={{ "https://shop.example/r/" + $json.row }}' } },
			metadata: { values: [...metadata, ...extra] },
		},
		requestSettings: { maxRequestsPerSecond: 0, maxRetries: 0 },
	};
}

const expectedBody = (index: number) => ({
	line_items: [
		{ price, quantity: ['3', '2'][index] },
		{ price, quantity: ['6', '4'][index] },
	],
	after_completion: { type: 'redirect', redirect: { url: `https://shop.example/r/${index + 1}` } },
	metadata: {
		row: String(index + 1),
		note: ['CAFÉ ✓', 'X'][index],
		flag: ['true', 'false'][index],
		idx: String(index),
		zero: '0',
		empty: '',
		ext: '13',
		big: ['1e+21', '-0.5'][index],
		lead: ['007', '0'][index],
		missing: '',
		plain: 'text',
	},
});

/** What `work` returns, and every expression n8n's engine evaluated meanwhile (its text). */
async function withEvaluations<T>(work: () => Promise<T>): Promise<{ result: T; evaluated: string[] }> {
	const evaluate = jest.spyOn(Expression.prototype, 'resolveSimpleParameterValue');
	try {
		const result = await work();
		const evaluated = evaluate.mock.calls.map(([value]) => value).filter((value): value is string => typeof value === 'string' && value.startsWith('='));
		return { result, evaluated };
	} finally {
		evaluate.mockRestore();
	}
}

/** Runs the node over the two rows and counts the expression engine's calls per item. */
async function run(extra: Array<{ key: string; value: string }> = []) {
	const { result: output, evaluated } = await withEvaluations(() =>
		runNode({
			credentials: { baseUrl: emu.url },
			items: rows.map((row) => ({ ...row, price })),
			parameters: parameters(extra),
			continueOnFail: true,
			typeVersion: 2,
		}),
	);
	const combined = evaluated.filter((value) => value.startsWith('={{ [\n(')).length;
	return { output, callsPerItem: evaluated.length / rows.length, combinedPerItem: combined / rows.length, bodies: emu.requests.filter((r) => r.method === 'POST').map((r) => r.body) };
}

test('single {{ … }} expressions of all groups are evaluated together, and Stripe gets what one by one gives', async () => {
	const together = await run();
	expect(together.bodies).toEqual([expectedBody(0), expectedBody(1)]);
	// Stripe keeps no metadata key whose value is empty.
	const stored = (index: number) => Object.fromEntries(Object.entries(expectedBody(index).metadata).filter(([, value]) => value !== ''));
	expect(together.output.map((item) => item.json.metadata)).toEqual([stored(0), stored(1)]);

	// A template with text around its expression is read one group at a time: same body, more calls.
	emu.reset();
	const oneByOne = await run([entry('tpl', '=row {{ $json.row }}')]);
	expect(oneByOne.bodies.map(({ metadata: { tpl, ...rest }, ...body }) => [tpl, { ...body, metadata: rest }])).toEqual([
		['row 1', expectedBody(0)],
		['row 2', expectedBody(1)],
	]);
	// The pipeline's 15 calls per item became 1; RoutingNode's own evaluations are unchanged.
	expect([together.combinedPerItem, oneByOne.combinedPerItem]).toEqual([1, 0]);
	expect(oneByOne.callsPerItem - together.callsPerItem).toBeGreaterThanOrEqual(15 - 1);
});

test.each([
	// getNodeParameter turns a date into its ISO text; together, it would come out as an object.
	['a date', '={{ DateTime.fromISO("2026-12-03T10:00:00.000Z", { zone: "utc" }) }}', { 0: '2026-12-03T10:00:00.000Z', 1: '2026-12-03T10:00:00.000Z' }],
	['a reference to parameters', '={{ $parameter.operation }}', { 0: 'create', 1: 'create' }],
	['an error inside the expression (n8n gives null)', '={{ $json.nope.deeper }}', { 0: '', 1: '' }],
])('a value that is %s is read by getNodeParameter, as before', async (_what, expression, sent) => {
	const { bodies } = await run([entry('extra', expression)]);
	expect(bodies.map((body) => body.metadata.extra)).toEqual([sent[0], sent[1]]);
	expect(bodies.map(({ metadata: { extra, ...rest }, ...body }) => ({ ...body, metadata: rest }))).toEqual([expectedBody(0), expectedBody(1)]);
});

test.each([
	['a syntax error', '={{ $json. }}', 'invalid syntax'],
	['a function instead of a value', '={{ $json.note.toUpperCase }}', 'this is a function, please add ()'],
	['a constructor call', '={{ $json.constructor }}', 'Expression contains invalid constructor function call'],
])('%s fails each item with n8n’s own message and sends nothing', async (_what, expression, message) => {
	const { output, bodies } = await run([entry('bad', expression)]);
	expect(output.map((item) => item.json.error ?? item.error?.message)).toEqual([message, message]);
	expect(bodies).toEqual([]);
	expect(emu.state.paymentLinks.size).toBe(0);
});

describe('how often RoutingNode and the pipeline evaluate an expression per item', () => {
	/** Evaluations of `expression` per item in a run over two rows. */
	async function evaluationsPerItem(expression: string, parameters: Record<string, unknown>, items: Array<Record<string, unknown>>) {
		const { evaluated } = await withEvaluations(() => runNode({ credentials: { baseUrl: emu.url }, items, parameters, typeVersion: 2 }));
		return evaluated.filter((value) => value === expression).length / items.length;
	}

	// RoutingNode evaluates a parameter once per property of its name in each of its two passes
	// over the properties; the pipeline reads it once. One property per name: 2 + 1.
	test('the Payment Link picker’s expression: 3 times, not once more per operation that has a picker', async () => {
		const links = await runNode({
			credentials: { baseUrl: emu.url },
			items: rows.map((row) => ({ ...row, price })),
			parameters: parameters(),
			typeVersion: 2,
		});
		const perItem = await evaluationsPerItem(
			'={{ $json.id }}',
			{ operation: 'deactivate', paymentLinkId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, requestSettings: { maxRequestsPerSecond: 0 } },
			links.map((link) => ({ id: link.json.id })),
		);
		expect(perItem).toBe(3);
		expect([...emu.state.paymentLinks.values()].map((link) => link.active)).toEqual([false, false]);
	});

	test('an Idempotency Key from the row: 5 times (Request Options are two properties: for writes, and for reads)', async () => {
		const perItem = await evaluationsPerItem(
			'={{ "row-" + $json.row }}',
			{ ...parameters(), requestSettings: { maxRequestsPerSecond: 0, idempotencyKey: '={{ "row-" + $json.row }}' } },
			rows.map((row) => ({ ...row, price })),
		);
		expect(perItem).toBe(5);
		expect(emu.requests.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key'])).toEqual(['row-1', 'row-2']);
	});

	test('a line item’s expression: as often as a Metadata value’s, in version 1 and in version 2', async () => {
		const count = async (typeVersion: number) => {
			const { lineItemsV2, ...rest } = parameters();
			const { evaluated } = await withEvaluations(() =>
				runNode({
					credentials: { baseUrl: emu.url },
					items: rows.map((row) => ({ ...row, price })),
					parameters: { ...rest, [typeVersion === 1 ? 'lineItems' : 'lineItemsV2']: lineItemsV2 },
					typeVersion,
				}),
			);
			return [evaluated.filter((value) => value === '={{ $json.qty }}').length, evaluated.filter((value) => value === '={{ $json.lead }}').length];
		};
		const [v1, v2] = [await count(1), await count(2)];
		expect(v1[0]).toBe(v1[1]);
		expect(v2).toEqual(v1);
	});
});
