import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchPaymentLinks } from '../StripePaymentLinks/listSearch/searchPaymentLinks';
import { triggerProperties } from './description';
import { receiveEvent } from './receiveEvent';
import { webhookEndpointMethods } from './webhookEndpoint';

export class StripePaymentLinksTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stripe Payment Links Trigger',
		name: 'stripePaymentLinksTrigger',
		icon: {
			light: 'file:../../icons/stripePaymentLinksTrigger.svg',
			dark: 'file:../../icons/stripePaymentLinksTrigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["linkFilter"] === "metadata" ? "paid: links with " + $parameter["metadataKey"] : $parameter["linkFilter"] === "chosen" ? "paid: chosen links" : "paid: any payment link" }}',
		description: 'Starts the workflow when a Stripe payment link is paid',
		defaults: { name: 'Stripe Payment Links Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'stripePaymentLinksApi', required: true }],
		// Stripe only needs a 2xx, at once; without responseData n8n would answer the literal
		// text "firstEntryJson".
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' }],
		properties: triggerProperties,
	};

	methods = {
		listSearch: { searchPaymentLinks },
	};

	webhookMethods = {
		default: webhookEndpointMethods,
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveEvent.call(this);
	}
}
