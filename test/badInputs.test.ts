/**
 * Bad input gets a clear error that names the field or row, and nothing is sent for it.
 * Each case runs the built node through RoutingNode against the emulator.
 */
import { NodeApiError } from 'n8n-workflow';

import { startEmulator, type Emulator } from './harness/emulator';
import { runNode, TEST_SECRET_KEY, type StripeCredentials } from './harness/runNode';

let emu: Emulator;
let price: any;
let link: any;

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY] });
	price = emu.seedPrice({ unit_amount: 900, currency: 'usd', product: { name: 'Poster' } });
	link = emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }] });
});
afterAll(async () => emu.close());

interface Case {
	name: string;
	parameters: () => Record<string, any>;
	items?: Array<Record<string, unknown>>;
	credentials?: () => Partial<StripeCredentials>;
	message: RegExp;
	/** Whether the request reaches Stripe (errors Stripe itself reports). */
	sent?: boolean;
}

const create = (items: unknown[], extra: Record<string, any> = {}) => ({
	operation: 'create',
	lineItems: { items },
	...extra,
});
const line = (overrides: Record<string, unknown> = {}) => ({ price: price.id, quantity: 1, ...overrides });
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const metadata = (values: Array<{ key: string; value: string }>) => create([line()], { additionalFields: { metadata: { values } } });

