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
					name: 'idempotencyScope',
					type: 'options',
					default: 'item',
					description:
						'Which sends of the same request Stripe answers with its first answer (for 24 hours) instead of acting twice. The output’s idempotent_replayed field tells which answers were replayed.',
					options: [
						{
							name: 'Off',
							value: 'off',
							description:
								'No key is sent. A create whose connection was lost is then not retried, because Stripe might have created it already.',
						},
						{
							name: 'Same Input Item',
							value: 'item',
							description:
								'The key comes from the workflow, this node, the input item’s data and its position among identical items, and the request. A retry, Retry On Fail, n8n’s Retry execution, a manual re-run or the next scheduled run sending the same item within 24 hours gets the first link back.',
						},
						{
							name: 'This Execution Only',
							value: 'execution',
							description:
								'The key also contains the execution ID, so only retries within one execution (this node’s own and Retry On Fail) replay. Any new execution, including n8n’s Retry execution, creates again.',
						},
					],
				},
				{
					displayName: 'Idempotency Key',
					name: 'idempotencyKey',
					type: 'string',
					default: '',
					placeholder: '={{ $json.row_id }}',
					description:
						'Your own key, e.g. a row ID, used instead of the automatic one. Stripe keeps keys for 24 hours and rejects a key reused with different parameters.',
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
