'use strict';
/**
 * routing-cost: this node's per-item cost with every option set, requests answered instantly
 * by a canned-response server in its own process. Alternated with the engine floor (same
 * server) for µs/item, then one run of the node under V8's sampling profiler (the inspector's
 * Profiler, i.e. what `node --cpu-prof` records) to split its time between expression
 * evaluation, HTTP, the node's own code and the rest of the engine.
 */
const fs = require('fs');
const path = require('path');
const { fork } = require('child_process');
const inspector = require('inspector');

const { BENCH_DIR, SECRET_KEY, alternate, assert, fmtRatio, ratio } = require('./lib/common');
const { loadBuiltNode, runDeclarativeNode, stripeCredentials } = require('./lib/engine');
const { createFloorNode } = require('./lib/floorNodes');
const w = require('./lib/workload');

/** Create with every option the node offers set; per-row values from `$json` as in create-1000. */
function everyOptionParameters() {
	const base = w.nodeCreateParameters({
		automaticIdempotency: true,
		connectedAccount: 'acct_1032D82eZvKYlo2C',
		maxRequestsPerSecond: 0,
		maxConcurrentRequests: 0,
		maxRetries: 2,
	});
	base.lineItems.items = base.lineItems.items.map((row) => ({ ...row, adjustableQuantity: true, minimum: 1, maximum: 10 }));
	Object.assign(base.additionalFields, {
		allowPromotionCodes: true,
		inactiveMessage: 'Sold out',
		restrictions: 10,
		submitType: 'pay',
	});
	base.simplify = true;
	return base;
}

/** Which of the node's Create options the parameters above leave unset (printed as a note). */
function unsetCreateOptions(nodeType, parameters) {
	const unset = [];
	for (const property of nodeType.description.properties) {
		const ops = property.displayOptions?.show?.operation;
		if (!ops?.includes('create')) continue;
		if (!(property.name in parameters)) unset.push(property.name);
		if (property.type === 'collection' && Array.isArray(property.options)) {
			for (const option of property.options) {
				if (!(option.name in (parameters[property.name] ?? {}))) unset.push(`${property.name}.${option.name}`);
			}
		}
	}
	return unset;
}

function startInstantServer() {
	const child = fork(path.join(__dirname, 'lib/instantServer.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
	return new Promise((resolve, reject) => {
		child.once('message', ({ url }) =>
			resolve({
				url,
				count: () =>
					new Promise((r) => {
						child.once('message', (m) => r(m.count));
						child.send('count');
					}),
				close: () =>
					new Promise((r) => {
						child.once('exit', r);
						child.send('close');
					}),
			}),
		);
		child.once('error', reject);
	});
}

const CATEGORIES = [
	['expressions', /n8n-workflow\/dist\/cjs\/(expression|workflow-expression|workflow-data-proxy|expressions\/|extensions\/|native-methods)|@n8n\/tournament|luxon|recast|ast-types|esprima|jmespath/],
	['HTTP', /axios|@n8n\/backend-network|follow-redirects|proxy-from-env|form-data|^node:(http|_http|net|stream|internal\/streams|dns|zlib|url)|_http_|node:internal\/(http|net|streams|url|dns)/],
	["node's own code", /\/dist\/(nodes|credentials)\//],
];

/** Attributes every sample to the first category found anywhere on its stack (in the order above). */
function categorize(profile) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const memo = new Map();
	const categoryOf = (id) => {
		if (memo.has(id)) return memo.get(id);
		const { functionName, url } = byId.get(id).callFrame;
		let category;
		if (functionName === '(garbage collector)') category = 'GC';
		else if (functionName === '(idle)') category = 'idle';
		else {
			for (let cur = id; cur !== undefined && !category; cur = parent.get(cur)) {
				const frameUrl = byId.get(cur).callFrame.url;
				for (const [name, pattern] of CATEGORIES) {
					if (frameUrl && pattern.test(frameUrl)) {
						category = name;
						break;
					}
				}
			}
			category ??= 'engine & other';
		}
		memo.set(id, category);
		return category;
	};
	const totals = {};
	profile.samples.forEach((id, i) => {
		const c = categoryOf(id);
		totals[c] = (totals[c] ?? 0) + (profile.timeDeltas[i] ?? 0);
	});
	delete totals.idle;
	const sum = Object.values(totals).reduce((a, b) => a + b, 0);
	return Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, { ms: v / 1000, share: v / sum }]));
}

