import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { amountFormat, type AmountFormat } from '../helpers/currencyAmounts';
import { invalidInput } from '../helpers/errorHandling';
import { amountFormatField, priceDataFields, priceDataFromFields, validatePriceData } from './priceData';
import { priceLocator } from './priceLocator';
import type { BodyConverter, FieldMode } from './types';
import { asArray, asObject, isBlank, locatorValue } from './types';

const MAX_ADJUSTABLE_QUANTITY = 999999;

/** Adjustable Quantity, with its Minimum and Maximum shown only while it is on. */
export function adjustableQuantityFields(): INodeProperties[] {
	const whenAdjustable = { show: { adjustableQuantity: [true] } };
	return [
		{
			displayName: 'Adjustable Quantity',
			name: 'adjustableQuantity',
			type: 'boolean',
			default: false,
			description: 'Whether the customer can change the quantity on the payment page',
		},
		{
			displayName: 'Minimum Quantity',
			name: 'minimum',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			displayOptions: whenAdjustable,
			description: 'Lowest quantity the customer may choose (0 lets them remove the item)',
		},
		{
			displayName: 'Maximum Quantity',
			name: 'maximum',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 99,
			displayOptions: whenAdjustable,
			description: 'Highest quantity the customer may choose, up to 999999',
		},
	];
}

/** How Create takes its line items: rows in the form, or one expression yielding an array. */
export const lineItemsModeField: INodeProperties = {
	displayName: 'Line Items Input',
	name: 'lineItemsMode',
	type: 'options',
	noDataExpression: true,
	default: 'fields',
	options: [
		{ name: 'Fields', value: 'fields', description: 'Add line items as rows in the form' },
		{
			name: 'JSON',
			value: 'json',
			description: 'One expression yielding an array of items, for a variable number of items per row',
		},
	],
};

export const lineItemsJsonField: INodeProperties = {
	displayName: 'Line Items (JSON)',
	name: 'lineItemsJson',
	type: 'json',
	// Empty, with the shape as a placeholder: a default value would be sent if run unchanged.
	default: '',
	placeholder: '[{ "price": "price_…", "quantity": 1 }]',
	description:
		'An array in Stripe’s own shape: each entry has price or price_data (currency, unit_amount, product_data.name, recurring…), quantity and optionally adjustable_quantity. Quantities may be strings such as "2".',
	routing: { send: { type: 'body', property: 'line_items' } },
};

/**
 * How unit_amount is written in Line Items (JSON), so that a sheet's decimal price column can
 * feed it. Smallest Unit (Stripe's own shape) stays the default: a saved workflow stores only
 * the values that differ from the default, so another default would change saved workflows.
 */
export const lineItemsJsonAmountFormatField: INodeProperties = {
	...amountFormatField('unit_amount'),
	name: 'jsonAmountFormat',
	description:
		'How price_data.unit_amount is written in Line Items (JSON). Decimal uses the currency’s decimals (JPY has none, KWD three), so 19.99 USD is sent as 1999. unit_amount_decimal is always in the smallest unit.',
};

/** Where a Create line item's price comes from (version 2 of the node): `price` or `priceData`. */
const priceSourceField: INodeProperties = {
	displayName: 'Price Source',
	name: 'priceSource',
	type: 'options',
	default: 'price',
	options: [
		{
			name: 'Existing Price',
			value: 'price',
			description: 'A Price already in your Stripe account, picked from the list or given by ID',
		},
		{
			name: 'Inline Price',
			value: 'priceData',
			description: 'A new price made with the link from values such as a sheet row’s name, amount and currency',
		},
	],
};

/**
 * The price part of a Create row. Version 1 shows both the Price picker and the Inline Price
 * collection and sends whichever is filled; version 2 asks for the Price Source first and shows
 * only its fields. The editor hides a row field by its siblings' values; the converter reads
 * the Price Source itself as well, so a stale value of the other source is never sent.
 */
function priceFields(withPriceSource: boolean): INodeProperties[] {
	if (!withPriceSource) return [priceLocator, priceDataFields()];
	const when = (source: string) => ({ show: { priceSource: [source] } });
	return [
		priceSourceField,
		{ ...priceLocator, description: 'An existing Price', displayOptions: when('price') },
		{
			...priceDataFields(),
			// Starts with the fields every new price needs, instead of an empty "Add field" list, and
			// with amounts as written (19.99). Rows saved before Amount Format existed lack it and
			// so keep meaning the smallest unit: n8n keeps a row's values as they were saved.
			default: { amountFormat: 'decimal', currency: 'usd', productName: '', unitAmount: 0 },
			description: 'The new price: Currency, Unit Amount (as Amount Format says) and Product Name (or Product ID) are needed',
			displayOptions: when('priceData'),
		},
	];
}

