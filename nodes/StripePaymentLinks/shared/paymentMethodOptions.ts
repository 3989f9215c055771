import type { INodeProperties } from 'n8n-workflow';

import type { BodyConverter } from './types';
import { stringList } from './types';

/** payment_method_options[card][restrictions][brands_blocked]. */
export const paymentMethodOptionsField: INodeProperties = {
	displayName: 'Blocked Card Brands',
	name: 'paymentMethodOptions',
	type: 'multiOptions',
	default: [],
	description: 'Card brands customers cannot pay with',
	options: [
		{ name: 'American Express', value: 'american_express' },
		{ name: 'Discover Global Network', value: 'discover_global_network' },
		{ name: 'Mastercard', value: 'mastercard' },
		{ name: 'Visa', value: 'visa' },
	],
	routing: { send: { type: 'body', property: 'payment_method_options' } },
};

export const paymentMethodOptionsToStripe: BodyConverter = (value) => ({
	card: { restrictions: { brands_blocked: stringList(value) } },
});
