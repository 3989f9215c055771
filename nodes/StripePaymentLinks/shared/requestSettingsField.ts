import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONCURRENT_REQUESTS, DEFAULT_REQUESTS_PER_SECOND } from '../helpers/requestSettings';
import { DEFAULT_MAX_RETRIES } from '../helpers/retry';

/**
 * How requests are sent. Read by the request pipeline rather than routed, because none of
 * these is a Stripe parameter.
 */
export function requestSettingsField(operations: string[], writes: boolean): INodeProperties {
	const idempotency: INodeProperties[] = writes
		? [
				{
					displayName: 'Automatic Idempotency',
					name: 'automaticIdempotency',
					type: 'boolean',
					default: true,
					description:
						'Whether to send an Idempotency-Key derived from the workflow, execution, node, item and request, so a retried request or a Retry On Fail re-run replays Stripe’s first answer instead of creating a duplicate',
				},
				{
					displayName: 'Idempotency Key',
					name: 'idempotencyKey',
					type: 'string',
					default: '',
					placeholder: '={{ $json.row_id }}',
					description:
						'Your own key, e.g. a row ID, so re-running the same sheet within 24 hours does not create duplicates. Overrides the automatic key. Stripe rejects a key reused with different parameters.',
				},
			]
		: [];
	return {
		displayName: 'Request Options',
		name: 'requestSettings',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['paymentLink'], operation: operations } },
		options: [
			...idempotency,
			{
				displayName: 'Connected Account',
				name: 'connectedAccount',
				type: 'string',
				default: '',
				placeholder: 'acct_1032D82eZvKYlo2C',
				description: 'Act on behalf of a Connect account (sent as the Stripe-Account header)',
			},
			{
				displayName: 'Max Requests per Second',
				name: 'maxRequestsPerSecond',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_REQUESTS_PER_SECOND,
				description:
					'Requests per second to this endpoint, shared by every execution this n8n instance or worker runs for the same Stripe account. Default: Stripe’s per-endpoint limit (25); the account-wide limit of the key’s mode (25 test, 100 live) applies on top. The pace drops on a 429 and recovers. Divide by the number of workers in queue mode. 0 turns pacing off.',
			},
			{
				displayName: 'Max Concurrent Requests',
				name: 'maxConcurrentRequests',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_CONCURRENT_REQUESTS,
				description:
					'How many requests to this Stripe account may be in flight at once, across the executions of this n8n instance or worker. 0 means no limit.',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: DEFAULT_MAX_RETRIES,
				description:
					'Retries on rate limits (429), conflicts (409), server errors (5xx) and lost connections, with exponential backoff and the same idempotency key. A 429 that slows the pace down does not count, up to 5 times. Errors in the request itself (400–404) are never retried. 0 turns retries off.',
			},
		],
	};
}
