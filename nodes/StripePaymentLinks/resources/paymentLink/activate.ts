import type { INodeProperties } from 'n8n-workflow';

import { paymentLinkLocator } from '../../shared/paymentLinkLocator';
import { requestSettingsField } from '../../shared/requestSettingsField';
import { simplifyField } from './shared';

const operations = ['activate'];

export const activateDescription: INodeProperties[] = [
	paymentLinkLocator(operations),
	...simplifyField(operations),
	requestSettingsField(operations, true),
];
