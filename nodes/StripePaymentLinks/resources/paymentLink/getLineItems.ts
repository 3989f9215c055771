import type { INodeProperties } from 'n8n-workflow';

import { lineItemsExpandField } from '../../shared/checkoutFields';
import { paymentLinkLocator } from '../../shared/paymentLinkLocator';
import { requestSettingsField } from '../../shared/requestSettingsField';
import { cursorFields, returnAllAndLimit, showFor } from './shared';

const operations = ['getLineItems'];

export const getLineItemsDescription: INodeProperties[] = [
	paymentLinkLocator(operations),
	...returnAllAndLimit(operations),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(operations),
		options: [...cursorFields('line item', 'li_…'), lineItemsExpandField],
	},
	requestSettingsField(operations, false),
];
