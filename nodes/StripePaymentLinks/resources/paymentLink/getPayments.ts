import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

import { createdRangeFields } from '../../shared/createdRange';
import { paymentLinkLocator } from '../../shared/paymentLinkLocator';
import { requestSettingsField } from '../../shared/requestSettingsField';
import { cursorFields, returnAllAndLimit, showFor, simplifyField } from './shared';

const operations = ['getPayments'];
const [endingBefore, startingAfter] = cursorFields('checkout session', 'cs_…');

/**
 * Checkout sessions of one payment link: who paid, how much, and the link's metadata at the
 * time of payment (Stripe copies it onto each session). Stripe filters by status and creation
 * time; it has no payment status filter, so the node applies that one to each page it reads.
 */
export const getPaymentsDescription: INodeProperties[] = [
	paymentLinkLocator(operations),
	...returnAllAndLimit(operations),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showFor(operations),
		options: [
			...createdRangeFields('checkout sessions'),
			endingBefore,
			{
				displayName: 'Payment Status',
				name: 'paymentStatus',
				type: 'multiOptions',
				default: [],
				description:
					'Only sessions with one of these payment statuses. Stripe cannot filter by payment status, so the node keeps the matching sessions of each page it reads; Limit counts only those.',
				options: [
					{ name: 'No Payment Required', value: 'no_payment_required', description: 'Completed without a charge (e.g. a 100% discount)' },
					{ name: 'Paid', value: 'paid', description: 'The money is in, or the subscription has started' },
					{ name: 'Unpaid', value: 'unpaid', description: 'Not paid yet, e.g. an open checkout or a bank debit still clearing' },
				],
			},
			startingAfter,
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'complete',
				description: 'Only sessions in this state of the checkout',
				options: [
					{ name: 'Complete', value: 'complete', description: 'The customer finished the checkout' },
					{ name: 'Expired', value: 'expired', description: 'The checkout was abandoned and expired' },
					{ name: 'Open', value: 'open', description: 'The checkout is still in progress' },
				],
				routing: { send: { type: 'query', property: 'status' } },
			},
		],
	},
	...simplifyField(
		operations,
		'Whether to return only the session ID, status, payment status, amount, currency, customer email and name, client reference ID, creation date, payment link ID and metadata',
	),
	requestSettingsField(operations, false),
];

/** The Payment Status filter as a test on each session, or undefined when it is not set. */
export function paymentStatusFilter(context: IExecuteSingleFunctions): ((session: IDataObject) => boolean) | undefined {
	const wanted = context.getNodeParameter('filters.paymentStatus', []) as string[];
	if (!Array.isArray(wanted) || wanted.length === 0) return undefined;
	return (session) => wanted.includes(String(session.payment_status));
}
