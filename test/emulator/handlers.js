// @ts-check
'use strict';
/**
 * Route table and endpoint logic. Handlers are synchronous on purpose: a request's
 * effect on state is atomic, which keeps idempotency and drop-after-commit simple.
 */
const { ApiError, noSuch, fromParamError } = require('./errors');
const { validate, coerce, isPlainObject } = require('./validate');
const obj = require('./objects');

/**
 * @typedef {{paymentLinks: Map<string, any>, lineItems: Map<string, any[]>, prices: Map<string, any>, products: Map<string, any>}} State
 * @typedef {{state: State, strict: boolean, stats: any, schemas: () => any}} Ctx
 * @typedef {{params: Record<string,string>, query: any, body: any}} Req
 */

/** Hand-written: the prices API is only here to back a price picker. */
const PRICE_LIST_SCHEMA = {
  kind: 'object',
  props: {
    active: { kind: 'boolean' },
    currency: { kind: 'string' },
    product: { kind: 'string' },
    type: { kind: 'enum', values: ['one_time', 'recurring'], open: false },
    lookup_keys: { kind: 'array', items: { kind: 'string' } },
    limit: { kind: 'number' },
    starting_after: { kind: 'string' },
    ending_before: { kind: 'string' },
    expand: { kind: 'array', items: { kind: 'string' } },
  },
};
const EXPAND_ONLY = { kind: 'object', props: { expand: { kind: 'array', items: { kind: 'string' } } } };

const LINK_EXPANDABLE = ['line_items', 'line_items.data.price', 'line_items.data.price.product', 'application', 'on_behalf_of', 'transfer_data.destination', 'shipping_options.shipping_rate'];
const EXPANDABLE = {
  link: LINK_EXPANDABLE,
  linkList: LINK_EXPANDABLE.map((p) => `data.${p}`),
  lineItems: ['data.price', 'data.price.product', 'data.discounts', 'data.taxes'],
  price: ['product', 'tiers', 'currency_options'],
  priceList: ['data.product', 'data.tiers', 'data.currency_options'],
};

/**
 * Strict: reject per schema. Always: coerce form strings to declared types.
 * @param {Ctx} ctx @param {any} schema @param {any} input @param {string[]} expandable
 */
function parseParams(ctx, schema, input, expandable) {
  if (ctx.strict) {
    const e = validate(schema, input);
    if (e) throw fromParamError(e);
  }
  const params = coerce(schema, input || {});
  const expand = Array.isArray(params.expand) ? params.expand.map(String) : [];
  if (ctx.strict) {
    expand.forEach((p, i) => {
      if (!expandable.includes(p)) {
        throw new ApiError(400, { param: `expand[${i}]`, message: `This property cannot be expanded (${p}).` });
      }
    });
  }
  return { params, expand };
}

/**
 * Cursor pagination over an already ordered array.
 * @param {any[]} items @param {any} params @param {string} url @param {string} kind
 */
function paginate(items, params, url, kind) {
  const limit = params.limit === undefined ? 10 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ApiError(400, { code: 'parameter_invalid_integer', param: 'limit', message: 'Invalid limit: must be an integer between 1 and 100' });
  }
  const indexOf = (/** @type {string} */ id, /** @type {string} */ param) => {
    const i = items.findIndex((x) => x.id === id);
    if (i < 0) throw noSuch(kind, id, param);
    return i;
  };
  let data;
  let hasMore;
  if (params.ending_before) {
    const end = indexOf(params.ending_before, 'ending_before');
    const start = Math.max(0, end - limit);
    data = items.slice(start, end);
    hasMore = start > 0;
  } else {
    const start = params.starting_after ? indexOf(params.starting_after, 'starting_after') + 1 : 0;
    data = items.slice(start, start + limit);
    hasMore = start + limit < items.length;
  }
  return { object: 'list', data, has_more: hasMore, url };
}

/** Expand paths relative to a prefix: sub(['data.price.product'], 'data.') -> ['price.product'] */
const sub = (/** @type {string[]} */ exp, /** @type {string} */ prefix) =>
  exp.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));

/** @param {State} state @param {any} price @param {string[]} exp */
function renderPrice(state, price, exp) {
  const out = obj.clone(price);
  if (exp.includes('product')) out.product = obj.clone(state.products.get(price.product)) || price.product;
  return out;
}

/** @param {State} state @param {any} li @param {string[]} exp */
function renderLineItem(state, li, exp) {
  const out = obj.clone(li);
  // Stripe always embeds the price on line items; only its product needs an expand.
  out.price = renderPrice(state, state.prices.get(li.price), sub(exp, 'price.'));
  return out;
}

/** @param {State} state @param {any} link @param {string[]} exp */
function renderLink(state, link, exp) {
  const out = obj.clone(link);
  if (exp.some((p) => p === 'line_items' || p.startsWith('line_items.'))) {
    const items = state.lineItems.get(link.id) || [];
    const list = paginate(items, {}, `/v1/payment_links/${link.id}/line_items`, 'line_item');
    list.data = list.data.map((li) => renderLineItem(state, li, sub(exp, 'line_items.data.')));
    out.line_items = list;
  }
  return out;
}

