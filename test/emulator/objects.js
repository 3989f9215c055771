// @ts-check
'use strict';
/**
 * Builders for Stripe-shaped objects (prices, products, payment links, line items)
 * and the update semantics Stripe applies to stored objects.
 */
const crypto = require('node:crypto');
const { isPlainObject } = require('./validate');

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** @param {number} n */
function randomAlnum(n) {
  const bytes = crypto.randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += ALNUM[bytes[i] % ALNUM.length];
  return s;
}
/** @param {string} prefix */
const newId = (prefix) => `${prefix}_${randomAlnum(24)}`;
const now = () => Math.floor(Date.now() / 1000);
/** @template T @param {T} v @returns {T} */
const clone = (v) => structuredClone(v);

/** @param {{name:string, id?:string, description?:string|null, metadata?:Record<string,string>, images?:string[], tax_code?:string|null, unit_label?:string|null}} p */
function makeProduct(p) {
  const t = now();
  return {
    id: p.id || newId('prod'),
    object: 'product',
    active: true,
    created: t,
    default_price: null,
    description: p.description ?? null,
    images: p.images || [],
    livemode: false,
    marketing_features: [],
    metadata: p.metadata || {},
    name: p.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: p.tax_code ?? null,
    type: 'service',
    unit_label: p.unit_label ?? null,
    updated: t,
    url: null,
  };
}

/**
 * @param {{unit_amount?:number|null, unit_amount_decimal?:string, currency:string, product:string,
 *   recurring?:{interval:string, interval_count?:number}|null, id?:string, nickname?:string|null,
 *   lookup_key?:string|null, active?:boolean, metadata?:Record<string,string>, tax_behavior?:string}} p
 */
function makePrice(p) {
  const unit = p.unit_amount ?? (p.unit_amount_decimal != null ? Math.round(Number(p.unit_amount_decimal)) : 0);
  return {
    id: p.id || newId('price'),
    object: 'price',
    active: p.active ?? true,
    billing_scheme: 'per_unit',
    created: now(),
    currency: String(p.currency).toLowerCase(),
    custom_unit_amount: null,
    livemode: false,
    lookup_key: p.lookup_key ?? null,
    metadata: p.metadata || {},
    nickname: p.nickname ?? null,
    product: p.product,
    recurring: p.recurring
      ? {
          interval: p.recurring.interval,
          interval_count: p.recurring.interval_count ?? 1,
          meter: null,
          trial_period_days: null,
          usage_type: 'licensed',
        }
      : null,
    tax_behavior: p.tax_behavior || 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: p.recurring ? 'recurring' : 'one_time',
    unit_amount: unit,
    unit_amount_decimal: p.unit_amount_decimal != null ? String(p.unit_amount_decimal) : String(unit),
  };
}

/** @param {any} aq */
const adjustable = (aq) =>
  aq ? { enabled: !!aq.enabled, maximum: aq.maximum ?? null, minimum: aq.minimum ?? null } : null;

/** @param {any} price @param {number} quantity @param {any} aq @param {string} productName */
function makeLineItem(price, quantity, aq, productName) {
  const amount = (price.unit_amount || 0) * quantity;
  return {
    id: newId('li'),
    object: 'item',
    adjustable_quantity: adjustable(aq),
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: productName,
    price: price.id, // stored as id; expanded to the full object when rendered
    quantity,
  };
}

/** Templates for nested objects Stripe returns as null until configured. */
const TEMPLATES = {
  consent_collection: { payment_method_reuse_agreement: null, promotions: null, terms_of_service: null },
  payment_intent_data: {
    capture_method: null,
    description: null,
    metadata: {},
    setup_future_usage: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    transfer_group: null,
  },
  subscription_data: {
    description: null,
    invoice_settings: { issuer: { type: 'self' } },
    metadata: {},
    trial_period_days: null,
    trial_settings: null,
  },
  invoice_creation: {
    enabled: false,
    invoice_data: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: null,
      metadata: {},
      rendering_options: null,
    },
  },
  transfer_data: { amount: null, destination: null },
  restrictions: { completed_sessions: { count: 0, limit: null } },
  managed_payments: { enabled: false },
  payment_method_options: { card: null },
};

/** Value a field takes when an Emptyable param is cleared with ''. */
const CLEARED = {
  custom_fields: [],
  shipping_options: [],
  optional_items: [],
  metadata: {},
};

