'use strict';
/**
 * The create workload shared by create-1000, paced-1000, paced-1000-naive and routing-cost:
 * input rows, the parameters each contender is given (every per-row value is a `{{ $json }}`
 * expression), the body Stripe must receive for each row, and the output checks.
 */
const { assert, canonical } = require('./common');

const LINE_ITEMS = 3;
const METADATA_KEYS = ['row', 'customer'];

/** Input rows: three line items, two metadata values and a redirect URL per row. */
function makeItems(count, priceIds) {
	return Array.from({ length: count }, (_, i) => {
		const item = { row: String(i), customer: `customer-${i}@example.com`, url: `https://example.com/thanks/${i}` };
		for (let j = 0; j < LINE_ITEMS; j++) {
			item[`price${j + 1}`] = priceIds[j % priceIds.length];
			item[`quantity${j + 1}`] = 1 + ((i + j) % 5);
		}
		return item;
	});
}

const lineItemNumbers = Array.from({ length: LINE_ITEMS }, (_, j) => j + 1);

/** This node's Create, every per-row value from `$json` (9 expressions per item). */
function nodeCreateParameters(requestSettings = {}) {
	return {
		resource: 'paymentLink',
		operation: 'create',
		lineItems: {
			// Price is a resource locator; this is how the editor stores "By ID" with an expression.
			items: lineItemNumbers.map((n) => ({ price: { __rl: true, mode: 'id', value: `={{ $json.price${n} }}` }, quantity: `={{ $json.quantity${n} }}` })),
		},
		additionalFields: {
			metadata: { values: METADATA_KEYS.map((key) => ({ key, value: `={{ $json.${key} }}` })) },
			afterCompletion: { values: { type: 'redirect', url: '={{ $json.url }}' } },
		},
		requestSettings,
	};
}

/** The engine floor's parameters: the same 9 expressions, on flat properties. */
function floorCreateParameters() {
	const parameters = { afterCompletionType: 'redirect', redirectUrl: '={{ $json.url }}' };
	for (const n of lineItemNumbers) {
		parameters[`price${n}`] = `={{ $json.price${n} }}`;
		parameters[`quantity${n}`] = `={{ $json.quantity${n} }}`;
	}
	for (const key of METADATA_KEYS) parameters[`metadata_${key}`] = `={{ $json.${key} }}`;
	return parameters;
}

/** stripe-node's create parameters for one row. */
function stripeParams(item) {
	return {
		line_items: lineItemNumbers.map((n) => ({ price: item[`price${n}`], quantity: item[`quantity${n}`] })),
		metadata: Object.fromEntries(METADATA_KEYS.map((key) => [key, item[key]])),
		after_completion: { type: 'redirect', redirect: { url: item.url } },
	};
}

/** The HTTP Request node's form fields for one row (bracket names, as a user would type them). */
function formFields() {
	const fields = [];
	for (const n of lineItemNumbers) {
		fields.push({ name: `line_items[${n - 1}][price]`, value: `={{ $json.price${n} }}` });
		fields.push({ name: `line_items[${n - 1}][quantity]`, value: `={{ $json.quantity${n} }}` });
	}
	for (const key of METADATA_KEYS) fields.push({ name: `metadata[${key}]`, value: `={{ $json.${key} }}` });
	fields.push({ name: 'after_completion[type]', value: 'redirect' });
	fields.push({ name: 'after_completion[redirect][url]', value: '={{ $json.url }}' });
	return fields;
}

/** The body as the server decodes it (form values are strings). */
function expectedBody(item) {
	const stringify = (v) => (typeof v === 'object' && v !== null ? JSON.parse(JSON.stringify(v), (_k, x) => (typeof x === 'number' ? String(x) : x)) : String(v));
	return stringify(stripeParams(item));
}

/** Every item came back as a payment link, in order, none as an error. */
function checkCreateOutput(output, items, label) {
	assert(Array.isArray(output), `${label}: no output`);
	assert(output.length === items.length, `${label}: ${output.length} output items for ${items.length} inputs`);
	output.forEach((entry, i) => {
		const json = entry.json ?? entry;
		assert(!json.error && !entry.error, `${label}: item ${i} failed: ${JSON.stringify(json.error ?? entry.error?.message)}`);
		assert(/^plink_/.test(String(json.id)), `${label}: item ${i} is not a payment link`);
		assert(json.metadata?.row === items[i].row, `${label}: item ${i} has metadata.row ${json.metadata?.row}, expected ${items[i].row}`);
	});
}

/**
 * What the server created: exactly one link per row, each from exactly the expected body.
 * `summary` is the emulator's summary({ bodies: true }).
 */
function checkServerBodies(summary, items, label) {
	assert(summary.createdRows === items.length, `${label}: server created links for ${summary.createdRows} rows, expected ${items.length}`);
	assert(summary.duplicates === 0, `${label}: ${summary.duplicates} duplicate links`);
	for (const item of items) {
		const body = summary.bodies[item.row];
		assert(body, `${label}: no link created for row ${item.row}`);
		const got = canonical(body);
		const want = canonical(expectedBody(item));
		assert(got === want, `${label}: row ${item.row} body differs\n  sent ${got}\n  want ${want}`);
	}
}

module.exports = {
	LINE_ITEMS,
	METADATA_KEYS,
	checkCreateOutput,
	checkServerBodies,
	expectedBody,
	floorCreateParameters,
	formFields,
	makeItems,
	nodeCreateParameters,
	stripeParams,
};
