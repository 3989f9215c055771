'use strict';
/**
 * paced-concurrent: 4 executions of 250 creates started at once in one process (a schedule
 * overlapping manual runs, or one n8n worker's concurrency) against an emulator enforcing
 * 25 requests per second. The node's one pacer per Stripe account shares the limit between
 * them. Reference: the ideal 1,000 / 25 = 40 s. Target: at least 90 % of the limit, no failed
 * items, no duplicates, at most 2 % of requests answered 429. Node defaults, with n8n's
 * Settings → Batching at 1 item per batch as the README recommends for several executions at
 * once (without it, each run's preparation blocks the event loop for the others).
 */
const { SECRET_KEY, fmtMs } = require('./lib/common');
const { loadBuiltNode, stripeCredentials } = require('../test/harness/engine');
const { startEmulatorProcess } = require('./lib/emulatorProcess');
const { batching, pacedRound } = require('./lib/paced');
const { LIMIT, MAX_429_SHARE, summarize } = require('./paced-1000');
const w = require('./lib/workload');

const EXECUTIONS = 4;
const EFFICIENCY = 0.9;
/**
 * Batch Interval for several executions at once (README): each item takes RoutingNode several
 * ms to prepare; with a 1 ms interval the executions' timers keep Node's timers phase busy and
 * no response is read until every item is prepared. BENCH_BATCH_MS overrides it.
 */
const BATCH_INTERVAL_MS = Number(process.env.BENCH_BATCH_MS || 15 * (EXECUTIONS - 1));

async function run({ scale = 1, rounds = 1, inProcess = false, log = () => {}, dist } = {}) {
	const perRun = Math.max(1, Math.round(250 * scale));
	const count = perRun * EXECUTIONS;
	const emu = await startEmulatorProcess({ apiKeys: [SECRET_KEY], inProcess, rateLimitPerSecond: LIMIT });
	try {
		const priceIds = await emu.seedPrices(3);
		// Rows unique across the runs, so that the server's count per row finds duplicates.
		const runs = Array.from({ length: EXECUTIONS }, (_, run) => ({
			items: w.makeItems(perRun, priceIds).map((item) => ({ ...item, row: `${run}-${item.row}` })),
			requestOptions: batching(BATCH_INTERVAL_MS),
		}));
		const { nodeType, credentialType } = loadBuiltNode(dist);
		const credentials = stripeCredentials(emu.url, SECRET_KEY);
		const results = [];
		for (let round = 0; round < rounds; round++) {
			const r = await pacedRound({ emu, nodeType, credentialType, credentials, runs, log });
			results.push(r);
			log(`  round ${round + 1}/${rounds}: ${fmtMs(r.ms)} (first request after ${fmtMs(r.prepMs)}, first→last request ${fmtMs(r.sendMs)}), ${r.failed} failed, ${r.duplicates} duplicates, ${r.rateLimited} × 429, ${r.created} created`);
		}
		const m = summarize(results);
		const idealMs = (count / LIMIT) * 1000;
		const targetMs = idealMs / EFFICIENCY;
		const ok = m.ms <= targetMs && m.failed === 0 && m.duplicates === 0 && m.rateLimitedShare <= MAX_429_SHARE && results.every((r) => r.bodiesOk && r.created === count);
		return {
			rows: [
				{
					benchmark: `paced-concurrent`,
					contender: `this node, ${EXECUTIONS} executions × ${perRun} at once, default pacing, Settings → Batching 1 item / ${BATCH_INTERVAL_MS} ms`,
					result: `${fmtMs(m.ms)}, ${m.failed} failed, ${m.duplicates} dup, ${m.rateLimited} × 429 (${(100 * m.rateLimitedShare).toFixed(1)} %)`,
					reference: `ideal ${fmtMs(idealMs)} at ${LIMIT}/s`,
					ratio: `${((100 * idealMs) / m.ms).toFixed(1)} % of limit`,
					target: `≥ 90 % (≤ ${fmtMs(targetMs)}), 0 failed, 0 dup, ≤ 2 % 429`,
					status: ok ? 'PASS' : 'MISS',
				},
			],
			notes: [
				`paced-concurrent: first request ${fmtMs(m.prepMs)} after the runs started, first→last request ${fmtMs(m.sendMs)} (${((m.requests - 1) / (m.sendMs / 1000)).toFixed(1)} req/s while sending, ${m.requests} requests); ${rounds} round(s), median shown; ${EXECUTIONS} executions in this process sharing the node's pacer for the account, emulator in its own process with a rolling 1-second window of ${LIMIT} requests, Continue On Fail on.`,
			],
			measurements: { ...m, rounds: results },
		};
	} finally {
		await emu.close();
	}
}

module.exports = { run };

if (require.main === module) require('./run').main(['paced-concurrent']);
