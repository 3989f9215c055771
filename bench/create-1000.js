'use strict';
/**
 * create-1000: 1,000 creates, each with 3 line items, metadata and after_completion from
 * `$json`. This node (pacing off) against the engine floor, and against stripe-node v23 at the
 * same concurrency (every request at once, as RoutingNode sends them).
 */
const Stripe = require('stripe');

const { SECRET_KEY, alternate, fmtMs, fmtRatio, ratio } = require('./lib/common');
const { loadBuiltNode, runDeclarativeNode, stripeCredentials } = require('../test/harness/engine');
const { startEmulatorProcess } = require('./lib/emulatorProcess');
const { createFloorNode } = require('./lib/floorNodes');
const w = require('./lib/workload');

const TARGET = 1.3;

async function run({ scale = 1, rounds = 5, inProcess = false, log = () => {}, dist } = {}) {
	const count = Math.max(1, Math.round(1000 * scale));
	const emu = await startEmulatorProcess({ apiKeys: [SECRET_KEY], inProcess });
	try {
		const priceIds = await emu.seedPrices(3);
		const items = w.makeItems(count, priceIds);
		const { nodeType, credentialType } = loadBuiltNode(dist);
		const credentials = stripeCredentials(emu.url, SECRET_KEY);
		const floorType = createFloorNode(emu.url);
		const { port } = new URL(emu.url);
		const stripe = new Stripe(SECRET_KEY, {
			host: '127.0.0.1',
			port: Number(port),
			protocol: 'http',
			apiVersion: credentials.apiVersion,
			maxNetworkRetries: 2,
			telemetry: false,
		});
		const bodiesChecked = new Set();
		const contender = (name, runOnce) => ({
			name,
			run: runOnce,
			async check(output) {
				w.checkCreateOutput(output, items, name);
				const withBodies = !bodiesChecked.has(name);
				const summary = await emu.summary({ bodies: withBodies });
				if (withBodies) {
					w.checkServerBodies(summary, items, name);
					bodiesChecked.add(name);
				} else if (summary.createdRows !== count || summary.duplicates) {
					throw new Error(`${name}: server created ${summary.created} links for ${count} rows`);
				}
			},
		});
		const contenders = [
			contender('engine floor', () =>
				runDeclarativeNode({ nodeType: floorType, credentialType, credentials, parameters: w.floorCreateParameters(), items }),
			),
			contender('this node', () =>
				runDeclarativeNode({
					nodeType,
					credentialType,
					credentials,
					parameters: w.nodeCreateParameters({ maxRequestsPerSecond: 0, maxConcurrentRequests: 0 }),
					items,
				}),
			),
			contender('stripe-node', () => Promise.all(items.map((item) => stripe.paymentLinks.create(w.stripeParams(item))))),
		];
		log(`create-${count}: ${rounds} rounds, alternating ${contenders.map((c) => c.name).join(' / ')}`);
		const m = await alternate(contenders, { rounds, before: () => emu.clear(), log });
		const floor = m['engine floor'];
		const node = m['this node'];
		const sdk = m['stripe-node'];
		const r = ratio(node.ms, floor.ms);
		return {
			rows: [
				{
					benchmark: `create-${count}`,
					contender: 'this node, pacing off',
					result: fmtMs(node.ms),
					reference: `engine floor ${fmtMs(floor.ms)}`,
					ratio: `${fmtRatio(r)} (CPU ${fmtRatio(ratio(node.cpuMs, floor.cpuMs))})`,
					target: `≤ ${TARGET}×`,
					status: r <= TARGET ? 'PASS' : 'MISS',
				},
				{
					benchmark: `create-${count}`,
					contender: 'this node, pacing off',
					result: fmtMs(node.ms),
					reference: `stripe-node ${fmtMs(sdk.ms)}`,
					ratio: fmtRatio(ratio(node.ms, sdk.ms)),
					target: '(info)',
					status: '',
				},
			],
			notes: [
				`create-${count}: medians of ${rounds} alternated rounds after 1 warm-up; client CPU per run: node ${fmtMs(node.cpuMs)}, floor ${fmtMs(floor.cpuMs)}, stripe-node ${fmtMs(sdk.cpuMs)} (CPU ratio node/floor ${fmtRatio(ratio(node.cpuMs, floor.cpuMs))}). All requests in flight at once for all three (node: maxRequestsPerSecond 0, maxConcurrentRequests 0). Emulator in its own process, strict.`,
			],
			measurements: m,
		};
	} finally {
		await emu.close();
	}
}

module.exports = { run };

if (require.main === module) require('./run').main(['create-1000']);
