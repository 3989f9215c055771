import type { INodeProperties } from 'n8n-workflow';

import type { BodyConverter } from './types';

/** phone_number_collection[enabled] as a single toggle. */
export const phoneNumberCollectionField: INodeProperties = {
	displayName: 'Collect Phone Number',
	name: 'phoneNumberCollection',
	type: 'boolean',
	default: true,
	description: 'Whether to collect the customer’s phone number during checkout',
	routing: { send: { type: 'body', property: 'phone_number_collection' } },
};

export const phoneNumberCollectionToStripe: BodyConverter = (value) => ({ enabled: value === true || value === 'true' });
