// @ts-check
'use strict';
/**
 * Validates and coerces qs-decoded form bodies against schema.js nodes.
 *
 * Form values are always strings, so "number" means "a string that parses as a
 * number", and '' means "unset" (only legal where the SDK type is Emptyable, and
 * for metadata). Error codes follow Stripe where Stripe has a stable one
 * (parameter_unknown, parameter_missing, parameter_invalid_integer,
 * parameter_invalid_boolean, parameter_invalid_empty, parameter_invalid_string_object);
 * the rest are emulator-specific and documented here:
 *   parameter_invalid_enum     value outside a closed enum
 *   parameter_invalid_object   scalar sent where a hash is expected
 *   parameter_invalid_array    scalar sent where an array is expected
 *   parameter_invalid_decimal  non-decimal string for a Decimal (unit_amount_decimal)
 *   parameter_invalid_metadata metadata limits (50 keys, 40-char keys, 500-char values)
 *   invalid_string_length      longer than the spec's maxLength ("Invalid string: …; must be at
 *                              most N characters", Stripe's wording)
 *   (no code)                  unknown currency, in Stripe's words (currencies.js)
 * The checks that come from the OpenAPI spec (maxLength, integer, format: currency, which enums
 * are open) only apply to nodes annotated by openapi.js; without the spec, a number is any
 * number and every enum is closed.
 */

/** @typedef {import('./schema').SchemaNode} SchemaNode */
/** @typedef {{type:string, code:string, param:string, message:string}} ParamError */

/** Stripe writes params as `a[0][b]`. @param {(string|number)[]} segs */
function bracket(segs) {
  return segs.map((s, i) => (i === 0 ? String(s) : `[${s}]`)).join('');
}

const { isSupportedCurrency, unknownCurrencyMessage } = require('./currencies');

const isPlainObject = (/** @type {any} */ v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const NUMBER_RE = /^-?\d+(\.\d+)?$/;
const INTEGER_RE = /^-?\d+$/;

/**
 * Clients differ: stripe-node sends `a[0]=x`, axios/qs may send `a[]=x`, and qs turns sparse
 * or very large indices into objects. Normalise anything index-keyed into a dense array.
 * @param {any} v
 */
function asArray(v) {
  if (Array.isArray(v)) return v;
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
      return keys.sort((a, b) => Number(a) - Number(b)).map((k) => v[k]);
    }
  }
  return null;
}

/** @param {string} code @param {(string|number)[]} segs @param {string} message @returns {ParamError} */
function err(code, segs, message) {
  return { type: 'invalid_request_error', code, param: bracket(segs), message };
}

/**
 * @param {SchemaNode} node
 * @param {any} value
 * @param {(string|number)[]} segs
 * @returns {ParamError|null}
 */
