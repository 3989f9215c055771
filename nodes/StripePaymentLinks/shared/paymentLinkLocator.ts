import type { INodeProperties } from 'n8n-workflow';

/** Pick a link from a searchable list, paste its ID, or paste its Stripe Dashboard URL. */
export function paymentLinkLocator(operations: string[]): INodeProperties {
	return {
		displayName: 'Payment Link',
		name: 'paymentLinkId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The payment link to use',
		displayOptions: { show: { resource: ['paymentLink'], operation: operations } },
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
							regex: '^plink_[A-Za-z0-9]+$',
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
				extractValue: { type: 'regex', regex: '/payment-links/(plink_[A-Za-z0-9]+)' },
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
}
