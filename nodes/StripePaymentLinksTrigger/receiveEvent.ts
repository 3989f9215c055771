import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { simplifyCheckoutSession } from '../StripePaymentLinks/helpers/simplify';
import { CREDENTIAL_TYPE } from '../StripePaymentLinks/helpers/stripeApiRequest';
import { DEFAULT_TOLERANCE_SECONDS, verifyStripeSignature } from '../StripePaymentLinks/helpers/webhookSignature';
import { readLinkFilter } from './linkFilter';

/** Nothing is started, and Stripe is told the call was received (so it does not retry). */
const IGNORED: IWebhookResponseData = {};

/**
 * One call to the trigger's URL. The signature is checked against the exact bytes received
 * before anything else: a call without a valid one is answered 401 and starts nothing. Then
 * only checkout events of payment links, of the chosen types and links, start the workflow.
 */
export async function receiveEvent(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	if (request.rawBody === undefined) await request.readRawBody();
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const check = verifyStripeSignature({
		payload: request.rawBody,
		header: request.header('stripe-signature'),
		secrets: await signingSecrets(this),
		toleranceSeconds: Number(options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS),
		nowSeconds: Math.floor(Date.now() / 1000),
	});
	if (!check.valid) {
		this.getResponseObject().status(401).json({ error: `Invalid Stripe-Signature: ${check.reason}` });
		return { noWebhookResponse: true };
	}

	const event = parseEvent(request.rawBody);
	const events = this.getNodeParameter('events', []) as string[];
	if (!event || !events.includes(String(event.type))) return IGNORED;
	const session = ((event.data as IDataObject | undefined)?.object ?? {}) as IDataObject;
	if (session.object !== 'checkout.session' || !session.payment_link) return IGNORED;
	if (!readLinkFilter(this)(session)) return IGNORED;

	const json = options.rawEvent
		? event
		: {
				...simplifyCheckoutSession(session),
				event_id: event.id,
				event_type: event.type,
				event_created: typeof event.created === 'number' ? new Date(event.created * 1000).toISOString() : null,
			};
	return { workflowData: [this.helpers.returnJsonArray(json)] };
}

/** The secret of the endpoint this node registered, or, with Stripe CLI forwarding, the CLI's from the credential. */
async function signingSecrets(context: IWebhookFunctions): Promise<string[]> {
	if (context.getNodeParameter('delivery', 'endpoint') === 'cli') {
		const credentials = await context.getCredentials(CREDENTIAL_TYPE);
		return [String(credentials.webhookSigningSecret ?? '')];
	}
	const data = context.getWorkflowStaticData('node');
	return typeof data.webhookSecret === 'string' ? [data.webhookSecret] : [];
}

function parseEvent(body: Buffer): IDataObject | undefined {
	try {
		const event = JSON.parse(body.toString('utf8')) as unknown;
		return typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}
