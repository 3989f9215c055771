// @ts-check
'use strict';
/**
 * The second source of truth for request parameters: Stripe's published OpenAPI spec, read at
 * run time (never committed). stripe-node's types (schema.js) say WHICH parameters exist; the
 * spec adds what the types lack, and annotate() copies it onto the schema.js nodes:
 *   maxLength: n       strings (and strings in arrays) longer than n are refused
 *   integer: true      `type: integer`; `type: number` stays a decimal (application_fee_percent)
 *   format: 'currency' a three-letter code Stripe supports (currencies.js)
 *   open: true|false   enums: open only where the spec sets x-stripeBypassValidation; the SDK's
 *                      `| OtherString` is on nearly every enum and says nothing about the API.
 *                      A closed enum takes the values of both sources (the types may be newer).
 * Parameters the spec lacks (it predates a few endive ones) keep the types' checks only.
 *
 * ONE path setting: the environment variable STRIPE_OPENAPI_SPEC, default
 * ../shared/stripe-openapi/payment-links.openapi.json relative to the repository root. The file
 * may be the Payment Links subset or the whole openapi.spec3.json (both keep request schemas
 * inline under the same paths).
 */
const fs = require('node:fs');
const path = require('node:path');

const SPEC_PATH_SETTING = 'STRIPE_OPENAPI_SPEC';
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_SPEC_PATH = path.resolve(REPO_ROOT, '..', 'shared', 'stripe-openapi', 'payment-links.openapi.json');
/** Where the subset was transcribed from (its x-extract block); named when the file is missing. */
const SOURCE = {
  repo: 'github.com/stripe/openapi',
  path: 'latest/openapi.spec3.json',
  commit: '19be337d65af244fed355eaeb144de6dbeea82f1',
  version: '2026-07-29.dahlia',
};

/** Request schemas per emulator endpoint: [path, method, where the parameters are]. */
/** @type {Record<string, [string, string, 'body'|'query']>} */
const ENDPOINTS = {
  create: ['/v1/payment_links', 'post', 'body'],
  update: ['/v1/payment_links/{payment_link}', 'post', 'body'],
  list: ['/v1/payment_links', 'get', 'query'],
  listLineItems: ['/v1/payment_links/{payment_link}/line_items', 'get', 'query'],
  retrieve: ['/v1/payment_links/{payment_link}', 'get', 'query'],
};

function specPath() {
  const configured = process.env[SPEC_PATH_SETTING];
  return configured ? path.resolve(REPO_ROOT, configured) : DEFAULT_SPEC_PATH;
}

/** @param {string} file */
function missingSpecMessage(file) {
  return [
    `The Stripe OpenAPI spec the tests check requests against is missing: ${file}`,
    `Set ${SPEC_PATH_SETTING} to its path (relative to the repository root or absolute), or put it at the default`,
    `../shared/stripe-openapi/payment-links.openapi.json beside the clone. Get it from ${SOURCE.repo}:`,
    `${SOURCE.path} at commit ${SOURCE.commit} (API ${SOURCE.version}; the x-extract block of the`,
    'subset names it). The whole openapi.spec3.json works as well. Never commit the file.',
  ].join('\n');
}

/** @type {Map<string, any>} */
const cache = new Map();

/**
 * @param {{required?: boolean}} [opts] required: throw the explanatory error when the file is absent
 * @returns {{file: string, spec: any} | null}
 */
function loadSpec(opts = {}) {
  const file = specPath();
  if (!cache.has(file)) {
    let spec = null;
    if (fs.existsSync(file)) {
      spec = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (!spec || typeof spec !== 'object' || !spec.paths || !spec.paths['/v1/payment_links']) {
        throw new Error(`${file} (from ${SPEC_PATH_SETTING} or the default) is not a Stripe OpenAPI spec with /v1/payment_links.`);
      }
    }
    cache.set(file, spec);
  }
  const spec = cache.get(file);
  if (!spec) {
    if (opts.required) throw new Error(missingSpecMessage(file));
    return null;
  }
  return { file, spec };
}

