'use strict';
/**
 * One timed round of paced creates, shared by paced-1000 and paced-concurrent: one or more node
 * runs started at once (each its own execution) against the emulator enforcing Stripe's limit,
 * then the checks: every item a link, in order; on the server one link per row from exactly the
 * expected body, no duplicates. Times: the whole round, run start → first request at the
 * emulator, and first → last request.
 */
const { timed } = require('./common');
const { runDeclarativeNode } = require('../../test/harness/engine');
const w = require('./workload');

/**
 * n8n's Settings → Request Options → Batching at one item per batch, as README "Running at
 * scale" recommends: 1 ms for one execution at a time, longer when several run at once.
 */
function batching(intervalMs) {
	return { batching: { batch: { batchSize: 1, batchInterval: intervalMs } } };
}

/**
 * `runs`: [{ items, requestSettings, requestOptions }]. Rows must be unique across runs (the
 * emulator's summary counts links per metadata.row).
 */
async function pacedRound({ emu, nodeType, credentialType, credentials, runs, log = () => {} }) {
	await emu.clear();
	await new Promise((resolve) => setTimeout(resolve, 1100)); // an empty rate window
	let startedAt = 0;
	const { ms, result: outputs } = await timed(() => {
		// After timed()'s forced GC, so the time to the first request is the run's own.
		startedAt = Date.now();
		return Promise.all(
			runs.map(({ items, requestSettings = {}, requestOptions = {} }) =>
				runDeclarativeNode({
					nodeType,
					credentialType,
					credentials,
					parameters: { ...w.nodeCreateParameters(requestSettings), requestOptions },
					items,
					continueOnFail: true,
				}),
			),
		);
	});
	const summary = await emu.summary({ bodies: true });
	const items = runs.flatMap((run) => run.items);
	const failed = outputs.flat().filter((o) => o.json?.error || o.error).length;
	let bodiesOk = true;
	try {
		if (!failed) runs.forEach((run, index) => w.checkCreateOutput(outputs[index], run.items, 'paced'));
		w.checkServerBodies(summary, items, 'paced');
	} catch (error) {
		bodiesOk = false;
		log(`  ${error.message.split('\n')[0]}`);
	}
	const posts = summary.statuses ? Object.values(summary.statuses).reduce((a, b) => a + b, 0) : summary.requests;
	return {
		ms,
		prepMs: summary.firstAt - startedAt,
		sendMs: summary.sendPhaseMs,
		failed,
		duplicates: summary.duplicates,
		rateLimited: summary.statuses[429] ?? 0,
		requests: posts,
		created: summary.createdRows,
		replays: summary.replays,
		bodiesOk,
		expected: items.length,
	};
}

module.exports = { batching, pacedRound };
