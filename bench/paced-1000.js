'use strict';
/**
 * paced-1000: 1,000 creates against an emulator enforcing 25 requests per second, with this
 * node's default pacing. The reference is the ideal: 1,000 / 25 = 40 s. Target: at least 95 %
 * of the limit (≤ 42 s), no failed items, no duplicates.
 *
 * Each round takes 40 s or more, and the reference is a fixed ideal rather than a contender,
 * so this benchmark runs BENCH_PACED_ROUNDS rounds (default 1) and reports the median.
 *
 * BENCH_PACED_RPS sets Request Options → Max Requests per Second (default: unset, i.e. the
 * node's default) to show what the node achieves when configured close to the limit.
 */
const { SECRET_KEY, fmtMs, median, timed } = require('./lib/common');
const { loadBuiltNode, runDeclarativeNode, stripeCredentials } = require('../test/harness/engine');
const { startEmulatorProcess } = require('./lib/emulatorProcess');
const w = require('./lib/workload');

const LIMIT = 25;
const EFFICIENCY = 0.95;

async function run({ scale = 1, rounds = 1, inProcess = false, log = () => {}, dist, maxRequestsPerSecond } = {}) {
	const count = Math.max(1, Math.round(1000 * scale));
	const emu = await startEmulatorProcess({ apiKeys: [SECRET_KEY], inProcess, rateLimitPerSecond: LIMIT });
	try {
		const priceIds = await emu.seedPrices(3);
		const items = w.makeItems(count, priceIds);
		const { nodeType, credentialType } = loadBuiltNode(dist);
		const credentials = stripeCredentials(emu.url, SECRET_KEY);
		const requestSettings = maxRequestsPerSecond === undefined ? {} : { maxRequestsPerSecond };
		const label = maxRequestsPerSecond === undefined ? 'default pacing' : `maxRequestsPerSecond ${maxRequestsPerSecond}`;
		const results = [];
		for (let round = 0; round < rounds; round++) {
			await emu.clear();
			await new Promise((r) => setTimeout(r, 1100)); // an empty rate window
			const startedAt = Date.now();
			const { ms, result: output } = await timed(() =>
				runDeclarativeNode({ nodeType, credentialType, credentials, parameters: w.nodeCreateParameters(requestSettings), items, continueOnFail: true }),
			);
			const summary = await emu.summary({ bodies: true });
			const failed = output.filter((o) => o.json?.error || o.error).length;
			let bodiesOk = true;
			try {
				if (!failed) w.checkCreateOutput(output, items, 'paced');
				w.checkServerBodies(summary, items, 'paced');
			} catch (error) {
				bodiesOk = false;
				log(`  ${error.message.split('\n')[0]}`);
			}
			const r = { ms, prepMs: summary.firstAt - startedAt, sendMs: summary.sendPhaseMs, failed, duplicates: summary.duplicates, rateLimited: summary.statuses[429] ?? 0, created: summary.createdRows, replays: summary.replays, bodiesOk };
			results.push(r);
			log(`  round ${round + 1}/${rounds}: ${fmtMs(ms)} (first request after ${fmtMs(r.prepMs)}, first→last request ${fmtMs(r.sendMs)}), ${failed} failed, ${r.duplicates} duplicates, ${r.rateLimited} × 429, ${r.created} created`);
		}
		const ms = median(results.map((r) => r.ms));
		const prepMs = median(results.map((r) => r.prepMs));
		const sendMs = median(results.map((r) => r.sendMs));
		const idealMs = (count / LIMIT) * 1000;
		const targetMs = idealMs / EFFICIENCY;
		const failed = Math.max(...results.map((r) => r.failed));
		const duplicates = Math.max(...results.map((r) => r.duplicates));
		const rateLimited = Math.max(...results.map((r) => r.rateLimited));
		const ok = ms <= targetMs && failed === 0 && duplicates === 0 && results.every((r) => r.bodiesOk && r.created === count);
		return {
			rows: [
				{
					benchmark: `paced-${count}`,
					contender: `this node, ${label}`,
					result: `${fmtMs(ms)}, ${failed} failed, ${duplicates} dup, ${rateLimited} × 429`,
					reference: `ideal ${fmtMs(idealMs)} at ${LIMIT}/s`,
					ratio: `${((100 * idealMs) / ms).toFixed(1)} % of limit`,
					target: `≥ 95 % (≤ ${fmtMs(targetMs)}), 0 failed, 0 dup`,
					status: ok ? 'PASS' : 'MISS',
				},
			],
			notes: [
				`paced-${count} (${label}): first request ${fmtMs(prepMs)} after the run started (${((100 * prepMs) / ms).toFixed(0)} % of the run; RoutingNode prepares every item before any request leaves), first→last request ${fmtMs(sendMs)} (${((count - 1) / (sendMs / 1000)).toFixed(1)} req/s while sending).`,
				`paced-${count} (${label}): ${rounds} round(s) (each ≥ ${fmtMs(idealMs)}; reference is the fixed ideal, so not alternated), median shown; emulator in its own process with a rolling 1-second window of ${LIMIT} requests; ${maxRequestsPerSecond === undefined ? 'node defaults (Request Options empty)' : `Request Options: Max Requests per Second ${maxRequestsPerSecond}, the rest default`}, Continue On Fail on so failures are counted as items.`,
			],
			measurements: results,
		};
	} finally {
		await emu.close();
	}
}

module.exports = { run, LIMIT };

if (require.main === module) require('./run').main(['paced-1000']);
