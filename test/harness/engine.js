'use strict';
/**
 * Runs a declarative node type through n8n-core's real RoutingNode, with a real Workflow,
 * ExecuteContext and expression engine. Shared by the tests (runNode.ts wraps it) and the
 * benchmarks; plain JavaScript so that the benchmarks time nothing but n8n and the node (no
 * ts-jest, no transpilation in the loop). The only host piece supplied here is the credentials helper,
 * which n8n's CLI normally provides: it hands the node the credential data and applies the
 * credential type's own `authenticate` block, resolving its expressions per request as n8n does.
 */
const path = require('path');

const { DirectoryLoader, ExecuteContext, RoutingNode } = require('n8n-core');
const { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } = require('n8n-workflow');

const DIST = path.resolve(__dirname, '../../dist');

function loadBuiltNode(dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : DIST) {
	const { StripePaymentLinks } = require(path.join(dist, 'nodes/StripePaymentLinks/StripePaymentLinks.node.js'));
	const { StripePaymentLinksApi } = require(path.join(dist, 'credentials/StripePaymentLinksApi.credentials.js'));
	return { nodeType: asLoadedByN8n(new StripePaymentLinks()), credentialType: new StripePaymentLinksApi() };
}

/**
 * What n8n's package loader adds to every declarative node: the Settings tab's "Request
 * Options" (`requestOptions`: batching, proxy, timeout, ignore SSL issues), which RoutingNode
 * reads. A node cannot give it defaults of its own: the loader replaces any property of that name.
 */
function asLoadedByN8n(nodeType) {
	DirectoryLoader.applyDeclarativeNodeOptionParameters(nodeType);
	return nodeType;
}

class HostCredentialsHelper extends ICredentialsHelper {
	constructor(credentialType, data) {
		super();
		this.credentialType = credentialType;
		this.data = data;
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	async authenticate(credentials, _typeName, requestOptions, workflow, node) {
		const { properties } = this.credentialType.authenticate;
		const resolve = (value) =>
			workflow.expression.getParameterValue(value, null, 0, 0, node.name, [], 'internal', { $credentials: credentials });
		const headers = { ...(requestOptions.headers ?? {}) };
		for (const [name, value] of Object.entries(properties.headers ?? {})) headers[name] = resolve(String(value));
		return { ...requestOptions, headers };
	}
	async preAuthentication() {
		return undefined;
	}
	async runPreAuthentication() {
		return undefined;
	}
	async getCredentials() {
		throw new Error('not used');
	}
	async getDecrypted() {
		return { ...this.data };
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return this.credentialType.properties;
	}
}

/** Fills the parameter defaults the way n8n does for a node of this version. */
function withDefaults(nodeType, parameters, typeVersion = 1) {
	const node = { parameters, typeVersion };
	return NodeHelpers.getNodeParameters(nodeType.description.properties, parameters, true, false, node, nodeType.description) ?? parameters;
}

let executionCounter = 0;

/** An execution to run a node in; pass the same one again to re-run the node within it. */
function newExecution(workflowId = 'wf-bench') {
	executionCounter++;
	return { executionId: `exec-${process.pid}-${executionCounter}`, workflowId };
}

/** What n8n's CLI would hand a node run; only the credentials helper is specific to this host. */
function hostAdditionalData(credentialsHelper, executionId) {
	return {
		credentialsHelper,
		executionId,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		currentNodeExecutionIndex: 0,
		variables: {},
	};
}

/**
 * One node run, as n8n's WorkflowExecute does it for a declarative node. Each execution gets one
 * execute-data object (which the node's pacer and credential check are keyed by); re-running
 * in the same execution reuses it, as n8n's Retry On Fail does. `loopPass` is a further run of
 * the node within the execution, fed by a further run of the node before it (a loop): n8n gives
 * it new execute data whose source names that upstream run. Items are plain JSON, or
 * `{ json, binary }` when `items` are given as full n8n items. Returns the node's first output.
 */
async function runDeclarativeNode({
	nodeType,
	credentialType,
	credentials,
	parameters,
	items,
	nodeTypeName = 'bench.node',
	nodeName = 'Node',
	continueOnFail = false,
	execution = newExecution(),
	typeVersion = 1,
	loopPass = 0,
	fullItems = false,
}) {
	const inputItems = (items ?? [{}]).map((item) => (fullItems ? item : { json: item }));
	const node = {
		id: 'node-1',
		name: nodeName,
		type: nodeTypeName,
		typeVersion,
		position: [0, 0],
		parameters: withDefaults(nodeType, parameters, typeVersion),
		credentials: credentialType ? { [credentialType.name]: { id: 'cred-1', name: 'Stripe test' } } : undefined,
		continueOnFail,
		onError: continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
	};
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ id: execution.workflowId, name: 'test', nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = hostAdditionalData(new HostCredentialsHelper(credentialType, credentials), execution.executionId);
	if (execution.executeData?.source.main[0].previousNodeRun !== loopPass) {
		execution.executeData = { node, data: {}, source: { main: [{ previousNode: 'Input', previousNodeRun: loopPass }] }, runIndex: loopPass };
	}
	// WorkflowExecute sets the input on the execute data before every run of the node.
	execution.executeData.data = { main: [inputItems] };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		createRunExecutionData({}),
		loopPass,
		inputItems,
		{ main: [inputItems] },
		execution.executeData,
		[],
	);
	const outputs = await new RoutingNode(context, nodeType).runNode();
	return outputs?.[0] ?? [];
}

function stripeCredentials(baseUrl, secretKey) {
	return { secretKey, apiVersion: '2026-10-28.endive', customApiVersion: '', baseUrl };
}

module.exports = {
	loadBuiltNode,
	asLoadedByN8n,
	runDeclarativeNode,
	newExecution,
	hostAdditionalData,
	withDefaults,
	stripeCredentials,
	HostCredentialsHelper,
	DIST,
};
