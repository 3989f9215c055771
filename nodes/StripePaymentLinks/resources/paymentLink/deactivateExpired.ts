import type { INodeProperties } from 'n8n-workflow';

import { requestSettingsField } from '../../shared/requestSettingsField';
import { inactiveMessageField, showFor, simplifyField } from './shared';

const operations = ['deactivateExpired'];

export const deactivateExpiredDescription: INodeProperties[] = [
	{
		displayName:
			'Deactivates every active link whose metadata expires_at (set by Create’s Expires At) has passed. It lists the links once per run, whatever the number of input items: the first item does the work and the others output nothing.',
		name: 'deactivateExpiredNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor(operations),
	},
	{ ...inactiveMessageField, displayOptions: showFor(operations) },
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		displayOptions: showFor(operations),
		description: 'Whether to only list the links that would be deactivated, without changing anything in Stripe',
	},
	...simplifyField(operations),
	// Idempotency keys are per link and per execution here (see helpers/deactivateExpired.ts), so there is nothing to choose.
	requestSettingsField(operations, false),
];
