import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';
import type { BodyConverter, FieldMode } from './types';
import { asArray, asObject } from './types';

const MAX_ADJUSTABLE_QUANTITY = 999999;

function adjustableQuantityFields(): INodeProperties[] {
	return [
		{
			displayName: 'Customer Can Adjust Quantity',
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
			description: 'Lowest quantity the customer may choose (0 lets them remove the item). Used when Customer Can Adjust Quantity is on.',
		},
		{
			displayName: 'Maximum Quantity',
			name: 'maximum',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 99,
			description: 'Highest quantity the customer may choose, up to 999999. Used when Customer Can Adjust Quantity is on.',
		},
	];
}

export function lineItemsField(mode: FieldMode): INodeProperties {
	const identity: INodeProperties =
		mode === 'create'
			? {
					displayName: 'Price ID',
					name: 'price',
					type: 'string',
					default: '',
					placeholder: 'price_1MoBy5LkdIwHu7ixZhnattbh',
					description: 'The ID of an existing Price',
				}
			: {
					displayName: 'Line Item ID',
					name: 'id',
					type: 'string',
					default: '',
					placeholder: 'li_…',
					description: 'The ID of a line item already on the link (use Get Line Items to find it)',
				};
	return {
		displayName: mode === 'create' ? 'Line Items' : 'Line Items to Update',
		name: 'lineItems',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Line Item',
		default: {},
		description:
			mode === 'create'
				? 'The products the customer pays for, up to 20'
				: 'Change the quantity of line items already on the link',
		options: [
			{
				displayName: 'Line Item',
				name: 'items',
				values: [
					identity,
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

export const lineItemsToStripe: BodyConverter = (value, mode) => {
	const rows = Array.isArray(value) ? (value as IDataObject[]) : asArray(asObject(value).items);
	return rows.map((row, index) => lineItemToStripe(row, index, mode));
};

function lineItemToStripe(row: IDataObject, index: number, mode: FieldMode): IDataObject {
	const label = `Line item ${index + 1}`;
	const param = `line_items[${index}]`;
	const item: IDataObject = {};
	if (mode === 'create') {
		const price = String(row.price ?? '').trim();
		if (!/^price_[A-Za-z0-9]+$/.test(price)) {
			throw invalidInput(`${label}: "${price}" is not a price ID (price_…).`, `${param}[price]`);
		}
		item.price = price;
	} else {
		const id = String(row.id ?? '').trim();
		if (!/^li_[A-Za-z0-9]+$/.test(id)) {
			throw invalidInput(`${label}: "${id}" is not a line item ID (li_…).`, `${param}[id]`);
		}
		item.id = id;
	}
	item.quantity = wholeNumber(row.quantity ?? 1, `${label}: Quantity`, `${param}[quantity]`, mode === 'create' ? 1 : 0);
	if (row.adjustableQuantity === true || row.adjustableQuantity === 'true') {
		const minimum = wholeNumber(row.minimum ?? 0, `${label}: Minimum Quantity`, `${param}[adjustable_quantity][minimum]`, 0);
		const maximum = wholeNumber(row.maximum ?? 99, `${label}: Maximum Quantity`, `${param}[adjustable_quantity][maximum]`, 1);
		if (maximum > MAX_ADJUSTABLE_QUANTITY) {
			throw invalidInput(`${label}: Maximum Quantity must be at most ${MAX_ADJUSTABLE_QUANTITY}.`, `${param}[adjustable_quantity][maximum]`);
		}
		if (minimum > maximum) {
			throw invalidInput(`${label}: Minimum Quantity (${minimum}) is above Maximum Quantity (${maximum}).`, `${param}[adjustable_quantity][minimum]`);
		}
		item.adjustable_quantity = { enabled: true, minimum, maximum };
	}
	return item;
}

export function wholeNumber(value: unknown, label: string, param: string, minimum: number): number {
	const number = typeof value === 'number' ? value : Number(String(value).trim());
	if (String(value).trim() === '' || !Number.isInteger(number) || number < minimum) {
		throw invalidInput(`${label} must be a whole number of at least ${minimum} (got "${String(value)}").`, param);
	}
	return number;
}
