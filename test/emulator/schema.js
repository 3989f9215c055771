// @ts-check
'use strict';
/**
 * Request-parameter schemas for the Payment Links endpoints, derived at runtime
 * from stripe-node's own TypeScript declarations (stripe@23, PaymentLinks.d.ts)
 * with the TypeScript compiler API. Deriving instead of hand-writing means the
 * emulator's notion of "valid request" moves with the installed SDK.
 *
 * Schema node (plain JSON, so it can be cached on disk):
 *   { kind: 'object', props: { [name]: Node } }
 *   { kind: 'array', items: Node }
 *   { kind: 'map', values: Node }              // index-signature types, i.e. metadata
 *   { kind: 'string' | 'number' | 'boolean' | 'decimal' }
 *   { kind: 'enum', values: string[], open: boolean }  // open = SDK adds `| OtherString`
 *   every node may also carry: required: true (property without `?`),
 *                              emptyable: true (Stripe.Emptyable<X>: '' is accepted = unset)
 *
 * LEAF PATH FORMAT (stable; the coverage test depends on it):
 *   - object properties are joined with '.'          after_completion.redirect.url
 *   - an array contributes '[]' to the path          line_items[].price, expand[]
 *   - a map (metadata) contributes '.*'              metadata.*, payment_intent_data.metadata.*
 *   - a leaf is any string/number/boolean/decimal/enum node
 *   leafPaths(node) lists every leaf of a schema, sorted.
 *   pathsOfValue(body, node?) maps a decoded request body onto the same format:
 *   indices -> '[]', map keys -> '*'. Every scalar produces its path; a scalar
 *   sitting where the schema has a container (e.g. `shipping_options=''` to clear)
 *   produces the container path ("shipping_options"), which is not a leaf.
 *   Without a schema, objects under a key named `metadata` are treated as maps.
 *   Coverage = leafPaths(schema) minus union(pathsOfValue(body, schema)).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * maxLength, integer, format and specChecked are added by openapi.js from Stripe's OpenAPI spec.
 * @typedef {{kind:string, props?:Record<string,SchemaNode>, items?:SchemaNode, values?:any, open?:boolean, required?:boolean,
 *   emptyable?:boolean, maxLength?:number, integer?:boolean, format?:string, specChecked?:boolean}} SchemaNode
 */

const TYPE_NAMES = {
  create: 'PaymentLinkCreateParams',
  update: 'PaymentLinkUpdateParams',
  list: 'PaymentLinkListParams',
  listLineItems: 'PaymentLinkListLineItemsParams',
  retrieve: 'PaymentLinkRetrieveParams',
};
const CACHE_FORMAT = 5; // bump when the node format or derivation changes

function stripeDir() {
  // stripe's package "exports" hides package.json, so go through the main entry.
  const main = require.resolve('stripe');
  let dir = path.dirname(main);
  while (!fs.existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'cjs') {
    dir = path.dirname(dir);
  }
  return dir;
}

function stripeVersion() {
  return JSON.parse(fs.readFileSync(path.join(stripeDir(), 'package.json'), 'utf8')).version;
}

