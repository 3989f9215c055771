/**
 * Stripe's documented limits are checked before sending: the error names the field and the
 * item, and nothing is sent for an invalid item.
 */
import { startEmulator, type Emulator } from '../harness/emulator';
import { runNode, TEST_SECRET_KEY } from '../harness/runNode';

let emu: Emulator;
let price: any;
const fast = { maxRequestsPerSecond: 0 };

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY], strict: true });
	price = emu.seedPrice({ unit_amount: 1000, currency: 'usd', product: { name: 'Tee' } });
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.requests.length = 0;
});

/** Refused before sending, so the price need not exist. */
const line = (): Record<string, unknown> => ({ price: 'price_1NotSent', quantity: 1 });
const many = (n: number, make: () => Record<string, unknown>) => Array.from({ length: n }, make);
const keys = (n: number) => many(n, () => ({})).map((_, i) => ({ key: `k${i}`, value: 'v' }));

async function createError(additionalFields: Record<string, unknown>, lineItems: Record<string, unknown>[] = [line()]) {
	const [item] = await runNode({
		credentials: { baseUrl: emu.url },
		parameters: { operation: 'create', lineItems: { items: lineItems }, additionalFields, requestSettings: fast } as any,
		continueOnFail: true,
	});
	expect(emu.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
	return item.json.error as { message: string; param?: string; type: string };
}

const cases: Array<[string, Record<string, unknown>, RegExp, string, Record<string, unknown>[]?]> = [
	['21 line items', {}, /at most 20 line items \(got 21\)/, 'line_items', many(21, line)],
	['line + optional items over 20', { optionalItems: { items: many(5, line) } }, /together can be at most 20 \(got 16 \+ 5\)/, 'optional_items', many(16, line)],
	['11 optional items', { optionalItems: { items: many(11, line) } }, /at most 10 optional items/, 'optional_items'],
	[
		'4 custom fields',
		{ customFields: { fields: many(4, () => ({})).map((_, i) => ({ key: `f${i}`, label: 'L', type: 'text' })) } },
		/Custom Fields: at most 3/,
		'custom_fields',
	],
	['51 metadata keys', { metadata: { values: keys(51) } }, /Metadata: at most 50 keys are allowed \(got 51\)/, 'metadata'],
	['41-character metadata key', { metadata: { values: [{ key: 'k'.repeat(41), value: 'v' }] } }, /keys can be at most 40/, `metadata[${'k'.repeat(41)}]`],
	['metadata key with brackets', { metadata: { values: [{ key: 'a[b]', value: 'v' }] } }, /square brackets/, 'metadata[a[b]]'],
	['501-character metadata value', { metadata: { values: [{ key: 'k', value: 'v'.repeat(501) }] } }, /values can be at most 500/, 'metadata[k]'],
	[
		'nested payment_intent_data metadata value',
		{ paymentIntentData: { values: { metadata: { values: [{ key: 'k', value: 'v'.repeat(501) }] } } } },
		/Payment Intent Data: Metadata: the value of "k"/,
		'payment_intent_data[metadata][k]',
	],
	[
		'nested subscription_data metadata keys',
		{ subscriptionData: { values: { metadata: { values: keys(51) } } } },
		/Subscription Data: Metadata: at most 50 keys/,
		'subscription_data[metadata]',
	],
	[
		'nested invoice_data metadata key',
		{ invoiceCreation: { values: { enabled: true, metadata: { values: [{ key: 'x'.repeat(41), value: '1' }] } } } },
		/Invoice Creation: Invoice Metadata: key/,
		`invoice_creation[invoice_data][metadata][${'x'.repeat(41)}]`,
	],
	['custom text over 1200', { customText: { values: { submit: 'x'.repeat(1201) } } }, /Custom Text: Submit can be at most 1200/, 'custom_text[submit][message]'],
	['inactive message over 500', { inactiveMessage: 'x'.repeat(501) }, /Inactive Message can be at most 500/, 'inactive_message'],
	[
		'custom message over 500',
		{ afterCompletion: { values: { type: 'hosted_confirmation', customMessage: 'x'.repeat(501) } } },
		/Custom Message can be at most 500/,
		'after_completion[hosted_confirmation][custom_message]',
	],
	[
		'adjustable maximum over 999999',
		{},
		/Line item 2: Maximum Quantity must be at most 999999/,
		'line_items[1][adjustable_quantity][maximum]',
		[line(), { ...line(), adjustableQuantity: true, minimum: 1, maximum: 1000000 }],
	],
	[
		'adjustable minimum above maximum',
		{},
		/Line item 1: Minimum Quantity \(5\) is above Maximum Quantity \(2\)/,
		'line_items[0][adjustable_quantity][minimum]',
		[{ ...line(), adjustableQuantity: true, minimum: 5, maximum: 2 }],
	],
	[
		'price and inline price together',
		{},
		/Line item 1: give either a Price or an Inline Price/,
		'line_items[0][price]',
		[{ ...line(), priceData: { currency: 'usd', productName: 'X', unitAmount: 100 } }],
	],
	['neither price nor inline price', {}, /Line item 1: a Price or an Inline Price \(price_data\) is required/, 'line_items[0][price]', [{ quantity: 1 }]],
	[
		'dropdown default not among options',
		{ customFields: { fields: [{ key: 'size', label: 'Size', type: 'dropdown', defaultValue: 'xl', dropdownOptions: { options: [{ label: 'S', value: 's' }] } }] } },
		/Custom field 1: Default Value "xl" is not one of the option values/,
		'custom_fields[0][dropdown][default_value]',
	],
	['shipping country unknown', { shippingAddressCollection: 'US, XX' }, /"XX" is not a country/, 'shipping_address_collection[allowed_countries][1]'],
	['transfer destination that is not an account ID', { transferData: { values: { destination: 'nope' } } }, /Transfer Data: Destination Account "nope"/, 'transfer_data[destination]'],
];

// Rows have 4 or 5 entries; passing each row whole keeps jest from taking a 5th argument for `done`.
test.each(cases.map((row) => [row[0], row] as const))('%s is refused before sending', async (_name, row) => {
	const [, fields, message, param, lineItems] = row;
	const error = await createError(fields, lineItems);
	expect(error).toMatchObject({ type: 'validation_error', param });
	expect(error.message).toMatch(message);
});

describe('JSON mode line items', () => {
	const runJson = (rows: unknown[]) =>
		runNode({
			credentials: { baseUrl: emu.url },
			parameters: { operation: 'create', lineItemsMode: 'json', lineItemsJson: '={{ $json.items }}', requestSettings: fast } as any,
			items: rows.map((items) => ({ items })) as any,
			continueOnFail: true,
		});

	test('a sheet with a variable number of items per row; an invalid row fails alone, naming the item and field', async () => {
		const output = await runJson([
			[{ price: price.id, quantity: '2' }],
			[{ price: price.id, quantity: 1 }, { price: price.id, quantity: 'abc' }],
			[{ price: price.id, quantity: 1 }, { price_data: { currency: 'eur', product_data: { name: 'Mug' }, unit_amount: '800' }, quantity: 3 }, { price: price.id, quantity: 1 }],
		]);
		expect(output).toHaveLength(3);
		expect(output[0].json.id).toMatch(/^plink_/);
		expect(output[1].json.error).toMatchObject({ param: 'line_items[1][quantity]' });
		expect((output[1].json.error as any).message).toBe('Line Items (JSON), item 2: Quantity must be a whole number of at least 1 (got "abc").');
		expect(output[1].pairedItem).toEqual({ item: 1 });
		// Currency mismatch is Stripe's (the emulator's) to refuse; the node's checks pass.
		expect(output[2].json.error).toMatchObject({ type: 'invalid_request_error' });
		const posts = emu.requests.filter((request) => request.method === 'POST');
		expect(posts).toHaveLength(2);
		expect(posts[0].body.line_items).toEqual([{ price: price.id, quantity: '2' }]);
	});

	test.each([
		[[{ price: 'price_1', quantity: 2.5 }], /item 1: Quantity must be a whole number/, 'line_items[0][quantity]'],
		[[{ quantity: 1 }], /item 1: a Price or an Inline Price \(price_data\) is required/, 'line_items[0][price]'],
		[[{ price: 'price_1', price_data: { currency: 'usd', product_data: { name: 'X' }, unit_amount: 1 }, quantity: 1 }], /not both/, 'line_items[0][price]'],
		[[{ price: 'price_1', quantity: 1, qty: 2 }], /item 1: unknown field "qty"/, 'line_items[0][qty]'],
		[[{ price_data: { currency: 'usd', product_data: { name: 'X' }, unit_amount: 'ten' }, quantity: 1 }], /Unit Amount must be a whole number/, 'line_items[0][price_data][unit_amount]'],
		[[{ price_data: { currency: 'usd', product_data: { name: 'X' }, unit_amount: 1, recurring: { interval: 'fortnight' } }, quantity: 1 }], /Billing Interval "fortnight"/, 'line_items[0][price_data][recurring][interval]'],
		['not json', /not valid JSON/, 'line_items'],
	])('refuses %j', async (items, message, param) => {
		const output = await runNode({
			credentials: { baseUrl: emu.url },
			parameters: {
				operation: 'create',
				lineItemsMode: 'json',
				lineItemsJson: typeof items === 'string' ? items : JSON.stringify(items),
				requestSettings: fast,
			} as any,
			continueOnFail: true,
		});
		expect(output[0].json.error).toMatchObject({ param });
		expect((output[0].json.error as any).message).toMatch(message);
		expect(emu.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
	});
});

test('Update: a setting both set and cleared is refused', async () => {
	const link = emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }] });
	const [item] = await runNode({
		credentials: { baseUrl: emu.url },
		parameters: {
			operation: 'update',
			paymentLinkId: { __rl: true, mode: 'id', value: link.id },
			updateFields: { inactiveMessage: 'x', clearSettings: ['inactive_message'], paymentIntentData: { values: { description: 'd', clear: ['description'] } } },
			requestSettings: fast,
		} as any,
		continueOnFail: true,
	});
	expect((item.json.error as any).message).toMatch(/Payment Intent Data: "description" is both set and chosen under Clear/);
	expect(emu.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
});
