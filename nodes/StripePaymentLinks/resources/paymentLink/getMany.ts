import type { INodeProperties } from 'n8n-workflow';

import { listExpandField } from '../../shared/checkoutFields';
import { requestSettingsField } from '../../shared/requestSettingsField';
import { cursorFields, returnAllAndLimit, showFor, simplifyField } from './shared';

const operations = ['getAll'];

export const getManyDescription: INodeProperties[] = [
	...returnAllAndLimit(operations),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showFor(operations),
		options: [
			{
				displayName: 'Active',
				name: 'active',
				type: 'boolean',
				default: true,
				description: 'Whether to return only active links (on) or only inactive links (off)',
				routing: { send: { type: 'query', property: 'active' } },
			},
			...cursorFields('payment link', 'plink_…'),
			listExpandField,
		],
	},
	...simplifyField(operations),
	requestSettingsField(operations, false),
];
