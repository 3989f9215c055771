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

const { NodeHelpers } = require('n8n-workflow');
const qs = require('qs');

const { BENCH_DIR, SECRET_KEY, alternate, assert, canonical, fmtRatio, ratio } = require('./lib/common');
const { loadAllFields } = require('./lib/allFields');
const { loadBuiltNode, runDeclarativeNode, stripeCredentials } = require('../test/harness/engine');
const { createFloorNode } = require('./lib/floorNodes');
const w = require('./lib/workload');
const { QS_OPTS } = require('../test/emulator/server');
const { leafPaths, loadSchemas, pathsOfValue } = require('../test/emulator/schema');
const { validate } = require('../test/emulator/validate');

/** Leaf paths of the alternatives not chosen (hosted confirmation instead of the redirect). */
const ALTERNATIVE_LEAVES = ['after_completion.hosted_confirmation.custom_message'];
/** Form fields used only with another choice (After Completion's Custom Message: Hosted Confirmation only). */
const ALTERNATIVE_FIELDS = ['additionalFields.afterCompletion.values.customMessage'];
/**
 * Create options left off on purpose, reported with the alternatives: Create If Missing puts one
 * listing of the account's links before the creates (once per run, not per item), which the
 * instant server's canned link cannot answer.
 */
const LEFT_OUT = ['createIfMissing'];

const PRICE_IDS = ['price_1MoBy5LkdIwHu7ixZhnattbh', 'price_1MoBy5LkdIwHu7ixZhnattbi', 'price_1MoBy5LkdIwHu7ixZhnattbj'];
const PRODUCT_ID = 'prod_NWjs8kKbJWmuuc';

/**
 * Create with every option the node offers set. The static values are the coverage test's
 * (test/fields/allFields.ts `createParameters`, with which the node reaches every leaf path of
 * Stripe's Create params); the per-row values are create-1000's 9 `$json` expressions (three
 * line items, two metadata values, the redirect URL) plus an Idempotency Key from the row.
 * Line items: create-1000's three rows (with adjustable quantity) followed by the coverage
 * set's two inline-price rows; metadata: the two per-row keys followed by its two static keys.
 * Line Items (JSON) and after_completion.hosted_confirmation are the alternatives of Line
 * Items (Fields) and the redirect, so they cannot be set in the same request.
 */
function everyOptionParameters() {
	const all = loadAllFields().createParameters(PRICE_IDS[0], PRICE_IDS[1], PRODUCT_ID);
	const base = w.nodeCreateParameters({
		idempotencyScope: 'item',
		idempotencyKey: "={{ 'bench-' + $json.row }}",
		connectedAccount: 'acct_1032D82eZvKYlo2C',
		maxRequestsPerSecond: 0,
		maxConcurrentRequests: 0,
		maxRetries: 2,
	});
	const perRow = base.lineItems.items.map((row) => ({ ...row, adjustableQuantity: true, minimum: 1, maximum: 10 }));
	return {
		resource: 'paymentLink',
		operation: 'create',
		lineItemsMode: 'fields',
		lineItems: { items: [...perRow, ...all.lineItems.items.filter((row) => row.priceData)] },
		additionalFields: {
			...all.additionalFields,
			afterCompletion: base.additionalFields.afterCompletion,
			metadata: { values: [...base.additionalFields.metadata.values, ...all.additionalFields.metadata.values] },
			metadataJson: '{"campaign": "spring", "batch": 7}',
		},
		simplify: true,
		requestSettings: base.requestSettings,
	};
}

/** Expressions per item in the parameters (strings starting with `=`). */
function countExpressions(value) {
	if (typeof value === 'string') return value.startsWith('=') ? 1 : 0;
	if (value && typeof value === 'object') return Object.values(value).reduce((n, v) => n + countExpressions(v), 0);
	return 0;
}

/** The node version the bench runs (the engine's default); fields of other versions are not its options. */
const BENCH_NODE_VERSION = 1;

/** Whether a property's `displayOptions.show` lets it appear beside these sibling values. */
function shownWith(property, siblings) {
	return Object.entries(property.displayOptions?.show ?? {}).every(([name, allowed]) => {
		if (name === 'resource' || name === 'operation') return true;
		if (name === '@version') return NodeHelpers.checkConditions(allowed, [BENCH_NODE_VERSION]);
		return !(name in siblings) || allowed.includes(siblings[name]);
	});
}

/**
 * Which of the node's Create options the parameters above leave unset: every top-level property,
 * every option of a collection and every field of a fixedCollection (in at least one row).
 * Fields hidden by the parameters' own choices (Line Items (JSON) when the input is Fields, the
 * hosted-confirmation message when After Completion is a redirect) are returned apart as
 * `alternatives`.
 */
