#!/usr/bin/env node
'use strict';
/**
 * One create-1000 contender (`node` or `floor`), profiled or instrumented, for explaining the
 * create-1000 ratio. Not part of `npm run bench`.
 *
 *   node --expose-gc --cpu-prof --cpu-prof-dir=bench/profiles --cpu-prof-name=create-1000-node.cpuprofile \
 *        bench/profile-create.js node          # warm-up run, then the measured run; writes its window
 *   node bench/profile-create.js node --count   # expression evaluations per item (patched, untimed)
 *   node bench/profile-create.js --analyze bench/profiles/create-1000-node.cpuprofile bench/profiles/create-1000-node.window.json
 *
 * Same workload, emulator (own process, strict) and parameters as create-1000. The analysis
 * keeps only the samples of the measured run (hrtime window; V8's profile clock is the same
 * monotonic clock) and prints self time by function and the routing-cost categories.
 */
const fs = require('fs');
const path = require('path');

const { SECRET_KEY, envNumber, gc } = require('./lib/common');

async function runContender(which, { count, instrument }) {
	const { loadBuiltNode, runDeclarativeNode, stripeCredentials } = require('../test/harness/engine');
	const { startEmulatorProcess } = require('./lib/emulatorProcess');
	const { createFloorNode } = require('./lib/floorNodes');
	const w = require('./lib/workload');
	const emu = await startEmulatorProcess({ apiKeys: [SECRET_KEY] });
	try {
		const priceIds = await emu.seedPrices(3);
		const items = w.makeItems(count, priceIds);
		const { nodeType, credentialType } = loadBuiltNode();
		const credentials = stripeCredentials(emu.url, SECRET_KEY);
		const once =
			which === 'floor'
				? () => runDeclarativeNode({ nodeType: createFloorNode(emu.url), credentialType, credentials, parameters: w.floorCreateParameters(), items })
				: () =>
						runDeclarativeNode({
							nodeType,
							credentialType,
							credentials,
							parameters: w.nodeCreateParameters({ maxRequestsPerSecond: 0, maxConcurrentRequests: 0 }),
							items,
						});
		const check = async (output) => {
			w.checkCreateOutput(output, items, which);
			const summary = await emu.summary({ bodies: true });
			w.checkServerBodies(summary, items, which);
		};
		if (instrument) {
			const counts = instrument();
			await check(await once());
			return { count, counts: counts() };
		}
		await check(await once()); // warm-up, as in create-1000
		await emu.clear();
		gc();
		const start = process.hrtime.bigint();
		const output = await once();
		const end = process.hrtime.bigint();
		await check(output);
		return { count, startUs: Number(start / 1000n), endUs: Number(end / 1000n), ms: Number(end - start) / 1e6 };
	} finally {
		await emu.close();
	}
}

/** Counts expression evaluations (renderExpression) by expression text, and data proxies built. */
function instrumentExpressions() {
	const { Expression, WorkflowExpression } = require('n8n-workflow');
	const isExpression = (value) => typeof value === 'string' && value.charAt(0) === '=';
	const byText = new Map();
	let proxies = 0;
	let getParameterValue = 0;
	const render = Expression.prototype.renderExpression;
	Expression.prototype.renderExpression = function (expression, data) {
		byText.set(expression, (byText.get(expression) ?? 0) + 1);
		return render.call(this, expression, data);
	};
	const resolve = WorkflowExpression.prototype.resolveSimpleParameterValue;
	WorkflowExpression.prototype.resolveSimpleParameterValue = function (value, ...rest) {
		if (isExpression(value)) proxies++;
		return resolve.call(this, value, ...rest);
	};
	const gpv = WorkflowExpression.prototype.getParameterValue;
	WorkflowExpression.prototype.getParameterValue = function (...args) {
		getParameterValue++;
		return gpv.apply(this, args);
	};
	return () => ({ byText: Object.fromEntries([...byText].sort((a, b) => b[1] - a[1])), proxies, getParameterValue });
}

/** Self time per function inside [startUs, endUs], and the routing-cost categories. */
function analyze(profileFile, windowFile, top = 25) {
	const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8'));
	const { startUs, endUs, count } = JSON.parse(fs.readFileSync(windowFile, 'utf8'));
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map();
	let t = profile.startTime;
	let total = 0;
	let idle = 0;
	const kept = { samples: [], timeDeltas: [] };
	profile.samples.forEach((id, i) => {
		const dt = profile.timeDeltas[i] ?? 0;
		t += dt;
		if (t < startUs || t > endUs) return;
		kept.samples.push(id);
		kept.timeDeltas.push(dt);
		const { functionName, url, lineNumber } = byId.get(id).callFrame;
		if (functionName === '(idle)') {
			idle += dt;
			return;
		}
		total += dt;
		const short = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
		const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
		self.set(key, (self.get(key) ?? 0) + dt);
	});
	const { categorize } = require('./routing-cost');
	const shares = categorize({ ...profile, samples: kept.samples, timeDeltas: kept.timeDeltas });
	const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
	return {
		windowMs: (endUs - startUs) / 1000,
		busyMs: total / 1000,
		idleMs: idle / 1000,
		usPerItem: total / count,
		shares: Object.fromEntries(Object.entries(shares).map(([k, v]) => [k, `${v.ms.toFixed(0)} ms (${(v.share * 100).toFixed(1)} %)`])),
		top: rows.map(([k, us]) => `${(us / 1000).toFixed(0).padStart(6)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`),
	};
}

async function main(argv = process.argv.slice(2)) {
	if (argv[0] === '--analyze') {
		const result = analyze(argv[1], argv[2], Number(argv[3] ?? 25));
		process.stdout.write(`${JSON.stringify({ ...result, top: undefined }, null, 2)}\n${result.top.join('\n')}\n`);
		return;
	}
	const which = argv[0] === 'floor' ? 'floor' : 'node';
	const count = Math.max(1, Math.round(1000 * envNumber('BENCH_SCALE', 1)));
	if (argv.includes('--count')) {
		const { counts } = await runContender(which, { count, instrument: instrumentExpressions });
		const total = Object.values(counts.byText).reduce((a, b) => a + b, 0);
		process.stdout.write(
			`${which}: ${count} items; expression evaluations ${total} (${(total / count).toFixed(1)} per item), ` +
				`data proxies ${counts.proxies}, getParameterValue calls ${counts.getParameterValue} (${(counts.getParameterValue / count).toFixed(1)} per item)\n`,
		);
		for (const [text, n] of Object.entries(counts.byText)) process.stdout.write(`${(n / count).toFixed(2).padStart(7)} per item  ${text.slice(0, 110)}\n`);
		return;
	}
	const result = await runContender(which, { count });
	const dir = path.join(__dirname, 'profiles');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `create-${count}-${which}.window.json`);
	fs.writeFileSync(file, JSON.stringify(result));
	process.stdout.write(`${which}: measured run ${result.ms.toFixed(0)} ms; window in ${path.relative(process.cwd(), file)}\n`);
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${error.stack ?? error}\n`);
		process.exitCode = 1;
	});
}

module.exports = { analyze, instrumentExpressions, main };
