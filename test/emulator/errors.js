// @ts-check
'use strict';
/** Stripe-shaped API errors. Handlers throw ApiError; the server turns it into a response. */

class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{type?:string, code?:string|null, message:string, param?:string|null, headers?:Record<string,string>}} e
   */
  constructor(status, e) {
    super(e.message);
    this.status = status;
    this.type = e.type || 'invalid_request_error';
    this.code = e.code || undefined;
    this.param = e.param || undefined;
    this.headers = e.headers || {};
  }

  /** @param {string} requestId */
  body(requestId) {
    /** @type {Record<string, any>} */
    const error = { type: this.type, message: this.message };
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, '-')}`;
    }
    if (this.param) error.param = this.param;
    error.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}`;
    return { error };
  }
}

/**
 * Stripe answers 404 for an id in the URL but 400 for an id referenced by a parameter.
 * @param {string} kind e.g. 'payment_link' @param {string} id @param {string} [param]
 */
const noSuch = (kind, id, param = 'id') =>
  new ApiError(param === 'id' ? 404 : 400, { code: 'resource_missing', param, message: `No such ${kind}: '${id}'` });

/** @param {{type:string, code:string, param:string, message:string}} e */
const fromParamError = (e) => new ApiError(400, e);

/**
 * Never echo a full key: keep the sk_test_ style prefix and the last 4 characters.
 * @param {string} key
 */
function maskKey(key) {
  const prefix = (/^(sk|rk|pk)_(test|live)_/.exec(key) || [''])[0];
  const rest = key.slice(prefix.length);
  const tail = rest.length > 8 ? rest.slice(-4) : '';
  return prefix + '*'.repeat(Math.max(rest.length - tail.length, 4)) + tail;
}

module.exports = { ApiError, noSuch, fromParamError, maskKey };
