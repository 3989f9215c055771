/**
 * Coverage proof: every leaf parameter of PaymentLinkCreateParams, PaymentLinkUpdateParams,
 * PaymentLinkListParams and PaymentLinkListLineItemsParams (derived from stripe-node's
 * .d.ts by the emulator's schema.js) must appear on the wire when the node runs through
 * n8n-core's RoutingNode with the parameter sets in allFields.ts. The strict emulator must
 * accept every request.
 */
import { startEmulator, type Emulator, type RecordedRequest } from '../harness/emulator';
import { runNode, TEST_SECRET_KEY } from '../harness/runNode';
import { clearAllParameters, createParameters, updateParameters } from './allFields';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadSchemas, leafPaths, pathsOfValue } = require('../emulator/schema');

type Endpoint = 'create' | 'update' | 'list' | 'listLineItems';

/** Leaf paths deliberately not reachable from the node's fields, with the reason. None so far. */
const EXCLUSIONS: Record<Endpoint, Record<string, string>> = { create: {}, update: {}, list: {}, listLineItems: {} };

let emu: Emulator;
const credentials = () => ({ baseUrl: emu.url });
const fast = { maxRequestsPerSecond: 0 };

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY], strict: true });
});
afterAll(async () => emu.close());

function endpointOf(request: RecordedRequest): Endpoint | undefined {
	if (request.method === 'POST' && request.path === '/v1/payment_links') return 'create';
	if (request.method === 'POST' && /^\/v1\/payment_links\/[^/]+$/.test(request.path)) return 'update';
	if (request.method === 'GET' && request.path === '/v1/payment_links') return 'list';
	if (request.method === 'GET' && /^\/v1\/payment_links\/[^/]+\/line_items$/.test(request.path)) return 'listLineItems';
	return undefined;
}

async function run(parameters: Record<string, unknown>, typeVersion = 1) {
	const items = await runNode({
		credentials: credentials(),
		parameters: { ...parameters, requestSettings: fast } as any,
		continueOnFail: true,
		typeVersion,
	});
	expect(items.map((item) => item.json.error).filter(Boolean)).toEqual([]);
	return items;
}

test('every leaf parameter of the four param types reaches the wire, and the strict emulator accepts all', async () => {
	const priceA = emu.seedPrice({ unit_amount: 1500, currency: 'usd', product: { name: 'T-shirt' } });
	const priceB = emu.seedPrice({ unit_amount: 500, currency: 'usd', product: { name: 'Sticker' } });
	const productId = String(priceA.product);

	const [created] = await run(createParameters(priceA.id, priceB.id, productId));
	const linkId = String(created.json.id);
	await run({
		operation: 'create',
		lineItemsMode: 'json',
		lineItemsJson: JSON.stringify([{ price: priceA.id, quantity: '1' }]),
		additionalFields: { afterCompletion: { values: { type: 'redirect', url: 'https://shop.example/thanks?s={CHECKOUT_SESSION_ID}' } } },
	});
	const lineItemId = (created.json.line_items as any).data[0].id;
	await run(updateParameters(linkId, lineItemId, priceB.id));
	await run(clearAllParameters(linkId));
	await run({
		operation: 'update',
		paymentLinkId: { __rl: true, mode: 'url', value: `https://dashboard.stripe.com/test/payment-links/${linkId}` },
		updateFields: { afterCompletion: { values: { type: 'redirect', url: 'https://shop.example/done' } } },
	});

	await run({ operation: 'getAll', returnAll: false, limit: 2, filters: { active: true, startingAfter: linkId, expand: ['data.line_items'] } });
	await run({ operation: 'getAll', returnAll: false, limit: 2, filters: { active: true, endingBefore: linkId } });
	await run({
		operation: 'getLineItems',
		paymentLinkId: { __rl: true, mode: 'id', value: linkId },
		returnAll: false,
		limit: 1,
		options: { startingAfter: lineItemId, expand: ['data.price.product'] },
	});
	await run({
		operation: 'getLineItems',
		paymentLinkId: { __rl: true, mode: 'id', value: linkId },
		returnAll: false,
		limit: 1,
		options: { endingBefore: lineItemId },
	});

	const rejected = emu.requests.filter((request) => request.status !== 200);
	expect(rejected.map((request) => [request.method, request.path, request.status])).toEqual([]);

	const schemas = loadSchemas();
	const seen: Record<Endpoint, Set<string>> = { create: new Set(), update: new Set(), list: new Set(), listLineItems: new Set() };
	for (const request of emu.requests) {
		const endpoint = endpointOf(request);
		if (!endpoint) continue;
		const value = request.method === 'GET' ? request.query : request.body;
		for (const path of pathsOfValue(value, schemas[endpoint])) seen[endpoint].add(path);
	}
	const report: string[] = [];
	const missing: Record<string, string[]> = {};
	for (const endpoint of Object.keys(seen) as Endpoint[]) {
		const leaves: string[] = leafPaths(schemas[endpoint]);
		const excluded = Object.keys(EXCLUSIONS[endpoint]);
		const required = leaves.filter((path) => !excluded.includes(path));
		const covered = required.filter((path) => seen[endpoint].has(path));
		missing[endpoint] = required.filter((path) => !seen[endpoint].has(path));
		report.push(
			`${endpoint.padEnd(14)} ${covered.length}/${required.length} leaf paths (${((100 * covered.length) / required.length).toFixed(1)} %)` +
				(excluded.length ? `, ${excluded.length} excluded` : ''),
		);
	}
	console.log(`Coverage of stripe@23.1.0 payment link params on the wire:\n${report.join('\n')}`);
	expect(missing).toEqual({ create: [], update: [], list: [], listLineItems: [] });
});

test('node version 2: the same Create, with a Price Source per row, sends the same body', async () => {
	const priceA = emu.seedPrice({ unit_amount: 1500, currency: 'usd', product: { name: 'T-shirt' } });
	const priceB = emu.seedPrice({ unit_amount: 500, currency: 'usd', product: { name: 'Sticker' } });
	const v1 = createParameters(priceA.id, priceB.id, String(priceA.product)) as any;
	const { lineItems, ...sameForBoth } = v1;
	const v2 = {
		...sameForBoth,
		lineItemsV2: { items: lineItems.items.map((row: any) => ({ ...row, priceSource: row.priceData ? 'priceData' : 'price' })) },
	};
	const before = emu.requests.length;
	await run(v1, 1);
	await run(v2, 2);
	const [sentByV1, sentByV2] = emu.requests.slice(before).filter((request) => endpointOf(request) === 'create');
	expect(sentByV2.body).toEqual(sentByV1.body);
	expect(sentByV2.body.line_items).toHaveLength(3);
});
