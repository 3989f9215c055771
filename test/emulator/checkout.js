// @ts-check
'use strict';
/**
 * Who paid: checkout sessions, webhook endpoints and events.
 *
 * - Checkout sessions are made by "paying" a payment link through an emulator-only endpoint,
 *   `POST /_emulator/payment_links/{id}/pay` (Stripe itself has no such endpoint). As Stripe
 *   does, a session copies the link's metadata at the time of payment and takes its amounts
 *   from the link's line items. `POST /_emulator/checkout/sessions/{id}/settle` settles a
 *   delayed payment (async_payment_succeeded / async_payment_failed).
 * - `GET /v1/checkout/sessions` with Stripe's list filters (SessionListParams in
 *   stripe/cjs/resources/Checkout/Sessions.d.ts), newest first, cursor-paged.
 * - Webhook endpoints (`/v1/webhook_endpoints`, CRUD) with a `whsec_` signing secret that
 *   only the create response shows. Endpoints must point at this machine: the emulator only
 *   ever delivers on loopback.
 * - Events in Stripe's shape. Handlers only hand them to `ctx.emit` (webhooks.js delivers
 *   them over HTTP), so that a request's effect on state stays synchronous like elsewhere.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ApiError, noSuch, fromParamError } = require('./errors');
const { validate, coerce, isPlainObject } = require('./validate');
const { paginate } = require('./handlers');
const obj = require('./objects');

/**
 * @typedef {import('./handlers').Ctx & {emit?: (event: any) => void, state: any}} Ctx
 * @typedef {{params: Record<string,string>, query: any, body: any}} Req
 */

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const now = () => Math.floor(Date.now() / 1000);

