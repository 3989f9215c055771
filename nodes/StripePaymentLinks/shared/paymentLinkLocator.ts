import type { INodeProperties } from 'n8n-workflow';

/** What a payment link ID looks like, and how one is found in a Stripe Dashboard URL. */
export const PAYMENT_LINK_ID_PATTERN = '^plink_[A-Za-z0-9]+$';
export const PAYMENT_LINK_URL_EXTRACT = '/payment-links/(plink_[A-Za-z0-9]+)';

/** Pick a link from a searchable list, paste its ID, or paste its Stripe Dashboard URL. */
export function paymentLinkLocator(operations: string[]): INodeProperties {
	return {
		...paymentLinkLocatorField,
		required: true,
		displayOptions: { show: { resource: ['paymentLink'], operation: operations } },
	};
}

/** The locator without show rules, for places outside the action node's operations (the trigger). */
export const paymentLinkLocatorField: INodeProperties = {
	displayName: 'Payment Link',
	name: 'paymentLinkId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description: 'The payment link to use',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a payment link…',
			typeOptions: { searchListMethod: 'searchPaymentLinks', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'plink_1MoC3ULkdIwHu7ixZjtGpVl2',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: PAYMENT_LINK_ID_PATTERN,
						errorMessage: 'Payment link IDs start with plink_',
					},
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'https://dashboard.stripe.com/test/payment-links/plink_1MoC3ULkdIwHu7ixZjtGpVl2',
			extractValue: { type: 'regex', regex: PAYMENT_LINK_URL_EXTRACT },
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^https://dashboard\\.stripe\\.com/.*payment-links/plink_[A-Za-z0-9]+.*$',
						errorMessage: 'Paste a Stripe Dashboard URL of a payment link',
					},
				},
			],
		},
	],
};