function unsetCreateOptions(nodeType, parameters) {
	const unset = [];
	const alternatives = [];
	const defined = (values) => values.filter((v) => v !== undefined && v !== null);
	const rowsOf = (value, optionName) => {
		const rows = value?.[optionName];
		return Array.isArray(rows) ? rows : rows && typeof rows === 'object' ? [rows] : [];
	};
	// `values`: this property's value wherever it is set (one per fixedCollection row).
	const walk = (property, values, label) => {
		if (!values.length) {
			unset.push(label);
			return;
		}
		if (property.type === 'collection' && Array.isArray(property.options)) {
			for (const option of property.options) walk(option, defined(values.map((v) => v?.[option.name])), `${label}.${option.name}`);
		}
		if (property.type === 'fixedCollection' && Array.isArray(property.options)) {
			for (const option of property.options) {
				const rows = values.flatMap((v) => rowsOf(v, option.name));
				if (!rows.length) {
					unset.push(`${label}.${option.name}`);
					continue;
				}
				for (const field of option.values ?? []) {
					const fieldLabel = `${label}.${option.name}.${field.name}`;
					const shownRows = rows.filter((row) => shownWith(field, row));
					if (!shownRows.length || ALTERNATIVE_FIELDS.includes(fieldLabel)) alternatives.push(fieldLabel);
					else walk(field, defined(shownRows.map((row) => row?.[field.name])), fieldLabel);
				}
			}
		}
	};
	for (const property of nodeType.description.properties) {
		const ops = property.displayOptions?.show?.operation;
		if (!ops?.includes('create')) continue;
		if (!shownWith(property, parameters) || LEFT_OUT.includes(property.name)) alternatives.push(property.name);
		else walk(property, defined([parameters[property.name]]), property.name);
	}
	return { unset, alternatives };
}

/**
 * Decoded bodies of one run, checked: every request a Create, accepted by the strict
 * emulator's validator (stripe-node's types), the per-row values right for every row, the rest
 * of the body identical across rows, and (for the node) every leaf path of Stripe's Create
 * params present except those of the alternatives not chosen.
 */
function checkBodies(name, raw, items, { exact, coverage, headers }) {
	assert(raw.length === items.length, `${name}: server received ${raw.length} requests for ${items.length} items`);
	const schemas = loadSchemas();
	const byRow = new Map();
	let constant;
	const seen = new Set();
	for (const request of raw) {
		const { method, path: url, body: text } = request;
		assert(method === 'POST' && url === '/v1/payment_links', `${name}: unexpected request ${method} ${url}`);
		const body = qs.parse(text, QS_OPTS);
		const error = validate(schemas.create, body);
		assert(!error, `${name}: strict validation refuses the body: ${JSON.stringify(error)}`);
		const row = body.metadata?.row;
		assert(row !== undefined && !byRow.has(row), `${name}: metadata.row ${row} missing or sent twice`);
		byRow.set(row, body);
		const item = items[Number(row)];
		assert(item && item.row === row, `${name}: metadata.row ${row} is no input row`);
		const want = w.expectedBody(item);
		if (exact) {
			assert(canonical(body) === canonical(want), `${name}: row ${row} body differs\n  sent ${canonical(body)}\n  want ${canonical(want)}`);
			continue;
		}
		// Per-row values (the expressions) where create-1000 has them; the remainder must not vary.
		const rest = JSON.parse(JSON.stringify(body));
		want.line_items.forEach((line, i) => {
			assert(body.line_items?.[i]?.price === line.price && body.line_items[i].quantity === line.quantity, `${name}: row ${row} line_items[${i}] ${JSON.stringify(body.line_items?.[i])}`);
			delete rest.line_items[i].price;
			delete rest.line_items[i].quantity;
		});
		for (const key of w.METADATA_KEYS) {
			assert(body.metadata[key] === want.metadata[key], `${name}: row ${row} metadata.${key} ${body.metadata[key]}`);
			delete rest.metadata[key];
		}
		assert(canonical(body.after_completion) === canonical(want.after_completion), `${name}: row ${row} after_completion ${JSON.stringify(body.after_completion)}`);
		delete rest.after_completion;
		if (headers) {
			for (const [header, value] of Object.entries(headers(item))) {
				assert(request.headers[header] === value, `${name}: row ${row} header ${header}: ${request.headers[header]}, expected ${value}`);
			}
		}
		const c = canonical(rest);
		assert(constant === undefined || c === constant, `${name}: row ${row}: the static part of the body differs from the first row's\n  ${c.slice(0, 2000)}\n  ${String(constant).slice(0, 2000)}`);
		constant = c;
		if (coverage) for (const p of pathsOfValue(body, schemas.create)) seen.add(p);
	}
	if (!coverage) return undefined;
	const leaves = leafPaths(schemas.create);
	const missing = leaves.filter((p) => !seen.has(p) && !coverage.alternatives.includes(p));
	assert(!missing.length, `${name}: Create leaf paths never sent: ${missing.join(', ')}`);
	return { leaves: leaves.length, covered: leaves.length - missing.length - coverage.alternatives.filter((p) => !seen.has(p)).length };
}

