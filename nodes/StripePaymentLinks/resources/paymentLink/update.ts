import type { INodeProperties } from 'n8n-workflow';

import { afterCompletionField } from '../../shared/afterCompletion';
import { lineItemsField } from '../../shared/lineItems';
import { clearMetadataField, metadataField } from '../../shared/metadata';
import { paymentLinkLocator } from '../../shared/paymentLinkLocator';
import { requestSettingsField } from '../../shared/requestSettingsField';
import { restrictionsField } from '../../shared/restrictions';
import { inactiveMessageField, showFor, simplifyField } from './shared';

const operations = ['update'];

export const updateDescription: INodeProperties[] = [
	paymentLinkLocator(operations),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(operations),
		options: [
			{
				displayName: 'Active',
				name: 'active',
				type: 'boolean',
				default: true,
				description: 'Whether customers can pay through the link',
				routing: { send: { type: 'body', property: 'active' } },
			},
			afterCompletionField,
			clearMetadataField,
			inactiveMessageField,
			lineItemsField('update'),
			metadataField('update'),
			restrictionsField('update'),
		],
	},
	simplifyField(operations),
	requestSettingsField(operations, true),
];