/** String-literal members of a union type in a stripe-node declaration file. */
function literalUnion(/** @type {string} */ file, /** @type {string} */ typeName) {
  // stripe's "main" is cjs/stripe.cjs.node.js, beside the declaration files.
  const text = fs.readFileSync(path.join(path.dirname(require.resolve('stripe')), file), 'utf8');
  const line = new RegExp(`type ${typeName} = ([^;]*);`).exec(text);
  if (!line) throw new Error(`${typeName} not found in stripe/cjs/${file}`);
  return [...line[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

/** @type {{events: string[], versions: string[]} | null} */
let enums = null;
function webhookEnums() {
  enums ??= {
    events: literalUnion('resources/WebhookEndpoints.d.ts', 'EnabledEvent'),
    versions: literalUnion('resources/WebhookEndpoints.d.ts', 'ApiVersion'),
  };
  return enums;
}

const str = { kind: 'string' };
const strings = { kind: 'array', items: str };
const metadata = { kind: 'map', values: str, emptyable: true };

/** SessionListParams (Checkout/Sessions.d.ts) minus `created`, whose number-or-range shape is checked in createdRange(). */
const SESSION_LIST_SCHEMA = {
  kind: 'object',
  props: {
    customer: str,
    customer_account: str,
    customer_details: { kind: 'object', props: { email: { ...str, required: true } } },
    ending_before: str,
    expand: strings,
    limit: { kind: 'number' },
    payment_intent: str,
    payment_link: str,
    starting_after: str,
    status: { kind: 'enum', values: ['complete', 'expired', 'open'], open: true },
    subscription: str,
  },
};
const EXPAND_ONLY = { kind: 'object', props: { expand: strings } };

function endpointSchemas() {
  const { events, versions } = webhookEnums();
  const enabledEvents = { kind: 'array', items: { kind: 'enum', values: events, open: false } };
  const description = { kind: 'string', emptyable: true };
  return {
    create: {
      kind: 'object',
      props: {
        url: { ...str, required: true },
        enabled_events: { ...enabledEvents, required: true },
        api_version: { kind: 'enum', values: versions, open: false },
        connect: { kind: 'boolean' },
        description,
        expand: strings,
        metadata,
      },
    },
    update: {
      kind: 'object',
      props: { url: str, enabled_events: enabledEvents, description, disabled: { kind: 'boolean' }, expand: strings, metadata },
    },
    list: { kind: 'object', props: { limit: { kind: 'number' }, starting_after: str, ending_before: str, expand: strings } },
  };
}

/** The emulator-only pay endpoint's parameters. */
const PAY_SCHEMA = {
  kind: 'object',
  props: {
    customer_email: str,
    customer_name: str,
    client_reference_id: str,
    status: { kind: 'enum', values: ['complete', 'expired', 'open'], open: false },
    payment: { kind: 'enum', values: ['delayed', 'immediate'], open: false },
    created: { kind: 'number' },
  },
};
const SETTLE_SCHEMA = { kind: 'object', props: { outcome: { kind: 'enum', values: ['failed', 'succeeded'], open: false, required: true } } };

/** @param {Ctx} ctx @param {any} schema @param {any} input */
function params(ctx, schema, input) {
  if (ctx.strict) {
    const e = validate(schema, input || {});
    if (e) throw fromParamError(e);
  }
  return coerce(schema, input || {});
}

/**
 * Stripe's `created` filter: a timestamp, or a range hash of gt / gte / lt / lte timestamps.
 * @returns {((t: number) => boolean) | null}
 */
function createdRange(/** @type {any} */ created) {
  if (created === undefined) return null;
  const integer = (/** @type {any} */ v, /** @type {string} */ param) => {
    if (typeof v !== 'string' || !/^\d+$/.test(v)) {
      throw new ApiError(400, { code: 'parameter_invalid_integer', param, message: `Invalid integer: ${typeof v === 'object' ? JSON.stringify(v) : v}` });
    }
    return Number(v);
  };
  if (!isPlainObject(created)) {
    const at = integer(created, 'created');
    return (t) => t === at;
  }
  /** @type {Record<string, (t:number, v:number) => boolean>} */
  const ops = { gt: (t, v) => t > v, gte: (t, v) => t >= v, lt: (t, v) => t < v, lte: (t, v) => t <= v };
  const checks = Object.entries(created).map(([op, value]) => {
    if (!(op in ops)) throw new ApiError(400, { code: 'parameter_unknown', param: `created[${op}]`, message: `Received unknown parameter: created[${op}]` });
    const bound = integer(value, `created[${op}]`);
    return (/** @type {number} */ t) => ops[op](t, bound);
  });
  return (t) => checks.every((check) => check(t));
}

// ---------------------------------------------------------------------------------------------
// Checkout sessions

/** @param {Ctx} ctx @param {string} id */
function getLink(ctx, id) {
  const link = ctx.state.paymentLinks.get(id);
  if (!link) throw noSuch('payment_link', id);
  return link;
}

/**
 * A customer completes (or abandons) the checkout of a payment link.
 * Shared by `POST /_emulator/payment_links/{id}/pay` and `emu.payPaymentLink()`.
 * @param {Ctx} ctx @param {string} linkId @param {any} input
 */
function payPaymentLink(ctx, linkId, input) {
  const link = getLink(ctx, linkId);
  const p = params(ctx, PAY_SCHEMA, input);
  const status = p.status || 'complete';
  if (!link.active) {
    throw new ApiError(400, { code: 'payment_link_inactive', message: `The payment link ${link.id} is not active, so it cannot be paid.` });
  }
  const completed = link.restrictions?.completed_sessions;
  if (status === 'complete' && completed?.limit != null && completed.count >= completed.limit) {
    throw new ApiError(400, {
      code: 'payment_link_restricted',
      message: `The payment link ${link.id} reached its limit of ${completed.limit} completed sessions.`,
    });
  }
  const items = ctx.state.lineItems.get(link.id) || [];
  const amount = items.reduce((sum, /** @type {any} */ li) => sum + li.amount_total, 0);
  const recurring = items.some((/** @type {any} */ li) => ctx.state.prices.get(li.price)?.type === 'recurring');
  const mode = recurring ? 'subscription' : 'payment';
  const delayed = p.payment === 'delayed';
  const created = p.created ?? now();
  const sequence = ctx.state.checkoutSessions.size + 1;
  const id = `cs_test_${obj.randomAlnum(40)}`;
  const paid = status === 'complete' && !delayed;
  const session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: link.allow_promotion_codes,
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: { enabled: link.automatic_tax?.enabled ?? false, liability: null, provider: null, status: null },
    billing_address_collection: link.billing_address_collection,
    cancel_url: null,
    client_reference_id: p.client_reference_id ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: link.consent_collection,
    created,
    currency: link.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: obj.clone(link.custom_text),
    customer: status === 'complete' && (recurring || link.customer_creation === 'always') ? obj.newId('cus') : null,
    customer_account: null,
    customer_creation: link.customer_creation,
    customer_details:
      status === 'open'
        ? null
        : {
            address: null,
            business_name: null,
            email: p.customer_email ?? `customer${sequence}@example.com`,
            individual_name: null,
            name: p.customer_name ?? `Customer ${sequence}`,
            phone: null,
            tax_exempt: 'none',
            tax_ids: [],
          },
    customer_email: null,
    discounts: [],
    expires_at: created + 24 * 3600,
    integration_identifier: null,
    invoice: null,
    invoice_creation: mode === 'payment' ? obj.clone(link.invoice_creation) : null,
    livemode: false,
    locale: 'auto',
    managed_payments: null,
    // Stripe copies the link's metadata onto every session it creates.
    metadata: obj.clone(link.metadata || {}),
    mode,
    origin_context: null,
    payment_intent: mode === 'payment' && status === 'complete' ? obj.newId('pi') : null,
    payment_link: link.id,
    payment_method_collection: link.payment_method_collection,
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: delayed ? ['card', 'us_bank_account'] : ['card'],
    payment_status: status === 'complete' && amount === 0 ? 'no_payment_required' : paid ? 'paid' : 'unpaid',
    permissions: null,
    phone_number_collection: obj.clone(link.phone_number_collection),
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: obj.clone(link.shipping_address_collection),
    shipping_cost: null,
    shipping_options: [],
    status,
    submit_type: link.submit_type,
    subscription: recurring && status === 'complete' ? obj.newId('sub') : null,
    success_url: link.after_completion?.type === 'redirect' ? link.after_completion.redirect.url : null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted',
    url: status === 'open' ? `https://checkout.stripe.com/c/pay/${id}` : null,
    wallet_options: null,
  };
  ctx.state.checkoutSessions.set(id, session);
  if (status === 'complete') {
    if (completed) completed.count++;
    emitEvent(ctx, 'checkout.session.completed', session);
  } else if (status === 'expired') {
    emitEvent(ctx, 'checkout.session.expired', session);
  }
  return obj.clone(session);
}

/** A delayed payment (bank debit) succeeds or fails days later. @param {Ctx} ctx @param {string} id @param {any} input */
function settleCheckoutSession(ctx, id, input) {
  const session = ctx.state.checkoutSessions.get(id);
  if (!session) throw noSuch('checkout.session', id);
  const { outcome } = params(ctx, SETTLE_SCHEMA, input);
  if (session.status !== 'complete' || session.payment_status !== 'unpaid') {
    throw new ApiError(400, { message: `Checkout session ${id} has no pending delayed payment (status ${session.status}, payment_status ${session.payment_status}).` });
  }
  if (outcome === 'succeeded') session.payment_status = 'paid';
  emitEvent(ctx, `checkout.session.async_payment_${outcome}`, session);
  return obj.clone(session);
}

/** @param {Ctx} ctx @param {any} query */
function listCheckoutSessions(ctx, query) {
  const { created, ...rest } = query || {};
  const p = params(ctx, SESSION_LIST_SCHEMA, rest);
  const inRange = createdRange(created);
  if (p.payment_link && !ctx.state.paymentLinks.has(p.payment_link)) throw noSuch('payment_link', p.payment_link, 'payment_link');
  const email = p.customer_details?.email;
  // Newest first; sessions created in the same second keep their creation order.
  const sessions = [...ctx.state.checkoutSessions.values()]
    .map((session, index) => ({ session, index }))
    .sort((a, b) => b.session.created - a.session.created || b.index - a.index)
    .map(({ session }) => session)
    .filter(
      (s) =>
        (!p.payment_link || s.payment_link === p.payment_link) &&
        (!p.status || s.status === p.status) &&
        (!p.customer || s.customer === p.customer) &&
        (!p.payment_intent || s.payment_intent === p.payment_intent) &&
        (!p.subscription || s.subscription === p.subscription) &&
        (!email || s.customer_details?.email === email) &&
        (!inRange || inRange(s.created)),
    );
  const list = paginate(sessions, p, '/v1/checkout/sessions', 'checkout.session');
  list.data = list.data.map((s) => obj.clone(s));
  return list;
}

// ---------------------------------------------------------------------------------------------
// Events

/** @param {Ctx} ctx @param {string} type @param {any} object */
function emitEvent(ctx, type, object) {
  const event = {
    id: obj.newId('evt'),
    object: 'event',
    api_version: null, // set per endpoint at delivery, as Stripe renders each endpoint's version
    created: now(),
    data: { object: obj.clone(object) },
    livemode: false,
    pending_webhooks: 0,
    request: { id: null, idempotency_key: null },
    type,
  };
  ctx.state.events.set(event.id, event);
  if (ctx.emit) ctx.emit(event);
  return event;
}

// ---------------------------------------------------------------------------------------------
// Webhook endpoints

/** @param {any} endpoint */
const publicEndpoint = (endpoint) => {
  const { secret: _secret, ...rest } = endpoint;
  return obj.clone(rest);
};

/** @param {unknown} url */
function checkUrl(url) {
  let parsed;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new ApiError(400, { code: 'url_invalid', param: 'url', message: `Invalid URL: ${url}` });
  }
  if (!/^https?:$/.test(parsed.protocol)) throw new ApiError(400, { code: 'url_invalid', param: 'url', message: `Invalid URL: ${url}` });
  if (!LOOPBACK_HOSTS.test(parsed.hostname)) {
    throw new ApiError(400, {
      code: 'url_invalid',
      param: 'url',
      message: `Invalid URL: the emulator only delivers events to this machine (localhost, 127.0.0.1, [::1]), not to ${parsed.hostname}.`,
    });
  }
}

/** @param {any} enabled */
function checkEvents(enabled) {
  if (!Array.isArray(enabled) || enabled.length === 0) {
    throw new ApiError(400, { code: 'parameter_missing', param: 'enabled_events', message: 'Missing required param: enabled_events.' });
  }
}

/** @param {Ctx} ctx @param {any} body */
function createWebhookEndpoint(ctx, body) {
  const p = params(ctx, endpointSchemas().create, body);
  checkUrl(p.url);
  checkEvents(p.enabled_events);
  const endpoint = {
    id: obj.newId('we'),
    object: 'webhook_endpoint',
    api_version: p.api_version ?? null,
    application: null,
    created: now(),
    description: p.description ?? null,
    enabled_events: p.enabled_events.map(String),
    livemode: false,
    metadata: obj.mergeMetadata({}, p.metadata),
    secret: `whsec_${obj.randomAlnum(32)}`,
    status: 'enabled',
    url: String(p.url),
  };
  ctx.state.webhookEndpoints.set(endpoint.id, endpoint);
  // Only the create response shows the signing secret.
  return obj.clone(endpoint);
}

/** @param {Ctx} ctx @param {string} id */
function getEndpoint(ctx, id) {
  const endpoint = ctx.state.webhookEndpoints.get(id);
  if (!endpoint) throw noSuch('webhook_endpoint', id);
  return endpoint;
}

/** @param {Ctx} ctx @param {string} id @param {any} body */
function updateWebhookEndpoint(ctx, id, body) {
  const endpoint = getEndpoint(ctx, id);
  const p = params(ctx, endpointSchemas().update, body);
  if (p.url !== undefined) checkUrl(p.url);
  if (p.enabled_events !== undefined) checkEvents(p.enabled_events);
  if (p.url !== undefined) endpoint.url = String(p.url);
  if (p.enabled_events !== undefined) endpoint.enabled_events = p.enabled_events.map(String);
  if (p.description !== undefined) endpoint.description = p.description;
  if (p.disabled !== undefined) endpoint.status = p.disabled ? 'disabled' : 'enabled';
  if (p.metadata !== undefined) endpoint.metadata = obj.mergeMetadata(endpoint.metadata, p.metadata);
  return publicEndpoint(endpoint);
}

/** @type {{method:string, pattern:RegExp, handle:(ctx:Ctx, req:Req)=>any}[]} */
const ROUTES = [
  { method: 'POST', pattern: /^\/_emulator\/payment_links\/([^/]+)\/pay$/, handle: (ctx, r) => payPaymentLink(ctx, r.params.id, r.body) },
  {
    method: 'POST',
    pattern: /^\/_emulator\/checkout\/sessions\/([^/]+)\/settle$/,
    handle: (ctx, r) => settleCheckoutSession(ctx, r.params.id, r.body),
  },
  { method: 'GET', pattern: /^\/v1\/checkout\/sessions$/, handle: (ctx, r) => listCheckoutSessions(ctx, r.query) },
  {
    method: 'GET',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/,
    handle: (ctx, r) => {
      params(ctx, EXPAND_ONLY, r.query);
      const session = ctx.state.checkoutSessions.get(r.params.id);
      if (!session) throw noSuch('checkout.session', r.params.id);
      return obj.clone(session);
    },
  },
  { method: 'POST', pattern: /^\/v1\/webhook_endpoints$/, handle: (ctx, r) => createWebhookEndpoint(ctx, r.body) },
  {
    method: 'GET',
    pattern: /^\/v1\/webhook_endpoints$/,
    handle: (ctx, r) => {
      const p = params(ctx, endpointSchemas().list, r.query);
      const list = paginate([...ctx.state.webhookEndpoints.values()].reverse(), p, '/v1/webhook_endpoints', 'webhook_endpoint');
      list.data = list.data.map(publicEndpoint);
      return list;
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/webhook_endpoints\/([^/]+)$/,
    handle: (ctx, r) => {
      params(ctx, EXPAND_ONLY, r.query);
      return publicEndpoint(getEndpoint(ctx, r.params.id));
    },
  },
  { method: 'POST', pattern: /^\/v1\/webhook_endpoints\/([^/]+)$/, handle: (ctx, r) => updateWebhookEndpoint(ctx, r.params.id, r.body) },
  {
    method: 'DELETE',
    pattern: /^\/v1\/webhook_endpoints\/([^/]+)$/,
    handle: (ctx, r) => {
      const endpoint = getEndpoint(ctx, r.params.id);
      ctx.state.webhookEndpoints.delete(endpoint.id);
      return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
    },
  },
];

/** @param {string} method @param {string} path */
function routeCheckout(method, path) {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m) return { handle: r.handle, params: m[1] ? { id: decodeURIComponent(m[1]) } : {} };
  }
  return null;
}

module.exports = { routeCheckout, payPaymentLink, settleCheckoutSession, emitEvent, webhookEnums, SESSION_LIST_SCHEMA };
