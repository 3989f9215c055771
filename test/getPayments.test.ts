/**
 * Get Payments through n8n-core's RoutingNode against the emulator: the checkout sessions of
 * one or several payment links, paged with Stripe's cursor, the filters on every page, and
 * the simplified items carrying the link's metadata.
 */
import { getGlobalState, NodeApiError } from 'n8n-workflow';

import { startEmulator, type Emulator } from './harness/emulator';
import { runNode, TEST_SECRET_KEY } from './harness/runNode';

let emu: Emulator;
const credentials = () => ({ baseUrl: emu.url });
const fast = { requestSettings: { maxRequestsPerSecond: 0 } };
const BASE = 1_800_000_000; // 2027-01-15T08:00:00Z
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const sessionCalls = () => emu.requests.filter((r) => r.method === 'GET' && r.path === '/v1/checkout/sessions');

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY] });
});
afterAll(async () => emu.close());
beforeEach(() => emu.reset());

function link(metadata: Record<string, string>, unitAmount = 2500) {
	const price = emu.seedPrice({ unit_amount: unitAmount, currency: 'usd', product: { name: 'Black T-shirt' } });
	return emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 2 }], metadata });
}

function payments(parameters: Record<string, any>) {
	return { operation: 'getPayments', ...fast, ...parameters };
}

