/**
 * The Stripe Payment Links Trigger with n8n-core's HookContext and WebhookContext against the
 * emulator: activation registers a webhook endpoint, the emulator delivers signed events over
 * HTTP to the trigger's URL, and only valid, wanted events start the workflow.
 */
import { startEmulator, type Emulator } from './harness/emulator';
import { TEST_SECRET_KEY } from './harness/runNode';
import { TriggerHarness } from './harness/trigger';

let emu: Emulator;
const harnesses: TriggerHarness[] = [];
const credentials = (extra: Record<string, string> = {}) => ({ baseUrl: emu.url, ...extra });

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY] });
});
afterAll(async () => emu.close());
beforeEach(() => emu.reset());
afterEach(async () => {
	await Promise.all(harnesses.splice(0).map((harness) => harness.close()));
});

async function trigger(parameters: Record<string, any> = {}, extraCredentials: Record<string, string> = {}) {
	const harness = new TriggerHarness(parameters, credentials(extraCredentials));
	harnesses.push(harness);
	await harness.listen();
	return harness;
}

function link(metadata: Record<string, string> = {}, extra: Record<string, any> = {}) {
	const price = emu.seedPrice({ unit_amount: 1800, currency: 'eur', product: { name: 'Poster A2' } });
	return emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }], metadata, ...extra });
}

const endpoints = () => [...emu.state.webhookEndpoints.values()];
const endpointCalls = () => emu.requests.filter((r) => r.path.startsWith('/v1/webhook_endpoints'));

/** Pays a link and waits until the trigger has answered the delivery. */
async function pay(linkId: string, params: Record<string, any> = {}) {
	const session = emu.payPaymentLink(linkId, params);
	await emu.waitForDeliveries();
	return session;
}

describe('activation and deactivation', () => {
	test('activation registers the URL for the chosen events, with a description naming the workflow, and keeps the secret in static data', async () => {
		const harness = await trigger({ events: ['checkout.session.completed', 'checkout.session.async_payment_succeeded'] });
		expect(await harness.activate()).toEqual({ existed: false });

		expect(endpoints()).toHaveLength(1);
		const [endpoint] = endpoints();
		expect(endpoint).toMatchObject({
			url: harness.url,
			enabled_events: ['checkout.session.async_payment_succeeded', 'checkout.session.completed'],
			api_version: '2026-10-28.endive',
			status: 'enabled',
			metadata: { n8n_workflow_id: harness.workflow.id, n8n_node: 'Payment received' },
		});
		expect(endpoint.description).toBe(`n8n workflow "Payment received → mark the row paid" (ID ${harness.workflow.id}), node "Payment received": Stripe Payment Links Trigger`);
		const [create] = endpointCalls();
		expect(create.method).toBe('POST');
		expect(create.headers['content-type']).toContain('application/x-www-form-urlencoded');
		expect(create.headers.authorization).toBe(`Bearer ${TEST_SECRET_KEY}`);
		expect(harness.staticData).toEqual({
			webhookId: endpoint.id,
			webhookSecret: endpoint.secret,
			webhookEvents: ['checkout.session.async_payment_succeeded', 'checkout.session.completed'],
		});
	});

	test('activating again reuses the endpoint; changed events update it; a deleted endpoint is registered anew', async () => {
		const harness = await trigger();
		await harness.activate();
		const [first] = endpoints();
		expect(await harness.activate()).toEqual({ existed: true });
		expect(endpoints()).toHaveLength(1);

		harness.node.parameters.events = ['checkout.session.completed', 'checkout.session.async_payment_failed'];
		expect(await harness.activate()).toEqual({ existed: true });
		expect(endpoints()).toEqual([expect.objectContaining({ id: first.id, enabled_events: ['checkout.session.async_payment_failed', 'checkout.session.completed'] })]);

		emu.state.webhookEndpoints.clear();
		expect(await harness.activate()).toEqual({ existed: false });
		expect(endpoints()).toHaveLength(1);
		expect(endpoints()[0].id).not.toBe(first.id);
		expect(harness.staticData.webhookId).toBe(endpoints()[0].id);
	});

	test('deactivation deletes the endpoint and forgets it; an endpoint already gone is fine', async () => {
		const harness = await trigger();
		await harness.activate();
		const [endpoint] = endpoints();
		expect(await harness.deactivate()).toBe(true);
		expect(endpoints()).toHaveLength(0);
		expect(endpointCalls().pop()).toMatchObject({ method: 'DELETE', path: `/v1/webhook_endpoints/${endpoint.id}`, status: 200 });
		expect(harness.staticData).toEqual({});

		await harness.activate();
		emu.state.webhookEndpoints.clear();
		expect(await harness.deactivate()).toBe(true);
		expect(harness.staticData).toEqual({});
	});

	test('a Stripe failure on deactivation is reported with the endpoint id, which is kept for the next activation', async () => {
		const harness = await trigger();
		await harness.activate();
		const [endpoint] = endpoints();
		emu.setFaults({ failNext: [{ status: 500, shouldRetry: false, method: 'DELETE' }] });
		await expect(harness.deactivate()).rejects.toThrow(`Could not delete Stripe webhook endpoint ${endpoint.id}`);
		expect(harness.staticData.webhookId).toBe(endpoint.id);
		expect(await harness.activate()).toEqual({ existed: true });
	});

	test('settings that can never match refuse activation, naming the field', async () => {
		await expect((await trigger({ linkFilter: 'chosen' })).activate()).rejects.toThrow('Links: choose at least one payment link');
		await expect(
			(await trigger({ linkFilter: 'chosen', paymentLinks: { links: [{ paymentLinkId: { __rl: true, mode: 'id', value: 'cs_test_1' } }] } })).activate(),
		).rejects.toThrow('Links: link 1 ("cs_test_1") is not a payment link ID');
		await expect((await trigger({ linkFilter: 'metadata', metadataKey: ' ' })).activate()).rejects.toThrow('Metadata Key');
		await expect((await trigger({ events: [] })).activate()).rejects.toThrow('Events: choose at least one event');
		await expect((await trigger({ delivery: 'cli' })).activate()).rejects.toThrow('Stripe CLI forwarding needs the signing secret');
		expect(endpointCalls()).toHaveLength(0);
	});
});

