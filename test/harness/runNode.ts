/**
 * Runs the BUILT node (dist/) through n8n-core's real RoutingNode, with a real Workflow,
 * ExecuteContext and expression engine (see engine.js, shared with the benchmarks). The only
 * piece supplied here is the host's credentials helper, which n8n's CLI normally provides: it
 * hands the node the credential data and applies the credential type's own `authenticate`.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteData,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { collect } from '../setup/secretScan';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const engine = require('./engine');

export const NODE_TYPE = 'n8n-nodes-stripe-payment-links.stripePaymentLinks';
const built: { nodeType: INodeType; credentialType: ICredentialType } = engine.loadBuiltNode();
export const nodeType = built.nodeType;
export const credentialType = built.credentialType;

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
	/** Each item's JSON, or full n8n items (`{ json, binary }`) with `fullItems: true`. */
	items?: Array<Record<string, any>>;
	fullItems?: boolean;
	credentials: StripeCredentials;
	continueOnFail?: boolean;
	/** Reuse to simulate n8n's Retry On Fail, which re-runs the node within the same execution. */
	execution?: ExecutionScope;
	/** A further run of the node in the same execution, fed by the upstream node's run of that index. */
	loopPass?: number;
	nodeName?: string;
	/** The node's typeVersion; 1 unless a test is about version 2. */
	typeVersion?: number;
}

export interface ExecutionScope {
	executionId: string;
	workflowId: string;
	executeData?: IExecuteData;
}

export function newExecution(): ExecutionScope {
	return engine.newExecution('wf-test');
}

/** Fills the parameter defaults the way n8n does for a node of this version. */
export function withDefaults(parameters: INodeParameters, typeVersion = 1): INodeParameters {
	return engine.withDefaults(nodeType, parameters, typeVersion);
}

/** The node as a workflow holds it, with the parameters the editor would store. */
export function workflowNode(parameters: INodeParameters): INode {
	return {
		id: 'node-1',
		name: 'Stripe Payment Links',
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: withDefaults(parameters),
		credentials: { stripePaymentLinksApi: { id: 'cred-1', name: 'Stripe test' } },
	};
}

export function credentialData(credentials: StripeCredentials): ICredentialDataDecryptedObject {
	return {
		secretKey: credentials.secretKey ?? TEST_SECRET_KEY,
		apiVersion: credentials.apiVersion ?? '2026-10-28.endive',
		customApiVersion: credentials.customApiVersion ?? '',
		baseUrl: credentials.baseUrl,
	};
}

/** What n8n's CLI would hand a node run, for the harnesses that build their own context. */
export function harnessAdditionalData(
	credentials: ICredentialDataDecryptedObject,
	executionId?: string,
): IWorkflowExecuteAdditionalData {
	return engine.hostAdditionalData(new engine.HostCredentialsHelper(credentialType, credentials), executionId);
}

export async function runNode(options: RunOptions): Promise<INodeExecutionData[]> {
	try {
		const output: INodeExecutionData[] = await engine.runDeclarativeNode({
			nodeType,
			credentialType,
			credentials: credentialData(options.credentials),
			parameters: options.parameters,
			items: (options.items ?? [{}]) as IDataObject[],
			nodeTypeName: NODE_TYPE,
			nodeName: options.nodeName ?? 'Stripe Payment Links',
			continueOnFail: options.continueOnFail ?? false,
			execution: options.execution ?? newExecution(),
			typeVersion: options.typeVersion ?? 1,
			loopPass: options.loopPass ?? 0,
			fullItems: options.fullItems ?? false,
		});
		collect('node output', output);
		return output;
	} catch (error) {
		collect('node error', error);
		throw error;
	}
}
