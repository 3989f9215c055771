/**
 * Ids of the user's choosing go to Stripe as given: a legacy Plan id such as gold-monthly in
 * line_items[].price (and optional items), and a product id such as sku-tshirt-red in
 * price_data.product. Through n8n-core's RoutingNode against the strict emulator, which knows
 * those objects the way a Stripe account would.
 */
import { NodeHelpers } from 'n8n-workflow';

import { startEmulator, type Emulator } from './harness/emulator';
import { nodeType, runNode, TEST_SECRET_KEY, workflowNode } from './harness/runNode';

let emu: Emulator;
const fast = { maxRequestsPerSecond: 0 };
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const posts = () => emu.requests.filter((request) => request.method === 'POST');

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY], strict: true });
	emu.seedProduct({ id: 'sku-tshirt-red', name: 'Red T-shirt' });
	emu.seedPrice({ id: 'gold-monthly', unit_amount: 2000, currency: 'usd', recurring: { interval: 'month' }, product: { name: 'Gold' } });
	emu.seedPrice({ id: 'stickers-monthly', unit_amount: 300, currency: 'usd', recurring: { interval: 'month' }, product: { name: 'Stickers' } });
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.requests.length = 0;
});

async function create(parameters: Record<string, unknown>) {
	const [item] = await runNode({
		credentials: { baseUrl: emu.url },
		parameters: { operation: 'create', requestSettings: fast, ...parameters } as any,
	});
	expect(emu.requests.map((request) => request.status)).toEqual([200]);
	return { link: item.json, body: posts()[0].body, lineItems: emu.state.lineItems.get(String(item.json.id)) ?? [] };
}

test('a legacy Plan id (gold-monthly) in a line item and an optional item, typed By ID', async () => {
	const { link, body, lineItems } = await create({
		lineItems: { items: [{ price: byId('gold-monthly'), quantity: 1 }] },
		additionalFields: { optionalItems: { items: [{ price: byId('stickers-monthly'), quantity: 1 }] } },
	});
	expect(link.id).toMatch(/^plink_/);
	expect(body.line_items).toEqual([{ price: 'gold-monthly', quantity: '1' }]);
	expect(body.optional_items).toEqual([{ price: 'stickers-monthly', quantity: '1' }]);
	expect(lineItems.map((item) => item.price)).toEqual(['gold-monthly']);
});

test('an inline price on a product with a custom id (sku-tshirt-red)', async () => {
	const { link, body, lineItems } = await create({
		lineItems: { items: [{ price: { __rl: true, mode: 'list', value: '' }, quantity: 2, priceData: { currency: 'USD', product: 'sku-tshirt-red', unitAmount: 2500 } }] },
	});
	expect(link.id).toMatch(/^plink_/);
	expect(body.line_items).toEqual([{ price_data: { currency: 'usd', product: 'sku-tshirt-red', unit_amount: '2500' }, quantity: '2' }]);
	expect(emu.state.prices.get(lineItems[0].price).product).toBe('sku-tshirt-red');
	expect(lineItems[0]).toMatchObject({ quantity: 2, description: 'Red T-shirt' });
});

test('both from a sheet row in JSON mode', async () => {
	const { body } = await create({
		lineItemsMode: 'json',
		lineItemsJson: JSON.stringify([
			{ price: 'gold-monthly', quantity: 1 },
			{ price_data: { currency: 'usd', product: 'sku-tshirt-red', unit_amount: 2500, recurring: { interval: 'month' } }, quantity: 1 },
		]),
	});
	expect(body.line_items).toEqual([
		{ price: 'gold-monthly', quantity: '1' },
		{ price_data: { currency: 'usd', product: 'sku-tshirt-red', unit_amount: '2500', recurring: { interval: 'month' } }, quantity: '1' },
	]);
});

test('an id Stripe does not know is Stripe’s to refuse, and its answer names the field', async () => {
	const [item] = await runNode({
		credentials: { baseUrl: emu.url },
		parameters: { operation: 'create', lineItems: { items: [{ price: byId('silver-monthly'), quantity: 1 }] }, requestSettings: fast } as any,
		continueOnFail: true,
	});
	expect(item.json.error).toMatchObject({ message: "No such price: 'silver-monthly'", param: 'line_items[0][price]', type: 'invalid_request_error' });
});

describe('the form n8n checks before running (parameter issues)', () => {
	const issuesFor = (parameters: Record<string, unknown>) => {
		const node = workflowNode({ resource: 'paymentLink', ...parameters } as any);
		return NodeHelpers.getNodeParametersIssues(nodeType.description.properties, node, nodeType.description);
	};

	test('the price picker’s By ID mode takes a plan id, in line items and optional items', () => {
		expect(
			issuesFor({
				operation: 'create',
				lineItems: { items: [{ price: byId('gold-monthly'), quantity: 1 }] },
				additionalFields: { optionalItems: { items: [{ price: byId('stickers-monthly'), quantity: 1 }] } },
			}),
		).toBeNull();
	});

	test('a payment link id, which only Stripe makes, is still checked there', () => {
		expect(issuesFor({ operation: 'get', paymentLinkId: byId('gold-monthly') })).toEqual({
			parameters: { paymentLinkId: ['Payment link IDs start with plink_'] },
		});
	});
});
