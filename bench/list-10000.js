'use strict';
/**
 * list-10000: Return All over 10,000 links. This node's Get Many (Return All) against the
 * engine floor's Return All (RoutingNode's own generic cursor pagination), and against
 * stripe-node's autoPagingToArray. Then one run each under a heap sampler.
 */
const Stripe = require('stripe');

const { SECRET_KEY, alternate, fmtBytes, fmtMs, fmtRatio, peakHeap, ratio, assert } = require('./lib/common');
const { loadBuiltNode, runDeclarativeNode, stripeCredentials } = require('../test/harness/engine');
const { startEmulatorProcess } = require('./lib/emulatorProcess');
const { listFloorNode } = require('./lib/floorNodes');

/** The node's default Max Requests per Second (Stripe's per-endpoint limit). */
const DEFAULT_PACE = 25;

const TARGET = 1.3;
const HEAP_TARGET = 3;

async function run({ scale = 1, rounds = 5, inProcess = false, log = () => {}, dist } = {}) {
	const count = Math.max(1, Math.round(10000 * scale));
	const emu = await startEmulatorProcess({ apiKeys: [SECRET_KEY], inProcess });
	try {
		const priceIds = await emu.seedPrices(3);
		log(`list-${count}: seeding ${count} links…`);
		const seeded = await emu.seedLinks(count, priceIds);
		assert(seeded === count, `seeded ${seeded} links`);
		const { nodeType, credentialType } = loadBuiltNode(dist);
		const credentials = stripeCredentials(emu.url, SECRET_KEY);
		const floorType = listFloorNode(emu.url);
		const { port } = new URL(emu.url);
		const stripe = new Stripe(SECRET_KEY, { host: '127.0.0.1', port: Number(port), protocol: 'http', apiVersion: credentials.apiVersion, telemetry: false });

		const check = (name) => (output) => {
			assert(output.length === count, `${name}: ${output.length} links, expected ${count}`);
			const ids = new Set(output.map((o) => (o.json ?? o).id));
			assert(ids.size === count, `${name}: ${count - ids.size} duplicate links in the result`);
			for (const o of output) assert(String((o.json ?? o).id).startsWith('plink_'), `${name}: not a payment link`);
		};
		const runs = {
			'engine floor': () => runDeclarativeNode({ nodeType: floorType, credentialType, credentials, parameters: { returnAll: true }, items: [{}] }),
			// Pacing off, like the floor: the ratio is what the node's code adds to the engine.
			// Default pacing (20 requests/s) is measured as its own contender below.
			'this node': () =>
				runDeclarativeNode({
					nodeType,
					credentialType,
					credentials,
					parameters: { resource: 'paymentLink', operation: 'getAll', returnAll: true, requestSettings: { maxRequestsPerSecond: 0 } },
					items: [{}],
				}),
			'this node, default pacing': () =>
				runDeclarativeNode({
					nodeType,
					credentialType,
					credentials,
					parameters: { resource: 'paymentLink', operation: 'getAll', returnAll: true },
					items: [{}],
				}),
			'stripe-node': () => stripe.paymentLinks.list({ limit: 100 }).autoPagingToArray({ limit: count }),
		};
		const contenders = Object.entries(runs).map(([name, fn]) => ({ name, run: fn, check: check(name) }));
		log(`list-${count}: ${rounds} rounds, alternating ${contenders.map((c) => c.name).join(' / ')}`);
		const m = await alternate(contenders, { rounds, before: () => emu.clear({ keepLinks: true }), log });

		const heap = {};
		for (const c of contenders) {
			const { result, peakBytes, retainedBytes, gcAvailable } = await peakHeap(c.run);
			c.check(result);
			const jsonBytes = Buffer.byteLength(JSON.stringify(result.map((o) => o.json ?? o)));
			heap[c.name] = { peakBytes, retainedBytes, jsonBytes, gcAvailable };
			log(`  heap ${c.name}: peak +${fmtBytes(peakBytes)}, retained +${fmtBytes(retainedBytes)}, result JSON ${fmtBytes(jsonBytes)}`);
		}
		const node = m['this node'];
		const floor = m['engine floor'];
		const sdk = m['stripe-node'];
		const paced = m['this node, default pacing'];
		const r = ratio(node.ms, floor.ms);
		const h = heap['this node'];
		const heapRatio = ratio(h.peakBytes, h.jsonBytes);
		return {
			rows: [
				{
					benchmark: `list-${count}`,
					contender: 'Get Many, Return All, pacing off',
					result: fmtMs(node.ms),
					reference: `engine floor ${fmtMs(floor.ms)}`,
					ratio: `${fmtRatio(r)} (CPU ${fmtRatio(ratio(node.cpuMs, floor.cpuMs))})`,
					target: `≤ ${TARGET}×`,
					status: r <= TARGET ? 'PASS' : 'MISS',
				},
				{
					benchmark: `list-${count}`,
					contender: 'Get Many, Return All: peak heap',
					result: fmtBytes(h.peakBytes),
					reference: `result JSON ${fmtBytes(h.jsonBytes)}`,
					ratio: fmtRatio(heapRatio),
					target: `≤ ${HEAP_TARGET}×`,
					status: !h.gcAvailable ? 'n/a (run with --expose-gc)' : heapRatio <= HEAP_TARGET ? 'PASS' : 'MISS',
				},
				{
					benchmark: `list-${count}`,
					contender: `Get Many, Return All, default pacing (${DEFAULT_PACE}/s)`,
					result: fmtMs(paced.ms),
					reference: `engine floor ${fmtMs(floor.ms)}`,
					ratio: fmtRatio(ratio(paced.ms, floor.ms)),
					target: `(info: ${Math.ceil(count / 100)} pages at ${DEFAULT_PACE}/s)`,
					status: '',
				},
				{
					benchmark: `list-${count}`,
					contender: 'Get Many, Return All, pacing off',
					result: fmtMs(node.ms),
					reference: `stripe-node autoPagingToArray ${fmtMs(sdk.ms)}`,
					ratio: fmtRatio(ratio(node.ms, sdk.ms)),
					target: '(info)',
					status: '',
				},
			],
			notes: [
				`list-${count}: medians of ${rounds} alternated rounds after 1 warm-up, 100 per page; client CPU per run: node ${fmtMs(node.cpuMs)}, floor ${fmtMs(floor.cpuMs)}, stripe-node ${fmtMs(sdk.cpuMs)}.`,
				`list-${count} heap: one extra run per contender; forced GC, then heapUsed sampled every 1 ms and at return (result still referenced), minus the baseline; includes not-yet-collected garbage. Peak / retained / result JSON: ` +
					Object.entries(heap)
						.map(([name, x]) => `${name} ${fmtBytes(x.peakBytes)} / ${fmtBytes(x.retainedBytes)} / ${fmtBytes(x.jsonBytes)} (${fmtRatio(ratio(x.peakBytes, x.jsonBytes))})`)
						.join('; ') +
					'.',
			],
			measurements: { ...m, heap },
		};
	} finally {
		await emu.close();
	}
}

module.exports = { run };

if (require.main === module) require('./run').main(['list-10000']);