/** @param {Ctx} ctx @param {string} id */
function getLink(ctx, id) {
  const link = ctx.state.paymentLinks.get(id);
  if (!link) throw noSuch('payment_link', id);
  return link;
}

/**
 * Resolves create-time line items (price or price_data) into stored line items.
 * @param {Ctx} ctx @param {any[]} items
 */
function buildLineItems(ctx, items) {
  const { state } = ctx;
  if (!Array.isArray(items) || items.length === 0) {
    throw new ApiError(400, { code: 'parameter_missing', param: 'line_items', message: 'Missing required param: line_items.' });
  }
  /** @type {{price:any, product:any}[]} */
  const pending = [];
  items.forEach((li, i) => {
    if (!isPlainObject(li)) throw new ApiError(400, { code: 'parameter_invalid_object', param: `line_items[${i}]`, message: `Invalid object: line_items[${i}] must be a hash` });
    if (li.price && li.price_data) {
      throw new ApiError(400, { param: `line_items[${i}][price_data]`, message: `You may only specify one of these parameters: price, price_data.` });
    }
    if (li.price) {
      const price = state.prices.get(String(li.price));
      if (!price) throw noSuch('price', String(li.price), `line_items[${i}][price]`);
      pending.push({ price, product: state.products.get(price.product) });
    } else if (li.price_data) {
      const pd = li.price_data;
      let product = pd.product ? state.products.get(String(pd.product)) : null;
      if (pd.product && !product) throw noSuch('product', String(pd.product), `line_items[${i}][price_data][product]`);
      if (!product) {
        if (!pd.product_data) throw new ApiError(400, { code: 'parameter_missing', param: `line_items[${i}][price_data][product_data]`, message: `Missing required param: line_items[${i}][price_data][product_data].` });
        product = obj.makeProduct({ ...pd.product_data, metadata: obj.mergeMetadata({}, pd.product_data.metadata) });
      }
      const price = obj.makePrice({ ...pd, product: product.id });
      pending.push({ price, product });
    } else {
      throw new ApiError(400, { code: 'parameter_missing', param: `line_items[${i}][price]`, message: `Missing required param: line_items[${i}][price].` });
    }
    atLeastOne(li.quantity, `line_items[${i}][quantity]`);
  });
  const currencies = new Set(pending.map((p) => p.price.currency));
  if (currencies.size > 1) {
    throw new ApiError(400, { param: 'line_items', message: 'All prices on a payment link must use the same currency.' });
  }
  // Commit only after every item validated, so a 400 never leaves orphan prices.
  return pending.map(({ price, product }, i) => {
    state.products.set(product.id, product);
    state.prices.set(price.id, price);
    return obj.makeLineItem(price, Number(items[i].quantity), items[i].adjustable_quantity, product.name);
  });
}

/**
 * Stripe's answer to a line item or optional item quantity below 1 (seen on Checkout's
 * line_items, which payment links share). @param {any} value @param {string} param
 */
function atLeastOne(value, param) {
  const q = Number(value);
  if (!Number.isInteger(q) || q < 1) {
    throw new ApiError(400, { code: 'parameter_invalid_integer', param, message: 'This value must be greater than or equal to 1.' });
  }
}

/** @param {Ctx} ctx @param {any[]} items */
function checkOptionalItems(ctx, items) {
  (items || []).forEach((it, i) => {
    if (it && it.price && !ctx.state.prices.has(String(it.price))) throw noSuch('price', String(it.price), `optional_items[${i}][price]`);
    if (it && it.quantity !== undefined) atLeastOne(it.quantity, `optional_items[${i}][quantity]`);
  });
}

/** Shared by POST /v1/payment_links and emu.seedPaymentLink. @param {Ctx} ctx @param {any} input */
function createPaymentLink(ctx, input) {
  const { params, expand } = parseParams(ctx, ctx.schemas().create, input, EXPANDABLE.link);
  const items = buildLineItems(ctx, params.line_items);
  if (Array.isArray(params.optional_items)) checkOptionalItems(ctx, params.optional_items);
  const firstPrice = ctx.state.prices.get(items[0].price);
  const link = obj.defaultPaymentLink(firstPrice.currency);
  if ([...items].some((li) => ctx.state.prices.get(li.price).type === 'recurring')) {
    link.subscription_data = obj.clone(obj.TEMPLATES.subscription_data);
    link.customer_creation = 'always';
  }
  obj.applyParams(link, params);
  link.currency = firstPrice.currency;
  ctx.state.paymentLinks.set(link.id, link);
  ctx.state.lineItems.set(link.id, items);
  ctx.stats.created++;
  return renderLink(ctx.state, link, expand);
}

