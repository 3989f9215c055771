import type { INodeProperties } from 'n8n-workflow';

import { paymentLinkLocatorField } from '../StripePaymentLinks/shared/paymentLinkLocator';
import { DEFAULT_TOLERANCE_SECONDS } from '../StripePaymentLinks/helpers/webhookSignature';

/** The checkout events that mean "a payment link was paid" (or a delayed payment settled). */
export const PAYMENT_EVENTS = {
	completed: 'checkout.session.completed',
	asyncSucceeded: 'checkout.session.async_payment_succeeded',
	asyncFailed: 'checkout.session.async_payment_failed',
} as const;

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Stripe must reach this node’s Production URL: n8n needs a public URL (set WEBHOOK_URL), or use Stripe CLI forwarding for local work. See the package README.',
		name: 'reachabilityNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [PAYMENT_EVENTS.completed],
		description: 'Which checkout events of payment links start the workflow',
		options: [
			{
				name: 'Checkout Completed',
				value: PAYMENT_EVENTS.completed,
				description:
					'A customer finished paying through a link. With a delayed method (e.g. a bank debit) the payment status is still unpaid.',
			},
			{
				name: 'Delayed Payment Failed',
				value: PAYMENT_EVENTS.asyncFailed,
				description: 'A delayed payment that was pending at checkout failed (days later)',
			},
			{
				name: 'Delayed Payment Succeeded',
				value: PAYMENT_EVENTS.asyncSucceeded,
				description: 'A delayed payment that was pending at checkout succeeded (days later)',
			},
		],
	},
	{
		displayName: 'Payment Links',
		name: 'linkFilter',
		type: 'options',
		default: 'all',
		description: 'Which payment links start the workflow. Checkouts that did not come from a payment link never do.',
		options: [
			{ name: 'All Payment Links', value: 'all' },
			{ name: 'Chosen Links', value: 'chosen', description: 'Only the links picked below' },
			{
				name: 'Links With Metadata',
				value: 'metadata',
				description: 'Only links whose metadata has a key (and, optionally, a value), such as the row key the sheet example sets',
			},
		],
	},
	{
		displayName: 'Links',
		name: 'paymentLinks',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Payment Link',
		default: {},
		displayOptions: { show: { linkFilter: ['chosen'] } },
		options: [{ displayName: 'Link', name: 'links', values: [paymentLinkLocatorField] }],
	},
	{
		displayName: 'Metadata Key',
		name: 'metadataKey',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'row',
		displayOptions: { show: { linkFilter: ['metadata'] } },
		description: 'The key the link’s metadata must have. Stripe copies a link’s metadata onto each of its checkout sessions.',
	},
	{
		displayName: 'Metadata Value',
		name: 'metadataValue',
		type: 'string',
		default: '',
		displayOptions: { show: { linkFilter: ['metadata'] } },
		description: 'The value the key must have; leave empty for any value',
	},
	{
		displayName: 'Delivery',
		name: 'delivery',
		type: 'options',
		default: 'endpoint',
		description: 'How Stripe’s events reach this workflow',
		options: [
			{
				name: 'Webhook Endpoint Registered by This Node',
				value: 'endpoint',
				description:
					'On activation the node registers the Production URL in Stripe (POST /v1/webhook_endpoints) and keeps its signing secret; on deactivation it deletes the endpoint',
			},
			{
				name: 'Stripe CLI Forwarding (Local Work)',
				value: 'cli',
				description:
					'Nothing is registered. Run stripe listen --forward-to with this node’s URL and put the signing secret it prints into the credential.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Raw Event',
				name: 'rawEvent',
				type: 'boolean',
				default: false,
				description: 'Whether to output the whole Stripe event instead of the simplified checkout session',
			},
			{
				displayName: 'Signature Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: DEFAULT_TOLERANCE_SECONDS,
				description: 'How far a call’s signed timestamp may be from now; older calls are refused as possible replays',
			},
		],
	},
];
