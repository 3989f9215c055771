// @ts-check
'use strict';
/* eslint-env jest */
const qs = require('qs');
const { startEmulator, loadSchemas, leafPaths, pathsOfValue } = require('./index');
const { loadInfo } = require('./schema');

const KEY = 'sk_test_emulator_secret';
jest.setTimeout(60000);

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let emu;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.close();
});
beforeEach(() => {
  emu.reset();
  emu.setFaults({});
  emu.setRateLimit(0);
  emu.setLatency(0);
});

/**
 * @param {string} method @param {string} path
 * @param {{form?: any, query?: any, headers?: Record<string,string>, arrayFormat?: 'indices'|'brackets', key?: string|null}} [o]
 */
async function call(method, path, o = {}) {
  const arrayFormat = o.arrayFormat || 'indices';
  /** @type {Record<string,string>} */
  const headers = { ...(o.headers || {}) };
  if (o.key !== null) headers.authorization = `Bearer ${o.key || KEY}`;
  let body;
  if (o.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = qs.stringify(o.form, { arrayFormat });
  }
  const q = o.query ? `?${qs.stringify(o.query, { arrayFormat })}` : '';
  const res = await fetch(`${emu.url}${path}${q}`, { method, headers, body });
  return { status: res.status, headers: res.headers, json: /** @type {any} */ (await res.json()) };
}

function seed() {
  return emu.seedPrice({ unit_amount: 1500, currency: 'usd', product: { name: 'T-shirt' } });
}

describe('schema derived from stripe types', () => {
  test('leaf paths', () => {
    const s = loadSchemas();
    const create = leafPaths(s.create);
    console.log(
      `leaf paths: create=${create.length} update=${leafPaths(s.update).length} list=${leafPaths(s.list).length} listLineItems=${leafPaths(s.listLineItems).length}; last load ${loadInfo.source} ${loadInfo.ms}ms`,
    );
    expect(create).toEqual(expect.arrayContaining([
      'after_completion.redirect.url',
      'line_items[].price_data.recurring.interval',
      'subscription_data.trial_settings.end_behavior.missing_payment_method',
      'custom_fields[].dropdown.options[].label',
      'metadata.*',
      'line_items[].price',
      'expand[]',
    ]));
    expect(create.length).toBeGreaterThan(90);
    expect(leafPaths(s.list)).toEqual(['active', 'ending_before', 'expand[]', 'limit', 'starting_after']);
    expect(leafPaths(s.update)).toContain('line_items[].id');
    expect(s.create.props.line_items.required).toBe(true);
    expect(s.update.props.shipping_options.emptyable).toBe(true);
  });

  test('pathsOfValue uses the same format', () => {
    const body = qs.parse(
      'line_items[0][price_data][recurring][interval]=month&line_items[1][price]=p&metadata[a b]=1&expand[]=line_items&custom_fields[0][dropdown][options][0][label]=x',
    );
    const s = loadSchemas().create;
    const paths = pathsOfValue(body, s);
    expect(paths).toEqual([
      'custom_fields[].dropdown.options[].label',
      'expand[]',
      'line_items[].price',
      'line_items[].price_data.recurring.interval',
      'metadata.*',
    ]);
    expect(pathsOfValue(body)).toEqual(paths); // heuristic mode agrees
    expect(paths.every((p) => leafPaths(s).includes(p))).toBe(true);
  });
});