/** @returns {{schemas: Record<string, SchemaNode>, responseKeys: string[]}} */
function derive() {
  const ts = require('typescript');
  const file = path.join(stripeDir(), 'cjs', 'resources', 'PaymentLinks.d.ts');
  // strictNullChecks keeps `null`/`undefined` visible in unions, which is how Emptyable is detected.
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(file);
  if (!sf) throw new Error('cannot load ' + file);
  const moduleSym = checker.getSymbolAtLocation(sf);
  if (!moduleSym) throw new Error('no module symbol for ' + file);
  const exportsByName = new Map(checker.getExportsOfModule(moduleSym).map((s) => [s.getName(), s]));

  /** @param {import('typescript').Type} t */
  const isNullish = (t) => !!(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void));
  /** @param {import('typescript').Type} t */
  const isOtherString = (t) =>
    !!(t.flags & ts.TypeFlags.Intersection) &&
    /** @type {import('typescript').IntersectionType} */ (t).types.some((x) => !!(x.flags & ts.TypeFlags.String));

  /**
   * @param {import('typescript').Type} type
   * @param {string[]} stack names of aliases/interfaces being expanded (cycle guard)
   * @returns {SchemaNode}
   */
  function convert(type, stack) {
    const alias = type.aliasSymbol && type.aliasSymbol.getName();
    if (alias === 'Decimal') return { kind: 'decimal' };
    if (type.flags & ts.TypeFlags.Union) {
      const members = /** @type {import('typescript').UnionType} */ (type).types;
      let rest = members.filter((t) => !isNullish(t));
      // Emptyable<T> = null | '' | T (the SDK sends null as ''). In params, `null` only ever
      // comes from Emptyable (or MetadataParam values), and '' may already be absorbed into
      // `string` by union reduction, so null alone is the reliable marker.
      const emptyable = members.some((t) => !!(t.flags & ts.TypeFlags.Null));
      if (emptyable) rest = rest.filter((t) => !(t.isStringLiteral() && t.value === ''));
      /** @type {SchemaNode} */
      let node;
      if (rest.length > 0 && rest.every((t) => !!(t.flags & ts.TypeFlags.BooleanLiteral))) node = { kind: 'boolean' };
      else if (rest.length > 0 && rest.every((t) => t.isStringLiteral() || isOtherString(t))) {
        node = {
          kind: 'enum',
          values: rest.filter((t) => t.isStringLiteral()).map((t) => /** @type {any} */ (t).value).sort(),
          open: rest.some(isOtherString),
        };
      } else if (rest.length === 1) node = convert(rest[0], stack);
      else if (rest.every((t) => !!(t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike)))) {
        node = { kind: 'string' }; // e.g. metadata values `string | number`: anything scalar
      } else {
        throw new Error('unsupported union: ' + checker.typeToString(type));
      }
      if (emptyable) node.emptyable = true;
      return node;
    }
    if (isOtherString(type) || type.flags & ts.TypeFlags.String) return { kind: 'string' };
    if (type.isStringLiteral()) return { kind: 'enum', values: [type.value], open: false };
    if (type.flags & ts.TypeFlags.Number || type.isNumberLiteral()) return { kind: 'number' };
    if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { kind: 'boolean' };
    if (checker.isArrayType(type)) {
      const [el] = checker.getTypeArguments(/** @type {import('typescript').TypeReference} */ (type));
      return { kind: 'array', items: convert(el, stack) };
    }
    if (type.flags & ts.TypeFlags.Object) {
      const name = checker.typeToString(type);
      if (stack.includes(name)) throw new Error('recursive type ' + name);
      const index = checker.getIndexTypeOfType(type, ts.IndexKind.String);
      if (index) return { kind: 'map', values: convert(index, [...stack, name]) };
      /** @type {Record<string, SchemaNode>} */
      const props = {};
      for (const sym of checker.getPropertiesOfType(type)) {
        const decl = sym.valueDeclaration || (sym.declarations && sym.declarations[0]);
        const pt = decl ? checker.getTypeOfSymbolAtLocation(sym, decl) : checker.getTypeOfSymbol(sym);
        const child = convert(pt, [...stack, name]);
        if (!(sym.flags & ts.SymbolFlags.Optional)) child.required = true;
        props[sym.getName()] = child;
      }
      return { kind: 'object', props };
    }
    throw new Error('unsupported type: ' + checker.typeToString(type));
  }

  /** @param {string} name */
  function declared(name) {
    const sym = exportsByName.get(name);
    if (!sym) throw new Error(`${name} not exported by PaymentLinks.d.ts`);
    return checker.getDeclaredTypeOfSymbol(sym);
  }

  /** @type {Record<string, SchemaNode>} */
  const schemas = {};
  for (const [key, typeName] of Object.entries(TYPE_NAMES)) schemas[key] = convert(declared(typeName), []);
  const responseKeys = checker.getPropertiesOfType(declared('PaymentLink')).map((s) => s.getName()).sort();
  return { schemas, responseKeys };
}

