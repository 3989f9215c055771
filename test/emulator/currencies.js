// @ts-check
'use strict';
/**
 * The currencies a `format: currency` parameter accepts. Stripe's own answer to an unknown code
 * lists what it supports ("Invalid currency: zzz. Stripe currently supports these currencies:
 * usd, aed, …"); this is that list as docs.stripe.com/currencies shows it (presentment
 * currencies), plus the three-decimal currencies it documents (bhd, jod, kwd, omr, tnd) and the
 * older codes Stripe's error still listed (eek, hrk, ltl, lvl, mro, sll, std, svc, vef), so that
 * the emulator never refuses a code Stripe may take. Matching is case-insensitive: Stripe
 * documents lowercase codes and the node sends them lowercased; objects store them lowercased.
 */
const SUPPORTED_CURRENCIES = [
  'usd', 'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn', 'bhd',
  'bif', 'bmd', 'bnd', 'bob', 'brl', 'bsd', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'clp', 'cny', 'cop', 'crc',
  'cve', 'czk', 'djf', 'dkk', 'dop', 'dzd', 'eek', 'egp', 'etb', 'eur', 'fjd', 'fkp', 'gbp', 'gel', 'gip', 'gmd',
  'gnf', 'gtq', 'gyd', 'hkd', 'hnl', 'hrk', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk', 'jmd', 'jod', 'jpy', 'kes',
  'kgs', 'khr', 'kmf', 'krw', 'kwd', 'kyd', 'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'ltl', 'lvl', 'mad', 'mdl',
  'mga', 'mkd', 'mmk', 'mnt', 'mop', 'mro', 'mur', 'mvr', 'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok',
  'npr', 'nzd', 'omr', 'pab', 'pen', 'pgk', 'php', 'pkr', 'pln', 'pyg', 'qar', 'ron', 'rsd', 'rub', 'rwf', 'sar',
  'sbd', 'scr', 'sek', 'sgd', 'shp', 'sle', 'sll', 'sos', 'srd', 'std', 'svc', 'szl', 'thb', 'tjs', 'tnd', 'top',
  'try', 'ttd', 'twd', 'tzs', 'uah', 'ugx', 'uyu', 'uzs', 'vef', 'vnd', 'vuv', 'wst', 'xaf', 'xcd', 'xof', 'xpf',
  'yer', 'zar', 'zmw',
];
const SUPPORTED = new Set(SUPPORTED_CURRENCIES);

/** @param {string} code */
const isSupportedCurrency = (code) => SUPPORTED.has(String(code).toLowerCase());

/** Stripe's wording for an unknown currency. @param {string} code */
const unknownCurrencyMessage = (code) =>
  `Invalid currency: ${String(code).toLowerCase()}. Stripe currently supports these currencies: ${SUPPORTED_CURRENCIES.join(', ')}`;

module.exports = { SUPPORTED_CURRENCIES, isSupportedCurrency, unknownCurrencyMessage };
