import type { INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';
import type { BodyConverter } from './types';
import { stringList } from './types';

/** shipping_options[][shipping_rate] from a list of shipping rate IDs. */
export const shippingOptionsField: INodeProperties = {
	displayName: 'Shipping Rate IDs',
	name: 'shippingOptions',
	type: 'string',
	default: '',
	placeholder: 'shr_123, shr_456',
	description: 'Comma-separated IDs of the Shipping Rates to offer (or an array from an expression)',
	routing: { send: { type: 'body', property: 'shipping_options' } },
};

export const shippingOptionsToStripe: BodyConverter = (value) =>
	stringList(value).map((rate, index) => {
		if (!/^shr_[A-Za-z0-9]+$/.test(rate)) {
			throw invalidInput(`Shipping Rate IDs: "${rate}" is not a shipping rate ID (shr_…).`, `shipping_options[${index}][shipping_rate]`);
		}
		return { shipping_rate: rate };
	});
