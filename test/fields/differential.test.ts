/**
 * Differential test: for representative inputs, the body the node sends (through n8n-core's
 * RoutingNode) decodes to the same object as the body stripe-node v23 sends for the
 * equivalent params. Both go to the same strict emulator, which records the decoded bodies.
 */
import Stripe from 'stripe';

import { startEmulator, type Emulator } from '../harness/emulator';
import { runNode, TEST_SECRET_KEY } from '../harness/runNode';

let emu: Emulator;
let stripe: Stripe;
let priceA: any;
let priceB: any;
let linkId: string;
let lineItemId: string;
const fast = { maxRequestsPerSecond: 0 };
const rl = (value: string) => ({ __rl: true, mode: 'list', value });

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY], strict: true });
	stripe = new Stripe(TEST_SECRET_KEY, { host: '127.0.0.1', port: emu.port, protocol: 'http', maxNetworkRetries: 0 });
	priceA = emu.seedPrice({ unit_amount: 1500, currency: 'usd', product: { name: 'T-shirt' } });
	priceB = emu.seedPrice({ unit_amount: 900, currency: 'usd', recurring: { interval: 'month' }, product: { name: 'Box' } });
	const link = emu.seedPaymentLink({ line_items: [{ price: priceA.id, quantity: 1 }] });
	linkId = link.id;
	lineItemId = [...emu.state.lineItems.get(linkId)!][0].id;
});
afterAll(async () => emu.close());

interface Case {
	name: string;
	operation: 'create' | 'update';
	node: () => Record<string, unknown>;
	sdk: () => Record<string, unknown>;
	items?: Record<string, unknown>[];
}