export function lineItemsField(mode: FieldMode, { withPriceSource = false } = {}): INodeProperties {
	const identity: INodeProperties[] =
		mode === 'create'
			? priceFields(withPriceSource)
			: [
					{
						displayName: 'Line Item ID',
						name: 'id',
						type: 'string',
						default: '',
						placeholder: 'li_…',
						description: 'The ID of a line item already on the link (use Get Line Items to find it)',
					},
				];
	return {
		displayName: mode === 'create' ? 'Line Items' : 'Line Items to Update',
		name: 'lineItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Line Item',
		default: {},
		description:
			mode === 'create'
				? 'The products the customer pays for, up to 20 (together with optional items)'
				: 'Change the quantity of line items already on the link',
		options: [
			{
				displayName: 'Line Item',
				name: 'items',
				values: [
					...identity,
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 1,
					},
					...adjustableQuantityFields(),
				],
			},
		],
		routing: { send: { type: 'body', property: 'line_items' } },
	};
}

/**
 * Rows from the form (`{ items: [...] }`) or an array / JSON string in Stripe's shape, whose
 * unit_amount is written as the JSON Amount Format says.
 */
export const lineItemsToStripe: BodyConverter = (value, mode, options) => {
	const json = jsonArray(value, 'Line Items (JSON)', 'line_items');
	if (json) return json.map((entry, index) => jsonLineItem(entry, index, mode, options?.jsonAmountFormat));
	return asArray(asObject(value).items).map((row, index) => {
		const context = { label: `Line item ${index + 1}`, param: `line_items[${index}]` };
		const item: IDataObject = {};
		if (mode === 'create') Object.assign(item, rowPrice(row, context));
		else item.id = lineItemId(row.id, context);
		item.quantity = quantity(row.quantity, context, mode === 'create' ? 1 : 0);
		if (row.adjustableQuantity === true || row.adjustableQuantity === 'true') {
			item.adjustable_quantity = adjustableQuantity({ enabled: true, minimum: row.minimum ?? 0, maximum: row.maximum ?? 99 }, context);
		}
		return item;
	});
};

/** `{ price }` or `{ price_data }` of a Create row, by its Price Source when it has one. */
function rowPrice(row: IDataObject, context: ItemContext): IDataObject {
	const source = row.priceSource;
	const format = () => amountFormat(asObject(row.priceData).amountFormat, `${context.label}: Inline Price`, `${context.param}[price_data][unit_amount]`);
	if (source === undefined) {
		// Version 1 rows: whichever of the two is filled.
		const priceData = priceDataFromFields(row.priceData);
		return priceOrPriceData(row.price, priceData && validatePriceData(priceData, context, format()), context);
	}
	// The other source's value is left out; the checks of each are priceOrPriceData's.
	if (source === 'price') {
		if (!locatorValue(row.price)) {
			throw invalidInput(`${context.label}: Price is required when Price Source is Existing Price.`, `${context.param}[price]`);
		}
		return priceOrPriceData(row.price, undefined, context);
	}
	if (source === 'priceData') {
		return priceOrPriceData(undefined, validatePriceData(priceDataFromFields(row.priceData) ?? {}, context, format()), context);
	}
	throw invalidInput(
		`${context.label}: Price Source "${String(source)}" must be "price" (Existing Price) or "priceData" (Inline Price).`,
		`${context.param}[price]`,
	);
}

/** Stripe refuses a link without line items (“Missing required param: line_items”): say so before sending. */
export function requireLineItems(body: IDataObject, jsonMode: boolean): void {
	if (Array.isArray(body.line_items) && body.line_items.length) return;
	throw invalidInput(
		jsonMode
			? 'Line Items (JSON): a payment link needs at least one line item, e.g. [{"price": "price_…", "quantity": 1}].'
			: 'Line Items: a payment link needs at least one line item. Add one with Add Line Item.',
		'line_items',
	);
}

export interface ItemContext {
	label: string;
	param: string;
}

/** An array from an expression, or a JSON string of one (empty: none); undefined for form rows. */
export function jsonArray(value: unknown, label: string, param: string): IDataObject[] | undefined {
	let parsed = value;
	if (typeof value === 'string' && !value.trim()) return [];
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			throw invalidInput(`${label}: not valid JSON. Give an array such as [{"price": "price_123", "quantity": 1}].`, param);
		}
	}
	if (Array.isArray(parsed)) return parsed as IDataObject[];
	if (typeof value === 'string') throw invalidInput(`${label}: must be an array of items.`, param);
	return undefined;
}

const JSON_KEYS: Record<FieldMode, string[]> = {
	create: ['price', 'price_data', 'quantity', 'adjustable_quantity'],
	update: ['id', 'quantity', 'adjustable_quantity'],
};