/**
 * Follows `$ref: '#/components/schemas/x'` (the full spec uses them; the subset does not).
 * @param {any} spec @param {any} schema @returns {any}
 */
function deref(spec, schema) {
  let node = schema;
  for (let guard = 0; node && node.$ref && guard < 20; guard++) {
    node = node.$ref.replace(/^#\//, '').split('/').reduce((/** @type {any} */ at, /** @type {string} */ key) => (at ? at[key] : undefined), spec);
  }
  return node;
}

/**
 * The branch of an anyOf that is not Stripe's `enum: ['']` (the "unset" marker).
 * @param {any} spec @param {any} schema @returns {any}
 */
function mainBranch(spec, schema) {
  const node = deref(spec, schema);
  if (!node || !Array.isArray(node.anyOf)) return node;
  const branches = node.anyOf.map((/** @type {any} */ b) => deref(spec, b));
  return branches.find((/** @type {any} */ b) => !(b.type === 'string' && Array.isArray(b.enum) && b.enum.length === 1 && b.enum[0] === '')) || branches[0];
}

/** @param {any} spec @param {string} endpoint @returns {any} */
function endpointSchema(spec, endpoint) {
  const [route, method, where] = ENDPOINTS[endpoint];
  const operation = spec.paths[route] && spec.paths[route][method];
  if (!operation) return null;
  if (where === 'body') {
    const content = operation.requestBody && operation.requestBody.content;
    return content ? deref(spec, content['application/x-www-form-urlencoded'].schema) : null;
  }
  /** @type {Record<string, any>} */
  const properties = {};
  for (const parameter of operation.parameters || []) {
    const p = deref(spec, parameter);
    if (p && p.in === 'query') properties[p.name] = p.schema;
  }
  return { type: 'object', properties };
}

/**
 * Copies the spec's constraints onto a deep copy of a schema.js node tree.
 * @param {any} node schema.js node @param {any} schema spec schema @param {any} spec
 */
function annotateNode(node, schema, spec) {
  const s = mainBranch(spec, schema);
  const out = { ...node };
  if (!s) return out;
  switch (node.kind) {
    case 'object': {
      out.props = {};
      for (const [key, child] of Object.entries(node.props || {})) {
        out.props[key] = annotateNode(child, s.properties && s.properties[key], spec);
      }
      return out;
    }
    case 'array':
      out.items = annotateNode(node.items, s.items, spec);
      return out;
    case 'map':
      out.values = annotateNode(node.values, s.additionalProperties, spec);
      return out;
    case 'enum': {
      out.specChecked = true;
      if (Array.isArray(s.enum)) {
        out.values = [...new Set([...node.values, ...s.enum.filter((/** @type {any} */ v) => v !== '')])].sort();
        out.open = s['x-stripeBypassValidation'] === true;
      } else if (s.type === 'string') {
        out.open = true; // the spec knows no list: any string
      }
      return out;
    }
    case 'number':
      if (s.type === 'integer') out.integer = true;
      return out;
    case 'string':
      if (typeof s.maxLength === 'number') out.maxLength = s.maxLength;
      if (s.format === 'currency') out.format = 'currency';
      if (s.type === 'integer') {
        out.kind = 'number';
        out.integer = true;
      }
      return out;
    default:
      return out;
  }
}

/**
 * The schema.js schemas with the spec's constraints, or the plain ones when no spec is given.
 * @param {Record<string, any>} schemas from schema.loadSchemas() @param {any} spec
 */
function annotate(schemas, spec) {
  if (!spec) return schemas;
  /** @type {Record<string, any>} */
  const out = {};
  for (const [endpoint, schema] of Object.entries(schemas)) {
    const specSchema = ENDPOINTS[endpoint] ? endpointSchema(spec, endpoint) : null;
    out[endpoint] = specSchema ? annotateNode(schema, specSchema, spec) : schema;
  }
  return out;
}

module.exports = { SPEC_PATH_SETTING, DEFAULT_SPEC_PATH, SOURCE, specPath, loadSpec, annotate, missingSpecMessage };