const cases: Case[] = [
	{
		name: 'metadata with spaces, dots and unicode',
		operation: 'create',
		node: () => ({
			lineItems: { items: [{ price: rl(priceA.id), quantity: 2 }] },
			additionalFields: {
				metadata: { values: [{ key: 'order id', value: 'A 1' }, { key: 'sheet.row', value: '7' }, { key: 'kundé', value: 'Zoë ✨ 東京' }] },
			},
		}),
		sdk: () => ({
			line_items: [{ price: priceA.id, quantity: 2 }],
			metadata: { 'order id': 'A 1', 'sheet.row': '7', kundé: 'Zoë ✨ 東京' },
		}),
	},
	{
		name: 'inline price_data with product_data, tax_details and recurring (deep nesting)',
		operation: 'create',
		node: () => ({
			lineItems: {
				items: [
					{
						price: rl(''),
						quantity: 1,
						adjustableQuantity: true,
						minimum: 1,
						maximum: 12,
						priceData: {
							currency: 'USD',
							productName: 'Café box ☕',
							productImages: 'https://img.example/a.png,https://img.example/b.png',
							productMetadata: { values: [{ key: 'sku', value: 'CB-1' }] },
							taxDetailsTaxCode: 'txcd_10000000',
							performanceLocation: 'taxloc_1',
							unitAmount: 1299,
							interval: 'month',
							intervalCount: 2,
							taxBehavior: 'inclusive',
						},
					},
				],
			},
		}),
		sdk: () => ({
			line_items: [
				{
					price_data: {
						currency: 'usd',
						product_data: {
							name: 'Café box ☕',
							images: ['https://img.example/a.png', 'https://img.example/b.png'],
							metadata: { sku: 'CB-1' },
							tax_details: { tax_code: 'txcd_10000000', performance_location: 'taxloc_1' },
						},
						unit_amount: 1299,
						recurring: { interval: 'month', interval_count: 2 },
						tax_behavior: 'inclusive',
					},
					quantity: 1,
					adjustable_quantity: { enabled: true, minimum: 1, maximum: 12 },
				},
			],
		}),
	},
	{
		name: 'custom fields: array of objects with nested dropdown options',
		operation: 'create',
		node: () => ({
			lineItems: { items: [{ price: rl(priceA.id), quantity: 1 }] },
			additionalFields: {
				customFields: {
					fields: [
						{ key: 'size', label: 'Size', type: 'dropdown', optional: false, defaultValue: 'l', dropdownOptions: { options: [{ label: 'S', value: 's' }, { label: 'L', value: 'l' }] } },
						{ key: 'note', label: 'Note', type: 'text', optional: true, maximumLength: 50 },
					],
				},
			},
		}),
		sdk: () => ({
			line_items: [{ price: priceA.id, quantity: 1 }],
			custom_fields: [
				{ key: 'size', label: { type: 'custom', custom: 'Size' }, type: 'dropdown', optional: false, dropdown: { default_value: 'l', options: [{ label: 'S', value: 's' }, { label: 'L', value: 'l' }] } },
				{ key: 'note', label: { type: 'custom', custom: 'Note' }, type: 'text', optional: true, text: { maximum_length: 50 } },
			],
		}),
	},
	{
		name: 'invoice creation with invoice_data (custom fields, issuer, rendering options)',
		operation: 'create',
		node: () => ({
			lineItems: { items: [{ price: rl(priceA.id), quantity: 1 }] },
			additionalFields: {
				invoiceCreation: {
					values: {
						enabled: true,
						accountTaxIds: 'txi_1,txi_2',
						invoiceCustomFields: { fields: [{ name: 'PO', value: 'Ünïcode 1' }] },
						footer: 'Danke',
						issuerType: 'account',
						issuerAccount: 'acct_1X',
						metadata: { values: [{ key: 'a.b', value: 'c d' }] },
						amountTaxDisplay: 'exclude_tax',
					},
				},
			},
		}),
		sdk: () => ({
			line_items: [{ price: priceA.id, quantity: 1 }],
			invoice_creation: {
				enabled: true,
				invoice_data: {
					account_tax_ids: ['txi_1', 'txi_2'],
					custom_fields: [{ name: 'PO', value: 'Ünïcode 1' }],
					footer: 'Danke',
					issuer: { type: 'account', account: 'acct_1X' },
					metadata: { 'a.b': 'c d' },
					rendering_options: { amount_tax_display: 'exclude_tax' },
				},
			},
		}),
	},
	{
		name: 'subscription data with trial settings and invoice settings',
		operation: 'create',
		node: () => ({
			lineItems: { items: [{ price: rl(priceB.id), quantity: 1 }] },
			additionalFields: {
				subscriptionData: {
					values: { description: 'Box', issuerType: 'self', trialPeriodDays: 30, missingPaymentMethod: 'create_invoice', metadata: { values: [{ key: 'plan', value: 'gold' }] } },
				},
				paymentMethodCollection: 'if_required',
			},
		}),
		sdk: () => ({
			line_items: [{ price: priceB.id, quantity: 1 }],
			subscription_data: {
				description: 'Box',
				invoice_settings: { issuer: { type: 'self' } },
				trial_period_days: 30,
				trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
				metadata: { plan: 'gold' },
			},
			payment_method_collection: 'if_required',
		}),
	},
	{
		name: 'flat arrays: countries, payment method types, blocked brands, expand',
		operation: 'create',
		node: () => ({
			lineItems: { items: [{ price: rl(priceA.id), quantity: 1 }] },
			additionalFields: {
				shippingAddressCollection: ['US', 'GB', 'DE'],
				paymentMethodTypes: ['card', 'klarna'],
				paymentMethodOptions: ['visa'],
				expand: ['line_items'],
				shippingOptions: 'shr_1A, shr_1B',
			},
		}),
		sdk: () => ({
			line_items: [{ price: priceA.id, quantity: 1 }],
			shipping_address_collection: { allowed_countries: ['US', 'GB', 'DE'] },
			payment_method_types: ['card', 'klarna'],
			payment_method_options: { card: { restrictions: { brands_blocked: ['visa'] } } },
			expand: ['line_items'],
			shipping_options: [{ shipping_rate: 'shr_1A' }, { shipping_rate: 'shr_1B' }],
		}),
	},
	{
		name: 'JSON mode line items from a sheet row (string quantities, price_data)',
		operation: 'create',
		items: [{ items: [{ price: 'PRICE_A', quantity: '2' }, { price_data: { currency: 'usd', product_data: { name: 'Mug' }, unit_amount: '800' }, quantity: '1' }] }],
		node: () => ({ lineItemsMode: 'json', lineItemsJson: '={{ $json.items }}' }),
		sdk: () => ({
			line_items: [
				{ price: priceA.id, quantity: 2 },
				{ price_data: { currency: 'usd', product_data: { name: 'Mug' }, unit_amount: 800 }, quantity: 1 },
			],
		}),
	},
	{
		name: 'after completion, consent, tax ID, name and phone collection, Connect fields',
		operation: 'create',
		node: () => ({
			lineItems: { items: [{ price: rl(priceA.id), quantity: 1 }] },
			additionalFields: {
				afterCompletion: { values: { type: 'redirect', url: 'https://shop.example/ok?id={CHECKOUT_SESSION_ID}&x=ä' } },
				consentCollection: { values: { promotions: 'auto', termsOfService: 'required' } },
				taxIdCollection: { values: { enabled: true, required: 'if_supported' } },
				nameCollection: { values: { businessEnabled: true, businessOptional: true, individualEnabled: false, individualOptional: false } },
				phoneNumberCollection: true,
				onBehalfOf: 'acct_1Y',
				applicationFeeAmount: 100,
				transferData: { values: { destination: 'acct_1Y', amount: 900 } },
				automaticTax: { values: { enabled: true, liabilityType: 'self' } },
			},
		}),
		sdk: () => ({
			line_items: [{ price: priceA.id, quantity: 1 }],
			after_completion: { type: 'redirect', redirect: { url: 'https://shop.example/ok?id={CHECKOUT_SESSION_ID}&x=ä' } },
			consent_collection: { promotions: 'auto', terms_of_service: 'required' },
			tax_id_collection: { enabled: true, required: 'if_supported' },
			name_collection: { business: { enabled: true, optional: true }, individual: { enabled: false, optional: false } },
			phone_number_collection: { enabled: true },
			on_behalf_of: 'acct_1Y',
			application_fee_amount: 100,
			transfer_data: { destination: 'acct_1Y', amount: 900 },
			automatic_tax: { enabled: true, liability: { type: 'self' } },
		}),
	},
	{
		name: 'update: top-level Emptyable unsets (empty strings)',
		operation: 'update',
		node: () => ({
			updateFields: { clearSettings: ['custom_fields', 'optional_items', 'restrictions', 'shipping_address_collection', 'on_behalf_of'], inactiveMessage: '' },
		}),
		sdk: () => ({ custom_fields: '', optional_items: '', restrictions: '', shipping_address_collection: '', on_behalf_of: '', inactive_message: '' }),
	},
	{
		name: 'update: nested unsets, per-key metadata unset and line item changes',
		operation: 'update',
		node: () => ({
			updateFields: {
				customText: { values: { submit: 'Pay ✓', clear: ['after_submit'] } },
				invoiceCreation: { values: { enabled: true, clear: ['invoice_data.metadata', 'invoice_data.rendering_options.amount_tax_display'] } },
				paymentIntentData: { values: { transferGroup: 'g 1', clear: ['description', 'metadata'] } },
				subscriptionData: { values: { clear: ['trial_period_days', 'trial_settings'] } },
				transferData: { values: { destination: 'acct_1Y', clear: ['amount'] } },
				metadata: { values: [{ key: 'remove me', value: '' }, { key: 'keep.me', value: 'ok' }] },
				lineItems: { items: [{ id: 'LINE_ITEM', quantity: 4, adjustableQuantity: true, minimum: 0, maximum: 999999 }] },
			},
		}),
		sdk: () => ({
			custom_text: { submit: { message: 'Pay ✓' }, after_submit: '' },
			invoice_creation: { enabled: true, invoice_data: { metadata: '', rendering_options: { amount_tax_display: '' } } },
			payment_intent_data: { transfer_group: 'g 1', description: '', metadata: '' },
			subscription_data: { trial_period_days: '', trial_settings: '' },
			transfer_data: { destination: 'acct_1Y', amount: '' },
			metadata: { 'remove me': '', 'keep.me': 'ok' },
			line_items: [{ id: lineItemId, quantity: 4, adjustable_quantity: { enabled: true, minimum: 0, maximum: 999999 } }],
		}),
	},
	{
		name: 'update: clear all metadata, active, submit type, optional items',
		operation: 'update',
		node: () => ({
			updateFields: {
				clearMetadata: true,
				active: false,
				submitType: 'donate',
				optionalItems: { items: [{ price: rl(priceA.id), quantity: 1 }] },
			},
		}),
		sdk: () => ({ metadata: '', active: false, submit_type: 'donate', optional_items: [{ price: priceA.id, quantity: 1 }] }),
	},
];

