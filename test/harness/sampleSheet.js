'use strict';
/**
 * The sample sheet shipped with the sheet example (examples/products.csv) and what each row's
 * link must cost, written out by hand: the unit_amount Stripe must receive for the row's decimal
 * price, in the currency's smallest unit (cents, yen, fils). Shared by the RoutingNode test
 * (test/amounts.test.ts) and the real-n8n one (test/e2e/examples.e2e.test.js).
 */
const fs = require('fs');
const path = require('path');

const { parseCsv } = require('../e2e/helpers');

const SAMPLE_CSV = path.resolve(__dirname, '../../examples/products.csv');

/** sku → [price as written in the sheet, currency, unit_amount expected on the wire] */
const EXPECTED_UNIT_AMOUNTS = {
	'TEE-BLK-M': ['25.00', 'usd', 2500],
	'MUG-WHT': ['12', 'usd', 1200],
	'PST-A2': ['18.50', 'eur', 1850],
	'TEE-RED-M': ['25.00', 'usd', 2500],
	'CAP-NVY': ['19.99', 'usd', 1999], // 19.99 * 100 = 1998.9999999999998 in floating point
	'SOCK-3P': ['9,95', 'eur', 995], // a decimal comma; 9.95 * 100 = 994.9999999999999
	'TOTE-ECO': ['4.35', 'eur', 435], // 4.35 * 100 = 434.99999999999994
	'PIN-SET': ['1.15', 'usd', 115], // 1.15 * 100 = 114.99999999999999
	'MUG-JP': ['1299', 'jpy', 1299], // zero-decimal: yen, not hundredths
	'TEE-JP': ['2980', 'jpy', 2980],
	'NOTE-KW': ['4.5', 'kwd', 4500], // three decimals: fils
	'PEN-KW': ['12.250', 'kwd', 12250],
};

/** sku → metadata.expires_at of the row's link, in UTC (rows without one have none). */
const EXPECTED_EXPIRES_AT = {
	'PST-A2': '2099-06-30T16:00:00Z', // written 2099-06-30T18:00:00+02:00
	'CAP-NVY': '2099-12-31T23:59:59Z',
	'PIN-SET': '2099-12-31T23:59:59Z',
	'PEN-KW': '2099-12-31T23:59:59Z',
};

function readSampleSheet() {
	return parseCsv(fs.readFileSync(SAMPLE_CSV, 'utf8'));
}

module.exports = { SAMPLE_CSV, EXPECTED_UNIT_AMOUNTS, EXPECTED_EXPIRES_AT, readSampleSheet };
