import type { INodeProperties } from 'n8n-workflow';

import { paymentLinkLocator } from '../../shared/paymentLinkLocator';
import { requestSettingsField } from '../../shared/requestSettingsField';
import { returnAllAndLimit } from './shared';

const operations = ['getLineItems'];

export const getLineItemsDescription: INodeProperties[] = [
	paymentLinkLocator(operations),
	...returnAllAndLimit(operations),
	requestSettingsField(operations, false),
];