/** @param {Ctx} ctx @param {string} id @param {any} input */
function updatePaymentLink(ctx, id, input) {
  const link = getLink(ctx, id);
  const { params, expand } = parseParams(ctx, ctx.schemas().update, input, EXPANDABLE.link);
  const current = ctx.state.lineItems.get(id) || [];
  /** @type {Map<string, any>} */
  const changes = new Map();
  if (params.line_items !== undefined) {
    if (!Array.isArray(params.line_items)) throw new ApiError(400, { code: 'parameter_invalid_array', param: 'line_items', message: 'Invalid array' });
    params.line_items.forEach((/** @type {any} */ li, /** @type {number} */ i) => {
      const found = li && current.find((x) => x.id === li.id);
      if (!found) {
        throw new ApiError(400, { code: 'resource_missing', param: `line_items[${i}][id]`, message: `No such line item: '${li && li.id}'` });
      }
      changes.set(found.id, li);
    });
  }
  if (Array.isArray(params.optional_items)) checkOptionalItems(ctx, params.optional_items);
  // Validation done; now mutate.
  for (const li of current) {
    const ch = changes.get(li.id);
    if (!ch) continue;
    if (ch.quantity !== undefined) {
      li.quantity = Number(ch.quantity);
      const unit = ctx.state.prices.get(li.price).unit_amount || 0;
      li.amount_subtotal = li.amount_total = unit * li.quantity;
    }
    if (ch.adjustable_quantity !== undefined) li.adjustable_quantity = obj.adjustable(ch.adjustable_quantity);
  }
  obj.applyParams(link, params);
  return renderLink(ctx.state, link, expand);
}

/** @type {{method:string, pattern:RegExp, handle:(ctx:Ctx, req:Req)=>any}[]} */
const ROUTES = [
  { method: 'POST', pattern: /^\/v1\/payment_links$/, handle: (ctx, r) => createPaymentLink(ctx, r.body) },
  {
    method: 'GET',
    pattern: /^\/v1\/payment_links$/,
    handle: (ctx, r) => {
      const { params, expand } = parseParams(ctx, ctx.schemas().list, r.query, EXPANDABLE.linkList);
      let links = [...ctx.state.paymentLinks.values()].reverse(); // newest first
      if (typeof params.active === 'boolean') links = links.filter((l) => l.active === params.active);
      const list = paginate(links, params, '/v1/payment_links', 'payment_link');
      list.data = list.data.map((l) => renderLink(ctx.state, l, sub(expand, 'data.')));
      return list;
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/payment_links\/([^/]+)\/line_items$/,
    handle: (ctx, r) => {
      const link = getLink(ctx, r.params.id);
      const { params, expand } = parseParams(ctx, ctx.schemas().listLineItems, r.query, EXPANDABLE.lineItems);
      const items = ctx.state.lineItems.get(link.id) || [];
      const list = paginate(items, params, `/v1/payment_links/${link.id}/line_items`, 'line_item');
      list.data = list.data.map((li) => renderLineItem(ctx.state, li, sub(expand, 'data.')));
      return list;
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/payment_links\/([^/]+)$/,
    handle: (ctx, r) => {
      const link = getLink(ctx, r.params.id);
      const { expand } = parseParams(ctx, ctx.schemas().retrieve || EXPAND_ONLY, r.query, EXPANDABLE.link);
      return renderLink(ctx.state, link, expand);
    },
  },
  { method: 'POST', pattern: /^\/v1\/payment_links\/([^/]+)$/, handle: (ctx, r) => updatePaymentLink(ctx, r.params.id, r.body) },
  {
    method: 'GET',
    pattern: /^\/v1\/prices$/,
    handle: (ctx, r) => {
      const { params, expand } = parseParams(ctx, PRICE_LIST_SCHEMA, r.query, EXPANDABLE.priceList);
      let prices = [...ctx.state.prices.values()].reverse();
      if (typeof params.active === 'boolean') prices = prices.filter((p) => p.active === params.active);
      if (params.currency) prices = prices.filter((p) => p.currency === String(params.currency).toLowerCase());
      if (params.product) prices = prices.filter((p) => p.product === params.product);
      if (params.type) prices = prices.filter((p) => p.type === params.type);
      if (Array.isArray(params.lookup_keys)) prices = prices.filter((p) => params.lookup_keys.includes(p.lookup_key));
      const list = paginate(prices, params, '/v1/prices', 'price');
      list.data = list.data.map((p) => renderPrice(ctx.state, p, sub(expand, 'data.')));
      return list;
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/prices\/([^/]+)$/,
    handle: (ctx, r) => {
      const price = ctx.state.prices.get(r.params.id);
      if (!price) throw noSuch('price', r.params.id);
      const { expand } = parseParams(ctx, EXPAND_ONLY, r.query, EXPANDABLE.price);
      return renderPrice(ctx.state, price, expand);
    },
  },
];

/** @param {string} method @param {string} path */
function route(method, path) {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m) return { handle: r.handle, params: m[1] ? { id: decodeURIComponent(m[1]) } : {} };
  }
  return null;
}

module.exports = { route, createPaymentLink, renderPrice, paginate };
