/**
 * Runs the BUILT node (dist/) through n8n-core's real RoutingNode, with a real Workflow,
 * ExecuteContext and expression engine. The only piece supplied here is the host's
 * credentials helper, which n8n's CLI normally provides: it hands the node the credential
 * data and applies the credential type's own `authenticate` block.
 */
import path from 'path';

import { ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	IAuthenticateGeneric,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { collect } from '../setup/secretScan';

const dist = path.resolve(__dirname, '../../dist');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { StripePaymentLinks } = require(path.join(dist, 'nodes/StripePaymentLinks/StripePaymentLinks.node.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { StripePaymentLinksApi } = require(path.join(dist, 'credentials/StripePaymentLinksApi.credentials.js'));

export const NODE_TYPE = 'n8n-nodes-stripe-payment-links.stripePaymentLinks';
export const nodeType: INodeType = new StripePaymentLinks();
export const credentialType: ICredentialType = new StripePaymentLinksApi();

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const TEST_SECRET_KEY: string = require('../setup/fakeSecrets').FAKE_SECRETS[0];

export interface StripeCredentials {
	secretKey?: string;
	apiVersion?: string;
	customApiVersion?: string;
	baseUrl: string;
}

export interface RunOptions {
	parameters: Record<string, any>;
	items?: Array<Record<string, any>>;
	credentials: StripeCredentials;
	continueOnFail?: boolean;
	/** Reuse to simulate n8n's Retry On Fail, which re-runs the node within the same execution. */
	execution?: ExecutionScope;
	nodeName?: string;
}

export interface ExecutionScope {
	executionId: string;
	workflowId: string;
	executeData?: IExecuteData;
}

let executionCounter = 0;

export function newExecution(): ExecutionScope {
	executionCounter++;
	return { executionId: `exec-${process.pid}-${executionCounter}`, workflowId: 'wf-test' };
}

/** Fills the parameter defaults the way the n8n editor stores them. */
export function withDefaults(parameters: INodeParameters): INodeParameters {
	const node = { parameters, typeVersion: 1 } as INode;
	return (
		NodeHelpers.getNodeParameters(nodeType.description.properties, parameters, true, false, node, nodeType.description) ??
		parameters
	);
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { properties } = credentialType.authenticate as IAuthenticateGeneric;
		const resolve = (value: string) =>
			workflow!.expression.getParameterValue(value, null, 0, 0, node!.name, [], 'internal', {
				$credentials: credentials,
			}) as string;
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		for (const [name, value] of Object.entries(properties.headers ?? {})) headers[name] = resolve(String(value));
		return { ...requestOptions, headers };
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(_helpers: IHttpRequestHelper): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return { ...this.data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties() {
		return credentialType.properties;
	}
}

const nodeTypes: INodeTypes = {
	getByName: () => nodeType,
	getByNameAndVersion: () => nodeType,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

export function credentialData(credentials: StripeCredentials): ICredentialDataDecryptedObject {
	return {
		secretKey: credentials.secretKey ?? TEST_SECRET_KEY,
		apiVersion: credentials.apiVersion ?? '2026-10-28.endive',
		customApiVersion: credentials.customApiVersion ?? '',
		baseUrl: credentials.baseUrl,
	};
}

/** What n8n's CLI would hand a node run; only the credentials helper is specific to the harness. */
export function harnessAdditionalData(
	credentials: ICredentialDataDecryptedObject,
	executionId?: string,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
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
	} as unknown as IWorkflowExecuteAdditionalData;
}

export async function runNode(options: RunOptions): Promise<INodeExecutionData[]> {
	const items = (options.items ?? [{}]).map((json) => ({ json: json as IDataObject }));
	const execution = options.execution ?? newExecution();
	const node: INode = {
		id: 'node-1',
		name: options.nodeName ?? 'Stripe Payment Links',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: withDefaults(options.parameters as INodeParameters),
		credentials: { stripePaymentLinksApi: { id: 'cred-1', name: 'Stripe test' } },
		continueOnFail: options.continueOnFail ?? false,
		onError: options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
	};
	const workflow = new Workflow({
		id: execution.workflowId,
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
	});
	const additionalData = harnessAdditionalData(credentialData(options.credentials), execution.executionId);
	const runExecutionData: IRunExecutionData = createRunExecutionData({});
	const executeData: IExecuteData = execution.executeData ?? {
		node,
		data: { main: [items] },
		source: { main: [{ previousNode: 'Input' }] },
	};
	execution.executeData = executeData;
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		executeData,
		[],
	);
	try {
		const outputs = await new RoutingNode(context, nodeType).runNode();
		collect('node output', outputs);
		return outputs?.[0] ?? [];
	} catch (error) {
		collect('node error', error);
		throw error;
	}
}
