import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_LOOKUP_METADATA_KEY } from '../helpers/createIfMissing';

/**
 * Create If Missing: read by the request pipeline (helpers/createIfMissing.ts), not routed, since
 * only the key itself reaches Stripe, as a metadata entry.
 */
export const createIfMissingField: INodeProperties = {
	displayName: 'Create If Missing',
	name: 'createIfMissing',
	type: 'fixedCollection',
	placeholder: 'Add Lookup Key',
	default: {},
	description:
		'Return the link already made for a key instead of creating another, also after Stripe has forgotten idempotency keys (24 hours). The node lists the account’s links once per run: one request per 100 links.',
	options: [
		{
			displayName: 'Lookup',
			name: 'lookup',
			values: [
				{
					displayName: 'Key',
					name: 'key',
					type: 'string',
					default: '',
					required: true,
					placeholder: '={{ $json.sku }}',
					description:
						'Identifies the link, e.g. a SKU or row ID. Stored in the link’s metadata; an existing link with the same key is returned (reused: true) and rows sharing a key in one run get one link.',
				},
				{
					displayName: 'Metadata Name',
					name: 'metadataKey',
					type: 'string',
					default: DEFAULT_LOOKUP_METADATA_KEY,
					description:
						'The metadata key the key is stored under and looked up by. Set it to a key your links already carry (e.g. sku) to find links made before.',
				},
				{
					displayName: 'Include Inactive Links',
					name: 'includeInactive',
					type: 'boolean',
					default: false,
					description:
						'Whether a deactivated link with the key counts as existing. Off: only active links are looked up, so a deactivated one is replaced by a new link.',
				},
			],
		},
	],
};
