'use strict';
/**
 * paced-1000-naive: the same 1,000 creates against the same 25 req/s emulator, sent by n8n's
 * own HTTP Request node (n8n-nodes-base 2.41.1, node version 4.2) with the same form bodies,
 * typed as bracketed key/value fields, as a user without this node would. Default options: no
 * batching, no retries; On Error = Continue so every failed item is counted.
 *
 * The HTTP Request node runs in this process through the n8n-core of the cached real n8n
 * install (scripts/ensure-n8n.sh), via its ExecuteContext: the node's own execute(), n8n's own
 * request helpers. No timing reference: the benchmark reports failed items and 429s.
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const { SECRET_KEY, fmtMs, timed } = require('./lib/common');
const { startEmulatorProcess } = require('./lib/emulatorProcess');
const { LIMIT } = require('./paced-1000');
const w = require('./lib/workload');

const REPO = path.resolve(__dirname, '..');

/** The cached n8n install; installs it (scripts/ensure-n8n.sh) unless `install` is false. */
function n8nModules({ install }) {
	const cacheDir =
		process.env.N8N_DIR ||
		path.join(process.env.N8N_CACHE_DIR || path.join(require('os').homedir(), '.cache/n8n-nodes-stripe-payment-links'), `n8n-${process.env.N8N_VERSION || '2.41.1'}-node24`);
	if (fs.existsSync(path.join(cacheDir, 'node_modules/n8n-nodes-base'))) return path.join(cacheDir, 'node_modules');
	if (!install) return undefined;
	const dir = execFileSync(path.join(REPO, 'scripts/ensure-n8n.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
	return path.join(dir, 'node_modules');
}

async function runHttpRequestNode(modules, { url, items }) {
	const { ExecuteContext } = require(path.join(modules, 'n8n-core'));
	const { createRunExecutionData, NodeHelpers, Workflow } = require(path.join(modules, 'n8n-workflow'));
	const { HttpRequestV3 } = require(path.join(modules, 'n8n-nodes-base/dist/nodes/HttpRequest/V3/HttpRequestV3.node.js'));
	const nodeType = new HttpRequestV3({ name: 'httpRequest', displayName: 'HTTP Request', group: ['output'], description: '', defaultVersion: 4.2 });
	const node = {
		id: 'http-1',
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [0, 0],
		onError: 'continueRegularOutput',
		parameters: {},
	};
	node.parameters = NodeHelpers.getNodeParameters(
		nodeType.description.properties,
		{
			method: 'POST',
			url: `${url}/v1/payment_links`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${SECRET_KEY}` }] },
			sendBody: true,
			contentType: 'form-urlencoded',
			bodyParameters: { parameters: w.formFields() },
			options: {},
		},
		true,
		false,
		node,
		nodeType.description,
	);
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: 'wf-naive', nodes: [node], connections: {}, active: false, nodeTypes });
	const input = items.map((json) => ({ json }));
	const base = 'http://localhost:5678';
	const additionalData = {
		executionId: `naive-${process.pid}`,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		currentNodeExecutionIndex: 0,
		variables: {},
	};
	const executeData = { node, data: { main: [input] }, source: { main: [{ previousNode: 'Input' }] } };
	const context = new ExecuteContext(workflow, node, additionalData, 'manual', createRunExecutionData({}), 0, input, { main: [input] }, executeData, []);
	const outputs = await nodeType.execute.call(context);
	return outputs[0];
}

async function run({ scale = 1, inProcess = false, log = () => {}, installN8n = true } = {}) {
	const count = Math.max(1, Math.round(1000 * scale));
	const row = (result, status, extra = '') => ({
		benchmark: `paced-${count}-naive`,
		contender: 'HTTP Request node, same form bodies',
		result,
		reference: '–',
		ratio: '–',
		target: 'report failed items and 429s',
		status: status + extra,
	});
	const modules = n8nModules({ install: installN8n });
	if (!modules) {
		return { rows: [row('skipped: real n8n not installed (scripts/ensure-n8n.sh)', 'SKIP')], notes: [], skipped: true };
	}
	const emu = await startEmulatorProcess({ apiKeys: [SECRET_KEY], inProcess, rateLimitPerSecond: LIMIT });
	try {
		const priceIds = await emu.seedPrices(3);
		const items = w.makeItems(count, priceIds);
		await new Promise((r) => setTimeout(r, 1100));
		const { ms, result: output } = await timed(() => runHttpRequestNode(modules, { url: emu.url, items }));
		const summary = await emu.summary({ bodies: true });
		const failed = output.filter((o) => o.json?.error || o.error).length;
		const created = summary.createdRows;
		// The links that were created must carry exactly the bodies this node would send.
		const createdItems = items.filter((item) => summary.bodies[item.row]);
		w.checkServerBodies({ ...summary, createdRows: createdItems.length }, createdItems, 'naive');
		const rateLimited = summary.statuses[429] ?? 0;
		log(`  naive: ${fmtMs(ms)}, ${failed} failed items, ${rateLimited} × 429, ${created} created, ${summary.duplicates} duplicates`);
		if (output.length !== count) throw new Error(`naive: ${output.length} output items for ${count} inputs`);
		if (failed + created !== count) throw new Error(`naive: ${failed} failed + ${created} created ≠ ${count}`);
		return {
			rows: [row(`${fmtMs(ms)}, ${failed} failed, ${summary.duplicates} dup, ${rateLimited} × 429`, 'INFO', `: ${created}/${count} created`)],
			notes: [
				`paced-${count}-naive: n8n-nodes-base HTTP Request 4.2 (real n8n 2.41.1 install, its own n8n-core, run in-process via ExecuteContext), form-urlencoded key/value body fields, header auth, default options (all items at once, no retry), On Error = Continue.`,
			],
			measurements: { ms, failed, created, rateLimited, duplicates: summary.duplicates },
		};
	} finally {
		await emu.close();
	}
}

module.exports = { run };

if (require.main === module) require('./run').main(['paced-1000-naive']);
