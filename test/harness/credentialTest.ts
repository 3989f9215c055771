/**
 * Runs the credential's `test` request the way n8n's CredentialsTester (packages/cli,
 * credentials-tester.service) does for declarative tests: RoutingNode with a throwaway node
 * type whose one property routes the test request, the decrypted credential passed in
 * directly, and the same mapping of a failure to the text the credential dialog shows: the
 * message of a matching `responseCode` rule, else the HTTP status text.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type { ICredentialTestRequest, INode, INodeType, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { collect } from '../setup/secretScan';
import { credentialData, credentialType, harnessAdditionalData, type StripeCredentials } from './runNode';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export async function runCredentialTest(credentials: StripeCredentials): Promise<CredentialTestResult> {
	const test = credentialType.test as ICredentialTestRequest;
	const nodeType: INodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		},
	} as unknown as INodeType;
	const node: INode = {
		id: 'cred-test',
		name: 'Credential test',
		type: 'credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType.name]: { id: 'cred-1', name: 'test' } },
	};
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: nodeTypes as never });
	const data = credentialData(credentials);
	const additionalData = harnessAdditionalData(data) as IWorkflowExecuteAdditionalData;
	const items = [{ json: {} }];
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({}),
		0,
		[],
		{ main: [items] },
		{ node, data: {}, source: null } as never,
		[],
	);
	try {
		await new RoutingNode(context, nodeType, { id: 'cred-1', name: 'test', type: credentialType.name, data }).runNode();
		return { status: 'OK', message: 'Connection successful!' };
	} catch (error) {
		// n8n's CredentialsTester hands the UI only this status and message. The error object
		// itself is n8n's own (its axios config holds the Authorization header) and is not shown.
		const result = failureAsShown(error as ErrorWithCause, test);
		collect('credential test result', result);
		return result;
	}
}

interface ErrorWithCause {
	message: string;
	cause?: { code?: string; response?: { status: number; statusText?: string } };
}

/** CredentialsTester.runRequestTest's mapping of a failed test request. */
function failureAsShown(error: ErrorWithCause, test: ICredentialTestRequest): CredentialTestResult {
	const response = error.cause?.response;
	if (response) {
		for (const rule of test.rules ?? []) {
			if (rule.type === 'responseCode' && rule.properties.value === response.status) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		if (response.status < 199 || response.status > 299) {
			return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}` };
		}
	} else if (error.cause?.code) {
		return { status: 'Error', message: error.cause.code };
	}
	return { status: 'Error', message: String(error.message) };
}