function jsonLineItem(entry: IDataObject, index: number, mode: FieldMode, format: AmountFormat = 'smallestUnit'): IDataObject {
	const context = { label: `Line Items (JSON), item ${index + 1}`, param: `line_items[${index}]` };
	if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
		throw invalidInput(`${context.label}: must be an object such as {"price": "price_123", "quantity": 1}.`, context.param);
	}
	checkKeys(entry, JSON_KEYS[mode], context);
	const item: IDataObject = {};
	if (mode === 'create') {
		const priceData = entry.price_data === undefined ? undefined : validatePriceData(entry.price_data, context, format);
		Object.assign(item, priceOrPriceData(entry.price, priceData, context));
	} else {
		item.id = lineItemId(entry.id, context);
	}
	item.quantity = quantity(entry.quantity, context, mode === 'create' ? 1 : 0);
	if (entry.adjustable_quantity !== undefined) item.adjustable_quantity = adjustableQuantity(entry.adjustable_quantity, context);
	return item;
}

export function checkKeys(entry: IDataObject, allowed: string[], context: ItemContext): void {
	for (const key of Object.keys(entry)) {
		if (!allowed.includes(key)) {
			throw invalidInput(`${context.label}: unknown field "${key}" (allowed: ${allowed.join(', ')}).`, `${context.param}[${key}]`);
		}
	}
}

/** Exactly one of an existing price or inline price data. */
export function priceOrPriceData(price: unknown, priceData: IDataObject | undefined, context: ItemContext): IDataObject {
	const id = locatorValue(price);
	if (id && priceData) {
		throw invalidInput(`${context.label}: give either a Price or an Inline Price (price_data), not both.`, `${context.param}[price]`);
	}
	if (priceData) return { price_data: priceData };
	if (!id) throw invalidInput(`${context.label}: a Price or an Inline Price (price_data) is required.`, `${context.param}[price]`);
	// Any id: line_items[].price takes "the ID of the Price or Plan object", and plans can have
	// ids of the user's choosing such as gold-monthly. Whether it exists is Stripe's to answer.
	return { price: id };
}

function lineItemId(value: unknown, context: ItemContext): string {
	const id = String(value ?? '').trim();
	if (!/^li_[A-Za-z0-9]+$/.test(id)) throw invalidInput(`${context.label}: "${id}" is not a line item ID (li_…).`, `${context.param}[id]`);
	return id;
}

/**
 * Stripe answers a line item quantity below 1 with parameter_invalid_integer "This value must
 * be greater than or equal to 1." (Create and optional items); Update takes 0.
 */
export function quantity(value: unknown, context: ItemContext, minimum: number): number {
	return wholeNumber(value ?? 1, `${context.label}: Quantity`, `${context.param}[quantity]`, minimum);
}

/** `{ enabled, minimum, maximum }` with minimum ≤ maximum ≤ 999999. */
export function adjustableQuantity(value: unknown, context: ItemContext): IDataObject {
	const param = `${context.param}[adjustable_quantity]`;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalidInput(`${context.label}: adjustable_quantity must be an object such as {"enabled": true, "maximum": 10}.`, param);
	}
	const source = value as IDataObject;
	checkKeys(source, ['enabled', 'minimum', 'maximum'], { ...context, param });
	const enabled = source.enabled === true || source.enabled === 'true';
	if (!enabled && source.enabled !== false && source.enabled !== 'false') {
		throw invalidInput(`${context.label}: adjustable_quantity.enabled must be true or false.`, `${param}[enabled]`);
	}
	const result: IDataObject = { enabled };
	if (!isBlank(source.minimum)) result.minimum = wholeNumber(source.minimum, `${context.label}: Minimum Quantity`, `${param}[minimum]`, 0);
	if (!isBlank(source.maximum)) {
		// Stripe documents "any non-negative Integer", up to 999999.
		const maximum = wholeNumber(source.maximum, `${context.label}: Maximum Quantity`, `${param}[maximum]`, 0);
		if (maximum > MAX_ADJUSTABLE_QUANTITY) {
			throw invalidInput(`${context.label}: Maximum Quantity must be at most ${MAX_ADJUSTABLE_QUANTITY}.`, `${param}[maximum]`);
		}
		result.maximum = maximum;
	}
	// An empty range: no quantity could be chosen, and Stripe refuses it.
	if (typeof result.minimum === 'number' && typeof result.maximum === 'number' && result.minimum > result.maximum) {
		throw invalidInput(`${context.label}: Minimum Quantity (${result.minimum}) is above Maximum Quantity (${result.maximum}).`, `${param}[minimum]`);
	}
	return result;
}

/** A whole number; sheet strings such as "2" are accepted, "abc" or "2.5" are refused naming the field. */
export function wholeNumber(value: unknown, label: string, param: string, minimum: number): number {
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (typeof value === 'boolean' || String(value).trim() === '' || !Number.isInteger(number) || number < minimum) {
		throw invalidInput(`${label} must be a whole number of at least ${minimum} (got "${String(value)}").`, param);
	}
	return number;
}
