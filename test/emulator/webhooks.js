// @ts-check
'use strict';
/**
 * Delivers events to the registered webhook endpoints the way Stripe does: a POST of the
 * event as pretty-printed JSON, signed in the `Stripe-Signature` header as
 * `t=<unix time>,v1=<HMAC-SHA256 of "t.body" with the endpoint's whsec_ secret>` (plus a
 * `v0` signature made with another secret, as Stripe adds in test mode; receivers must
 * ignore every scheme but v1). One attempt per event and endpoint; every delivery is
 * recorded with the receiver's status and answer.
 */
const crypto = require('node:crypto');
const http = require('node:http');

const TIMEOUT_MS = 30000;

/** @param {string} secret @param {number} timestamp @param {string} payload */
function signature(secret, timestamp, payload) {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
}

/**
 * The Stripe-Signature header for a payload.
 * @param {string} secret @param {string} payload @param {number} [timestamp]
 */
function signatureHeader(secret, payload, timestamp = Math.floor(Date.now() / 1000)) {
  return `t=${timestamp},v1=${signature(secret, timestamp, payload)},v0=${signature('whsec_test_mode_v0', timestamp, payload)}`;
}

/**
 * @typedef {{eventId: string, type: string, endpointId: string, url: string, signature: string,
 *   status: number, response: string, error: string | null, payload: string, deliveredAt: number}} Delivery
 */

class WebhookDeliveries {
  /** @param {{webhookEndpoints: Map<string, any>}} state @param {string} apiVersion the account's, for endpoints without their own */
  constructor(state, apiVersion) {
    this.state = state;
    this.apiVersion = apiVersion;
    /** @type {Delivery[]} */
    this.log = [];
    /** @type {Set<Promise<Delivery>>} */
    this.pending = new Set();
  }

  /** Sends an event to every enabled endpoint subscribed to its type. @param {any} event */
  emit(event) {
    const endpoints = [...this.state.webhookEndpoints.values()].filter(
      (endpoint) => endpoint.status === 'enabled' && (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(event.type)),
    );
    event.pending_webhooks = endpoints.length;
    for (const endpoint of endpoints) this.send(endpoint, event);
  }

  /**
   * One delivery. `secret` and `timestamp` override the endpoint's, so that tests can send a
   * forged or stale signature through the same path.
   * @param {any} endpoint @param {any} event @param {{secret?: string, timestamp?: number, signature?: string}} [options]
   * @returns {Promise<Delivery>}
   */
  send(endpoint, event, options = {}) {
    const payload = JSON.stringify({ ...event, api_version: endpoint.api_version ?? this.apiVersion }, null, 2);
    const header = options.signature ?? signatureHeader(options.secret ?? endpoint.secret, payload, options.timestamp);
    const promise = post(endpoint.url, payload, header).then(({ status, response, error }) => {
      /** @type {Delivery} */
      const delivery = {
        eventId: event.id,
        type: event.type,
        endpointId: endpoint.id,
        url: endpoint.url,
        signature: header,
        status,
        response,
        error,
        payload,
        deliveredAt: Date.now(),
      };
      this.log.push(delivery);
      return delivery;
    });
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
    return promise;
  }

  /** Resolves once every delivery started so far has been answered (or failed). */
  async settle() {
    while (this.pending.size) await Promise.all([...this.pending]);
    return this.log;
  }

  reset() {
    this.log.length = 0;
  }
}

/** @param {string} url @param {string} payload @param {string} header */
function post(url, payload, header) {
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': Buffer.byteLength(payload),
          'Stripe-Signature': header,
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Cache-Control': 'no-cache',
        },
        timeout: TIMEOUT_MS,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode || 0, response: body.slice(0, 2000), error: null }));
        response.on('error', (error) => resolve({ status: response.statusCode || 0, response: body, error: error.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
    request.on('error', (error) => resolve({ status: 0, response: '', error: error.message }));
    request.end(payload);
  });
}

module.exports = { WebhookDeliveries, signatureHeader, signature };
