/**
 * Runs the BUILT node's pickers the way n8n's editor backend does
 * (DynamicNodeParametersService.getResourceLocatorResults): a real Workflow holding the node
 * with its current parameters, n8n-core's LoadOptionsContext for it, and
 * `nodeType.methods.listSearch[method].call(context, filter, paginationToken)`.
 * Credentials come from the same test credentials helper as runNode.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult, INodeParameters, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { collect } from '../setup/secretScan';
import { credentialData, harnessAdditionalData, nodeType, type StripeCredentials, workflowNode } from './runNode';

export interface ListSearchOptions {
	credentials: StripeCredentials;
	/** The node's current parameters (the editor sends them with every picker request). */
	parameters?: INodeParameters;
	/** The path of the parameter the picker belongs to, as the editor sends it. */
	path?: string;
	filter?: string;
	paginationToken?: string;
}

const nodeTypes: INodeTypes = {
	getByName: () => nodeType,
	getByNameAndVersion: () => nodeType,
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

export async function runListSearch(method: string, options: ListSearchOptions): Promise<INodeListSearchResult> {
	const search = nodeType.methods?.listSearch?.[method];
	if (typeof search !== 'function') throw new Error(`Node type does not have list search method "${method}"`);
	const node = workflowNode(options.parameters ?? { operation: 'get' });
	const workflow = new Workflow({ id: 'wf-test', name: 'test', nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = harnessAdditionalData(credentialData(options.credentials));
	const context = new LoadOptionsContext(workflow, node, additionalData, options.path ?? 'paymentLinkId');
	try {
		const result = await search.call(context, options.filter, options.paginationToken);
		collect('list search result', result);
		return result;
	} catch (error) {
		collect('list search error', error);
		throw error;
	}
}

/** Every page of a picker, following its pagination token, as the editor does while scrolling. */
export async function runListSearchAll(method: string, options: ListSearchOptions): Promise<INodeListSearchResult['results'][]> {
	const pages: INodeListSearchResult['results'][] = [];
	let paginationToken: string | undefined;
	do {
		const page = await runListSearch(method, { ...options, paginationToken });
		pages.push(page.results);
		paginationToken = page.paginationToken as string | undefined;
	} while (paginationToken);
	return pages;
}