/** @param {string} currency */
function defaultPaymentLink(currency) {
  return {
    id: newId('plink'),
    object: 'payment_link',
    active: true,
    after_completion: { hosted_confirmation: { custom_message: null }, type: 'hosted_confirmation' },
    allow_promotion_codes: false,
    application: null,
    application_fee_amount: null,
    application_fee_percent: null,
    automatic_tax: { enabled: false, liability: null },
    billing_address_collection: 'auto',
    consent_collection: null,
    currency,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer_creation: 'if_required',
    inactive_message: null,
    invoice_creation: clone(TEMPLATES.invoice_creation),
    livemode: false,
    managed_payments: null,
    metadata: {},
    name_collection: { business: { enabled: false, optional: false }, individual: { enabled: false, optional: false } },
    on_behalf_of: null,
    optional_items: [],
    payment_intent_data: null,
    payment_method_collection: 'always',
    payment_method_options: null,
    payment_method_types: null,
    phone_number_collection: { enabled: false },
    restrictions: null,
    shipping_address_collection: null,
    shipping_options: [],
    submit_type: 'auto',
    subscription_data: null,
    tax_id_collection: { enabled: false, required: 'never' },
    transfer_data: null,
    url: `https://buy.stripe.com/test_${randomAlnum(14)}`,
  };
}

/**
 * Stripe metadata semantics: keys merge, `key=''` deletes a key, `metadata=''` clears all.
 * @param {Record<string,string>|null|undefined} base @param {any} patch
 */
function mergeMetadata(base, patch) {
  if (patch === null || patch === '') return {};
  const out = { ...(base || {}) };
  for (const [k, v] of Object.entries(patch || {})) {
    if (v === '' || v === null) delete out[k];
    else out[k] = String(v);
  }
  return out;
}

/** @param {any} base @param {any} patch @param {string} path */
function deepMerge(base, patch, path) {
  const out = isPlainObject(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    const p = path ? `${path}.${k}` : k;
    if (k === 'metadata') out[k] = mergeMetadata(out[k], v);
    else if (v === null) out[k] = p in CLEARED ? clone(/** @type {any} */ (CLEARED)[p]) : null;
    else if (isPlainObject(v)) {
      const start = isPlainObject(out[k]) ? out[k] : clone(/** @type {any} */ (TEMPLATES)[p] || {});
      out[k] = deepMerge(start, v, p);
    } else out[k] = clone(v);
  }
  return out;
}

/** Shapes Stripe returns for array params whose response items carry extra fields. */
const NORMALIZE = {
  /** @param {any[]} fields */
  custom_fields: (fields) =>
    fields.map((f) => {
      const out = { optional: false, ...f };
      if (out.label) out.label = { custom: null, type: 'custom', ...out.label };
      if (out.text) out.text = { default_value: null, maximum_length: null, minimum_length: null, ...out.text };
      if (out.numeric) out.numeric = { default_value: null, maximum_length: null, minimum_length: null, ...out.numeric };
      if (out.dropdown) out.dropdown = { default_value: null, ...out.dropdown };
      return out;
    }),
  /** @param {any[]} opts */
  shipping_options: (opts) => opts.map((o) => ({ shipping_amount: 0, ...o })),
  /** @param {any[]} items */
  optional_items: (items) =>
    items.map((i) => ({ adjustable_quantity: adjustable(i.adjustable_quantity), price: i.price, quantity: i.quantity })),
};

/**
 * Applies coerced create/update params (minus line_items/expand) onto a stored link.
 * @param {any} link @param {Record<string, any>} params
 */
function applyParams(link, params) {
  const patch = { ...params };
  delete patch.line_items;
  delete patch.expand;
  // after_completion is a tagged union: switching type drops the other branch.
  if (isPlainObject(patch.after_completion)) {
    const ac = patch.after_completion;
    const type = ac.type || link.after_completion.type;
    link.after_completion =
      type === 'redirect'
        ? { redirect: { url: ac.redirect ? ac.redirect.url : link.after_completion.redirect?.url ?? null }, type }
        : { hosted_confirmation: { custom_message: ac.hosted_confirmation?.custom_message ?? null }, type };
    delete patch.after_completion;
  }
  const merged = deepMerge(link, patch, '');
  for (const [k, fn] of Object.entries(NORMALIZE)) {
    if (k in patch && Array.isArray(merged[k])) merged[k] = fn(merged[k]);
  }
  Object.assign(link, merged);
  return link;
}

module.exports = {
  newId,
  randomAlnum,
  makeProduct,
  makePrice,
  makeLineItem,
  adjustable,
  defaultPaymentLink,
  applyParams,
  mergeMetadata,
  TEMPLATES,
  clone,
};