describe('payment links CRUD', () => {
  test('create, retrieve, update, line items', async () => {
    const price = seed();
    const c = await call('POST', '/v1/payment_links', {
      form: {
        line_items: [{ price: price.id, quantity: 2, adjustable_quantity: { enabled: true, maximum: 5 } }],
        metadata: { 'order id': '42', keep: 'yes' },
        allow_promotion_codes: true,
        after_completion: { type: 'redirect', redirect: { url: 'https://example.com/thanks' } },
        custom_fields: [{ key: 'size', label: { type: 'custom', custom: 'Size' }, type: 'dropdown', dropdown: { options: [{ label: 'S', value: 's' }] } }],
        shipping_options: [{ shipping_rate: 'shr_123' }],
      },
    });
    expect(c.status).toBe(200);
    expect(c.headers.get('request-id')).toMatch(/^req_/);
    const link = c.json;
    expect(link.id).toMatch(/^plink_[A-Za-z0-9]{24}$/);
    expect(link).toMatchObject({
      object: 'payment_link',
      active: true,
      livemode: false,
      currency: 'usd',
      allow_promotion_codes: true,
      metadata: { 'order id': '42', keep: 'yes' },
      after_completion: { type: 'redirect', redirect: { url: 'https://example.com/thanks' } },
      shipping_options: [{ shipping_amount: 0, shipping_rate: 'shr_123' }],
    });
    expect(link.custom_fields[0]).toMatchObject({ key: 'size', optional: false, dropdown: { options: [{ label: 'S', value: 's' }] } });
    expect(link.line_items).toBeUndefined();
    expect(link.url).toMatch(/^https:\/\/buy\.stripe\.com\/test_/);
    // Every top-level field of the SDK's PaymentLink interface is present.
    const { paymentLinkResponseKeys } = require('./schema');
    for (const k of paymentLinkResponseKeys()) if (k !== 'line_items') expect(link).toHaveProperty(k);

    const got = await call('GET', `/v1/payment_links/${link.id}`, { query: { expand: ['line_items'] } });
    expect(got.json.line_items).toMatchObject({ object: 'list', has_more: false, url: `/v1/payment_links/${link.id}/line_items` });
    const li = got.json.line_items.data[0];
    expect(li).toMatchObject({
      object: 'item',
      quantity: 2,
      amount_subtotal: 3000,
      amount_total: 3000,
      description: 'T-shirt',
      currency: 'usd',
      adjustable_quantity: { enabled: true, maximum: 5, minimum: null },
      price: { id: price.id, object: 'price', unit_amount: 1500 },
    });

    const u = await call('POST', `/v1/payment_links/${link.id}`, {
      form: { active: false, metadata: { keep: '', new: 'v' }, line_items: [{ id: li.id, quantity: 3 }], shipping_options: '', inactive_message: 'Sold out' },
    });
    expect(u.status).toBe(200);
    expect(u.json).toMatchObject({ active: false, metadata: { 'order id': '42', new: 'v' }, shipping_options: [], inactive_message: 'Sold out' });
    expect(u.json.metadata).not.toHaveProperty('keep');

    const items = await call('GET', `/v1/payment_links/${link.id}/line_items`, { query: { expand: ['data.price.product'] } });
    expect(items.json.data[0]).toMatchObject({ quantity: 3, amount_total: 4500, price: { product: { object: 'product', name: 'T-shirt' } } });

    const cleared = await call('POST', `/v1/payment_links/${link.id}`, { form: { metadata: '', inactive_message: '' } });
    expect(cleared.json.metadata).toEqual({});
    expect(cleared.json.inactive_message).toBeNull();

    const badLi = await call('POST', `/v1/payment_links/${link.id}`, { form: { line_items: [{ id: 'li_nope', quantity: 1 }] } });
    expect(badLi.status).toBe(400);
    expect(badLi.json.error).toMatchObject({ param: 'line_items[0][id]', code: 'resource_missing' });
    expect(emu.stats.created).toBe(1);
  });

  test('price_data creates product + price on the fly; unknown price is resource_missing', async () => {
    const c = await call('POST', '/v1/payment_links', {
      form: { line_items: [{ quantity: 1, price_data: { currency: 'eur', unit_amount: 999, product_data: { name: 'Ad hoc' }, recurring: { interval: 'month' } } }] },
    });
    expect(c.status).toBe(200);
    expect(c.json.currency).toBe('eur');
    expect(c.json.subscription_data).toMatchObject({ metadata: {}, trial_period_days: null });
    expect(emu.state.prices.size).toBe(1);
    expect(emu.state.products.size).toBe(1);
    const bad = await call('POST', '/v1/payment_links', { form: { line_items: [{ price: 'price_missing', quantity: 1 }] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing', param: 'line_items[0][price]' });
  });

  test('list pagination (3 pages, both directions) and active filter', async () => {
    const price = seed();
    const ids = [];
    for (let i = 0; i < 25; i++) ids.push(emu.seedPaymentLink({ line_items: [{ price: price.id, quantity: 1 }] }).id);
    await call('POST', `/v1/payment_links/${ids[0]}`, { form: { active: false } });
    const newestFirst = [...ids].reverse();
    const seen = [];
    let after;
    let pages = 0;
    for (;;) {
      const r = await call('GET', '/v1/payment_links', { query: { limit: 10, ...(after ? { starting_after: after } : {}) } });
      expect(r.json).toMatchObject({ object: 'list', url: '/v1/payment_links' });
      seen.push(...r.json.data.map((/** @type {any} */ l) => l.id));
      pages++;
      if (!r.json.has_more) break;
      after = r.json.data[r.json.data.length - 1].id;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(newestFirst);
    const back = await call('GET', '/v1/payment_links', { query: { limit: 10, ending_before: newestFirst[20] } });
    expect(back.json.data.map((/** @type {any} */ l) => l.id)).toEqual(newestFirst.slice(10, 20));
    expect(back.json.has_more).toBe(true);
    const inactive = await call('GET', '/v1/payment_links', { query: { active: false } });
    expect(inactive.json.data.map((/** @type {any} */ l) => l.id)).toEqual([ids[0]]);
    const active = await call('GET', '/v1/payment_links', { query: { active: 'true', limit: 100 } });
    expect(active.json.data).toHaveLength(24);
    const dflt = await call('GET', '/v1/payment_links');
    expect(dflt.json.data).toHaveLength(10);
    const bad = await call('GET', '/v1/payment_links', { query: { limit: 101 } });
    expect(bad.status).toBe(400);
  });

  test('prices list with expand (both encodings) and retrieve', async () => {
    seed();
    const p2 = emu.seedPrice({ unit_amount: 500, currency: 'eur', recurring: { interval: 'year' }, product: { name: 'Plan' } });
    const a = await call('GET', '/v1/prices', { query: { expand: ['data.product'] }, arrayFormat: 'brackets' });
    const b = await call('GET', '/v1/prices', { query: { expand: ['data.product'] }, arrayFormat: 'indices' });
    expect(a.json.data[0]).toMatchObject({ id: p2.id, product: { name: 'Plan' }, recurring: { interval: 'year' } });
    expect(b.json.data.map((/** @type {any} */ p) => p.product.name)).toEqual(['Plan', 'T-shirt']);
    const plain = await call('GET', `/v1/prices/${p2.id}`);
    expect(typeof plain.json.product).toBe('string');
    const page = await call('GET', '/v1/prices', { query: { limit: 1 } });
    expect(page.json).toMatchObject({ has_more: true, url: '/v1/prices' });
  });
});

describe('errors', () => {
  test('auth 401s never echo the key', async () => {
    const missing = await call('GET', '/v1/payment_links', { key: null });
    expect(missing.status).toBe(401);
    expect(missing.json.error.message).toMatch(/You did not provide an API key/);
    const wrongKey = 'sk_test_totally_wrong_key_abcd';
    const wrong = await call('GET', '/v1/payment_links', { key: wrongKey });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.message).toMatch(/^Invalid API Key provided: sk_test_\*+abcd$/);
    expect(JSON.stringify(wrong.json)).not.toContain(wrongKey);
    expect(wrong.headers.get('request-id')).toMatch(/^req_/);
  });

  test('404s, API version, Stripe-Account', async () => {
    const nf = await call('GET', '/v1/payment_links/plink_x');
    expect(nf.status).toBe(404);
    expect(nf.json.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: "No such payment_link: 'plink_x'" });
    expect(nf.json.error.request_log_url).toContain(nf.headers.get('request-id'));
    const route = await call('GET', '/v1/nothing');
    expect(route.status).toBe(404);
    const ver = await call('GET', '/v1/payment_links', { headers: { 'stripe-version': '2099-01-01.bogus' } });
    expect(ver.status).toBe(400);
    expect(ver.json.error.message).toBe('Invalid Stripe API version: 2099-01-01.bogus');
    const ok = await call('GET', '/v1/payment_links', { headers: { 'stripe-version': '2025-04-30.basil', 'stripe-account': 'acct_123' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('stripe-account')).toBe('acct_123');
    expect(emu.requests[emu.requests.length - 1].account).toBe('acct_123');
    const badAcct = await call('GET', '/v1/payment_links', { headers: { 'stripe-account': 'bogus' } });
    expect(badAcct.status).toBe(403);
  });

  test('strict validation codes', async () => {
    const price = seed();
    const li = [{ price: price.id, quantity: 1 }];
    /** @param {any} form */
    const post = (form) => call('POST', '/v1/payment_links', { form }).then((r) => ({ status: r.status, ...r.json.error }));
    expect(await post({ line_items: li, after_completion: { type: 'redirect', foo: 1 } })).toMatchObject({
      status: 400, code: 'parameter_unknown', param: 'after_completion[foo]', message: 'Received unknown parameter: after_completion[foo]',
    });
    expect(await post({ line_items: [{ price: price.id, quantity: 'two' }] })).toMatchObject({ code: 'parameter_invalid_integer', param: 'line_items[0][quantity]' });
    expect(await post({ line_items: li, allow_promotion_codes: 'yes' })).toMatchObject({ code: 'parameter_invalid_boolean', param: 'allow_promotion_codes' });
    expect(await post({ line_items: li, billing_address_collection: 'sometimes' })).toMatchObject({
      code: 'parameter_invalid_enum', message: 'Invalid billing_address_collection: must be one of auto, required',
    });
    expect(await post({ metadata: { a: 'b' } })).toMatchObject({ code: 'parameter_missing', param: 'line_items', message: 'Missing required param: line_items.' });
    expect(await post({ line_items: [{ price: price.id }] })).toMatchObject({ code: 'parameter_missing', param: 'line_items[0][quantity]' });
    expect(await post({ line_items: li, inactive_message: '' })).toMatchObject({ code: 'parameter_invalid_empty', param: 'inactive_message' });
    expect(await post({ line_items: li, currency: { a: 'b' } })).toMatchObject({ code: 'parameter_invalid_string_object', param: 'currency' });
    expect(await post({ line_items: li, after_completion: 'redirect' })).toMatchObject({ code: 'parameter_invalid_object', param: 'after_completion' });
    expect(await post({ line_items: li, expand: ['nope'] })).toMatchObject({ status: 400, param: 'expand[0]' });
    const q = await call('GET', '/v1/payment_links', { query: { active: 'maybe' } });
    expect(q.json.error).toMatchObject({ code: 'parameter_invalid_boolean', param: 'active' });
    const unknownQ = await call('GET', '/v1/payment_links', { query: { colour: 'red' } });
    expect(unknownQ.json.error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    expect(emu.stats.created).toBe(0);
    expect(emu.state.paymentLinks.size).toBe(0);
  });

  test('stripe-node and axios array encodings decode identically', async () => {
    const price = seed();
    const form = { line_items: [{ price: price.id, quantity: 1 }], payment_method_types: ['card', 'link'], expand: ['line_items'] };
    const a = await call('POST', '/v1/payment_links', { form, arrayFormat: 'indices' });
    const b = await call('POST', '/v1/payment_links', { form, arrayFormat: 'brackets' });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(emu.requests[0].body).toEqual(emu.requests[1].body);
    expect(b.json.payment_method_types).toEqual(['card', 'link']);
  });

  test('non-strict mode accepts unknown params', async () => {
    const loose = await startEmulator({ strict: false });
    try {
      const price = loose.seedPrice({ unit_amount: 100, currency: 'usd', product: { name: 'x' } });
      const res = await fetch(`${loose.url}/v1/payment_links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: qs.stringify({ line_items: [{ price: price.id, quantity: '2' }], not_a_param: 'x' }),
      });
      expect(res.status).toBe(200);
    } finally {
      await loose.close();
    }
  });
});

describe('reliability features', () => {
  test('idempotent replay and mismatch', async () => {
    const price = seed();
    const form = { line_items: [{ price: price.id, quantity: 1 }] };
    const headers = { 'idempotency-key': 'k1' };
    const a = await call('POST', '/v1/payment_links', { form, headers });
    const b = await call('POST', '/v1/payment_links', { form, headers });
    expect(b.status).toBe(200);
    expect(b.json).toEqual(a.json);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(a.headers.get('idempotent-replayed')).toBeNull();
    expect(emu.stats).toMatchObject({ created: 1, replays: 1 });
    expect(emu.requests[1].replayed).toBe(true);
    const c = await call('POST', '/v1/payment_links', { form: { line_items: [{ price: price.id, quantity: 2 }] }, headers });
    expect(c.status).toBe(400);
    expect(c.json.error.type).toBe('idempotency_error');
    expect(c.json.error.message).toMatch(/^Keys for idempotent requests can only be used with the same parameters/);
    // Scoped per API key: another key may reuse the same key string for other params.
    emu.apiKeys.push('sk_test_second');
    try {
      const d = await call('POST', '/v1/payment_links', { form: { line_items: [{ price: price.id, quantity: 2 }] }, headers, key: 'sk_test_second' });
      expect(d.status).toBe(200);
      expect(d.headers.get('idempotent-replayed')).toBeNull();
    } finally {
      emu.apiKeys.pop();
    }
    // A failed validation does not burn the key.
    const bad = await call('POST', '/v1/payment_links', { form: { line_items: [{ price: price.id }] }, headers: { 'idempotency-key': 'k2' } });
    expect(bad.status).toBe(400);
    const good = await call('POST', '/v1/payment_links', { form, headers: { 'idempotency-key': 'k2' } });
    expect(good.status).toBe(200);
  });

  test('concurrent requests with the same key get 409 idempotency_key_in_use', async () => {
    const price = seed();
    emu.setLatency(150);
    const form = { line_items: [{ price: price.id, quantity: 1 }] };
    const headers = { 'idempotency-key': 'same' };
    const [a, b] = await Promise.all([call('POST', '/v1/payment_links', { form, headers }), call('POST', '/v1/payment_links', { form, headers })]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const conflict = a.status === 409 ? a : b;
    expect(conflict.json.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_in_use' });
    const retry = await call('POST', '/v1/payment_links', { form, headers });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(emu.stats.created).toBe(1);
  });

  test('rate limit returns 429 and does not process', async () => {
    const price = seed();
    emu.setRateLimit(5);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => call('POST', '/v1/payment_links', { form: { line_items: [{ price: price.id, quantity: 1 }] } })),
    );
    const limited = results.filter((r) => r.status === 429);
    expect(limited).toHaveLength(3);
    expect(limited[0].json.error).toMatchObject({ type: 'invalid_request_error', code: 'rate_limit' });
    expect(limited[0].json.error.message).toMatch(/^Too many requests hit the API too quickly/);
    expect(limited.map((r) => r.headers.get('stripe-rate-limited-reason'))).toEqual(['global-rate', 'global-rate', 'global-rate']);
    expect(results.filter((r) => r.status === 200).every((r) => !r.headers.has('stripe-rate-limited-reason'))).toBe(true);
    expect(emu.stats.rateLimited).toBe(3);
    expect(emu.stats.created).toBe(5);
  });

  test('an injected 429 carries the Stripe-Rate-Limited-Reason it is given', async () => {
    emu.setFaults({ failNext: [{ status: 429, rateLimitedReason: 'endpoint-concurrency' }, { status: 429 }] });
    const first = await call('GET', '/v1/payment_links');
    expect(first.status).toBe(429);
    expect(first.headers.get('stripe-rate-limited-reason')).toBe('endpoint-concurrency');
    const second = await call('GET', '/v1/payment_links');
    expect(second.status).toBe(429);
    expect(second.headers.has('stripe-rate-limited-reason')).toBe(false);
  });

  test('drop after commit, then the retry replays; scripted 500s', async () => {
    const price = seed();
    emu.setFaults({ failNext: [{ status: 500 }, { drop: true }] });
    const form = { line_items: [{ price: price.id, quantity: 1 }] };
    const headers = { 'idempotency-key': 'drop-1' };
    const first = await call('POST', '/v1/payment_links', { form, headers });
    expect(first.status).toBe(500);
    expect(first.json.error.type).toBe('api_error');
    expect(first.headers.get('stripe-should-retry')).toBe('true');
    expect(emu.stats.created).toBe(0);
    await expect(call('POST', '/v1/payment_links', { form, headers })).rejects.toThrow();
    expect(emu.stats.created).toBe(1); // committed although the client saw nothing
    const retry = await call('POST', '/v1/payment_links', { form, headers });
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.json.id).toBe([...emu.state.paymentLinks.keys()][0]);
    expect(emu.stats.faultsInjected).toEqual({ drop: 1, error500: 1, error503: 0, outage: 0 });
    expect(emu.requests.map((r) => r.status)).toEqual([500, 0, 200]);
  });

  test('outage: N writes answered, then committed but lost, then nothing processed until restored', async () => {
    const price = seed();
    emu.setFaults({ outage: { afterWrites: 2, lostWrites: 1 } });
    const create = (/** @type {string} */ key) =>
      call('POST', '/v1/payment_links', { form: { line_items: [{ price: price.id, quantity: 1 }] }, headers: { 'idempotency-key': key } });
    expect((await create('a')).status).toBe(200);
    expect((await create('b')).status).toBe(200);
    await expect(create('c')).rejects.toThrow(); // committed, answer lost
    expect(emu.stats.created).toBe(3);
    await expect(create('d')).rejects.toThrow(); // not processed
    await expect(call('GET', '/v1/payment_links')).rejects.toThrow();
    expect(emu.stats.created).toBe(3);
    expect(emu.stats.faultsInjected.outage).toBe(3);
    expect(emu.requests.slice(2).map((r) => [r.status, r.dropped])).toEqual([[0, true], [0, true], [0, true]]);

    emu.setFaults({});
    const replay = await create('c');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const fresh = await create('d');
    expect(fresh.headers.get('idempotent-replayed')).toBeNull();
    expect(emu.stats.created).toBe(4);
  });

  test('concurrent writes: exactly afterWrites commit before the outage', async () => {
    const price = seed();
    emu.setLatency(50);
    emu.setFaults({ outage: { afterWrites: 3 } });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => call('POST', '/v1/payment_links', { form: { line_items: [{ price: price.id, quantity: 1 }] } })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(emu.stats.created).toBe(3);
  });

  test('expired idempotency keys create again, as Stripe does after 24 hours', async () => {
    const price = seed();
    const form = { line_items: [{ price: price.id, quantity: 1 }] };
    const headers = { 'idempotency-key': 'day-1' };
    const first = await call('POST', '/v1/payment_links', { form, headers });
    expect((await call('POST', '/v1/payment_links', { form, headers })).json.id).toBe(first.json.id);
    emu.expireIdempotencyKeys();
    const later = await call('POST', '/v1/payment_links', { form, headers });
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.json.id).not.toBe(first.json.id);
    expect(emu.stats.created).toBe(2);
  });

  test('random faults are deterministic for a seed', async () => {
    const price = seed();
    const run = async () => {
      emu.setFaults({ error500Rate: 0.3, error503Rate: 0.2, seed: 42 });
      const out = [];
      for (let i = 0; i < 20; i++) out.push((await call('GET', `/v1/prices/${price.id}`)).status);
      return out;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(200);
  });
});

describe('official stripe-node client against the emulator', () => {
  /** @param {number} [retries] */
  function client(retries = 0) {
    const Stripe = require('stripe');
    const StripeCtor = Stripe.default || Stripe;
    return new StripeCtor(KEY, { host: '127.0.0.1', port: emu.port, protocol: 'http', maxNetworkRetries: retries, telemetry: false });
  }

  test('create / update / retrieve / list with deep params', async () => {
    const stripe = client();
    const price = seed();
    const link = await stripe.paymentLinks.create({
      line_items: [
        { price: price.id, quantity: 1, adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 } },
        { quantity: 2, price_data: { currency: 'usd', unit_amount: 250, product_data: { name: 'Sticker', metadata: { sku: 'st-1' } } } },
      ],
      after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Thanks!' } },
      custom_fields: [
        { key: 'engraving', label: { type: 'custom', custom: 'Engraving' }, type: 'text', text: { maximum_length: 20 }, optional: true },
        { key: 'size', label: { type: 'custom', custom: 'Size' }, type: 'dropdown', dropdown: { options: [{ label: 'Small', value: 'S' }, { label: 'Large', value: 'L' }] } },
      ],
      custom_text: { submit: { message: 'Go' } },
      invoice_creation: { enabled: true, invoice_data: { description: 'Inv', metadata: { a: '1' }, custom_fields: [{ name: 'PO', value: '7' }], rendering_options: { amount_tax_display: 'include_inclusive_tax' } } },
      payment_intent_data: { capture_method: 'manual', metadata: { pi: 'x' }, statement_descriptor_suffix: 'SHOP' },
      phone_number_collection: { enabled: true },
      shipping_address_collection: { allowed_countries: ['US', 'DE'] },
      tax_id_collection: { enabled: true, required: 'if_supported' },
      restrictions: { completed_sessions: { limit: 5 } },
      application_fee_amount: 10,
      metadata: { order: '1001' },
      payment_method_types: ['card'],
      expand: ['line_items'],
    });
    expect(link.id).toMatch(/^plink_/);
    expect(link.line_items && link.line_items.data).toHaveLength(2);
    expect(link.invoice_creation).toMatchObject({ enabled: true, invoice_data: { description: 'Inv', metadata: { a: '1' }, footer: null } });
    expect(link.payment_intent_data).toMatchObject({ capture_method: 'manual', metadata: { pi: 'x' }, description: null });
    expect(link.shipping_address_collection).toEqual({ allowed_countries: ['US', 'DE'] });
    expect(link.restrictions).toEqual({ completed_sessions: { count: 0, limit: 5 } });
    expect(link.custom_fields[0]).toMatchObject({ optional: true, text: { maximum_length: 20, minimum_length: null } });
    expect(link.application_fee_amount).toBe(10);
    expect(link.lastResponse.requestId).toMatch(/^req_/);

    const updated = await stripe.paymentLinks.update(link.id, {
      active: false,
      metadata: { order: '', note: 'n' },
      custom_fields: '',
      restrictions: '',
      subscription_data: { trial_period_days: 7 },
    });
    expect(updated).toMatchObject({ active: false, metadata: { note: 'n' }, custom_fields: [], restrictions: null });
    expect(updated.subscription_data).toMatchObject({ trial_period_days: 7, metadata: {} });

    const items = await stripe.paymentLinks.listLineItems(link.id, { limit: 1 });
    expect(items.has_more).toBe(true);
    const all = [];
    for await (const li of stripe.paymentLinks.listLineItems(link.id, { limit: 1 })) all.push(li);
    expect(all.map((li) => li.description)).toEqual(['T-shirt', 'Sticker']);

    for (let i = 0; i < 4; i++) await stripe.paymentLinks.create({ line_items: [{ price: price.id, quantity: 1 }] });
    const ids = [];
    for await (const l of stripe.paymentLinks.list({ limit: 2 })) ids.push(l.id);
    expect(ids).toHaveLength(5);
    const inactive = await stripe.paymentLinks.list({ active: false });
    expect(inactive.data.map((l) => l.id)).toEqual([link.id]);
    const prices = await stripe.prices.list({ expand: ['data.product'] });
    expect(prices.data.length).toBeGreaterThan(0);

    await expect(stripe.paymentLinks.retrieve('plink_missing')).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'resource_missing', statusCode: 404 });
    await expect(stripe.paymentLinks.create({ line_items: [{ price: price.id, quantity: 1 }], submit_type: /** @type {any} */ ('nope') })).rejects.toMatchObject({ code: 'parameter_invalid_enum', param: 'submit_type' });
    expect(emu.requests.every((r) => r.headers['stripe-version'] === '2026-10-28.endive')).toBe(true);
  });

  test('stripe-node retries a dropped create and the emulator replays it (no duplicate)', async () => {
    const stripe = client(2);
    const price = seed();
    emu.setFaults({ failNext: [{ drop: true }, { status: 503 }] });
    // 2 faults + success; stripe-node backs off ~0.5s+ between tries.
    const link = await stripe.paymentLinks.create({ line_items: [{ price: price.id, quantity: 1 }] });
    expect(link.id).toMatch(/^plink_/);
    expect(emu.stats.created).toBe(1);
    expect(emu.stats.replays).toBe(1);
    const keys = new Set(emu.requests.map((r) => r.idempotencyKey));
    expect(keys.size).toBe(1); // stripe-node reused its auto-generated key
  });
});

describe('cli', () => {
  test('prints one line, serves seeded prices, exits on SIGTERM', async () => {
    const { spawn } = require('node:child_process');
    const child = spawn(process.execPath, [require.resolve('./cli.js'), '--seed-prices', '3', '--rate-limit', '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const url = await new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = /^stripe-emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`cli exited early: ${code}`)));
    });
    const res = await fetch(`${url}/v1/prices?limit=100`, { headers: { authorization: `Bearer ${KEY}` } });
    expect((/** @type {any} */ (await res.json())).data).toHaveLength(3);
    const code = await new Promise((resolve) => {
      child.on('exit', resolve);
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out.split('\n').filter(Boolean)).toHaveLength(1);
  });
});

describe('strict mode also checks Stripe’s OpenAPI spec', () => {
  const { loadSpec, SPEC_PATH_SETTING } = require('./openapi');
  const { SUPPORTED_CURRENCIES } = require('./currencies');
  /** @param {any} priceData @param {number} [quantity] */
  const inline = (priceData, quantity = 1) => ({
    line_items: [{ price_data: { currency: 'usd', product_data: { name: 'Tee' }, unit_amount: 1000, ...priceData }, quantity }],
  });

  test('the emulator runs with the spec file the tests require', () => {
    expect(emu.specFile).toBe(/** @type {{file: string}} */ (loadSpec({ required: true })).file);
  });

  test.each([
    ['unknown currency', inline({ currency: 'zzz' }), 'line_items[0][price_data][currency]', undefined, /^Invalid currency: zzz\. Stripe currently supports these currencies: usd, aed, /],
    ['decimal unit_amount', inline({ unit_amount: '12.5' }), 'line_items[0][price_data][unit_amount]', 'parameter_invalid_integer', /^Invalid integer: 12\.5$/],
    ['decimal quantity', { line_items: [{ price: 'price_x', quantity: '1.5' }] }, 'line_items[0][quantity]', 'parameter_invalid_integer', /^Invalid integer: 1\.5$/],
    ['23-character statement descriptor', { ...inline({}), payment_intent_data: { statement_descriptor: 'S'.repeat(23) } }, 'payment_intent_data[statement_descriptor]', 'invalid_string_length', /^Invalid string: S{20}\.\.\.; must be at most 22 characters$/],
    ['13-character unit label', inline({ product_data: { name: 'Tee', unit_label: 'u'.repeat(13) } }), 'line_items[0][price_data][product_data][unit_label]', 'invalid_string_length', /must be at most 12 characters$/],
    ['1201-character custom text', { ...inline({}), custom_text: { submit: { message: 'm'.repeat(1201) } } }, 'custom_text[submit][message]', 'invalid_string_length', /must be at most 1200 characters$/],
    ['501-character inactive message', { ...inline({}), inactive_message: 'i'.repeat(501) }, 'inactive_message', 'invalid_string_length', /must be at most 500 characters$/],
    ['value outside a closed enum', { ...inline({}), submit_type: 'buy' }, 'submit_type', 'parameter_invalid_enum', /must be one of auto, book, donate, pay, subscribe/],
    ['quantity 0 (Stripe’s answer)', inline({}, 0), 'line_items[0][quantity]', 'parameter_invalid_integer', /^This value must be greater than or equal to 1\.$/],
  ])('refuses %s, naming the parameter', async (_name, form, param, code, message) => {
    const r = await call('POST', '/v1/payment_links', { form });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'invalid_request_error', param });
    expect(r.json.error.code).toBe(code);
    expect(r.json.error.message).toMatch(message);
    expect(emu.state.paymentLinks.size).toBe(0);
  });

  test('accepts values at the limits, any case of a supported currency, and open enums', async () => {
    const r = await call('POST', '/v1/payment_links', {
      form: {
        ...inline({ currency: 'JPY', product_data: { name: 'Tee', unit_label: 'u'.repeat(12) } }),
        payment_intent_data: { statement_descriptor: 'S'.repeat(22) },
        custom_text: { submit: { message: 'm'.repeat(1200) } },
        inactive_message: 'i'.repeat(500),
        // x-stripeBypassValidation: Stripe adds payment methods without notice.
        payment_method_types: ['card', 'a_method_stripe_adds_later'],
        application_fee_percent: '12.5', // `type: number`, a decimal
      },
    });
    expect(r.json.error).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.json.currency).toBe('jpy');
    expect(r.json.payment_method_types).toEqual(['card', 'a_method_stripe_adds_later']);
  });

  test('every currency of the list is accepted, lowercase', async () => {
    for (const currency of SUPPORTED_CURRENCIES) {
      const r = await call('POST', '/v1/payment_links', { form: inline({ currency }) });
      expect([currency, r.status]).toEqual([currency, 200]);
    }
  });

  test('a custom product id and a plan id with a custom id create links', async () => {
    const product = emu.seedProduct({ id: 'sku-tshirt-red', name: 'Red T-shirt' });
    const plan = emu.seedPrice({ id: 'gold-monthly', unit_amount: 2000, recurring: { interval: 'month' }, product: { name: 'Gold' } });
    expect([product.id, plan.id]).toEqual(['sku-tshirt-red', 'gold-monthly']);
    const a = await call('POST', '/v1/payment_links', { form: inline({ product_data: undefined, product: 'sku-tshirt-red' }) });
    const b = await call('POST', '/v1/payment_links', { form: { line_items: [{ price: 'gold-monthly', quantity: 1 }] } });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(emu.state.prices.get(emu.state.lineItems.get(a.json.id)[0].price).product).toBe('sku-tshirt-red');
    expect(emu.state.lineItems.get(b.json.id)[0].price).toBe('gold-monthly');
    expect(() => emu.seedProduct({ id: 'sku-tshirt-red' })).toThrow(/exists/);
  });

  test('without the spec file: a clear error when required, types-only checks otherwise', async () => {
    const saved = process.env[SPEC_PATH_SETTING];
    process.env[SPEC_PATH_SETTING] = 'no/such/spec.json';
    try {
      await expect(startEmulator({ openapi: 'required' })).rejects.toThrow(
        /spec the tests check requests against is missing: .*no\/such\/spec\.json\nSet STRIPE_OPENAPI_SPEC .*\n.*github\.com\/stripe\/openapi/s,
      );
      const typesOnly = await startEmulator();
      try {
        expect(typesOnly.specFile).toBeNull();
        const r = await fetch(`${typesOnly.url}/v1/payment_links`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: qs.stringify(inline({ currency: 'zzz' })),
        });
        expect(r.status).toBe(200); // the demo's emulator: what stripe-node's types allow
      } finally {
        await typesOnly.close();
      }
    } finally {
      if (saved === undefined) delete process.env[SPEC_PATH_SETTING];
      else process.env[SPEC_PATH_SETTING] = saved;
    }
  });
});
