// @ts-check
'use strict';
/**
 * HTTP front of the emulator: auth, API version, Connect header, rate limiting,
 * fault injection, idempotency and request recording around the handlers.
 *
 * Pipeline per request (order matters for tests):
 *   record -> (outage: drop) -> auth -> Stripe-Version -> Stripe-Account -> rate limit -> injected 5xx/drop-before
 *   -> idempotency (replay / mismatch / in-use) -> latency -> (outage: drop, or commit then drop)
 *   -> handler (commits) -> drop-after or respond
 * Latency is applied after the idempotency key is claimed so concurrent duplicates observe
 * the key as in flight (409), as they would against Stripe during a slow request.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const qs = require('qs');
const { ApiError, maskKey } = require('./errors');
const { Faults } = require('./faults');
const { route, createPaymentLink } = require('./handlers');
const { routeCheckout, payPaymentLink, settleCheckoutSession } = require('./checkout');
const { WebhookDeliveries } = require('./webhooks');
const { loadSchemas } = require('./schema');
const openapi = require('./openapi');
const obj = require('./objects');

const API_VERSION = '2026-10-28.endive';
const KNOWN_VERSIONS = [API_VERSION, '2026-01-28.clover', '2025-09-30.clover', '2025-04-30.basil', '2024-11-20.acacia', '2024-06-20', '2023-10-16'];
const QS_OPTS = { arrayLimit: 1000, depth: 20, parameterLimit: 10000 };

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
/** Key-order-independent JSON, so the same params in a different order are "the same". @param {any} v @returns {string} */
function stable(v) {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/**
 * openapi: 'auto' (default) checks against the OpenAPI spec when the file is there (see
 * openapi.js) and against stripe-node's types alone when it is not, so the demo runs anywhere;
 * 'required' fails to start without it (the tests); 'off' never reads it.
 * @typedef {{apiKeys?: string[], port?: number, strict?: boolean, rateLimitPerSecond?: number,
 *   latencyMs?: number, faults?: any, host?: string, openapi?: 'auto'|'required'|'off'}} EmulatorOptions
 */

class Emulator {
  /** @param {EmulatorOptions} [opts] */
  constructor(opts = {}) {
    this.apiKeys = opts.apiKeys || ['sk_test_emulator_secret'];
    this.strict = opts.strict !== false;
    this.rateLimitPerSecond = opts.rateLimitPerSecond || 0;
    this.latencyMs = opts.latencyMs || 0;
    this.faults = new Faults(opts.faults);
    this.host = opts.host || '127.0.0.1';
    this.requestedPort = opts.port || 0;
    /** @type {any[]} */
    this.requests = [];
    this.state = { paymentLinks: new Map(), lineItems: new Map(), prices: new Map(), products: new Map() };
    Object.assign(this.state, { checkoutSessions: new Map(), webhookEndpoints: new Map(), events: new Map() });
    this.webhooks = new WebhookDeliveries(this.state, API_VERSION);
    this.stats = { created: 0, replays: 0, rateLimited: 0, requests: 0, maxInFlight: 0, faultsInjected: { drop: 0, error500: 0, error503: 0, outage: 0 } };
    /** @type {Map<string, any>} */
    this.idempotency = new Map();
    /** @type {number[]} accepted request times inside the rolling window */
    this.window = [];
    this.port = 0;
    this.url = '';
    const mode = opts.openapi || 'auto';
    const loaded = mode === 'off' ? null : openapi.loadSpec({ required: mode === 'required' });
    /** The OpenAPI spec file the strict checks use, or null (types only). */
    this.specFile = loaded ? loaded.file : null;
    /** @type {any} */
    let schemas = null;
    // Loaded lazily so a non-strict emulator only pays for the schema when it coerces.
    const annotated = () => (schemas = schemas || openapi.annotate(loadSchemas(), loaded && loaded.spec));
    this.ctx = { state: this.state, strict: this.strict, stats: this.stats, schemas: annotated };
    // Events a handler creates are delivered to the registered webhook endpoints (webhooks.js).
    Object.assign(this.ctx, { emit: (/** @type {any} */ event) => this.webhooks.emit(event) });
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: { type: 'api_error', message: `Emulator bug: ${e && e.message}` } }));
        }
      });
    });
    this.server.keepAliveTimeout = 5000;
  }

  async listen() {
    if (this.strict) this.ctx.schemas(); // pay the schema cost at start, not on the first request
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.requestedPort, this.host, () => resolve(undefined));
    });
    const addr = /** @type {import('node:net').AddressInfo} */ (this.server.address());
    this.port = addr.port;
    this.url = `http://${this.host}:${this.port}`;
    return this;
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(() => r(undefined)));
  }

  reset() {
    this.requests.length = 0;
    for (const m of Object.values(this.state)) m.clear();
    Object.assign(this.stats, { created: 0, replays: 0, rateLimited: 0, requests: 0, maxInFlight: 0 });
    this.stats.faultsInjected = { drop: 0, error500: 0, error503: 0, outage: 0 };
    this.idempotency.clear();
    this.window.length = 0;
    this.webhooks.reset();
  }

  /** @param {any} f */
  setFaults(f) {
    this.faults.set(f || {});
  }
  /**
   * Forgets every stored idempotent result, as Stripe does 24 hours after a key was first
   * used: the same key then creates a new object. Keys of requests still in flight stay.
   */
  expireIdempotencyKeys() {
    for (const [slot, entry] of this.idempotency) if (!entry.inFlight) this.idempotency.delete(slot);
  }

  /** @param {number} n */
  setRateLimit(n) {
    this.rateLimitPerSecond = n || 0;
    this.window.length = 0;
  }
  /** @param {number} ms */
  setLatency(ms) {
    this.latencyMs = ms || 0;
  }

  /**
   * A product with an id of the user's choosing, as Stripe allows at creation (e.g. a SKU).
   * @param {{id?: string, name?: string, description?: string, metadata?: Record<string,string>}} p
   */
  seedProduct(p = {}) {
    if (p.id && this.state.products.has(p.id)) throw new Error(`seedProduct: ${p.id} exists`);
    const product = obj.makeProduct({ name: 'Seeded product', ...p });
    this.state.products.set(product.id, product);
    return obj.clone(product);
  }

  /**
   * A price; `id` may be chosen, like a legacy Plan's (e.g. gold-monthly), which Stripe's
   * line_items[].price takes as well.
   * @param {{id?: string, unit_amount?: number, currency?: string, recurring?: {interval:string, interval_count?:number}|null,
   *   product?: {id?: string, name:string, description?:string}|string, nickname?: string, lookup_key?: string, active?: boolean, metadata?: Record<string,string>}} p
   */
  seedPrice(p = {}) {
    if (p.id && this.state.prices.has(p.id)) throw new Error(`seedPrice: ${p.id} exists`);
    let productId;
    if (typeof p.product === 'string') {
      if (!this.state.products.has(p.product)) throw new Error(`seedPrice: unknown product ${p.product}`);
      productId = p.product;
    } else {
      productId = this.seedProduct(p.product || {}).id;
    }
    const price = obj.makePrice({ unit_amount: 1000, currency: 'usd', ...p, product: productId });
    this.state.prices.set(price.id, price);
    const product = this.state.products.get(productId);
    if (!product.default_price) product.default_price = price.id;
    return obj.clone(price);
  }

  /** Same code path as a POST: params are form-encoded and decoded first. @param {any} params */
  seedPaymentLink(params) {
    const decoded = qs.parse(qs.stringify(params, { arrayFormat: 'indices' }), QS_OPTS);
    return createPaymentLink(this.ctx, decoded);
  }

  /**
   * A customer pays a link (same code path as POST /_emulator/payment_links/{id}/pay); the
   * checkout.session.* event goes out to the registered webhook endpoints.
   * @param {string} linkId
   * @param {{customer_email?: string, customer_name?: string, client_reference_id?: string,
   *   status?: 'complete'|'open'|'expired', payment?: 'immediate'|'delayed', created?: number}} [params]
   */
  payPaymentLink(linkId, params = {}) {
    const decoded = qs.parse(qs.stringify(params), QS_OPTS);
    return payPaymentLink(this.ctx, linkId, decoded);
  }

  /** Settles a delayed payment. @param {string} sessionId @param {'succeeded'|'failed'} outcome */
  settleCheckoutSession(sessionId, outcome) {
    return settleCheckoutSession(this.ctx, sessionId, { outcome });
  }

  /** Every webhook delivery so far: event, endpoint, signature header, receiver's status and answer. */
  get deliveries() {
    return this.webhooks.log;
  }

  /** Resolves once every delivery started so far has been answered. */
  async waitForDeliveries() {
    return this.webhooks.settle();
  }

  /**
   * Delivers one event to one endpoint, optionally signed with another secret or timestamp
   * (a forged or replayed call) or with a literal Stripe-Signature header.
   * @param {string} endpointId @param {any} event @param {{secret?: string, timestamp?: number, signature?: string}} [options]
   */
  async sendEvent(endpointId, event, options) {
    const endpoint = this.state.webhookEndpoints.get(endpointId);
    if (!endpoint) throw new Error(`sendEvent: no webhook endpoint ${endpointId}`);
    return this.webhooks.send(endpoint, event, options);
  }

  /** @param {string|undefined} header */
  authenticate(header) {
    if (!header) {
      throw new ApiError(401, {
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      });
    }
    let key = '';
    const bearer = /^Bearer\s+(.*)$/i.exec(header);
    const basic = /^Basic\s+(.*)$/i.exec(header);
    if (bearer) key = bearer[1].trim();
    else if (basic) key = Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
    if (!key) {
      throw new ApiError(401, {
        message: "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      });
    }
    if (!this.apiKeys.includes(key)) throw new ApiError(401, { message: `Invalid API Key provided: ${maskKey(key)}` });
    return key;
  }

  rateLimited() {
    if (!this.rateLimitPerSecond) return false;
    const t = Date.now();
    while (this.window.length && this.window[0] <= t - 1000) this.window.shift();
    if (this.window.length >= this.rateLimitPerSecond) return true;
    this.window.push(t);
    return false;
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async handle(req, res) {
    const requestId = `req_${obj.randomAlnum(14)}`;
    const receivedAt = Date.now();
    // Concurrency as the server sees it, so tests can check the client's pacing.
    this.inFlight = (this.inFlight || 0) + 1;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight || 0, this.inFlight);
    res.once('close', () => this.inFlight--);
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const [path, rawQuery = ''] = (req.url || '/').split(/\?(.*)/s);
    const method = (req.method || 'GET').toUpperCase();
    const h = req.headers;
    const idempotencyKey = typeof h['idempotency-key'] === 'string' ? h['idempotency-key'] : null;
    // Decode up front so even rejected requests (401, 429, ...) are recorded with their body.
    /** @type {any} */
    let body = {};
    /** @type {unknown} */
    let bodyError = null;
    try {
      body = this.decodeBody(method, rawBody, String(h['content-type'] || ''));
    } catch (e) {
      bodyError = e;
      body = qs.parse(rawBody, QS_OPTS);
    }
    const rec = {
      method,
      path,
      query: qs.parse(rawQuery, QS_OPTS),
      body,
      rawBody,
      rawQuery,
      headers: { ...h },
      status: 0,
      idempotencyKey,
      replayed: false,
      dropped: false,
      requestId,
      account: h['stripe-account'] || null,
      receivedAt,
    };
    this.requests.push(rec);
    this.stats.requests++;
    const version = typeof h['stripe-version'] === 'string' ? h['stripe-version'] : API_VERSION;
    /** @type {Record<string,string>} */
    const headers = { 'Content-Type': 'application/json', 'Request-Id': requestId, 'Stripe-Version': version };
    if (typeof h['stripe-account'] === 'string') headers['Stripe-Account'] = h['stripe-account'];
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;

    let delayed = false;
    const delay = async () => {
      if (delayed) return;
      delayed = true;
      const ms = this.latencyMs + this.faults.latencyMs;
      if (ms > 0) await sleep(ms);
    };
    /** @param {number} status @param {any} body @param {Record<string,string>} [extra] */
    const send = async (status, body, extra = {}) => {
      await delay();
      rec.status = status;
      res.writeHead(status, { ...headers, ...extra });
      res.end(JSON.stringify(body));
    };
    const drop = (counter = 'drop') => {
      rec.dropped = true;
      this.stats.faultsInjected[counter]++;
      req.socket.destroy();
    };
    // An outage: the request never reaches Stripe, so it is not processed at all.
    if (this.faults.isDown()) return drop('outage');
    /** @type {string|null} */
    let idemSlot = null;

    try {
      const key = this.authenticate(typeof h.authorization === 'string' ? h.authorization : undefined);
      if (!KNOWN_VERSIONS.includes(version)) {
        throw new ApiError(400, { message: `Invalid Stripe API version: ${version}` });
      }
      const account = h['stripe-account'];
      if (account !== undefined && !/^acct_[A-Za-z0-9]{1,64}$/.test(String(account))) {
        throw new ApiError(403, {
          code: 'account_invalid',
          message: `The provided key '${maskKey(key)}' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
        });
      }
      if (this.rateLimited()) {
        this.stats.rateLimited++;
        // One window for the whole server, like Stripe's account-wide limit.
        throw new ApiError(429, {
          code: 'rate_limit',
          message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
          headers: { 'Stripe-Rate-Limited-Reason': 'global-rate' },
        });
      }
      const fault = this.faults.pick(method);
      if (fault && fault.kind === 'drop' && fault.when === 'before') return drop();
      if (fault && fault.kind === 'status') throw this.injectedError(fault);

      if (bodyError) throw bodyError;
      const match = route(method, path) || routeCheckout(method, path);
      if (!match) {
        throw new ApiError(404, {
          message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        });
      }

      if (method === 'POST' && idempotencyKey) {
        idemSlot = `${key}|${account || ''}|${idempotencyKey}`;
        const fingerprint = stable({ method, path, body });
        const prior = this.idempotency.get(idemSlot);
        if (prior && prior.inFlight) {
          idemSlot = null; // not ours: never release someone else's claim
          throw new ApiError(409, {
            type: 'idempotency_error',
            code: 'idempotency_key_in_use',
            message: 'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ' + idempotencyKey + '. Please try again later.',
          });
        }
        if (prior) {
          idemSlot = null;
          if (prior.fingerprint !== fingerprint) {
            throw new ApiError(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
            });
          }
          this.stats.replays++;
          rec.replayed = true;
          if (fault && fault.kind === 'drop') return drop();
          return await send(prior.status, prior.body, { ...prior.extraHeaders, 'Idempotent-Replayed': 'true' });
        }
        this.idempotency.set(idemSlot, { inFlight: true, fingerprint });
      }

      await delay();
      const verdict = method === 'POST' ? this.faults.writeVerdict() : 'up';
      if (verdict === 'down') {
        if (idemSlot) this.idempotency.delete(idemSlot);
        idemSlot = null;
        return drop('outage');
      }
      let status = 200;
      let result;
      try {
        result = match.handle(this.ctx, { params: match.params, query: rec.query, body });
      } catch (e) {
        // Stripe only stores idempotent results once the endpoint started executing;
        // validation failures release the key so a corrected request can reuse it.
        if (idemSlot) this.idempotency.delete(idemSlot);
        idemSlot = null;
        throw e;
      }
      if (idemSlot) {
        this.idempotency.set(idemSlot, { inFlight: false, fingerprint: stable({ method, path, body }), status, body: result, extraHeaders: {} });
        idemSlot = null;
      }
      if (method === 'POST') this.faults.noteWrite();
      if (verdict === 'lose') return drop('outage');
      if (fault && fault.kind === 'drop') return drop();
      return await send(status, result);
    } catch (e) {
      if (idemSlot) this.idempotency.delete(idemSlot);
      if (e instanceof ApiError) return send(e.status, e.body(requestId), e.headers);
      throw e;
    }
  }

  /** @param {{status:number, shouldRetry?:boolean, error?:any, rateLimitedReason?:string}} fault */
  injectedError(fault) {
    const s = fault.status;
    if (s === 500) this.stats.faultsInjected.error500++;
    if (s === 503) this.stats.faultsInjected.error503++;
    /** @type {Record<string,string>} */
    const headers = {};
    if (fault.shouldRetry !== undefined || s >= 500) headers['Stripe-Should-Retry'] = String(fault.shouldRetry !== false);
    if (s === 429 && fault.rateLimitedReason) headers['Stripe-Rate-Limited-Reason'] = fault.rateLimitedReason;
    const base =
      s === 429
        ? { code: 'rate_limit', message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.' }
        : s === 409
          ? { code: 'lock_timeout', message: 'This object cannot be accessed right now because another API request or Stripe process is currently accessing it.' }
          : s >= 500
            ? { type: 'api_error', message: s === 503 ? 'Stripe is temporarily unavailable. Please try again.' : 'An unknown error occurred' }
            : { message: `Injected fault (${s})` };
    if (s === 429) this.stats.rateLimited++;
    return new ApiError(s, { ...base, ...(fault.error || {}), headers });
  }

  /** @param {string} method @param {string} raw @param {string} contentType */
  decodeBody(method, raw, contentType) {
    if (!raw) return {};
    if (/json/i.test(contentType)) {
      if (this.strict) {
        throw new ApiError(400, {
          message: `Invalid request: the Stripe API expects application/x-www-form-urlencoded bodies (got ${contentType}).`,
        });
      }
      try {
        return JSON.parse(raw);
      } catch {
        return {};
      }
    }
    return qs.parse(raw, QS_OPTS);
  }
}

/** @param {EmulatorOptions} [opts] */
async function startEmulator(opts) {
  return new Emulator(opts).listen();
}

module.exports = { startEmulator, Emulator, API_VERSION, KNOWN_VERSIONS, QS_OPTS };
