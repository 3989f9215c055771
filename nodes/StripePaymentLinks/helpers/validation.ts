import type { IDataObject } from 'n8n-workflow';

import { invalidInput } from './errorHandling';

/** Stripe's documented limits for payment links, checked before sending. */
export const LIMITS = {
	lineItems: 20,
	customFields: 3,
	metadataKeys: 50,
	metadataKeyLength: 40,
	metadataValueLength: 500,
	inactiveMessageLength: 500,
	customMessageLength: 500,
} as const;

export function validateStripeBody(body: IDataObject): void {
	const lineItems = Array.isArray(body.line_items) ? body.line_items : [];
	const optionalItems = Array.isArray(body.optional_items) ? body.optional_items : [];
	if (lineItems.length > LIMITS.lineItems) {
		throw invalidInput(
			`Line Items: a payment link can have at most ${LIMITS.lineItems} line items (got ${lineItems.length}).`,
			'line_items',
		);
	}
	if (lineItems.length + optionalItems.length > LIMITS.lineItems) {
		throw invalidInput(
			`Line Items and Optional Items together can be at most ${LIMITS.lineItems} (got ${lineItems.length} + ${optionalItems.length}).`,
			'optional_items',
		);
	}
	if (Array.isArray(body.custom_fields) && body.custom_fields.length > LIMITS.customFields) {
		throw invalidInput(
			`Custom Fields: at most ${LIMITS.customFields} are allowed (got ${body.custom_fields.length}).`,
			'custom_fields',
		);
	}
	validateMetadata(body.metadata, 'metadata', 'Metadata');
	checkLength(body.inactive_message, LIMITS.inactiveMessageLength, 'Inactive Message', 'inactive_message');
	const hosted = (body.after_completion as IDataObject | undefined)?.hosted_confirmation as IDataObject | undefined;
	checkLength(hosted?.custom_message, LIMITS.customMessageLength, 'After Completion: Custom Message', 'after_completion[hosted_confirmation][custom_message]');
}

export function validateMetadata(metadata: unknown, param: string, label: string): void {
	if (typeof metadata !== 'object' || metadata === null) return;
	const keys = Object.keys(metadata);
	if (keys.length > LIMITS.metadataKeys) {
		throw invalidInput(`${label}: at most ${LIMITS.metadataKeys} keys are allowed (got ${keys.length}).`, param);
	}
	for (const key of keys) {
		if (key.length > LIMITS.metadataKeyLength) {
			throw invalidInput(
				`${label}: key "${key.slice(0, 20)}…" is ${key.length} characters; keys can be at most ${LIMITS.metadataKeyLength}.`,
				`${param}[${key}]`,
			);
		}
		if (/[[\]]/.test(key)) {
			throw invalidInput(`${label}: key "${key}" contains square brackets, which Stripe does not allow in keys.`, `${param}[${key}]`);
		}
		const value = String((metadata as IDataObject)[key] ?? '');
		if (value.length > LIMITS.metadataValueLength) {
			throw invalidInput(
				`${label}: the value of "${key}" is ${value.length} characters; values can be at most ${LIMITS.metadataValueLength}.`,
				`${param}[${key}]`,
			);
		}
	}
}

function checkLength(value: unknown, max: number, label: string, param: string): void {
	if (typeof value === 'string' && value.length > max) {
		throw invalidInput(`${label} can be at most ${max} characters (got ${value.length}).`, param);
	}
}