describe('receiving events', () => {
	test('a paid link starts the workflow with the simplified session, the link’s metadata and the event id and type', async () => {
		const harness = await trigger();
		await harness.activate();
		const paid = link({ row: '2', sku: 'MUG-WHT' });
		const session = await pay(paid.id, { customer_email: 'ada@example.com', customer_name: 'Ada Lovelace', client_reference_id: 'order-7' });

		expect(emu.deliveries).toHaveLength(1);
		const [delivery] = emu.deliveries;
		expect(delivery).toMatchObject({ url: harness.url, status: 200, type: 'checkout.session.completed' });
		expect(delivery.response).toBe('');
		expect(harness.started).toHaveLength(1);
		const [[item]] = harness.started;
		const event = JSON.parse(delivery.payload);
		expect(item.json).toEqual({
			id: session.id,
			status: 'complete',
			payment_status: 'paid',
			amount_total: 1800,
			currency: 'eur',
			customer_email: 'ada@example.com',
			customer_name: 'Ada Lovelace',
			client_reference_id: 'order-7',
			created: new Date(session.created * 1000).toISOString(),
			payment_link: paid.id,
			metadata: { row: '2', sku: 'MUG-WHT' },
			event_id: event.id,
			event_type: 'checkout.session.completed',
			event_created: new Date(event.created * 1000).toISOString(),
		});
	});

	test('Raw Event gives the whole event as Stripe sent it', async () => {
		const harness = await trigger({ options: { rawEvent: true } });
		await harness.activate();
		await pay(link({ row: '1' }).id);
		expect(harness.started[0][0].json).toEqual(JSON.parse(emu.deliveries[0].payload));
	});

	test('a forged signature, a stale timestamp, a missing header or a tampered body are answered 401 and start nothing', async () => {
		const harness = await trigger();
		await harness.activate();
		const [endpoint] = endpoints();
		await pay(link({ row: '1' }).id);
		expect(harness.started).toHaveLength(1);
		const event = JSON.parse(emu.deliveries[0].payload);

		const forged = await emu.sendEvent(endpoint.id, event, { secret: 'whsec_forged0000000000000000000000' });
		const stale = await emu.sendEvent(endpoint.id, event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
		const future = await emu.sendEvent(endpoint.id, event, { timestamp: Math.floor(Date.now() / 1000) + 3600 });
		const unsigned = await emu.sendEvent(endpoint.id, event, { signature: '' });
		const v0Only = await emu.sendEvent(endpoint.id, event, { signature: emu.deliveries[0].signature.replace(/v1=[0-9a-f]+,/, '') });
		// The original signature on a changed body: the body is what is signed.
		const tampered = await emu.sendEvent(endpoint.id, { ...event, id: 'evt_other' }, { signature: emu.deliveries[0].signature });
		for (const refused of [forged, stale, future, unsigned, v0Only, tampered]) expect(refused.status).toBe(401);
		expect(JSON.parse(forged.response).error).toBe('Invalid Stripe-Signature: no v1 signature matches the signing secret');
		expect(JSON.parse(stale.response).error).toMatch(/timestamp is 30\d s away from now, more than the 300 s tolerated/);
		expect(JSON.parse(unsigned.response).error).toBe('Invalid Stripe-Signature: the Stripe-Signature header is missing');
		expect(JSON.parse(v0Only.response).error).toBe('Invalid Stripe-Signature: the Stripe-Signature header has no v1 signature');
		expect(harness.started).toHaveLength(1);
		// The same signed call again within the tolerance is Stripe's own retry: accepted.
		const replayed = await emu.sendEvent(endpoint.id, event, { signature: emu.deliveries[0].signature });
		expect(replayed.status).toBe(200);
		expect(harness.started).toHaveLength(2);
		expect(harness.started.map(([item]) => item.json.event_id)).toEqual([event.id, event.id]);
	});

	test('a second v1 signature (Stripe rolling the secret) is accepted when one of them matches', async () => {
		const harness = await trigger();
		await harness.activate();
		const [endpoint] = endpoints();
		await pay(link({ row: '1' }).id);
		const [{ signature, payload }] = emu.deliveries;
		const rolled = signature.replace('v1=', `v1=${'0'.repeat(64)},v1=`);
		const delivery = await emu.sendEvent(endpoint.id, JSON.parse(payload), { signature: rolled });
		expect(delivery.status).toBe(200);
		expect(harness.started).toHaveLength(2);
	});

	test('a shorter tolerance refuses calls older than it', async () => {
		const harness = await trigger({ options: { toleranceSeconds: 10 } });
		await harness.activate();
		const [endpoint] = endpoints();
		await pay(link({ row: '1' }).id);
		const event = JSON.parse(emu.deliveries[0].payload);
		expect((await emu.sendEvent(endpoint.id, event, { timestamp: Math.floor(Date.now() / 1000) - 60 })).status).toBe(401);
		expect(harness.started).toHaveLength(1);
	});

	test('only the chosen links start the workflow; an event for another link is received and ignored', async () => {
		const wanted = link({ row: '1' });
		const byUrl = link({ row: '2' });
		const other = link({ row: '3' });
		const harness = await trigger({
			linkFilter: 'chosen',
			paymentLinks: {
				links: [
					{ paymentLinkId: { __rl: true, mode: 'list', value: wanted.id } },
					{ paymentLinkId: { __rl: true, mode: 'url', value: `https://dashboard.stripe.com/test/payment-links/${byUrl.id}` } },
				],
			},
		});
		await harness.activate();
		await pay(other.id);
		expect(emu.deliveries[0].status).toBe(200);
		expect(JSON.parse(emu.deliveries[0].response)).toEqual({ message: 'Webhook call received' });
		expect(harness.started).toHaveLength(0);
		await pay(wanted.id);
		await pay(byUrl.id);
		expect(harness.started.map(([item]) => item.json.payment_link)).toEqual([wanted.id, byUrl.id]);
	});

	test('links with a metadata key, or a key and value', async () => {
		const keyOnly = await trigger({ linkFilter: 'metadata', metadataKey: 'row' });
		await keyOnly.activate();
		const keyAndValue = await trigger({ linkFilter: 'metadata', metadataKey: 'campaign', metadataValue: 'spring-sale' });
		await keyAndValue.activate();
		await pay(link({ row: '4', campaign: 'spring-sale' }).id);
		await pay(link({ row: '5', campaign: 'winter' }).id);
		await pay(link({ sku: 'NO-ROW' }).id);
		expect(keyOnly.started.map(([item]) => (item.json.metadata as any).row)).toEqual(['4', '5']);
		expect(keyAndValue.started.map(([item]) => (item.json.metadata as any).row)).toEqual(['4']);
		expect(emu.deliveries.every((delivery) => delivery.status === 200)).toBe(true);
	});

	test('delayed payments: completed (unpaid) and, when chosen, the later success or failure', async () => {
		const harness = await trigger({
			events: ['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed'],
		});
		await harness.activate();
		const paid = link({ row: '6' });
		const ok = await pay(paid.id, { payment: 'delayed' });
		const failing = await pay(paid.id, { payment: 'delayed' });
		emu.settleCheckoutSession(ok.id, 'succeeded');
		emu.settleCheckoutSession(failing.id, 'failed');
		await emu.waitForDeliveries();
		const runs = harness.started.map(([item]) => [item.json.id, item.json.event_type, item.json.payment_status]);
		expect(runs).toEqual(
			expect.arrayContaining([
				[ok.id, 'checkout.session.completed', 'unpaid'],
				[failing.id, 'checkout.session.completed', 'unpaid'],
				[ok.id, 'checkout.session.async_payment_succeeded', 'paid'],
				[failing.id, 'checkout.session.async_payment_failed', 'unpaid'],
			]),
		);
		expect(runs).toHaveLength(4);
	});

	test('signed events the trigger did not ask for, or not from a payment link, start nothing', async () => {
		const harness = await trigger();
		await harness.activate();
		const [endpoint] = endpoints();
		const session = await pay(link({ row: '1' }).id);
		const event = JSON.parse(emu.deliveries[0].payload);
		const expired = await emu.sendEvent(endpoint.id, { ...event, id: 'evt_expired', type: 'checkout.session.expired' });
		const notFromLink = await emu.sendEvent(endpoint.id, {
			...event,
			id: 'evt_plain_checkout',
			data: { object: { ...session, payment_link: null } },
		});
		const notJson = await emu.sendEvent(endpoint.id, { ...event, type: 'checkout.session.completed', data: { object: { object: 'charge' } } });
		for (const ignored of [expired, notFromLink, notJson]) {
			expect(ignored.status).toBe(200);
			expect(JSON.parse(ignored.response)).toEqual({ message: 'Webhook call received' });
		}
		expect(harness.started).toHaveLength(1);
	});

	test('Stripe CLI forwarding: nothing is registered and calls are checked with the credential’s signing secret', async () => {
		const cliSecret = 'whsec_cli_0123456789abcdef0123456789abcdef';
		const harness = await trigger({ delivery: 'cli' }, { webhookSigningSecret: cliSecret });
		expect(await harness.activate()).toEqual({ existed: true });
		expect(endpointCalls()).toHaveLength(0);
		// What `stripe listen --forward-to` does: deliver to the URL, signed with the CLI's secret.
		emu.state.webhookEndpoints.set('we_cli', { id: 'we_cli', url: harness.url, enabled_events: ['*'], status: 'enabled', secret: cliSecret });
		await pay(link({ row: '1' }).id);
		expect(emu.deliveries[0].status).toBe(200);
		expect(harness.started).toHaveLength(1);
		expect((await emu.sendEvent('we_cli', JSON.parse(emu.deliveries[0].payload), { secret: 'whsec_other' })).status).toBe(401);
		expect(await harness.deactivate()).toBe(true);
	});
});
