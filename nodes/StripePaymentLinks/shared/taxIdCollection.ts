import type { INodeProperties } from 'n8n-workflow';

import type { BodyConverter } from './types';
import { asObject, isBlank, SETTINGS_GROUP } from './types';

/** tax_id_collection: collect the customer's tax ID, optionally requiring it. */
export const taxIdCollectionField: INodeProperties = {
	displayName: 'Tax ID Collection',
	name: 'taxIdCollection',
	...SETTINGS_GROUP,
	placeholder: 'Set Tax ID Collection',
	description: 'Controls tax ID collection during checkout',
	options: [
		{
			displayName: 'Tax ID Collection',
			name: 'values',
			values: [
				{
					displayName: 'Enabled',
					name: 'enabled',
					type: 'boolean',
					default: true,
					description: 'Whether to collect tax IDs during checkout',
				},
				{
					displayName: 'Required',
					name: 'required',
					type: 'options',
					default: '',
					description: 'Whether a tax ID is required (Stripe’s default is Never)',
					options: [
						{ name: 'If Supported', value: 'if_supported', description: 'Required when the customer’s country supports tax IDs' },
						{ name: 'Never', value: 'never', description: 'Never required' },
						{ name: 'Not Set', value: '' },
					],
				},
			],
		},
	],
	routing: { send: { type: 'body', property: 'tax_id_collection' } },
};

export const taxIdCollectionToStripe: BodyConverter = (value) => {
	const { enabled, required } = asObject(asObject(value).values);
	const result: Record<string, unknown> = { enabled: enabled !== false && enabled !== 'false' };
	if (!isBlank(required)) result.required = required;
	return result;
};
