'use strict';
/**
 * The engine floor: the smallest declarative nodes that send the benchmark's requests through
 * the same RoutingNode. Flat properties, each routed straight to its Stripe parameter with a
 * static path; no pipeline, no validation, no idempotency, no pacing, no retries. Whatever the
 * real node costs above these is the node's own cost.
 *
 * The base URL is static (fixed when the type is built), as a node written only for
 * api.stripe.com would have it: the floor evaluates no expression the user did not write.
 * Authentication is the real credential type's `authenticate` block, as for the node.
 */

const { asLoadedByN8n } = require('../../test/harness/engine');

const CREDENTIAL = 'stripePaymentLinksApi';
const FORM = { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' };

function text(name, property, extra = {}) {
	return { displayName: name, name, type: 'string', default: '', routing: { send: { type: 'body', property } }, ...extra };
}

function description(name, requestDefaults, properties) {
	return {
		displayName: `Engine floor: ${name}`,
		name: `benchFloor${name}`,
		group: ['output'],
		version: 1,
		description: 'Benchmark engine floor',
		defaults: { name: `Floor ${name}` },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: CREDENTIAL, required: true }],
		requestDefaults,
		properties,
	};
}

/**
 * POST /v1/payment_links with `lineItemCount` line items, the given metadata keys and a
 * redirect after completion. Parameter names: price1, quantity1, …, metadata_<key>,
 * afterCompletionType, redirectUrl.
 */
function createFloorNode(baseUrl, { lineItemCount = 3, metadataKeys = ['row', 'customer'] } = {}) {
	const properties = [];
	for (let i = 0; i < lineItemCount; i++) {
		properties.push(text(`price${i + 1}`, `line_items[${i}].price`));
		properties.push({ ...text(`quantity${i + 1}`, `line_items[${i}].quantity`), type: 'number', default: 1 });
	}
	for (const key of metadataKeys) properties.push(text(`metadata_${key}`, `metadata.${key}`));
	properties.push({ ...text('afterCompletionType', 'after_completion.type'), default: 'redirect' });
	properties.push(text('redirectUrl', 'after_completion.redirect.url'));
	return asLoadedByN8n({
		description: description('Create', { baseURL: baseUrl, method: 'POST', url: '/v1/payment_links', headers: FORM }, properties),
	});
}

/**
 * GET /v1/payment_links, every page: RoutingNode's own generic cursor pagination, the
 * declarative way to page through a cursor API.
 */
function listFloorNode(baseUrl) {
	return asLoadedByN8n({
		description: description('List', { baseURL: baseUrl, method: 'GET', url: '/v1/payment_links', qs: { limit: 100 }, headers: FORM }, [
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: true,
				routing: {
					send: { paginate: true },
					operations: {
						pagination: {
							type: 'generic',
							properties: {
								continue: '={{ $response.body.has_more }}',
								request: {
									qs: { starting_after: '={{ $response.body ? $response.body.data[$response.body.data.length - 1].id : undefined }}' },
								},
							},
						},
					},
					output: { postReceive: [{ type: 'rootProperty', properties: { property: 'data' } }] },
				},
			},
		]),
	});
}

module.exports = { createFloorNode, listFloorNode };