function check(node, value, segs) {
  const p = bracket(segs);
  if (value === '') {
    if (node.emptyable || node.kind === 'map') return null;
    return err(
      'parameter_invalid_empty',
      segs,
      `You passed an empty string for '${p}'. We assume empty values are an attempt to unset a parameter; however '${p}' cannot be unset. You should remove '${p}' from your request or supply a non-empty value.`,
    );
  }
  switch (node.kind) {
    case 'object': {
      if (!isPlainObject(value)) return err('parameter_invalid_object', segs, `Invalid object: ${p} must be a hash`);
      return checkObject(node, value, segs);
    }
    case 'map': {
      if (!isPlainObject(value)) return err('parameter_invalid_object', segs, `Invalid object: ${p} must be a hash`);
      const keys = Object.keys(value);
      if (keys.length > 50) return err('parameter_invalid_metadata', segs, 'Invalid metadata: metadata can have at most 50 keys.');
      for (const k of keys) {
        if (k.length > 40) {
          return err('parameter_invalid_metadata', [...segs, k], `Metadata keys can have up to 40 characters, but you passed in a key that is ${k.length} characters.`);
        }
        const v = value[k];
        if (v !== null && typeof v === 'object') return err('parameter_invalid_string_object', [...segs, k], `Invalid string: ${bracket([...segs, k])} must be a string`);
        if (String(v).length > 500) {
          return err('parameter_invalid_metadata', [...segs, k], `Metadata values can have up to 500 characters, but you passed in a value that is ${String(v).length} characters.`);
        }
      }
      return null;
    }
    case 'array': {
      const arr = asArray(value);
      if (!arr) return err('parameter_invalid_array', segs, `Invalid array: ${p} must be an array`);
      for (let i = 0; i < arr.length; i++) {
        const e = check(/** @type {SchemaNode} */ (node.items), arr[i], [...segs, i]);
        if (e) return e;
      }
      return null;
    }
    default:
      break;
  }
  if (value !== null && typeof value === 'object') {
    return err('parameter_invalid_string_object', segs, `Invalid ${node.kind === 'enum' ? 'string' : node.kind}: ${p} must be a scalar value, not a hash or array`);
  }
  const s = String(value);
  switch (node.kind) {
    case 'number':
      return (node.integer ? INTEGER_RE : NUMBER_RE).test(s) ? null : err('parameter_invalid_integer', segs, `Invalid integer: ${s}`);
    case 'decimal':
      return NUMBER_RE.test(s) ? null : err('parameter_invalid_decimal', segs, `Invalid decimal: ${s}`);
    case 'boolean':
      return s === 'true' || s === 'false' ? null : err('parameter_invalid_boolean', segs, `Invalid boolean: ${s}`);
    case 'enum':
      // Without the spec (node.specChecked unset) every enum is closed, as before.
      return node.values.includes(s) || (node.open && node.specChecked)
        ? null
        : err('parameter_invalid_enum', segs, `Invalid ${p}: must be one of ${node.values.join(', ')}`);
    case 'string':
      if (typeof node.maxLength === 'number' && s.length > node.maxLength) {
        const shown = s.length > 20 ? `${s.slice(0, 20)}...` : s;
        return err('invalid_string_length', segs, `Invalid string: ${shown}; must be at most ${node.maxLength} characters`);
      }
      if (node.format === 'currency' && !isSupportedCurrency(s)) {
        return { type: 'invalid_request_error', code: '', param: p, message: unknownCurrencyMessage(s) };
      }
      return null;
    default:
      return null;
  }
}

/** @param {SchemaNode} node @param {Record<string, any>} obj @param {(string|number)[]} segs */
function checkObject(node, obj, segs) {
  const props = node.props || {};
  for (const key of Object.keys(obj)) {
    if (!(key in props)) return err('parameter_unknown', [...segs, key], `Received unknown parameter: ${bracket([...segs, key])}`);
  }
  for (const [key, child] of Object.entries(props)) {
    if (child.required && (obj[key] === undefined)) {
      return err('parameter_missing', [...segs, key], `Missing required param: ${bracket([...segs, key])}.`);
    }
  }
  for (const key of Object.keys(obj)) {
    const e = check(props[key], obj[key], [...segs, key]);
    if (e) return e;
  }
  return null;
}

/**
 * @param {SchemaNode} schema object schema of the endpoint
 * @param {any} body decoded form/query
 * @returns {ParamError|null} the first problem, Stripe reports one at a time
 */
function validate(schema, body) {
  return checkObject(schema, body || {}, []);
}

/**
 * Converts form strings into the types the schema declares. '' on an Emptyable becomes null
 * (callers interpret null as "unset"); metadata values stay strings so '' can mean "delete key".
 * Unknown keys pass through untouched, which is what non-strict mode relies on.
 * @param {SchemaNode|undefined} node
 * @param {any} value
 * @returns {any}
 */
function coerce(node, value) {
  if (!node) return value;
  if (value === '' && node.kind !== 'map' && node.kind !== 'string' && node.kind !== 'enum') return null;
  if (value === '' && node.emptyable) return null;
  switch (node.kind) {
    case 'object': {
      if (!isPlainObject(value)) return value;
      /** @type {Record<string, any>} */
      const out = {};
      for (const [k, v] of Object.entries(value)) out[k] = coerce(node.props && node.props[k], v);
      return out;
    }
    case 'map':
      if (!isPlainObject(value)) return value === '' ? null : value;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null ? '' : String(v)]));
    case 'array': {
      const arr = asArray(value);
      return arr ? arr.map((v) => coerce(node.items, v)) : value;
    }
    case 'number':
      return typeof value === 'string' && NUMBER_RE.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

module.exports = { validate, coerce, bracket, asArray, isPlainObject };