function startInstantServer() {
	const child = fork(path.join(__dirname, 'lib/instantServer.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
	const ask = (command) =>
		new Promise((r) => {
			child.once('message', r);
			child.send(command);
		});
	return new Promise((resolve, reject) => {
		child.once('message', ({ url }) =>
			resolve({
				url,
				count: () => ask('count').then((m) => m.count),
				reset: () => ask('reset'),
				bodies: () => ask('bodies').then((m) => m.bodies),
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

const ENGINE_STOP = /n8n-core\/dist\/execution-engine\/routing-node\.js/;

/**
 * Attributes every sample to the category of the innermost frame that has one, searching from
 * the sampled function outwards and stopping at RoutingNode's own frames (engine & other).
 */
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
				// RoutingNode's own frames end the search: what it runs synchronously after an await
				// has the event that resumed it (an IPC or socket callback) below it on the stack.
				if (ENGINE_STOP.test(frameUrl)) break;
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
		const items = w.makeItems(count, PRICE_IDS);
		const { nodeType, credentialType } = loadBuiltNode(dist);
		const credentials = stripeCredentials(server.url, SECRET_KEY);
		const parameters = everyOptionParameters();
		const floorParameters = w.floorCreateParameters();
		const { unset, alternatives } = unsetCreateOptions(nodeType, parameters);
		const floorType = createFloorNode(server.url);
		let coverage;
		// Request Options on the wire: the row's own Idempotency Key and the connected account.
		const nodeHeaders = (item) => ({ 'idempotency-key': `bench-${item.row}`, 'stripe-account': parameters.requestSettings.connectedAccount });
		const bodiesChecked = new Set();
		const check = (name, bodyCheck) => async (output) => {
			assert(output.length === count, `${name}: ${output.length} outputs for ${count} items`);
			for (const o of output) assert(!o.json.error && /^plink_/.test(o.json.id), `${name}: ${JSON.stringify(o.json).slice(0, 200)}`);
			// The first run of each contender: the decoded body of every request.
			if (bodiesChecked.has(name)) return;
			const result = checkBodies(name, await server.bodies(), items, bodyCheck);
			if (result) coverage = result;
			bodiesChecked.add(name);
		};
		const runNodeOnce = () => runDeclarativeNode({ nodeType, credentialType, credentials, parameters, items });
		const contenders = [
			{
				name: 'engine floor',
				run: () => runDeclarativeNode({ nodeType: floorType, credentialType, credentials, parameters: floorParameters, items }),
				check: check('engine floor', { exact: true }),
			},
			{ name: 'this node, every option', run: runNodeOnce, check: check('this node, every option', { coverage: { alternatives: ALTERNATIVE_LEAVES }, headers: nodeHeaders }) },
		];
		log(`routing-cost: ${count} items, ${rounds} rounds, instant server`);
		const m = await alternate(contenders, { rounds, log, before: () => server.reset() });
		const stamp = new Date().toISOString().replace(/[:.]/g, '-');
		const file = profileDir ? path.join(profileDir, `routing-cost-${stamp}.cpuprofile`) : undefined;
		await server.reset();
		const { result, profile } = await profiled(runNodeOnce, file);
		await check('this node (profiled)', {})(result);
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
				`routing-cost profile (V8 sampling profiler, 100 µs, one run, non-idle time; a sample counts toward the innermost categorised frame on its stack, searched up to RoutingNode's own frames): ${fmtShares}.${file ? ` Profile: ${path.relative(path.resolve(BENCH_DIR, '..'), file)}` : ''}`,
				`routing-cost: parameters = test/fields/allFields.ts createParameters (the coverage test's) with create-1000's per-row values; ${countExpressions(parameters)} expressions per item for the node (create-1000's 9 + Idempotency Key from the row), ${countExpressions(floorParameters)} for the floor. Decoded bodies checked on the first run of each contender: floor exactly as expected; node per-row values and headers (Idempotency-Key from the row, Stripe-Account) right for every row, the rest of the body identical across rows, accepted by the strict validator, ${coverage ? `${coverage.covered}/${coverage.leaves}` : '?'} leaf paths of Stripe's Create params on the wire (not sent: ${ALTERNATIVE_LEAVES.join(', ')}, the alternative of the redirect).`,
				unset.length
					? `routing-cost: Create options not set by the bench (add them to everyOptionParameters): ${unset.join(', ')}`
					: `routing-cost: every Create option of the node is set${alternatives.length ? ` (hidden by the chosen alternatives, so not settable in the same run: ${alternatives.join(', ')})` : ''}.`,
			],
			measurements: { ...m, shares, unset, alternatives, coverage },
		};
	} finally {
		await server.close();
	}
}

module.exports = { run, categorize, checkBodies, countExpressions, everyOptionParameters, unsetCreateOptions };

if (require.main === module) require('./run').main(['routing-cost']);
