import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { AmountFormat } from '../helpers/currencyAmounts';

/** Create and Update share most of Stripe's shapes; where they differ a group takes this flag. */
export type FieldMode = 'create' | 'update';

/**
 * Turns the value n8n's form produced for one body parameter into Stripe's shape.
 * Properties put their raw form value on the body under the Stripe parameter name through
 * static routing (`send.property`); one converter per parameter group reshapes it.
 */
export type BodyConverter = (value: unknown, mode: FieldMode, options?: ConverterOptions) => unknown;

/** Settings of the whole request that a group's conversion depends on, read once per item. */
export interface ConverterOptions {
	/** How unit_amount is written in Line Items (JSON). */
	jsonAmountFormat?: AmountFormat;
}

export type BodyConverters = Record<string, BodyConverter>;

/**
 * The shape of a group of settings set once (After Completion, Automatic Tax, …): added with its
 * fields shown, and kept when another field is added before it is filled in. n8n's editor drops
 * an Additional Field whose value is an empty object when the next one is added; a group that
 * starts as `{ values: {} }` and says `multipleValues: false` is not empty and is kept.
 */
export const SETTINGS_GROUP: Pick<INodeProperties, 'type' | 'typeOptions' | 'default'> = {
	type: 'fixedCollection',
	typeOptions: { multipleValues: false },
	default: { values: {} },
};

export function asObject(value: unknown): IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as IDataObject) : {};
}

export function asArray(value: unknown): IDataObject[] {
	if (Array.isArray(value)) return value as IDataObject[];
	return value === undefined || value === null || value === '' ? [] : [value as IDataObject];
}

/** Copies only the entries the user filled in, so that Stripe's defaults apply to the rest. */
export function compact(object: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(object)) {
		if (value === undefined || value === null) continue;
		if (typeof value === 'string' && value === '') continue;
		result[key] = value;
	}
	return result;
}

/** A form value the user left at its "not set" default: empty string, null or undefined. */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Sets `a.b.c` on an object, creating the intermediate objects. */
export function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let node = target;
	for (const key of keys.slice(0, -1)) {
		if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
		node = node[key] as IDataObject;
	}
	node[keys[keys.length - 1]] = value as IDataObject[string];
}

export function getPath(target: IDataObject, path: string): unknown {
	let node: unknown = target;
	for (const key of path.split('.')) {
		if (typeof node !== 'object' || node === null) return undefined;
		node = (node as IDataObject)[key];
	}
	return node;
}

/** The value of a resource locator (`{ __rl, mode, value }`) or of a plain string. */
export function locatorValue(value: unknown): string {
	if (typeof value === 'object' && value !== null && 'value' in value) return String((value as IDataObject).value ?? '').trim();
	return isBlank(value) ? '' : String(value).trim();
}

/** A comma- or newline-separated list (or an array from an expression) as trimmed strings. */
export function stringList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value : String(value ?? '').split(/[,\n]/);
	return parts.map((part) => String(part ?? '').trim()).filter(Boolean);
}
