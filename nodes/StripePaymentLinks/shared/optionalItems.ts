import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';
import { adjustableQuantity, adjustableQuantityFields, checkKeys, jsonArray, quantity } from './lineItems';
import { priceLocator } from './priceLocator';
import type { BodyConverter } from './types';
import { asArray, asObject, locatorValue } from './types';

/** optional_items: prices the customer may add at checkout (up to 10). Same on Create and Update. */
export const optionalItemsField: INodeProperties = {
	displayName: 'Optional Items',
	name: 'optionalItems',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	default: {},
	placeholder: 'Add Optional Item',
	description: 'Prices the customer can add to the order at checkout, up to 10 (and 20 together with line items). On Update the list replaces the existing items.',
	options: [
		{
			displayName: 'Optional Item',
			name: 'items',
			values: [
				{ ...priceLocator, description: 'An existing one-time or recurring Price' },
				{
					displayName: 'Quantity',
					name: 'quantity',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 1,
					description: 'Initial quantity when the customer adds the item',
				},
				...adjustableQuantityFields(),
			],
		},
	],
	routing: { send: { type: 'body', property: 'optional_items' } },
};

export const optionalItemsToStripe: BodyConverter = (value) => {
	const json = jsonArray(value, 'Optional Items', 'optional_items');
	if (json) {
		return json.map((entry, index) => {
			const context = { label: `Optional item ${index + 1}`, param: `optional_items[${index}]` };
			checkKeys(asObject(entry), ['price', 'quantity', 'adjustable_quantity'], context);
			const item: IDataObject = { price: requiredPrice(entry.price, context), quantity: quantity(entry.quantity, context, 1) };
			if (entry.adjustable_quantity !== undefined) item.adjustable_quantity = adjustableQuantity(entry.adjustable_quantity, context);
			return item;
		});
	}
	return asArray(asObject(value).items).map((row, index) => {
		const context = { label: `Optional item ${index + 1}`, param: `optional_items[${index}]` };
		const item: IDataObject = { price: requiredPrice(row.price, context), quantity: quantity(row.quantity, context, 1) };
		if (row.adjustableQuantity === true || row.adjustableQuantity === 'true') {
			item.adjustable_quantity = adjustableQuantity({ enabled: true, minimum: row.minimum ?? 0, maximum: row.maximum ?? 99 }, context);
		}
		return item;
	});
};

function requiredPrice(value: unknown, context: { label: string; param: string }): string {
	const id = locatorValue(value);
	if (!id) throw invalidInput(`${context.label}: a Price is required.`, `${context.param}[price]`);
	return id; // a Price or Plan id, which may be of the user's choosing (see priceOrPriceData)
}
