/**
 * Runs the credential's `test` request the way n8n's CredentialsTester does for declarative
 * tests: RoutingNode with a node type whose requestDefaults are the test request, and the
 * decrypted credential passed in directly.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import type { ICredentialTestRequest, INode, INodeType, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { collect } from '../setup/secretScan';
import { credentialData, credentialType, harnessAdditionalData, type StripeCredentials } from './runNode';

export async function runCredentialTest(credentials: StripeCredentials): Promise<{ status: 'OK' | 'Error'; message: string }> {
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
			properties: [],
			requestDefaults: test.request,
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
		items,
		{ main: [items] },
		{ node, data: { main: [items] }, source: null },
		[],
	);
	try {
		await new RoutingNode(context, nodeType, { id: 'cred-1', name: 'test', type: credentialType.name, data }).runNode();
		return { status: 'OK', message: 'Connection successful!' };
	} catch (error) {
		// n8n's CredentialsTester hands the UI only this status and message. The error object
		// itself is n8n's own (its axios config holds the Authorization header) and is not shown.
		const result = { status: 'Error' as const, message: (error as Error).message };
		collect('credential test result', result);
		return result;
	}
}
