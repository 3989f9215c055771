import type { IDataObject } from 'n8n-workflow';

import { invalidInput } from './errorHandling';

/*
 * THE RULE FOR EVERY CHECK BEFORE SENDING (here, in the converters of shared/*.ts and in the
 * request pipeline): a check refuses only what Stripe certainly refuses. A check earns its place
 * when it names the field and the row and keeps a bad item from being half-sent, but a check
 * that refuses valid input is worse than none, so each one rests on one of these:
 *   1. a limit Stripe documents: the API reference (the stripe-node docstrings of
 *      PaymentLinks.d.ts) or the request schema of Stripe's OpenAPI spec (maxLength);
 *   2. the parameter's type in that spec: integer, boolean, object, array, closed enum
 *      (enums marked x-stripeBypassValidation grow without notice and are not checked);
 *   3. the form of ids that only Stripe generates (plink_, li_, shr_, acct_): never the ids
 *      of objects whose id the user may choose, i.e. products and prices/plans (a Plan id such
 *      as "gold-monthly" is a valid line_items[].price, a SKU such as "sku-tshirt-red" a valid
 *      product);
 *   4. combinations Stripe documents as required or exclusive ("one of price or price_data").
 * Everything else, such as whether a currency is supported or an object exists, is Stripe's to
 * answer: its error names the parameter and is passed through with the row. A check may be
 * laxer than Stripe (test/emulator/openapi.js checks the spec in tests), never stricter.
 */

/** Stripe's documented limits for payment links, checked before sending. */
export const LIMITS = {
	lineItems: 20,
	optionalItems: 10,
	customFields: 3,
	customTextLength: 1200,
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
	if (optionalItems.length > LIMITS.optionalItems) {
		throw invalidInput(
			`Optional Items: a payment link can have at most ${LIMITS.optionalItems} optional items (got ${optionalItems.length}).`,
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
	validateNestedMetadata(body, lineItems);
	const customText = (body.custom_text ?? {}) as IDataObject;
	for (const [key, value] of Object.entries(typeof customText === 'object' ? customText : {})) {
		const message = (value as IDataObject | undefined)?.message;
		checkLength(message, LIMITS.customTextLength, `Custom Text: ${titleCase(key)}`, `custom_text[${key}][message]`);
	}
	checkLength(body.inactive_message, LIMITS.inactiveMessageLength, 'Inactive Message', 'inactive_message');
	const hosted = (body.after_completion as IDataObject | undefined)?.hosted_confirmation as IDataObject | undefined;
	checkLength(hosted?.custom_message, LIMITS.customMessageLength, 'After Completion: Custom Message', 'after_completion[hosted_confirmation][custom_message]');
}

/** The metadata maps inside groups have the same limits as the link's own. */
function validateNestedMetadata(body: IDataObject, lineItems: unknown[]): void {
	const nested = (value: unknown, ...path: string[]) =>
		path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as IDataObject)[key] : undefined), value);
	validateMetadata(nested(body, 'payment_intent_data', 'metadata'), 'payment_intent_data[metadata]', 'Payment Intent Data: Metadata');
	validateMetadata(nested(body, 'subscription_data', 'metadata'), 'subscription_data[metadata]', 'Subscription Data: Metadata');
	validateMetadata(
		nested(body, 'invoice_creation', 'invoice_data', 'metadata'),
		'invoice_creation[invoice_data][metadata]',
		'Invoice Creation: Invoice Metadata',
	);
	lineItems.forEach((item, index) =>
		validateMetadata(
			nested(item, 'price_data', 'product_data', 'metadata'),
			`line_items[${index}][price_data][product_data][metadata]`,
			`Line item ${index + 1}: Inline Price: Product Metadata`,
		),
	);
}

function titleCase(key: string): string {
	return key
		.split('_')
		.map((word) => (['of'].includes(word) ? word : word[0].toUpperCase() + word.slice(1)))
		.join(' ');
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

/**
 * A three-letter currency code, lowercased as Stripe documents it ("in lowercase"), so that a
 * sheet's "USD" works. Which codes exist is Stripe's to say (its error names the field).
 */
export function currencyCode(value: unknown, label: string, param: string): string {
	const currency = String(value ?? '').trim().toLowerCase();
	if (!/^[a-z]{3}$/.test(currency)) throw invalidInput(`${label}: Currency "${currency}" must be a three-letter ISO code such as usd.`, param);
	return currency;
}
