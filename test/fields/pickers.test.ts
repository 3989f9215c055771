/**
 * The price picker and the payment link picker through n8n's listSearch machinery: the
 * node's `methods.listSearch` called with n8n-core's LoadOptionsContext (test/harness/loadOptions.ts).
 */
import { startEmulator, type Emulator } from '../harness/emulator';
import { runListSearch, runListSearchAll } from '../harness/loadOptions';
import { runNode, TEST_SECRET_KEY } from '../harness/runNode';

let emu: Emulator;
const credentials = () => ({ baseUrl: emu.url });

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY], strict: true });
});
afterAll(async () => emu.close());
beforeEach(() => emu.reset());

describe('price picker (searchPrices)', () => {
	test('lists active prices as "product · amount currency · interval" and searches GET /v1/prices?active=true', async () => {
		const tee = emu.seedPrice({ unit_amount: 1000, currency: 'usd', product: { name: 'T-shirt' } });
		const box = emu.seedPrice({ unit_amount: 2550, currency: 'eur', recurring: { interval: 'month' }, product: { name: 'Coffee box' } });
		const yen = emu.seedPrice({ unit_amount: 500, currency: 'jpy', recurring: { interval: 'week', interval_count: 2 }, product: { name: 'Tea' } });
		emu.seedPrice({ unit_amount: 100, currency: 'usd', active: false, product: { name: 'Retired' } });
		const page = await runListSearch('searchPrices', { credentials: credentials(), path: 'lineItems.items[0].price' });
		expect(page.results).toEqual(
			expect.arrayContaining([
				{ name: 'T-shirt · 10.00 USD', value: tee.id },
				{ name: 'Coffee box · 25.50 EUR · monthly', value: box.id },
				{ name: 'Tea · 500 JPY · every 2 weeks', value: yen.id },
			]),
		);
		expect(page.results).toHaveLength(3);
		expect(page.paginationToken).toBeUndefined();
		const [request] = emu.requests;
		expect(request.path).toBe('/v1/prices');
		expect(request.query).toMatchObject({ active: 'true', limit: '100', expand: ['data.product'] });
		const filtered = await runListSearch('searchPrices', { credentials: credentials(), filter: 'coffee' });
		expect(filtered.results).toEqual([{ name: 'Coffee box · 25.50 EUR · monthly', value: box.id }]);
	});

	test('follows Stripe’s cursor across pages', async () => {
		const ids = Array.from({ length: 130 }, (_, i) => emu.seedPrice({ unit_amount: 100 + i, currency: 'usd', product: { name: `P${i}` } }).id);
		const pages = await runListSearchAll('searchPrices', { credentials: credentials() });
		expect(pages.map((page) => page.length)).toEqual([100, 30]);
		expect(new Set(pages.flat().map((result) => result.value))).toEqual(new Set(ids));
		expect(emu.requests[1].query.starting_after).toBe(pages[0][99].value);
	});

	test('a picked price (list mode) and a By ID price create the same line items', async () => {
		const price = emu.seedPrice({ unit_amount: 1000, currency: 'usd', product: { name: 'Tee' } });
		const [picked] = await runListSearch('searchPrices', { credentials: credentials() }).then((page) => page.results);
		await runNode({
			credentials: credentials(),
			parameters: {
				operation: 'create',
				lineItems: {
					items: [
						{ price: { __rl: true, mode: 'list', value: picked.value, cachedResultName: picked.name }, quantity: 1 },
						{ price: { __rl: true, mode: 'id', value: price.id }, quantity: 2 },
					],
				},
			},
		});
		const post = emu.requests.find((request) => request.method === 'POST')!;
		expect(post.body.line_items).toEqual([{ price: price.id, quantity: '1' }, { price: price.id, quantity: '2' }]);
	});

	test('an API error surfaces as a NodeApiError with Stripe’s message', async () => {
		await expect(runListSearch('searchPrices', { credentials: { baseUrl: emu.url, secretKey: 'sk_test_wrong_key_123456' } })).rejects.toMatchObject({
			name: 'NodeApiError',
			httpCode: '401',
			message: expect.stringMatching(/^Invalid API Key provided: sk_test_\*+3456$/),
		});
	});
});

describe('payment link picker (searchPaymentLinks)', () => {
	test('shows the first line item’s product name or the metadata name, plus the URL, and pages with the cursor', async () => {
		const price = emu.seedPrice({ unit_amount: 1000, currency: 'usd', product: { name: 'Hoodie' } });
		const named = emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }], metadata: { name: 'Summer sale' } });
		const plain = emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }] });
		for (let i = 0; i < 100; i++) emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }] });
		const pages = await runListSearchAll('searchPaymentLinks', { credentials: credentials(), parameters: { operation: 'get' } });
		expect(pages.map((page) => page.length)).toEqual([100, 2]);
		const all = pages.flat();
		expect(all.find((result) => result.value === named.id)).toEqual({ name: `Summer sale · ${named.url}`, value: named.id, url: named.url });
		expect(all.find((result) => result.value === plain.id)).toEqual({ name: `Hoodie · ${plain.url}`, value: plain.id, url: plain.url });
		// Stripe has no link search: each page is filtered, the editor keeps paging while scrolling.
		const filtered = await runListSearchAll('searchPaymentLinks', { credentials: credentials(), filter: 'summer' });
		expect(filtered.flat().map((result) => result.value)).toEqual([named.id]);
	});

	test('By ID and By URL resolve to the link id on the request path; a bad ID is refused before sending', async () => {
		const price = emu.seedPrice({ unit_amount: 1000, currency: 'usd' });
		const link = emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }] });
		for (const locator of [
			{ __rl: true, mode: 'list', value: link.id },
			{ __rl: true, mode: 'id', value: link.id },
			{ __rl: true, mode: 'url', value: `https://dashboard.stripe.com/test/payment-links/${link.id}` },
		]) {
			const [item] = await runNode({ credentials: credentials(), parameters: { operation: 'get', paymentLinkId: locator } });
			expect(item.json.id).toBe(link.id);
		}
		expect(emu.requests.map((request) => request.path)).toEqual(Array(3).fill(`/v1/payment_links/${link.id}`));
		const [bad] = await runNode({
			credentials: credentials(),
			parameters: { operation: 'get', paymentLinkId: { __rl: true, mode: 'id', value: 'prod_123' } },
			continueOnFail: true,
		});
		expect((bad.json.error as any).message).toMatch(/"prod_123" is not a payment link ID/);
		expect(emu.requests).toHaveLength(3);
	});
});
