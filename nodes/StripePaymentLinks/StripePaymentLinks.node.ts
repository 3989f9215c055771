import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { searchPaymentLinks } from './listSearch/searchPaymentLinks';
import { searchPrices } from './listSearch/searchPrices';
import { paymentLinkDescription } from './resources/paymentLink';

export class StripePaymentLinks implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stripe Payment Links',
		name: 'stripePaymentLinks',
		icon: { light: 'file:../../icons/stripePaymentLinks.svg', dark: 'file:../../icons/stripePaymentLinks.dark.svg' },
		group: ['output'],
		// Version 2: Simplify on by default and an explicit Price Source per line item. Version 1
		// is kept as it was, so that saved workflows send and return exactly what they did.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, update, list, activate and deactivate Stripe Payment Links',
		defaults: { name: 'Stripe Payment Links' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'stripePaymentLinksApi', required: true }],
		requestDefaults: {
			// Static on purpose: an expression here is evaluated twice per item by RoutingNode. The
			// request pipeline replaces it with the credential's Base URL, checked once per run.
			baseURL: 'https://api.stripe.com',
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/x-www-form-urlencoded',
			},
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Payment Link', value: 'paymentLink' }],
				default: 'paymentLink',
			},
			...paymentLinkDescription,
		],
	};

	methods = {
		listSearch: { searchPaymentLinks, searchPrices },
	};
}