/** Replaces placeholders that need ids known only after setup. */
function resolve<T>(value: T): T {
	if (value === undefined) return value;
	return JSON.parse(JSON.stringify(value).replace(/PRICE_A/g, priceA.id).replace(/LINE_ITEM/g, lineItemId));
}

test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
	emu.requests.length = 0;
	const parameters: Record<string, unknown> = { operation: testCase.operation, ...resolve(testCase.node()), requestSettings: fast };
	if (testCase.operation === 'update') parameters.paymentLinkId = { __rl: true, mode: 'id', value: linkId };
	const output = await runNode({ credentials: { baseUrl: emu.url }, parameters: parameters as any, items: resolve(testCase.items) as any, continueOnFail: true });
	expect(output.map((item) => item.json.error).filter(Boolean)).toEqual([]);
	const params = testCase.sdk();
	if (testCase.operation === 'create') await stripe.paymentLinks.create(params as any);
	else await stripe.paymentLinks.update(linkId, params as any);
	const posts = emu.requests.filter((request) => request.method === 'POST');
	expect(posts).toHaveLength(2);
	expect(posts.map((request) => request.status)).toEqual([200, 200]);
	expect(posts[0].body).toEqual(posts[1].body);
});

test('covers at least 10 representative inputs', () => {
	expect(cases.length).toBeGreaterThanOrEqual(10);
});
