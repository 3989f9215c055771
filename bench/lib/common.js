'use strict';
/** Timing, alternation, statistics, the results table and bench/RESULTS.md. */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const BENCH_DIR = path.resolve(__dirname, '..');
const SECRET_KEY = 'sk_test_bench_0123456789abcdefSECRET';

function envNumber(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number (got ${raw})`);
	return n;
}

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function gc() {
	if (typeof global.gc === 'function') {
		global.gc();
		global.gc();
	}
}

/** Wall time and this process's CPU time of one run. */
async function timed(fn) {
	gc();
	const cpu0 = process.cpuUsage();
	const t0 = process.hrtime.bigint();
	const result = await fn();
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	const cpu = process.cpuUsage(cpu0);
	return { ms, cpuMs: (cpu.user + cpu.system) / 1000, result };
}

/**
 * Runs the contenders alternately (A B C A B C …): one warm-up round that is checked but not
 * counted, then `rounds` counted rounds. `before` runs untimed before every run (emulator reset).
 * Each contender is `{ name, run, check }`; `check(result)` throws if the output is wrong.
 */
async function alternate(contenders, { rounds, warmup = 1, before, log }) {
	const samples = Object.fromEntries(contenders.map((c) => [c.name, { ms: [], cpuMs: [] }]));
	for (let round = -warmup; round < rounds; round++) {
		for (const c of contenders) {
			if (before) await before(c);
			const { ms, cpuMs, result } = await timed(() => c.run());
			if (c.check) await c.check(result);
			if (round >= 0) {
				samples[c.name].ms.push(ms);
				samples[c.name].cpuMs.push(cpuMs);
			}
			log?.(`  ${round < 0 ? 'warm-up' : `round ${round + 1}/${rounds}`} ${c.name}: ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU`);
		}
	}
	return Object.fromEntries(
		Object.entries(samples).map(([name, s]) => [name, { ms: median(s.ms), cpuMs: median(s.cpuMs), samplesMs: s.ms }]),
	);
}

/**
 * Peak heap of one run: forced GC, baseline `heapUsed`, then `heapUsed` sampled every
 * millisecond (a timer, so it fires whenever the event loop is free: between every HTTP
 * response) and once more when the run returns, with its result still referenced.
 * heapUsed includes garbage not yet collected, so this is an upper bound on live memory.
 * Also reports what stays live after a forced GC with the result still held.
 */
async function peakHeap(fn) {
	gc();
	const baseline = process.memoryUsage().heapUsed;
	let peak = baseline;
	const sample = () => {
		const used = process.memoryUsage().heapUsed;
		if (used > peak) peak = used;
	};
	const timer = setInterval(sample, 1);
	let result;
	try {
		result = await fn();
		sample();
	} finally {
		clearInterval(timer);
	}
	gc();
	const retained = process.memoryUsage().heapUsed - baseline;
	return { result, peakBytes: peak - baseline, retainedBytes: retained, gcAvailable: typeof global.gc === 'function' };
}

function machine() {
	const cpus = os.cpus();
	return {
		cpu: `${cpus[0]?.model?.trim() ?? 'unknown CPU'} × ${cpus.length}`,
		node: process.version,
		os: `${os.type()} ${os.release()}`,
		memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
	};
}

function gitRevision() {
	try {
		const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: BENCH_DIR, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--', '../nodes', '../credentials'], { cwd: BENCH_DIR, encoding: 'utf8' }).trim();
		return dirty ? `${rev} + uncommitted changes in nodes/ or credentials/` : rev;
	} catch {
		return 'unknown';
	}
}

const COLUMNS = ['benchmark', 'contender', 'result', 'reference', 'ratio', 'target', 'status'];

function formatTable(rows) {
	const cells = rows.map((r) => COLUMNS.map((c) => String(r[c] ?? '')));
	const widths = COLUMNS.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
	const line = (values) => `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
	return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** The 1/5/15-minute load averages, e.g. `0.53, 1.54, 2.01`. */
function loadAverage() {
	return os
		.loadavg()
		.map((l) => l.toFixed(2))
		.join(', ');
}

function appendResults({ rows, notes, settings, label, load, file = path.join(BENCH_DIR, 'RESULTS.md') }) {
	const m = machine();
	const header = fs.existsSync(file)
		? ''
		: '# Benchmark results\n\nAppended by `npm run bench` (bench/run.js); newest last. Method: bench/README.md.\n';
	const text = [
		header,
		`\n## ${new Date().toISOString()}${label ? ` — ${label}` : ''}\n`,
		`- CPU: ${m.cpu}; Node ${m.node}; ${m.os}; ${m.memory} RAM`,
		...(load ? [`- Load average (1, 5, 15 min): ${load.before} at the start, ${loadAverage()} at the end`] : []),
		`- Revision: ${gitRevision()}`,
		`- Settings: ${settings}`,
		'',
		formatTable(rows),
		'',
		...notes.map((n) => `- ${n}`),
		'',
	].join('\n');
	fs.appendFileSync(file, text);
	return file;
}

function ratio(value, reference) {
	return reference > 0 ? value / reference : NaN;
}

function fmtRatio(r) {
	return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
}

function fmtMs(ms) {
	return ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}

function fmtBytes(bytes) {
	return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function assert(condition, message) {
	if (!condition) throw new Error(`output check failed: ${message}`);
}

/** Canonical JSON (sorted keys) for comparing decoded request bodies. */
function canonical(value) {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value);
}

module.exports = {
	BENCH_DIR,
	SECRET_KEY,
	alternate,
	appendResults,
	assert,
	canonical,
	envNumber,
	fmtBytes,
	fmtMs,
	fmtRatio,
	formatTable,
	gc,
	loadAverage,
	machine,
	median,
	peakHeap,
	ratio,
	timed,
};
