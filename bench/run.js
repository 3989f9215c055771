#!/usr/bin/env node
'use strict';
/**
 * npm run bench            all six benchmarks, table printed and appended to bench/RESULTS.md
 * npm run bench:smoke      tiny sizes, 1 round, emulator in-process, nothing recorded
 * node bench/run.js create-1000 list-10000 …   a subset
 *
 * Knobs: BENCH_ROUNDS (default 5), BENCH_SCALE (default 1: 1,000 creates, 10,000 links),
 * BENCH_PACED_ROUNDS (default 1), BENCH_ROUTING_ROUNDS (default 3), BENCH_NAIVE=skip,
 * BENCH_PACED_RPS (paced-1000's Max Requests per Second; default: the node's default),
 * BENCH_RECORD=0 (do not append to RESULTS.md; BENCH_RECORD=1 records a subset too),
 * BENCH_LABEL (a title for the recorded run), BENCH_DIST (another build of the node).
 * Run under `node --expose-gc` (the npm scripts do) for the heap figures and GC between runs.
 */
const { appendResults, envNumber, formatTable, loadAverage, machine } = require('./lib/common');

const BENCHMARKS = ['create-1000', 'list-10000', 'paced-1000', 'paced-concurrent', 'paced-1000-naive', 'routing-cost'];

async function runAll(names, { smoke = false, log = (m) => process.stderr.write(`${m}\n`) } = {}) {
	const scale = smoke ? 0.01 : envNumber('BENCH_SCALE', 1);
	const rounds = smoke ? 1 : Math.max(1, envNumber('BENCH_ROUNDS', 5));
	const pacedRps = smoke || !process.env.BENCH_PACED_RPS ? undefined : envNumber('BENCH_PACED_RPS', undefined);
	const options = {
		'create-1000': { scale, rounds },
		'list-10000': { scale: smoke ? 0.025 : scale, rounds },
		'paced-1000': {
			scale: smoke ? 0.05 : scale,
			rounds: smoke ? 1 : Math.max(1, envNumber('BENCH_PACED_ROUNDS', 1)),
			maxRequestsPerSecond: pacedRps,
		},
		'paced-concurrent': { scale: smoke ? 0.05 : scale, rounds: smoke ? 1 : Math.max(1, envNumber('BENCH_PACED_ROUNDS', 1)) },
		'paced-1000-naive': { scale: smoke ? 0.05 : scale, installN8n: !smoke },
		'routing-cost': { scale: smoke ? 0.02 : scale, rounds: smoke ? 1 : Math.max(1, envNumber('BENCH_ROUTING_ROUNDS', 3)), profileDir: smoke ? null : undefined },
	};
	const rows = [];
	const notes = [];
	const results = {};
	for (const name of names) {
		if (name === 'paced-1000-naive' && process.env.BENCH_NAIVE === 'skip') continue;
		const started = Date.now();
		log(`\n▶ ${name}`);
		const result = await require(`./${name}`).run({ ...options[name], inProcess: smoke, log });
		log(`  ${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
		results[name] = result;
		rows.push(...result.rows);
		notes.push(...result.notes);
	}
	const settings = [
		`BENCH_SCALE=${scale}`,
		`BENCH_ROUNDS=${rounds}`,
		...(names.includes('paced-1000') && pacedRps !== undefined ? [`BENCH_PACED_RPS=${pacedRps}`] : []),
		...(names.length < BENCHMARKS.length ? [`subset: ${names.join(', ')}`] : []),
	].join(', ');
	return { rows, notes, results, settings: `${settings}${smoke ? ' (smoke)' : ''}` };
}

async function main(argv = process.argv.slice(2)) {
	const smoke = argv.includes('--smoke');
	const names = argv.filter((a) => !a.startsWith('--'));
	const unknown = names.filter((n) => !BENCHMARKS.includes(n));
	if (unknown.length) {
		process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.join(', ')}\n`);
		process.exit(2);
	}
	if (typeof global.gc !== 'function') process.stderr.write('note: run with node --expose-gc for heap figures and GC between runs\n');
	const m = machine();
	const load = { before: loadAverage() };
	process.stderr.write(`bench on ${m.cpu}, Node ${m.node}, load average ${load.before}\n`);
	try {
		const { rows, notes, settings } = await runAll(names.length ? names : BENCHMARKS, { smoke });
		process.stdout.write(`\n${formatTable(rows)}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
		const record = process.env.BENCH_RECORD === '1' || (process.env.BENCH_RECORD !== '0' && !names.length);
		if (!smoke && record) {
			const file = appendResults({ rows, notes, settings, load, label: process.env.BENCH_LABEL });
			process.stdout.write(`\nappended to ${file}\n`);
		}
	} catch (error) {
		process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
		process.exitCode = 1;
	}
}

module.exports = { BENCHMARKS, main, runAll };

if (require.main === module) main();
