import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';
import type { BodyConverter, FieldMode } from './types';
import { asArray, asObject } from './types';

/** The key/value rows every metadata field shares, top-level or nested in another group. */
function metadataRows(description: string, valueDescription?: string): INodeProperties {
	return {
		displayName: 'Metadata',
		name: 'metadata',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Metadata',
		default: {},
		description,
		options: [
			{
				displayName: 'Metadata',
				name: 'values',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '' },
					{ displayName: 'Value', name: 'value', type: 'string', default: '', ...(valueDescription ? { description: valueDescription } : {}) },
				],
			},
		],
	};
}

/**
 * Metadata as key/value rows. On Update an empty value removes that key (Stripe's unset) and
 * "Clear All Metadata" removes every key.
 */
export function metadataField(mode: FieldMode): INodeProperties {
	const valueDescription =
		mode === 'update'
			? 'Up to 500 characters. Leave empty to remove this key from the link.'
			: 'Up to 500 characters';
	return {
		...metadataRows(
			'Key/value pairs stored on the link, e.g. an order or row ID. Up to 50 keys; keys up to 40 characters without square brackets.',
			valueDescription,
		),
		routing: { send: { type: 'body', property: 'metadata' } },
	};
}

export const clearMetadataField: INodeProperties = {
	displayName: 'Clear All Metadata',
	name: 'clearMetadata',
	type: 'boolean',
	default: false,
	description:
		'Whether to remove every metadata key from the link. Leave off to change only the keys listed under Metadata.',
	routing: { send: { type: 'body', property: 'clear_metadata' } },
};

/** Metadata from a sheet column or an expression: an object, or a JSON text of one. */
export const metadataJsonField: INodeProperties = {
	displayName: 'Metadata (JSON)',
	name: 'metadataJson',
	type: 'json',
	default: '{}',
	placeholder: '={{ $json.metadata }}',
	description:
		'Metadata as one object, e.g. {"order_id": "A-1"} or an expression returning one from the row. Merged with the Metadata rows; a row wins when both set a key.',
	routing: { send: { type: 'body', property: 'metadata_json' } },
};

/**
 * When a new link should stop taking payments (Create only). Stripe's links have no expiry, so
 * the time goes into the link's metadata as expires_at, in ISO 8601 UTC (see helpers/expiry.ts),
 * where Deactivate Expired finds it.
 */
export const expiresAtField: INodeProperties = {
	displayName: 'Expires At',
	name: 'expiresAt',
	type: 'dateTime',
	default: '',
	description:
		'When the link should stop taking payments: a date, a sheet column or an expression such as {{ $now.plus({ days: 7 }) }}. Stored in the link’s metadata as expires_at (ISO 8601, UTC), where the Deactivate Expired operation finds it; run that on a schedule. A date or time without a UTC offset is read in the workflow’s time zone. Must be in the future.',
	routing: { send: { type: 'body', property: 'expires_at' } },
};

/**
 * Parses Metadata (JSON) into Stripe's string-to-string hash. Values may be text, numbers or
 * booleans (sheets produce all three); anything nested is refused with the key named.
 */
export function metadataJsonToObject(value: unknown): IDataObject {
	let parsed = value;
	if (typeof value === 'string') {
		if (!value.trim()) return {};
		try {
			parsed = JSON.parse(value);
		} catch {
			throw invalidInput(
				`Metadata (JSON): not valid JSON. Give an object such as {"order_id": "A-1"} (got ${JSON.stringify(value.slice(0, 40))}).`,
				'metadata',
			);
		}
	}
	if (parsed === null || parsed === undefined) return {};
	if (typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw invalidInput(
			`Metadata (JSON) must be an object of keys and values, such as {"order_id": "A-1"} (got ${Array.isArray(parsed) ? 'an array' : typeof parsed}).`,
			'metadata',
		);
	}
	const metadata: IDataObject = {};
	for (const [key, entry] of Object.entries(parsed as IDataObject)) {
		if (entry !== null && typeof entry === 'object') {
			throw invalidInput(`Metadata (JSON): the value of "${key}" must be text or a number, not ${Array.isArray(entry) ? 'an array' : 'an object'}.`, `metadata[${key}]`);
		}
		metadata[key] = entry === null || entry === undefined ? '' : String(entry);
	}
	return metadata;
}

export const metadataToStripe: BodyConverter = (value) => metadataRowsToObject(value, 'Metadata', 'metadata');

/**
 * Key/value rows nested inside another group (payment_intent_data, subscription_data,
 * invoice_data, product_data). Limits are checked by validation.ts on the whole body.
 */
export function nestedMetadataField(description: string): INodeProperties {
	return metadataRows(`${description} Up to 50 keys; keys up to 40 characters without square brackets, values up to 500`);
}

/**
 * Rows (`{ values: [{key, value}] }`) or a plain object from an expression / JSON mode
 * become Stripe's metadata hash.
 */
export function metadataRowsToObject(value: unknown, label: string, param: string): IDataObject {
	const object = asObject(value);
	if (!('values' in object)) {
		const metadata: IDataObject = {};
		for (const [key, entry] of Object.entries(object)) metadata[key] = entry === null || entry === undefined ? '' : String(entry);
		return metadata;
	}
	const metadata: IDataObject = {};
	asArray(object.values).forEach((row, index) => {
		const key = String(row.key ?? '').trim();
		if (!key) {
			if (String(row.value ?? '') === '') return;
			throw invalidInput(`${label} row ${index + 1} has a value but no key.`, param);
		}
		metadata[key] = row.value === undefined || row.value === null ? '' : String(row.value);
	});
	return metadata;
}
