// @ts-check
'use strict';
/* eslint-env jest */
/**
 * The emulator's checkout sessions, webhook endpoints and signed event delivery, checked over
 * HTTP against a local receiver, and its list parameters against stripe-node's declarations.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const qs = require('qs');
const { startEmulator } = require('./index');
const { SESSION_LIST_SCHEMA, webhookEnums } = require('./checkout');

const KEY = 'sk_test_emulator_secret';

/** @type {any} */
let emu;
/** @type {http.Server} */
let receiver;
/** @type {{path: string, headers: http.IncomingHttpHeaders, body: string}[]} */
const received = [];
let receiverUrl = '';
let answerStatus = 200;

beforeAll(async () => {
  emu = await startEmulator();
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url || '', headers: req.headers, body });
      res.writeHead(answerStatus, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: true }));
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', () => resolve(undefined)));
  receiverUrl = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (receiver.address()).port}`;
});
afterAll(async () => {
  await emu.close();
  await new Promise((resolve) => receiver.close(() => resolve(undefined)));
});
beforeEach(() => {
  emu.reset();
  received.length = 0;
  answerStatus = 200;
});

/** @param {string} method @param {string} route @param {{form?: any, query?: any}} [o] */
async function call(method, route, o = {}) {
  /** @type {Record<string,string>} */
  const headers = { authorization: `Bearer ${KEY}` };
  let body;
  if (o.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = qs.stringify(o.form, { arrayFormat: 'indices' });
  }
  const q = o.query ? `?${qs.stringify(o.query, { arrayFormat: 'indices' })}` : '';
  const res = await fetch(`${emu.url}${route}${q}`, { method, headers, body });
  return { status: res.status, json: /** @type {any} */ (await res.json()) };
}

function seedLink(/** @type {any} */ extra = {}) {
  const price = emu.seedPrice({ unit_amount: 1250, currency: 'eur', product: { name: 'Poster' } });
  return emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 3 }], metadata: { row: '7', sku: 'PST-A2' }, ...extra });
}

/** Stripe's own verification: HMAC-SHA256 of "t.payload" with the endpoint secret, compared to v1. */
function verify(/** @type {string} */ header, /** @type {string} */ payload, /** @type {string} */ secret) {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=')));
  const expected = crypto.createHmac('sha256', secret).update(`${parts.t}.${payload}`).digest('hex');
  return parts.v1 === expected;
}

describe('paying a payment link', () => {
  test('makes a complete, paid checkout session with the link’s metadata and amounts', async () => {
    const link = seedLink();
    const { status, json: session } = await call('POST', `/_emulator/payment_links/${link.id}/pay`, {
      form: { customer_email: 'ada@example.com', customer_name: 'Ada Lovelace', client_reference_id: 'order-1' },
    });
    expect(status).toBe(200);
    expect(session).toMatchObject({
      object: 'checkout.session',
      status: 'complete',
      payment_status: 'paid',
      mode: 'payment',
      amount_total: 3750,
      amount_subtotal: 3750,
      currency: 'eur',
      payment_link: link.id,
      client_reference_id: 'order-1',
      metadata: { row: '7', sku: 'PST-A2' },
      customer_details: { email: 'ada@example.com', name: 'Ada Lovelace' },
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.payment_intent).toMatch(/^pi_/);
    // Later changes to the link's metadata do not rewrite the session's copy.
    await call('POST', `/v1/payment_links/${link.id}`, { form: { metadata: { row: '8' } } });
    const { json: again } = await call('GET', `/v1/checkout/sessions/${session.id}`);
    expect(again.metadata).toEqual({ row: '7', sku: 'PST-A2' });
  });

  test('an inactive link, or one at its completed-sessions limit, cannot be paid', async () => {
    const inactive = seedLink();
    await call('POST', `/v1/payment_links/${inactive.id}`, { form: { active: 'false' } });
    const refused = await call('POST', `/_emulator/payment_links/${inactive.id}/pay`);
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toContain('not active');

    const single = seedLink({ restrictions: { completed_sessions: { limit: 1 } } });
    expect((await call('POST', `/_emulator/payment_links/${single.id}/pay`)).status).toBe(200);
    expect(emu.state.paymentLinks.get(single.id).restrictions.completed_sessions).toEqual({ count: 1, limit: 1 });
    const second = await call('POST', `/_emulator/payment_links/${single.id}/pay`);
    expect(second.status).toBe(400);
    expect(second.json.error.message).toContain('limit of 1');
    // Abandoned checkouts do not count towards the limit.
    expect((await call('POST', `/_emulator/payment_links/${single.id}/pay`, { form: { status: 'open' } })).status).toBe(200);
  });

  test('a delayed payment completes unpaid and settles later', async () => {
    const link = seedLink();
    const session = emu.payPaymentLink(link.id, { payment: 'delayed' });
    expect(session).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    const settled = await call('POST', `/_emulator/checkout/sessions/${session.id}/settle`, { form: { outcome: 'succeeded' } });
    expect(settled.json).toMatchObject({ id: session.id, payment_status: 'paid' });
    const twice = await call('POST', `/_emulator/checkout/sessions/${session.id}/settle`, { form: { outcome: 'failed' } });
    expect(twice.status).toBe(400);
  });
});

describe('GET /v1/checkout/sessions', () => {
  test('filters by payment link, status and created range, newest first, and pages with a cursor', async () => {
    const link = seedLink();
    const other = seedLink();
    const base = 1_800_000_000;
    for (let i = 0; i < 150; i++) emu.payPaymentLink(link.id, { created: base + i });
    for (let i = 0; i < 5; i++) emu.payPaymentLink(link.id, { created: base + i, status: 'expired' });
    for (let i = 0; i < 7; i++) emu.payPaymentLink(other.id, { created: base + i });

    const query = { payment_link: link.id, status: 'complete', created: { gte: String(base + 20), lt: String(base + 140) }, limit: 100 };
    const first = await call('GET', '/v1/checkout/sessions', { query });
    expect(first.status).toBe(200);
    expect(first.json.data).toHaveLength(100);
    expect(first.json.has_more).toBe(true);
    const second = await call('GET', '/v1/checkout/sessions', { query: { ...query, starting_after: first.json.data[99].id } });
    expect(second.json.data).toHaveLength(20);
    expect(second.json.has_more).toBe(false);
    const all = [...first.json.data, ...second.json.data];
    expect(all.map((/** @type {any} */ s) => s.created)).toEqual(Array.from({ length: 120 }, (_, i) => base + 139 - i));
    expect(all.every((/** @type {any} */ s) => s.payment_link === link.id && s.status === 'complete')).toBe(true);

    const exact = await call('GET', '/v1/checkout/sessions', { query: { payment_link: other.id, created: String(base + 3) } });
    expect(exact.json.data).toHaveLength(1);
  });

  test('refuses what Stripe refuses: unknown parameters (there is no payment_status filter), bad ranges, unknown links', async () => {
    const link = seedLink();
    const unknown = await call('GET', '/v1/checkout/sessions', { query: { payment_status: 'paid' } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: 'parameter_unknown', param: 'payment_status' });
    const badRange = await call('GET', '/v1/checkout/sessions', { query: { created: { after: '1' } } });
    expect(badRange.json.error).toMatchObject({ code: 'parameter_unknown', param: 'created[after]' });
    const notNumber = await call('GET', '/v1/checkout/sessions', { query: { created: { gte: 'yesterday' } } });
    expect(notNumber.json.error).toMatchObject({ code: 'parameter_invalid_integer', param: 'created[gte]' });
    const badStatus = await call('GET', '/v1/checkout/sessions', { query: { payment_link: link.id, status: 'paid' } });
    expect(badStatus.status).toBe(400);
    const noLink = await call('GET', '/v1/checkout/sessions', { query: { payment_link: 'plink_missing' } });
    expect(noLink.json.error).toMatchObject({ code: 'resource_missing', param: 'payment_link' });
  });

  test('its parameters are exactly SessionListParams of stripe-node (plus created, checked apart)', () => {
    const file = path.join(path.dirname(require.resolve('stripe')), 'resources', 'Checkout', 'Sessions.d.ts');
    const text = fs.readFileSync(file, 'utf8');
    const block = /interface SessionListParams extends PaginationParams \{([\s\S]*?)\n {4}\}/.exec(text);
    if (!block) throw new Error('SessionListParams not found');
    const declared = [...block[1].matchAll(/^ {8}([a-z_]+)\??:/gm)].map((m) => m[1]);
    const pagination = ['ending_before', 'limit', 'starting_after'];
    expect([...Object.keys(SESSION_LIST_SCHEMA.props), 'created'].sort()).toEqual([...declared, ...pagination].sort());
  });
});

describe('webhook endpoints', () => {
  test('create shows the signing secret once; retrieve, list, update and delete', async () => {
    const { status, json: endpoint } = await call('POST', '/v1/webhook_endpoints', {
      form: { url: `${receiverUrl}/hook`, enabled_events: ['checkout.session.completed'], description: 'n8n workflow "Paid"', metadata: { n8n: '1' } },
    });
    expect(status).toBe(200);
    expect(endpoint).toMatchObject({ object: 'webhook_endpoint', status: 'enabled', url: `${receiverUrl}/hook`, description: 'n8n workflow "Paid"' });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const got = await call('GET', `/v1/webhook_endpoints/${endpoint.id}`);
    expect(got.json.id).toBe(endpoint.id);
    expect(got.json.secret).toBeUndefined();
    expect((await call('GET', '/v1/webhook_endpoints')).json.data.map((/** @type {any} */ e) => e.id)).toEqual([endpoint.id]);
    const updated = await call('POST', `/v1/webhook_endpoints/${endpoint.id}`, { form: { enabled_events: ['*'], disabled: 'true' } });
    expect(updated.json).toMatchObject({ enabled_events: ['*'], status: 'disabled' });
    expect((await call('DELETE', `/v1/webhook_endpoints/${endpoint.id}`)).json).toEqual({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
    expect((await call('GET', `/v1/webhook_endpoints/${endpoint.id}`)).status).toBe(404);
    expect((await call('DELETE', `/v1/webhook_endpoints/${endpoint.id}`)).status).toBe(404);
  });

  test('refuses unknown events, a missing event list and URLs off this machine', async () => {
    const unknown = await call('POST', '/v1/webhook_endpoints', { form: { url: `${receiverUrl}/x`, enabled_events: ['checkout.session.paid'] } });
    expect(unknown.json.error).toMatchObject({ code: 'parameter_invalid_enum', param: 'enabled_events[0]' });
    const none = await call('POST', '/v1/webhook_endpoints', { form: { url: `${receiverUrl}/x` } });
    expect(none.json.error).toMatchObject({ code: 'parameter_missing', param: 'enabled_events' });
    const remote = await call('POST', '/v1/webhook_endpoints', { form: { url: 'https://example.com/hook', enabled_events: ['*'] } });
    expect(remote.status).toBe(400);
    expect(remote.json.error.message).toContain('only delivers events to this machine');
    expect(webhookEnums().events).toEqual(expect.arrayContaining(['checkout.session.completed', 'checkout.session.async_payment_failed', '*']));
  });
});

describe('event delivery', () => {
  test('a payment is delivered, signed, in Stripe’s event shape, to the endpoints subscribed to it', async () => {
    const link = seedLink();
    const { json: subscribed } = await call('POST', '/v1/webhook_endpoints', {
      form: { url: `${receiverUrl}/paid`, enabled_events: ['checkout.session.completed'], api_version: '2025-04-30.basil' },
    });
    await call('POST', '/v1/webhook_endpoints', { form: { url: `${receiverUrl}/expired`, enabled_events: ['checkout.session.expired'] } });
    const { json: disabled } = await call('POST', '/v1/webhook_endpoints', { form: { url: `${receiverUrl}/off`, enabled_events: ['*'] } });
    await call('POST', `/v1/webhook_endpoints/${disabled.id}`, { form: { disabled: 'true' } });

    const session = emu.payPaymentLink(link.id, { customer_email: 'grace@example.com' });
    await emu.waitForDeliveries();
    expect(received.map((r) => r.path)).toEqual(['/paid']);
    const [call1] = received;
    expect(call1.headers['content-type']).toBe('application/json; charset=utf-8');
    const header = String(call1.headers['stripe-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64},v0=[0-9a-f]{64}$/);
    expect(verify(header, call1.body, subscribed.secret)).toBe(true);
    expect(verify(header, call1.body, 'whsec_other')).toBe(false);
    const event = JSON.parse(call1.body);
    expect(event).toMatchObject({
      object: 'event',
      type: 'checkout.session.completed',
      api_version: '2025-04-30.basil',
      livemode: false,
      pending_webhooks: 1,
      data: { object: { id: session.id, payment_link: link.id, metadata: { row: '7', sku: 'PST-A2' } } },
    });
    expect(event.id).toMatch(/^evt_/);
    expect(emu.deliveries).toEqual([expect.objectContaining({ eventId: event.id, endpointId: subscribed.id, status: 200 })]);
  });

  test('delayed payments send async_payment_succeeded / _failed; the receiver’s refusals are recorded', async () => {
    const link = seedLink();
    await call('POST', '/v1/webhook_endpoints', { form: { url: `${receiverUrl}/all`, enabled_events: ['*'] } });
    const ok = emu.payPaymentLink(link.id, { payment: 'delayed' });
    const failing = emu.payPaymentLink(link.id, { payment: 'delayed' });
    emu.settleCheckoutSession(ok.id, 'succeeded');
    await emu.waitForDeliveries();
    answerStatus = 401;
    emu.settleCheckoutSession(failing.id, 'failed');
    await emu.waitForDeliveries();
    expect(emu.deliveries.map((/** @type {any} */ d) => [d.type, d.status])).toEqual([
      ['checkout.session.completed', 200],
      ['checkout.session.completed', 200],
      ['checkout.session.async_payment_succeeded', 200],
      ['checkout.session.async_payment_failed', 401],
    ]);
    const succeeded = JSON.parse(emu.deliveries[2].payload);
    expect(succeeded.data.object).toMatchObject({ id: ok.id, payment_status: 'paid' });
  });

  test('sendEvent re-sends an event with a forged secret or a stale timestamp', async () => {
    const link = seedLink();
    const { json: endpoint } = await call('POST', '/v1/webhook_endpoints', { form: { url: `${receiverUrl}/hook`, enabled_events: ['*'] } });
    emu.payPaymentLink(link.id);
    const [delivery] = await emu.waitForDeliveries();
    const event = JSON.parse(delivery.payload);
    const forged = await emu.sendEvent(endpoint.id, event, { secret: 'whsec_forged' });
    expect(verify(forged.signature, forged.payload, endpoint.secret)).toBe(false);
    const stale = await emu.sendEvent(endpoint.id, event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(verify(stale.signature, stale.payload, endpoint.secret)).toBe(true);
    expect(Number(/t=(\d+)/.exec(stale.signature)?.[1])).toBeLessThan(Date.now() / 1000 - 3000);
  });
});
