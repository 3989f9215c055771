import type { INodeProperties } from 'n8n-workflow';

import type { BodyConverter } from './types';
import { asObject, SETTINGS_GROUP } from './types';

const toggle = (value: unknown) => value === true || value === 'true';

/** name_collection: business and individual name, each enabled and optionally optional. */
export const nameCollectionField: INodeProperties = {
	displayName: 'Name Collection',
	name: 'nameCollection',
	...SETTINGS_GROUP,
	placeholder: 'Set Name Collection',
	description: 'Collect the customer’s business or individual name',
	options: [
		{
			displayName: 'Name Collection',
			name: 'values',
			values: [
				{
					displayName: 'Collect Business Name',
					name: 'businessEnabled',
					type: 'boolean',
					default: false,
					description: 'Whether to collect the customer’s business name',
				},
				{
					displayName: 'Business Name Optional',
					name: 'businessOptional',
					type: 'boolean',
					default: false,
					description: 'Whether the customer may skip the business name',
				},
				{
					displayName: 'Collect Individual Name',
					name: 'individualEnabled',
					type: 'boolean',
					default: false,
					description: 'Whether to collect the customer’s full name',
				},
				{
					displayName: 'Individual Name Optional',
					name: 'individualOptional',
					type: 'boolean',
					default: false,
					description: 'Whether the customer may skip their full name',
				},
			],
		},
	],
	routing: { send: { type: 'body', property: 'name_collection' } },
};

export const nameCollectionToStripe: BodyConverter = (value) => {
	const values = asObject(asObject(value).values);
	return {
		business: { enabled: toggle(values.businessEnabled), optional: toggle(values.businessOptional) },
		individual: { enabled: toggle(values.individualEnabled), optional: toggle(values.individualOptional) },
	};
};
