import type { IDataObject } from 'n8n-workflow';

/** Create and Update share most of Stripe's shapes; where they differ a group takes this flag. */
export type FieldMode = 'create' | 'update';

/**
 * Turns the value n8n's form produced for one body parameter into Stripe's shape.
 * Properties put their raw form value on the body under the Stripe parameter name through
 * static routing (`send.property`); one converter per parameter group reshapes it.
 */
export type BodyConverter = (value: unknown, mode: FieldMode) => unknown;

export type BodyConverters = Record<string, BodyConverter>;

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
