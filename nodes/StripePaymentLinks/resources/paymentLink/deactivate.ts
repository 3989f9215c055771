import type { INodeProperties } from 'n8n-workflow';

import { paymentLinkLocator } from '../../shared/paymentLinkLocator';
import { requestSettingsField } from '../../shared/requestSettingsField';
import { inactiveMessageField, showFor, simplifyField } from './shared';

const operations = ['deactivate'];

export const deactivateDescription: INodeProperties[] = [
	paymentLinkLocator(operations),
	{ ...inactiveMessageField, displayOptions: showFor(operations) },
	...simplifyField(operations),
	requestSettingsField(operations, true),
];
