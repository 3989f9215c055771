import type { INodeProperties } from 'n8n-workflow';

/**
 * A Price: picked from a searchable list of active prices ("T-shirt · 10.00 USD · monthly"),
 * typed as an ID (a price_… id, or a Plan id, which may be custom), or given by an expression.
 * Used inside line item and optional item rows, so the converter reads `{ __rl, mode, value }`
 * itself (see locatorValue).
 */
export const priceLocator: INodeProperties = {
	displayName: 'Price',
	name: 'price',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description: 'An existing Price. One of Price or Inline Price is required.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a price…',
			typeOptions: { searchListMethod: 'searchPrices', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			// No format check: line_items[].price takes a Price or a Plan id, and plan ids can be
			// of the user's choosing (e.g. gold-monthly). Stripe says whether it exists.
			placeholder: 'price_1MoBy5LkdIwHu7ixZhnattbh or a plan ID such as gold-monthly',
		},
	],
};