const cases: Case[] = [
	{ name: 'malformed payment link id', parameters: () => ({ operation: 'get', paymentLinkId: byId('link_123') }), message: /Payment Link: "link_123" is not a payment link ID/ },
	{ name: 'empty payment link id', parameters: () => ({ operation: 'deactivate', paymentLinkId: byId('') }), message: /Payment Link: "" is not a payment link ID/ },
	{ name: 'payment link id with a path', parameters: () => ({ operation: 'update', paymentLinkId: byId('plink_1/../../v1/charges') }), message: /Payment Link: ".*" is not a payment link ID/ },
	{ name: 'dashboard URL of something else', parameters: () => ({ operation: 'get', paymentLinkId: { __rl: true, mode: 'url', value: 'https://dashboard.stripe.com/test/prices/price_1' } }), message: /Payment Link parameter's value is invalid/ },
	{ name: 'unknown payment link (Stripe 404)', parameters: () => ({ operation: 'activate', paymentLinkId: byId('plink_doesNotExist') }), message: /No such payment_link: 'plink_doesNotExist'/, sent: true },
	// Any id is sent (a Plan's may be custom); Stripe's answer names the missing price.
	{ name: 'product id instead of a price id (Stripe’s answer)', parameters: () => create([line({ price: 'prod_123' })]), message: /No such price: 'prod_123'/, sent: true },
	{ name: 'empty price id', parameters: () => create([line(), line({ price: '' })]), message: /Line item 2: a Price or an Inline Price \(price_data\) is required/ },
	{ name: '21 line items', parameters: () => create(Array.from({ length: 21 }, () => line())), message: /Line Items: a payment link can have at most 20 line items \(got 21\)/ },
	{ name: 'non-numeric quantity from a sheet', items: [{ qty: 'two' }], parameters: () => create([line({ quantity: '={{ $json.qty }}' })]), message: /Line item 1: Quantity must be a whole number of at least 1 \(got "two"\)/ },
	{ name: 'empty quantity from a sheet', items: [{ qty: '' }], parameters: () => create([line({ quantity: '={{ $json.qty }}' })]), message: /Line item 1: Quantity must be a whole number/ },
	{ name: 'fractional quantity', parameters: () => create([line({ quantity: 1.5 })]), message: /Line item 1: Quantity must be a whole number of at least 1 \(got "1.5"\)/ },
	{ name: 'zero quantity on create', parameters: () => create([line({ quantity: 0 })]), message: /Line item 1: Quantity must be a whole number of at least 1/ },
	{ name: 'adjustable minimum above maximum', parameters: () => create([line({ adjustableQuantity: true, minimum: 5, maximum: 2 })]), message: /Line item 1: Minimum Quantity \(5\) is above Maximum Quantity \(2\)/ },
	{ name: 'adjustable maximum above 999999', parameters: () => create([line({ adjustableQuantity: true, minimum: 1, maximum: 1000000 })]), message: /Line item 1: Maximum Quantity must be at most 999999/ },
	{ name: 'malformed line item id on update', parameters: () => ({ operation: 'update', paymentLinkId: byId(link.id), updateFields: { lineItems: { items: [{ id: 'item_1', quantity: 2 }] } } }), message: /Line item 1: "item_1" is not a line item ID/ },
	{ name: 'over-long metadata key', parameters: () => metadata([{ key: 'k'.repeat(41), value: 'v' }]), message: /Metadata: key "k{20}…" is 41 characters; keys can be at most 40/ },
	{ name: 'metadata key with brackets', parameters: () => metadata([{ key: 'a[b]', value: 'v' }]), message: /Metadata: key "a\[b\]" contains square brackets/ },
	{ name: 'over-long metadata value', parameters: () => metadata([{ key: 'note', value: 'x'.repeat(501) }]), message: /Metadata: the value of "note" is 501 characters; values can be at most 500/ },
	{ name: '51 metadata keys', parameters: () => metadata(Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }))), message: /Metadata: at most 50 keys are allowed \(got 51\)/ },
	{ name: 'bad metadata JSON', items: [{ meta: '{"order": A-1}' }], parameters: () => create([line()], { additionalFields: { metadataJson: '={{ $json.meta }}' } }), message: /Metadata \(JSON\): not valid JSON\. Give an object such as/ },
	{ name: 'metadata JSON that is an array', items: [{ meta: ['a', 'b'] }], parameters: () => create([line()], { additionalFields: { metadataJson: '={{ $json.meta }}' } }), message: /Metadata \(JSON\) must be an object of keys and values.*\(got an array\)/ },
	{ name: 'metadata JSON with a nested value', items: [{ meta: { address: { city: 'Oslo' } } }], parameters: () => create([line()], { additionalFields: { metadataJson: '={{ $json.meta }}' } }), message: /Metadata \(JSON\): the value of "address" must be text or a number, not an object/ },
	{ name: 'line items JSON that is not JSON', parameters: () => ({ operation: 'create', lineItemsMode: 'json', lineItemsJson: '[{price: oops}]' }), message: /Line Items \(JSON\): not valid JSON/ },
	{ name: 'metadata value without a key', parameters: () => metadata([{ key: '', value: 'orphan' }]), message: /Metadata row 1 has a value but no key/ },
	{ name: 'clear all metadata together with rows', parameters: () => ({ operation: 'update', paymentLinkId: byId(link.id), updateFields: { clearMetadata: true, metadata: { values: [{ key: 'a', value: 'b' }] } } }), message: /Metadata: "Clear All Metadata" removes every key/ },
	{ name: 'over-long inactive message', parameters: () => ({ operation: 'deactivate', paymentLinkId: byId(link.id), inactiveMessage: 'z'.repeat(501) }), message: /Inactive Message can be at most 500 characters \(got 501\)/ },
	{ name: 'redirect without a URL', parameters: () => create([line()], { additionalFields: { afterCompletion: { values: { type: 'redirect', url: '' } } } }), message: /After Completion: Redirect needs a Redirect URL/ },
	{ name: 'over-long confirmation message', parameters: () => create([line()], { additionalFields: { afterCompletion: { values: { type: 'hosted_confirmation', customMessage: 'm'.repeat(501) } } } }), message: /After Completion: Custom Message can be at most 500 characters/ },
	{ name: 'Get Many limit of 0', parameters: () => ({ operation: 'getAll', limit: 0 }), message: /Limit must be a whole number of at least 1 \(got 0\)/ },
	{ name: 'malformed connected account', parameters: () => ({ operation: 'getAll', limit: 1, requestSettings: { connectedAccount: 'acct-123' } }), message: /Connected Account: "acct-123" is not a Stripe account ID/ },
	{ name: 'negative Max Requests per Second', parameters: () => ({ operation: 'getAll', limit: 1, requestSettings: { maxRequestsPerSecond: -1 } }), message: /Max Requests per Second must be a whole number of at least 0 \(got -1\)/ },
	{ name: 'fractional Max Retries', parameters: () => ({ operation: 'getAll', limit: 1, requestSettings: { maxRetries: 1.5 } }), message: /Max Retries must be a whole number of at least 0 \(got 1.5\)/ },
	{ name: 'over-long idempotency key', parameters: () => create([line()], { requestSettings: { idempotencyKey: 'i'.repeat(256) } }), message: /Idempotency Key must be at most 255 characters/ },
	{ name: 'publishable key', credentials: () => ({ secretKey: 'pk_test_abcdefghijklmnop' }), parameters: () => ({ operation: 'getAll', limit: 1 }), message: /publishable key \(pk_…\)/ },
	{ name: 'key that is not a Stripe key', credentials: () => ({ secretKey: 'hunter2' }), parameters: () => ({ operation: 'getAll', limit: 1 }), message: /does not look like a Stripe secret key/ },
	{ name: 'empty key', credentials: () => ({ secretKey: '' }), parameters: () => ({ operation: 'getAll', limit: 1 }), message: /The credential has no Secret Key/ },
	{ name: 'plain http to a non-loopback host', credentials: () => ({ baseUrl: 'http://api.stripe.example' }), parameters: () => ({ operation: 'getAll', limit: 1 }), message: /Base URL uses plain http:\/\/ to api\.stripe\.example/ },
	{ name: 'base URL that is not a URL', credentials: () => ({ baseUrl: 'stripe' }), parameters: () => ({ operation: 'getAll', limit: 1 }), message: /Base URL "stripe" is not a valid URL/ },
	{ name: 'unknown API version (Stripe’s answer passed through)', credentials: () => ({ apiVersion: 'custom', customApiVersion: '2031-01-01.nope' }), parameters: () => ({ operation: 'getAll', limit: 1 }), message: /Invalid Stripe API version: 2031-01-01\.nope/, sent: true },
];

