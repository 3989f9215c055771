import type { IDataObject, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { StripeRequestFailure, toFailure, toNodeApiError } from '../helpers/errorHandling';
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
		})) as IDataObject;
		return { data: (response.data as IDataObject[]) ?? [], has_more: Boolean(response.has_more) };
	} catch (error) {
		if (error instanceof StripeRequestFailure) throw toNodeApiError(context.getNode(), error.failure, 0);
		if (error instanceof NodeApiError) throw new NodeApiError(context.getNode(), error as unknown as JsonObject);
		throw toNodeApiError(context.getNode(), toFailure(error), 0);
	}
}
