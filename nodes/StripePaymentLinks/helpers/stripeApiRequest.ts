import type {
	IDataObject,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { stripeResponseFailure, toFailure, toNodeApiError } from './errorHandling';
import { assertSafeCredentials } from './security';

export const CREDENTIAL_TYPE = 'stripePaymentLinksApi';

/** The contexts that call Stripe outside RoutingNode: pickers and the trigger's webhook lifecycle. */
export type StripeApiContext = ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

/**
 * One Stripe request with the node's credential, for everything that RoutingNode does not run
 * (the pickers, the trigger's webhook endpoint). The credential is checked first (secret key,
 * https or loopback), the body is form-encoded as Stripe expects, and a failure becomes a
 * NodeApiError with Stripe's own message; its httpCode is Stripe's status.
 */
export async function stripeApiRequest(
	context: StripeApiContext,
	method: IHttpRequestMethods,
	path: string,
	options: { qs?: IDataObject; body?: IDataObject } = {},
): Promise<IDataObject> {
	return (await request(context, method, path, options, false)) as IDataObject;
}

/** The same, for an object that may be gone: Stripe's 404 gives undefined instead of an error. */
export async function stripeApiRequestIfExists(
	context: StripeApiContext,
	method: IHttpRequestMethods,
	path: string,
	options: { qs?: IDataObject; body?: IDataObject } = {},
): Promise<IDataObject | undefined> {
	return await request(context, method, path, options, true);
}

async function request(
	context: StripeApiContext,
	method: IHttpRequestMethods,
	path: string,
	{ qs, body }: { qs?: IDataObject; body?: IDataObject },
	missingIsUndefined: boolean,
): Promise<IDataObject | undefined> {
	try {
		const credentials = await context.getCredentials(CREDENTIAL_TYPE);
		assertSafeCredentials(credentials);
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
			method,
			baseURL: String(credentials.baseUrl).replace(/\/+$/, ''),
			url: path,
			qs,
			...(body ? { body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } } : {}),
			json: true,
			// Stripe's own error body explains a failure better than n8n's generic status text.
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		})) as { statusCode: number; headers: IDataObject; body: IDataObject };
		if (response.statusCode === 404 && missingIsUndefined) return undefined;
		if (response.statusCode >= 400) {
			const requestId = response.headers['request-id'];
			throw stripeResponseFailure(response.statusCode, response.body, typeof requestId === 'string' ? requestId : undefined, 0);
		}
		return response.body;
	} catch (error) {
		if (error instanceof NodeApiError) throw new NodeApiError(context.getNode(), error as unknown as JsonObject);
		throw toNodeApiError(context.getNode(), toFailure(error), 0);
	}
}
