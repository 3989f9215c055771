'use strict';
/**
 * paced-1000: 1,000 creates against an emulator enforcing 25 requests per second, with this
 * node's default pacing. The reference is the ideal: 1,000 / 25 = 40 s. Target: at least 95 %
 * of the limit (≤ 42.1 s), no failed items, no duplicates, at most 2 % of requests answered 429.
 *
 * Two contenders, both with the node's Request Options empty:
 * - with n8n's Settings → Request Options → Batching at 1 item per 1 ms, as the README
 *   recommends: RoutingNode then yields between items, so requests leave while later items are
 *   prepared (the target row);
 * - n8n's defaults (no batching): RoutingNode prepares every item before the first request
 *   leaves. A node cannot change that default: n8n's package loader replaces any `requestOptions`
 *   property of a declarative node with its own, empty by default. Reported for comparison.
 *
 * Each round takes 40 s or more and the reference is a fixed ideal, so this benchmark runs
 * BENCH_PACED_ROUNDS rounds (default 1) of each and reports the median.
 *
 * BENCH_PACED_RPS sets Request Options → Max Requests per Second (default: unset, i.e. the
 * node's default).
 */
const { SECRET_KEY, fmtMs, median } = require('./lib/common');
const { loadBuiltNode, stripeCredentials } = require('../test/harness/engine');
const { startEmulatorProcess } = require('./lib/emulatorProcess');
const { batching, pacedRound } = require('./lib/paced');
const w = require('./lib/workload');

const LIMIT = 25;
const EFFICIENCY = 0.95;
const MAX_429_SHARE = 0.02;

async function run({ scale = 1, rounds = 1, inProcess = false, log = () => {}, dist, maxRequestsPerSecond } = {}) {
	const count = Math.max(1, Math.round(1000 * scale));
	const emu = await startEmulatorProcess({ apiKeys: [SECRET_KEY], inProcess, rateLimitPerSecond: LIMIT });
	try {
		const priceIds = await emu.seedPrices(3);
		const items = w.makeItems(count, priceIds);
		const { nodeType, credentialType } = loadBuiltNode(dist);
		const credentials = stripeCredentials(emu.url, SECRET_KEY);
		const requestSettings = maxRequestsPerSecond === undefined ? {} : { maxRequestsPerSecond };
		const pace = maxRequestsPerSecond === undefined ? 'default pacing' : `maxRequestsPerSecond ${maxRequestsPerSecond}`;
		const contenders = [
			{ name: `this node, ${pace}, Settings → Batching 1 item / 1 ms`, short: 'batching', requestOptions: batching(1), target: true },
			{ name: `this node, ${pace}, n8n defaults (no batching)`, short: 'no batching', requestOptions: {}, target: false },
		];
		const idealMs = (count / LIMIT) * 1000;
		const targetMs = idealMs / EFFICIENCY;
		const rows = [];
		const notes = [];
		const measurements = {};
		for (const contender of contenders) {
			const results = [];
			for (let round = 0; round < rounds; round++) {
				const r = await pacedRound({ emu, nodeType, credentialType, credentials, runs: [{ items, requestSettings, requestOptions: contender.requestOptions }], log });
				results.push(r);
				log(`  ${contender.short}, round ${round + 1}/${rounds}: ${fmtMs(r.ms)} (first request after ${fmtMs(r.prepMs)}, first→last request ${fmtMs(r.sendMs)}), ${r.failed} failed, ${r.duplicates} duplicates, ${r.rateLimited} × 429, ${r.created} created`);
			}
			const m = summarize(results);
			measurements[contender.short] = { ...m, rounds: results };
			const ok = m.ms <= targetMs && m.failed === 0 && m.duplicates === 0 && m.rateLimitedShare <= MAX_429_SHARE && results.every((r) => r.bodiesOk && r.created === count);
			rows.push({
				benchmark: `paced-${count}`,
				contender: contender.name,
				result: `${fmtMs(m.ms)}, ${m.failed} failed, ${m.duplicates} dup, ${m.rateLimited} × 429 (${(100 * m.rateLimitedShare).toFixed(1)} %)`,
				reference: `ideal ${fmtMs(idealMs)} at ${LIMIT}/s`,
				ratio: `${((100 * idealMs) / m.ms).toFixed(1)} % of limit`,
				target: contender.target ? `≥ 95 % (≤ ${fmtMs(targetMs)}), 0 failed, 0 dup, ≤ 2 % 429` : '(info)',
				status: contender.target ? (ok ? 'PASS' : 'MISS') : '',
			});
			notes.push(
				`paced-${count} (${contender.short}): first request ${fmtMs(m.prepMs)} after the run started (${((100 * m.prepMs) / m.ms).toFixed(0)} % of the run), first→last request ${fmtMs(m.sendMs)} (${((m.requests - 1) / (m.sendMs / 1000)).toFixed(1)} req/s while sending, ${m.requests} requests).`,
			);
		}
		notes.push(
			`paced-${count}: ${rounds} round(s) per contender (each ≥ ${fmtMs(idealMs)}; the reference is the fixed ideal, so not alternated), median shown; emulator in its own process with a rolling 1-second window of ${LIMIT} requests; ${maxRequestsPerSecond === undefined ? 'node defaults (Request Options empty)' : `Request Options: Max Requests per Second ${maxRequestsPerSecond}, the rest default`}, Continue On Fail on so failures are counted as items. Without batching RoutingNode prepares every item before any request leaves, and a node cannot make batching its default (n8n's loader replaces a node's own requestOptions property).`,
		);
		return { rows, notes, measurements };
	} finally {
		await emu.close();
	}
}

/** Medians of a contender's rounds; worst case for the counts that must be zero. */
function summarize(results) {
	const rateLimited = Math.max(...results.map((r) => r.rateLimited));
	const requests = median(results.map((r) => r.requests));
	return {
		ms: median(results.map((r) => r.ms)),
		prepMs: median(results.map((r) => r.prepMs)),
		sendMs: median(results.map((r) => r.sendMs)),
		failed: Math.max(...results.map((r) => r.failed)),
		duplicates: Math.max(...results.map((r) => r.duplicates)),
		rateLimited,
		requests,
		rateLimitedShare: Math.max(...results.map((r) => r.rateLimited / r.requests)),
	};
}

module.exports = { run, summarize, LIMIT, EFFICIENCY, MAX_429_SHARE };

if (require.main === module) require('./run').main(['paced-1000']);
