import type { INodeProperties } from 'n8n-workflow';

import { paymentLinkLocator } from '../../shared/paymentLinkLocator';
import { requestSettingsField } from '../../shared/requestSettingsField';
import { showFor, simplifyField } from './shared';

const operations = ['get'];

export const getDescription: INodeProperties[] = [
	paymentLinkLocator(operations),
	{
		displayName: 'Include Line Items',
		name: 'expandLineItems',
		type: 'boolean',
		default: false,
		displayOptions: showFor(operations),
		description: 'Whether to include the link’s line items (Stripe only returns them when expanded)',
		routing: { send: { type: 'query', property: 'expand', value: '={{ $value ? ["line_items"] : undefined }}' } },
	},
	...simplifyField(operations),
	requestSettingsField(operations, false),
];