describe('bad inputs', () => {
	test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const before = emu.requests.length;
		const error = await runNode({
			credentials: { baseUrl: emu.url, ...(c.credentials?.() ?? {}) },
			items: c.items,
			parameters: c.parameters(),
		}).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(c.message);
		expect(emu.requests.length - before).toBe(c.sent ? 1 : 0);
	});

	test('an unreachable host is named, with the retries that were made', async () => {
		const error = await runNode({
			credentials: { baseUrl: 'http://127.0.0.1:9' },
			parameters: { operation: 'getAll', limit: 1, requestSettings: { maxRetries: 1 } },
		}).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Could not reach Stripe at 127.0.0.1:9 (ECONNREFUSED) after 1 retry');
	});

	test('an empty input sends nothing and outputs nothing', async () => {
		const before = emu.requests.length;
		const output = await runNode({ credentials: { baseUrl: emu.url }, items: [], parameters: create([line()]) });
		expect(output).toEqual([]);
		expect(emu.requests.length).toBe(before);
	});

	test('with Continue On Fail, the bad rows are named and the good rows still become links', async () => {
		const before = emu.state.paymentLinks.size;
		const output = await runNode({
			credentials: { baseUrl: emu.url },
			continueOnFail: true,
			items: [{ qty: 1 }, { qty: 'lots' }, { qty: 3 }, { qty: -2 }],
			parameters: create([line({ quantity: '={{ $json.qty }}' })], { requestSettings: { maxRequestsPerSecond: 0 } }),
		});
		expect(output.map((o) => (o.json.error as any)?.message ?? 'ok')).toEqual([
			'ok',
			'Line item 1: Quantity must be a whole number of at least 1 (got "lots").',
			'ok',
			'Line item 1: Quantity must be a whole number of at least 1 (got "-2").',
		]);
		expect(output[1].json.error).toEqual({
			message: 'Line item 1: Quantity must be a whole number of at least 1 (got "lots").',
			type: 'validation_error',
			param: 'line_items[0][quantity]',
		});
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(emu.state.paymentLinks.size - before).toBe(2);
	});
});

test(`${cases.length + 3} bad-input cases`, () => {
	expect(cases.length + 3).toBeGreaterThanOrEqual(30);
});