/** @type {{schemas: Record<string, SchemaNode>, responseKeys: string[]} | null} */
let memo = null;
/** Timing of the last load, for reporting: { ms, source: 'derived' | 'disk-cache' | 'memory' } */
const loadInfo = { ms: 0, source: '' };

function cacheFile() {
  return path.join(os.tmpdir(), `stripe-emulator-schema-${stripeVersion()}-v${CACHE_FORMAT}.json`);
}

/** @param {{noCache?: boolean}} [opts] noCache skips the on-disk cache (forces a derivation). */
function loadAll(opts = {}) {
  const t0 = Date.now();
  if (memo && !opts.noCache) {
    loadInfo.ms = 0;
    loadInfo.source = 'memory';
    return memo;
  }
  const file = cacheFile();
  if (!opts.noCache) {
    try {
      memo = JSON.parse(fs.readFileSync(file, 'utf8'));
      loadInfo.ms = Date.now() - t0;
      loadInfo.source = 'disk-cache';
      return /** @type {any} */ (memo);
    } catch {
      /* no or unreadable cache: derive */
    }
  }
  memo = derive();
  try {
    // Write-then-rename so parallel jest workers never read a half-written file.
    const tmp = `${file}.${process.pid}.${Date.now()}`;
    fs.writeFileSync(tmp, JSON.stringify(memo));
    fs.renameSync(tmp, file);
  } catch {
    /* cache is an optimisation only */
  }
  loadInfo.ms = Date.now() - t0;
  loadInfo.source = 'derived';
  return memo;
}

/**
 * @param {{noCache?: boolean}} [opts]
 * @returns {{create: SchemaNode, update: SchemaNode, list: SchemaNode, listLineItems: SchemaNode, retrieve: SchemaNode}}
 */
function loadSchemas(opts) {
  return /** @type {any} */ (loadAll(opts).schemas);
}

/** Top-level property names of the `PaymentLink` response interface. */
function paymentLinkResponseKeys() {
  return loadAll().responseKeys;
}

/** @param {SchemaNode} node @returns {string[]} */
function leafPaths(node) {
  /** @type {string[]} */
  const out = [];
  /** @param {SchemaNode} n @param {string} p */
  const walk = (n, p) => {
    if (n.kind === 'object') {
      for (const [k, c] of Object.entries(n.props || {})) walk(c, p ? `${p}.${k}` : k);
    } else if (n.kind === 'array') walk(/** @type {SchemaNode} */ (n.items), `${p}[]`);
    else if (n.kind === 'map') walk(n.values, `${p}.*`);
    else out.push(p);
  };
  walk(node, '');
  return [...new Set(out)].sort();
}

/**
 * @param {any} value decoded request body (qs output)
 * @param {SchemaNode} [schema] when given, decides which objects are maps/arrays
 * @returns {string[]} sorted unique paths
 */
function pathsOfValue(value, schema) {
  const out = new Set();
  /** @param {any} v @param {SchemaNode|undefined} n @param {string} p @param {string} key */
  const walk = (v, n, p, key) => {
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      const arrayLike =
        Array.isArray(v) || (n ? n.kind === 'array' : entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k)));
      const isMap = n ? n.kind === 'map' : key === 'metadata';
      for (const [k, c] of entries) {
        if (arrayLike) walk(c, n && n.items, `${p}[]`, key);
        else if (isMap) walk(c, n && n.values, `${p}.*`, k);
        else walk(c, n && n.props && n.props[k], p ? `${p}.${k}` : k, k);
      }
      return;
    }
    if (p) out.add(p);
  };
  walk(value, schema, '', '');
  return [...out].sort();
}

module.exports = { loadSchemas, leafPaths, pathsOfValue, paymentLinkResponseKeys, loadInfo, stripeVersion };
