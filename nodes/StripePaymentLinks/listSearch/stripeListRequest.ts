import type { IDataObject, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { stripeResponseFailure, toFailure, toNodeApiError } from '../helpers/errorHandling';
import { assertSafeCredentials } from '../helpers/security';

/** One page of a Stripe list endpoint, for the pickers in the node's form. */
export async function stripeListPage(
	context: ILoadOptionsFunctions,
	path: string,
	qs: IDataObject,
): Promise<{ data: IDataObject[]; has_more: boolean }> {
	try {
		const credentials = await context.getCredentials('stripePaymentLinksApi');
		assertSafeCredentials(credentials);
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, 'stripePaymentLinksApi', {
			method: 'GET',
			baseURL: String(credentials.baseUrl).replace(/\/+$/, ''),
			url: path,
			qs,
			json: true,
			// Stripe's own error body explains a failure better than n8n's generic status text.
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		})) as { statusCode: number; headers: IDataObject; body: IDataObject };
		if (response.statusCode >= 400) {
			const requestId = response.headers['request-id'];
			throw stripeResponseFailure(response.statusCode, response.body, typeof requestId === 'string' ? requestId : undefined, 0);
		}
		return { data: (response.body.data as IDataObject[]) ?? [], has_more: Boolean(response.body.has_more) };
	} catch (error) {
		if (error instanceof NodeApiError) throw new NodeApiError(context.getNode(), error as unknown as JsonObject);
		throw toNodeApiError(context.getNode(), toFailure(error), 0);
	}
}
