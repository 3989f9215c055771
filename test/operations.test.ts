/**
 * Every operation through n8n-core's RoutingNode against the emulator: what goes on the
 * wire (decoded), and the items that come out.
 */
import type { ICredentialTestRequest } from 'n8n-workflow';
import { NodeApiError, Workflow } from 'n8n-workflow';

import { runCredentialTest } from './harness/credentialTest';
import { startEmulator, type Emulator } from './harness/emulator';
import { credentialType, runNode, TEST_SECRET_KEY } from './harness/runNode';

let emu: Emulator;
let priceA: any;
let priceB: any;
const credentials = () => ({ baseUrl: emu.url });
const fast = { requestSettings: { maxRequestsPerSecond: 0 } };

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY] });
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.reset();
	priceA = emu.seedPrice({ unit_amount: 1500, currency: 'usd', product: { name: 'T-shirt' } });
	priceB = emu.seedPrice({ unit_amount: 500, currency: 'usd', product: { name: 'Sticker' } });
});

const posts = () => emu.requests.filter((r) => r.method === 'POST');
const gets = () => emu.requests.filter((r) => r.method === 'GET');

describe('Create', () => {
	test('sends line items, after_completion, metadata and options in Stripe’s bracket form', async () => {
		const [item, ...rest] = await runNode({
			credentials: credentials(),
			parameters: {
				operation: 'create',
				lineItems: {
					items: [
						{ price: priceA.id, quantity: 2 },
						{ price: priceB.id, quantity: 1, adjustableQuantity: true, minimum: 1, maximum: 10 },
					],
				},
				additionalFields: {
					afterCompletion: { values: { type: 'redirect', url: 'https://shop.example/thanks' } },
					allowPromotionCodes: true,
					inactiveMessage: 'Sold out',
					metadata: { values: [{ key: 'order id', value: 'A-1' }, { key: 'sheet.row', value: '7' }] },
					restrictions: 50,
					submitType: 'donate',
				},
			},
		});
		expect(rest).toHaveLength(0);
		const [request] = posts();
		expect(request.path).toBe('/v1/payment_links');
		expect(request.headers['content-type']).toContain('application/x-www-form-urlencoded');
		expect(request.rawBody).toContain(`line_items%5B0%5D%5Bprice%5D=${priceA.id}`);
		expect(request.rawBody).toContain('after_completion%5Bredirect%5D%5Burl%5D=https%3A%2F%2Fshop.example%2Fthanks');
		expect(request.rawBody).toContain('metadata%5Border+id%5D=A-1');
		expect(request.body).toEqual({
			line_items: [
				{ price: priceA.id, quantity: '2' },
				{ price: priceB.id, quantity: '1', adjustable_quantity: { enabled: 'true', minimum: '1', maximum: '10' } },
			],
			after_completion: { type: 'redirect', redirect: { url: 'https://shop.example/thanks' } },
			allow_promotion_codes: 'true',
			inactive_message: 'Sold out',
			metadata: { 'order id': 'A-1', 'sheet.row': '7' },
			restrictions: { completed_sessions: { limit: '50' } },
			submit_type: 'donate',
		});
		expect(request.headers.authorization).toBe(`Bearer ${TEST_SECRET_KEY}`);
		expect(request.headers['stripe-version']).toBe('2026-10-28.endive');
		expect(item.json.id).toMatch(/^plink_/);
		expect(item.json.url).toMatch(/^https:\/\/buy\.stripe\.com\/test_/);
		expect(item.json.object).toBe('payment_link');
		expect(item.json.metadata).toEqual({ 'order id': 'A-1', 'sheet.row': '7' });
		// Stripe's link as it stands, plus whether Stripe replayed an earlier answer.
		const { idempotent_replayed: replayed, ...link } = item.json;
		expect(replayed).toBe(false);
		expect(link).toEqual(emu.state.paymentLinks.get(item.json.id as string));
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	test('hosted confirmation with a custom message', async () => {
		await runNode({
			credentials: credentials(),
			parameters: {
				operation: 'create',
				lineItems: { items: [{ price: priceA.id, quantity: 1 }] },
				additionalFields: { afterCompletion: { values: { type: 'hosted_confirmation', customMessage: 'Thanks!' } } },
			},
		});
		expect(posts()[0].body.after_completion).toEqual({
			type: 'hosted_confirmation',
			hosted_confirmation: { custom_message: 'Thanks!' },
		});
	});

	test('one link per spreadsheet row, price and quantity from $json expressions', async () => {
		const rows = [
			{ price: priceA.id, qty: 3, row: 1 },
			{ price: priceB.id, qty: '2', row: 2 },
			{ price: priceA.id, qty: 1, row: 3 },
		];
		const output = await runNode({
			credentials: credentials(),
			items: rows,
			parameters: {
				operation: 'create',
				lineItems: { items: [{ price: '={{ $json.price }}', quantity: '={{ $json.qty }}' }] },
				additionalFields: { metadata: { values: [{ key: 'row', value: '={{ $json.row }}' }] } },
				...fast,
			},
		});
		expect(output).toHaveLength(3);
		const sent = posts().map((r) => r.body);
		expect(sent.map((b) => [b.line_items[0].price, b.line_items[0].quantity, b.metadata.row]).sort()).toEqual(
			[
				[priceA.id, '3', '1'],
				[priceB.id, '2', '2'],
				[priceA.id, '1', '3'],
			].sort(),
		);
		expect(output.map((o) => (o.json.metadata as any).row)).toEqual(['1', '2', '3']);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(emu.state.paymentLinks.size).toBe(3);
	});

	test('Simplify returns the fields a next step needs', async () => {
		const [item] = await runNode({
			credentials: credentials(),
			parameters: { operation: 'create', lineItems: { items: [{ price: priceA.id, quantity: 1 }] }, simplify: true },
		});
		expect(Object.keys(item.json).sort()).toEqual(
			['active', 'after_completion_type', 'currency', 'expires_at', 'id', 'idempotent_replayed', 'livemode', 'metadata', 'url'].sort(),
		);
		expect(item.json.url).toMatch(/^https:\/\/buy\.stripe\.com\//);
	});
});

describe('Update, Deactivate, Activate', () => {
	let link: any;
	let lineItemId: string;
	beforeEach(() => {
		link = emu.seedPaymentLink({
			line_items: [{ price: priceA.id, quantity: 1 }],
			metadata: { keep: 'yes', drop: 'old' },
		});
		lineItemId = emu.state.lineItems.get(link.id)![0].id;
	});

	test('Update sends active, metadata (with a per-key unset), line item quantities, after_completion, inactive_message, restrictions', async () => {
		const [item] = await runNode({
			credentials: credentials(),
			parameters: {
				operation: 'update',
				paymentLinkId: { __rl: true, mode: 'id', value: link.id },
				updateFields: {
					active: false,
					metadata: { values: [{ key: 'drop', value: '' }, { key: 'new', value: 'v' }] },
					lineItems: { items: [{ id: lineItemId, quantity: 4, adjustableQuantity: true, minimum: 1, maximum: 5 }] },
					afterCompletion: { values: { type: 'redirect', url: 'https://shop.example/next' } },
					inactiveMessage: 'Closed for the season',
					restrictions: 10,
				},
			},
		});
		const [request] = posts();
		expect(request.path).toBe(`/v1/payment_links/${link.id}`);
		expect(request.body).toEqual({
			active: 'false',
			metadata: { drop: '', new: 'v' },
			line_items: [{ id: lineItemId, quantity: '4', adjustable_quantity: { enabled: 'true', minimum: '1', maximum: '5' } }],
			after_completion: { type: 'redirect', redirect: { url: 'https://shop.example/next' } },
			inactive_message: 'Closed for the season',
			restrictions: { completed_sessions: { limit: '10' } },
		});
		expect(item.json.active).toBe(false);
		expect(item.json.metadata).toEqual({ keep: 'yes', new: 'v' });
		expect(emu.state.lineItems.get(link.id)![0].quantity).toBe(4);
	});

	test('Update can clear all metadata and remove the session limit', async () => {
		const [item] = await runNode({
			credentials: credentials(),
			parameters: {
				operation: 'update',
				paymentLinkId: { __rl: true, mode: 'id', value: link.id },
				updateFields: { clearMetadata: true, restrictions: 0 },
			},
		});
		expect(posts()[0].body).toEqual({ metadata: '', restrictions: '' });
		expect(item.json.metadata).toEqual({});
	});

	test('the payment link can be given as a Dashboard URL', async () => {
		await runNode({
			credentials: credentials(),
			parameters: {
				operation: 'get',
				paymentLinkId: { __rl: true, mode: 'url', value: `https://dashboard.stripe.com/test/payment-links/${link.id}` },
			},
		});
		expect(gets()[0].path).toBe(`/v1/payment_links/${link.id}`);
	});

	test('Deactivate sends active=false with the inactive message; Activate sends active=true', async () => {
		const [deactivated] = await runNode({
			credentials: credentials(),
			parameters: {
				operation: 'deactivate',
				paymentLinkId: { __rl: true, mode: 'id', value: link.id },
				inactiveMessage: 'This offer has ended',
			},
		});
		expect(posts()[0].body).toEqual({ active: 'false', inactive_message: 'This offer has ended' });
		expect(deactivated.json.active).toBe(false);
		expect(deactivated.json.inactive_message).toBe('This offer has ended');

		const [activated] = await runNode({
			credentials: credentials(),
			parameters: { operation: 'activate', paymentLinkId: { __rl: true, mode: 'id', value: link.id } },
		});
		expect(posts()[1].body).toEqual({ active: 'true' });
		expect(activated.json.active).toBe(true);
	});
});

describe('Get', () => {
	test('without and with line items expanded', async () => {
		const link = emu.seedPaymentLink({ line_items: [{ price: priceA.id, quantity: 2 }] });
		const [plain] = await runNode({
			credentials: credentials(),
			parameters: { operation: 'get', paymentLinkId: { __rl: true, mode: 'id', value: link.id } },
		});
		expect(gets()[0].query).toEqual({});
		expect(plain.json.id).toBe(link.id);
		expect(plain.json.line_items).toBeUndefined();

		const [expanded] = await runNode({
			credentials: credentials(),
			parameters: { operation: 'get', paymentLinkId: { __rl: true, mode: 'id', value: link.id }, expandLineItems: true },
		});
		expect(gets()[1].query).toEqual({ expand: ['line_items'] });
		expect((expanded.json.line_items as any).data[0]).toMatchObject({ quantity: 2, price: { id: priceA.id } });
	});
});

describe('Get Many', () => {
	beforeEach(() => {
		for (let i = 0; i < 250; i++) emu.seedPaymentLink({ line_items: [{ price: priceA.id, quantity: 1 }], metadata: { n: String(i) } });
		for (let i = 0; i < 30; i++) {
			const link = emu.seedPaymentLink({ line_items: [{ price: priceB.id, quantity: 1 }] });
			emu.state.paymentLinks.get(link.id).active = false;
		}
	});

	test('Return All pages through 3 pages of 100 and keeps the active filter on every page', async () => {
		const output = await runNode({
			credentials: credentials(),
			parameters: { operation: 'getAll', returnAll: true, filters: { active: true }, ...fast },
		});
		expect(output).toHaveLength(250);
		expect(new Set(output.map((o) => o.json.id)).size).toBe(250);
		expect(output.every((o) => o.json.active === true)).toBe(true);
		const pages = gets();
		expect(pages).toHaveLength(3);
		expect(pages.map((p) => p.query.active)).toEqual(['true', 'true', 'true']);
		expect(pages.map((p) => p.query.limit)).toEqual(['100', '100', '100']);
		expect(pages[0].query.starting_after).toBeUndefined();
		expect(pages[1].query.starting_after).toBe(output[99].json.id);
		expect(pages[2].query.starting_after).toBe(output[199].json.id);
	});

	test('inactive filter', async () => {
		const output = await runNode({
			credentials: credentials(),
			parameters: { operation: 'getAll', returnAll: true, filters: { active: false } },
		});
		expect(output).toHaveLength(30);
		expect(output.every((o) => o.json.active === false)).toBe(true);
	});

	test('Limit smaller than a page asks Stripe for just that many', async () => {
		const output = await runNode({ credentials: credentials(), parameters: { operation: 'getAll', limit: 5 } });
		expect(output).toHaveLength(5);
		expect(gets()).toHaveLength(1);
		expect(gets()[0].query).toEqual({ limit: '5' });
	});

	test('Limit larger than a page continues onto the next page for the rest', async () => {
		const output = await runNode({ credentials: credentials(), parameters: { operation: 'getAll', limit: 150 } });
		expect(output).toHaveLength(150);
		expect(gets().map((r) => r.query.limit)).toEqual(['100', '50']);
		expect(new Set(output.map((o) => o.json.id)).size).toBe(150);
	});

	test('Simplify applies to every link', async () => {
		const output = await runNode({ credentials: credentials(), parameters: { operation: 'getAll', limit: 3, simplify: true } });
		expect(output.map((o) => Object.keys(o.json).length)).toEqual([8, 8, 8]);
	});
});

describe('Get Line Items', () => {
	test('Return All and Limit', async () => {
		const lineItems = Array.from({ length: 12 }, (_, i) => ({ price: i % 2 ? priceA.id : priceB.id, quantity: i + 1 }));
		const link = emu.seedPaymentLink({ line_items: lineItems.slice(0, 12) });
		const all = await runNode({
			credentials: credentials(),
			parameters: { operation: 'getLineItems', paymentLinkId: { __rl: true, mode: 'id', value: link.id }, returnAll: true },
		});
		expect(all).toHaveLength(12);
		expect(all.map((o) => o.json.quantity)).toEqual(lineItems.map((l) => l.quantity));
		expect(all[0].json.id).toMatch(/^li_/);
		expect(gets()[0].path).toBe(`/v1/payment_links/${link.id}/line_items`);

		const before = gets().length;
		const some = await runNode({
			credentials: credentials(),
			parameters: { operation: 'getLineItems', paymentLinkId: { __rl: true, mode: 'id', value: link.id }, limit: 4 },
		});
		expect(some).toHaveLength(4);
		expect(gets()[before].query).toEqual({ limit: '4' });
	});
});

describe('errors', () => {
	test('a Stripe 400 becomes a NodeApiError with Stripe’s message and the param', async () => {
		const error = await runNode({
			credentials: credentials(),
			parameters: { operation: 'create', lineItems: { items: [{ price: 'price_doesnotexist', quantity: 1 }] } },
		}).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/No such price: 'price_doesnotexist'/);
		expect(error.description).toContain('Parameter: line_items[0][price]');
		expect(error.description).toMatch(/Request ID: req_/);
		expect(error.httpCode).toBe('400');
	});

	test('Continue On Fail: the bad row gets an error item, the others succeed, in input order', async () => {
		const output = await runNode({
			credentials: credentials(),
			continueOnFail: true,
			items: [{ price: priceA.id }, { price: 'price_missing' }, { price: priceB.id }],
			parameters: { operation: 'create', lineItems: { items: [{ price: '={{ $json.price }}', quantity: 1 }] }, ...fast },
		});
		expect(output).toHaveLength(3);
		expect(output[0].json.id).toMatch(/^plink_/);
		expect(output[2].json.id).toMatch(/^plink_/);
		expect(output[1].json.error).toMatchObject({
			message: expect.stringContaining("No such price: 'price_missing'"),
			type: 'invalid_request_error',
			code: 'resource_missing',
			param: 'line_items[0][price]',
			statusCode: 400,
			requestId: expect.stringMatching(/^req_/),
		});
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(emu.state.paymentLinks.size).toBe(2);
	});

	test('a wrong key gives a 401 that says what is wrong with the key, without echoing it', async () => {
		const wrongKey = 'sk_test_wrong_key_0000000000000000WXYZ';
		const error = await runNode({
			credentials: { baseUrl: emu.url, secretKey: wrongKey },
			parameters: { operation: 'getAll', limit: 1 },
		}).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('401');
		expect(error.message).toMatch(/Invalid API Key provided/);
		expect(error.description).toMatch(/Secret Key/);
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain(wrongKey);
	});
});

describe('credential test', () => {
	test('succeeds with a valid key and fails with a wrong one', async () => {
		await expect(runCredentialTest({ baseUrl: emu.url })).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		const request = gets()[0];
		expect(request.path).toBe('/v1/payment_links');
		expect(request.query).toEqual({ limit: '1' });
		expect(request.headers['stripe-version']).toBe('2026-10-28.endive');

		const failed = await runCredentialTest({ baseUrl: emu.url, secretKey: 'sk_test_not_the_right_one_123456' });
		expect(failed.status).toBe('Error');
	});

	test('a custom API version is sent as typed', async () => {
		await runCredentialTest({ baseUrl: `${emu.url}/`, apiVersion: 'custom', customApiVersion: '2025-04-30.basil' });
		expect(gets()[0].headers['stripe-version']).toBe('2025-04-30.basil');
	});
});

describe('credential test safety', () => {
	const testBaseUrl = (baseUrl: string) => {
		const node = { id: 'n', name: 'n', type: 'x', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const nodeTypes = { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes as never });
		return workflow.expression.getParameterValue(
			(credentialType.test as ICredentialTestRequest).request.baseURL as string,
			null, 0, 0, 'n', [], 'internal', { $credentials: { baseUrl } },
		);
	};

	test('the key goes only to https or to this machine', async () => {
		expect(testBaseUrl('https://api.stripe.com/')).toBe('https://api.stripe.com');
		expect(testBaseUrl('http://127.0.0.1:12111')).toBe('http://127.0.0.1:12111');
		expect(testBaseUrl('http://localhost:12111/')).toBe('http://localhost:12111');
		expect(testBaseUrl('http://stripe.example.com')).toBe('https://plain-http-base-url-refused.invalid');
		expect(testBaseUrl('http://127.0.0.1.evil.example')).toBe('https://plain-http-base-url-refused.invalid');
		const result = await runCredentialTest({ baseUrl: 'http://stripe.example.com' });
		expect(result.status).toBe('Error');
	});
});

describe('Get Many with an Ending Before cursor', () => {
	test('pages towards newer links with ending_before and never mixes in starting_after', async () => {
		const price = emu.seedPrice({ unit_amount: 100, currency: 'usd', product: { name: 'Pin' } });
		for (let i = 0; i < 150; i++) emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }] });
		const all = await runNode({ credentials: credentials(), parameters: { operation: 'getAll', returnAll: true, ...fast } });
		const cursor = all[140].json.id as string;
		const before = gets().length;
		const newer = await runNode({
			credentials: credentials(),
			parameters: { operation: 'getAll', returnAll: true, filters: { endingBefore: cursor }, ...fast },
		});
		const pages = gets().slice(before);
		expect(pages.map((p) => Object.keys(p.query).sort())).toEqual([
			['ending_before', 'limit'],
			['ending_before', 'limit'],
		]);
		expect(pages[0].query.ending_before).toBe(cursor);
		expect(newer).toHaveLength(140);
		expect(new Set(newer.map((o) => o.json.id))).toEqual(new Set(all.slice(0, 140).map((o) => o.json.id)));
	});
});

describe('Metadata (JSON)', () => {
	test('an object from the row is merged with the metadata rows, rows winning', async () => {
		await runNode({
			credentials: credentials(),
			items: [{ meta: { order_id: 'A-1', qty: 3, gift: true, source: 'sheet' } }],
			parameters: {
				operation: 'create',
				lineItems: { items: [{ price: priceA.id, quantity: 1 }] },
				additionalFields: {
					metadataJson: '={{ $json.meta }}',
					metadata: { values: [{ key: 'source', value: 'form' }] },
				},
			},
		});
		expect(posts()[0].body.metadata).toEqual({ order_id: 'A-1', qty: '3', gift: 'true', source: 'form' });
	});

	test('JSON text from a sheet cell works too', async () => {
		await runNode({
			credentials: credentials(),
			items: [{ meta: '{"campaign": "spring", "row": 4}' }],
			parameters: {
				operation: 'create',
				lineItems: { items: [{ price: priceA.id, quantity: 1 }] },
				additionalFields: { metadataJson: '={{ $json.meta }}' },
			},
		});
		expect(posts()[0].body.metadata).toEqual({ campaign: 'spring', row: '4' });
	});
});