describe('Get Payments', () => {
	test('Return All pages through 250 sessions of one link, with its filters on every page; simplified items carry the link’s metadata', async () => {
		const paid = link({ sku: 'TEE-BLK-M', row: '1' });
		const other = link({ sku: 'MUG-WHT', row: '2' });
		for (let i = 0; i < 250; i++) {
			emu.payPaymentLink(paid.id, { created: BASE + 100 + i, customer_email: `buyer${i}@example.com`, customer_name: `Buyer ${i}` });
		}
		// Sessions the filters must leave out: other statuses, outside the dates, another link.
		for (let i = 0; i < 30; i++) emu.payPaymentLink(paid.id, { created: BASE + 100 + i, status: 'expired' });
		for (let i = 0; i < 20; i++) emu.payPaymentLink(paid.id, { created: BASE + 50 + i });
		for (let i = 0; i < 20; i++) emu.payPaymentLink(paid.id, { created: BASE + 400 + i });
		for (let i = 0; i < 40; i++) emu.payPaymentLink(other.id, { created: BASE + 100 + i });

		const items = await runNode({
			credentials: credentials(),
			parameters: payments({
				paymentLinkId: { __rl: true, mode: 'id', value: paid.id },
				returnAll: true,
				filters: { status: 'complete', createdAfter: iso(BASE + 100), createdBefore: iso(BASE + 350) },
				simplify: true,
			}),
		});

		const calls = sessionCalls();
		expect(calls.map((call) => call.query.limit)).toEqual(['100', '100', '100']);
		for (const call of calls) {
			expect(call.query).toMatchObject({
				payment_link: paid.id,
				status: 'complete',
				created: { gte: String(BASE + 100), lt: String(BASE + 350) },
			});
			expect(call.query.payment_status).toBeUndefined();
		}
		expect(calls[0].query.starting_after).toBeUndefined();
		expect(calls[1].query.starting_after).toBe(items[99].json.id);
		expect(calls[2].query.starting_after).toBe(items[199].json.id);

		expect(items).toHaveLength(250);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(250);
		expect(items[0].json).toEqual({
			id: expect.stringMatching(/^cs_test_/),
			status: 'complete',
			payment_status: 'paid',
			amount_total: 5000,
			currency: 'usd',
			customer_email: 'buyer249@example.com',
			customer_name: 'Buyer 249',
			client_reference_id: null,
			created: iso(BASE + 349),
			payment_link: paid.id,
			metadata: { sku: 'TEE-BLK-M', row: '1' },
		});
		// Newest first, as Stripe lists them; every item is the link's, with its metadata.
		expect(items.map((item) => item.json.created)).toEqual(Array.from({ length: 250 }, (_, i) => iso(BASE + 349 - i)));
		for (const item of items) {
			expect(item.json).toMatchObject({ payment_link: paid.id, status: 'complete', metadata: { sku: 'TEE-BLK-M', row: '1' } });
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	test('Limit asks Stripe for just that many; without Simplify the whole session comes back', async () => {
		const paid = link({ row: '4' });
		for (let i = 0; i < 40; i++) emu.payPaymentLink(paid.id, { created: BASE + i, client_reference_id: `ref-${i}` });
		const items = await runNode({
			credentials: credentials(),
			parameters: payments({ paymentLinkId: { __rl: true, mode: 'id', value: paid.id }, limit: 30 }),
		});
		expect(sessionCalls().map((call) => call.query)).toEqual([{ payment_link: paid.id, limit: '30' }]);
		expect(items).toHaveLength(30);
		expect(items[0].json).toEqual(emu.state.checkoutSessions.get(items[0].json.id as string));
		expect(items[0].json).toMatchObject({ object: 'checkout.session', client_reference_id: 'ref-39', metadata: { row: '4' } });
	});

	test('Payment Status is kept by the node on each page (Stripe has no such filter), and Limit counts only kept sessions', async () => {
		const paid = link({ row: '5' });
		// 150 sessions, every third one a bank debit still clearing.
		const pending = new Set<string>();
		for (let i = 0; i < 150; i++) {
			const session = emu.payPaymentLink(paid.id, { created: BASE + i, payment: i % 3 === 0 ? 'delayed' : 'immediate' });
			if (i % 3 === 0) pending.add(session.id);
		}
		const unpaid = await runNode({
			credentials: credentials(),
			parameters: payments({
				paymentLinkId: { __rl: true, mode: 'id', value: paid.id },
				limit: 45,
				filters: { paymentStatus: ['unpaid'] },
				simplify: true,
			}),
		});
		expect(unpaid).toHaveLength(45);
		expect(unpaid.every((item) => pending.has(item.json.id as string) && item.json.payment_status === 'unpaid')).toBe(true);
		// Full pages, since a page keeps only some of its sessions; no payment_status on the wire.
		expect(sessionCalls().map((call) => [call.query.limit, call.query.payment_status])).toEqual([
			['100', undefined],
			['100', undefined],
		]);

		emu.reset();
		const again = link({ row: '6' });
		for (let i = 0; i < 10; i++) emu.payPaymentLink(again.id, { created: BASE + i, payment: i < 4 ? 'delayed' : 'immediate' });
		const settled = await runNode({
			credentials: credentials(),
			parameters: payments({
				paymentLinkId: { __rl: true, mode: 'id', value: again.id },
				returnAll: true,
				filters: { paymentStatus: ['paid', 'no_payment_required'] },
			}),
		});
		expect(settled).toHaveLength(6);
	});

	test('several links from several input items, each paged on its own, each item’s sessions paired to it', async () => {
		const links = [link({ row: '1' }), link({ row: '2' }), link({ row: '3' })];
		const counts = [130, 3, 0];
		links.forEach((l, index) => {
			for (let i = 0; i < counts[index]; i++) emu.payPaymentLink(l.id, { created: BASE + i });
		});
		const items = await runNode({
			credentials: credentials(),
			items: links.map((l) => ({ link: l.id })),
			parameters: payments({
				paymentLinkId: { __rl: true, mode: 'id', value: '={{ $json.link }}' },
				returnAll: true,
				filters: { status: 'complete' },
				simplify: true,
			}),
		});
		expect(items).toHaveLength(133);
		links.forEach((l, index) => {
			const own = items.filter((item) => (item.pairedItem as { item: number }).item === index);
			expect(own).toHaveLength(counts[index]);
			expect(own.every((item) => item.json.payment_link === l.id && (item.json.metadata as any).row === String(index + 1))).toBe(true);
			const calls = sessionCalls().filter((call) => call.query.payment_link === l.id);
			expect(calls).toHaveLength(index === 0 ? 2 : 1);
			expect(calls.every((call) => call.query.status === 'complete')).toBe(true);
		});
	});

	test('dates without an offset are read in the workflow’s timezone; a bad date names the field and nothing is sent', async () => {
		const paid = link({ row: '9' });
		await runNode({
			credentials: credentials(),
			parameters: payments({
				paymentLinkId: { __rl: true, mode: 'id', value: paid.id },
				filters: { createdAfter: '2027-01-15T10:00:00+02:00', createdBefore: '={{ DateTime.fromISO("2027-01-16T00:00:00Z") }}' },
			}),
		});
		expect(sessionCalls()[0].query.created).toEqual({
			gte: String(Date.parse('2027-01-15T08:00:00Z') / 1000),
			lt: String(Date.parse('2027-01-16T00:00:00Z') / 1000),
		});

		// The editor stores dates without an offset; n8n reads them in the workflow's timezone
		// (here n8n's default, New York: UTC-5 in January, UTC-4 in July).
		expect(getGlobalState().defaultTimezone).toBe('America/New_York');
		await runNode({
			credentials: credentials(),
			parameters: payments({
				paymentLinkId: { __rl: true, mode: 'id', value: paid.id },
				filters: { createdAfter: '2027-01-15T10:00:00', createdBefore: '2027-07-15T10:00:00' },
			}),
		});
		expect(sessionCalls()[1].query.created).toEqual({
			gte: String(Date.parse('2027-01-15T15:00:00Z') / 1000),
			lt: String(Date.parse('2027-07-15T14:00:00Z') / 1000),
		});

		emu.reset();
		const again = link({ row: '9' });
		const error = await runNode({
			credentials: credentials(),
			parameters: payments({ paymentLinkId: { __rl: true, mode: 'id', value: again.id }, filters: { createdBefore: 'last tuesday' } }),
		}).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Created Before: "last tuesday" is not a date');
		expect(sessionCalls()).toHaveLength(0);
	});

	test('a payment link ID that is not one is refused before sending, naming the field', async () => {
		const error = await runNode({
			credentials: credentials(),
			parameters: payments({ paymentLinkId: { __rl: true, mode: 'id', value: 'cs_test_123' } }),
		}).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Payment Link: "cs_test_123" is not a payment link ID');
		expect(emu.requests).toHaveLength(0);
	});
});