async function profiled(fn, file) {
	const session = new inspector.Session();
	session.connect();
	const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
	await post('Profiler.enable');
	await post('Profiler.setSamplingInterval', { interval: 100 });
	await post('Profiler.start');
	let result;
	try {
		result = await fn();
	} finally {
		const { profile } = await post('Profiler.stop');
		session.disconnect();
		if (file) {
			fs.mkdirSync(path.dirname(file), { recursive: true });
			fs.writeFileSync(file, JSON.stringify(profile));
		}
		result = { result, profile };
	}
	return result;
}

async function run({ scale = 1, rounds = 3, log = () => {}, dist, profileDir = path.join(BENCH_DIR, 'profiles') } = {}) {
	const count = Math.max(1, Math.round(500 * scale));
	const server = await startInstantServer();
	try {
		const items = w.makeItems(count, ['price_1MoBy5LkdIwHu7ixZhnattbh', 'price_1MoBy5LkdIwHu7ixZhnattbi', 'price_1MoBy5LkdIwHu7ixZhnattbj']);
		const { nodeType, credentialType } = loadBuiltNode(dist);
		const credentials = stripeCredentials(server.url, SECRET_KEY);
		const parameters = everyOptionParameters();
		const unset = unsetCreateOptions(nodeType, parameters);
		const floorType = createFloorNode(server.url);
		const check = (name) => (output) => {
			assert(output.length === count, `${name}: ${output.length} outputs for ${count} items`);
			for (const o of output) assert(!o.json.error && /^plink_/.test(o.json.id), `${name}: ${JSON.stringify(o.json).slice(0, 200)}`);
		};
		const runNodeOnce = () => runDeclarativeNode({ nodeType, credentialType, credentials, parameters, items });
		const contenders = [
			{ name: 'engine floor', run: () => runDeclarativeNode({ nodeType: floorType, credentialType, credentials, parameters: w.floorCreateParameters(), items }), check: check('engine floor') },
			{ name: 'this node, every option', run: runNodeOnce, check: check('this node') },
		];
		log(`routing-cost: ${count} items, ${rounds} rounds, instant server`);
		const m = await alternate(contenders, { rounds, log });
		const stamp = new Date().toISOString().replace(/[:.]/g, '-');
		const file = profileDir ? path.join(profileDir, `routing-cost-${stamp}.cpuprofile`) : undefined;
		const { result, profile } = await profiled(runNodeOnce, file);
		check('this node (profiled)')(result);
		const shares = categorize(profile);
		const node = m['this node, every option'];
		const floor = m['engine floor'];
		const us = (ms) => (ms * 1000) / count;
		const share = (k) => `${((shares[k]?.share ?? 0) * 100).toFixed(0)} %`;
		const fmtShares = Object.entries(shares)
			.sort((a, b) => b[1].ms - a[1].ms)
			.map(([k, v]) => `${k} ${(v.share * 100).toFixed(1)} %`)
			.join(', ');
		return {
			rows: [
				{
					benchmark: 'routing-cost',
					contender: 'this node, every option, instant answers',
					result: `${us(node.ms).toFixed(0)} µs/item (CPU ${us(node.cpuMs).toFixed(0)})`,
					reference: `engine floor ${us(floor.ms).toFixed(0)} µs/item`,
					ratio: fmtRatio(ratio(node.ms, floor.ms)),
					target: 'report µs/item; expressions vs HTTP',
					status: `expressions ${share('expressions')}, HTTP ${share('HTTP')}, node ${share("node's own code")}`,
				},
			],
			notes: [
				`routing-cost: ${count} items × ${rounds} alternated rounds (medians) against a canned-response server in its own process; node's own cost over the floor ${(us(node.ms) - us(floor.ms)).toFixed(0)} µs/item wall, ${(us(node.cpuMs) - us(floor.cpuMs)).toFixed(0)} µs/item CPU.`,
				`routing-cost profile (V8 sampling profiler, 100 µs, one run, non-idle time; a sample counts toward the first category on its stack in the order expressions > HTTP > node code): ${fmtShares}.${file ? ` Profile: ${path.relative(path.resolve(BENCH_DIR, '..'), file)}` : ''}`,
				unset.length ? `routing-cost: Create options not set by the bench (add them to everyOptionParameters): ${unset.join(', ')}` : 'routing-cost: every Create option of the node is set.',
			],
			measurements: { ...m, shares, unset },
		};
	} finally {
		await server.close();
	}
}

module.exports = { run, categorize, everyOptionParameters };

if (require.main === module) require('./run').main(['routing-cost']);
