import type { INodeProperties } from 'n8n-workflow';

import type { BodyConverter } from './types';

/** managed_payments[enabled] (Create only): Stripe as merchant of record. */
export const managedPaymentsField: INodeProperties = {
	displayName: 'Managed Payments',
	name: 'managedPayments',
	type: 'boolean',
	default: true,
	description: 'Whether to enable Managed Payments, Stripe’s merchant of record solution, for this link',
	routing: { send: { type: 'body', property: 'managed_payments' } },
};

export const managedPaymentsToStripe: BodyConverter = (value) => ({ enabled: value === true || value === 'true' });
