import type { INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';
import { ALLOWED_COUNTRIES } from './countries';
import type { BodyConverter } from './types';
import { stringList } from './types';

const COUNTRY_CODES = new Set(ALLOWED_COUNTRIES.map((country) => String(country.value)));

/** shipping_address_collection[allowed_countries]: every country Stripe accepts, as a multi-select. */
export const shippingAddressCollectionField: INodeProperties = {
	displayName: 'Shipping Address Countries',
	name: 'shippingAddressCollection',
	type: 'multiOptions',
	default: [],
	options: ALLOWED_COUNTRIES,
	description:
		'Collect a shipping address, limited to these countries. With an expression, give an array or a comma-separated list of two-letter codes.',
	routing: { send: { type: 'body', property: 'shipping_address_collection' } },
};

export const shippingAddressCollectionToStripe: BodyConverter = (value) => {
	const countries = stringList(value).map((code) => code.toUpperCase());
	if (!countries.length) {
		throw invalidInput('Shipping Address Countries: choose at least one country.', 'shipping_address_collection[allowed_countries]');
	}
	countries.forEach((code, index) => {
		if (!COUNTRY_CODES.has(code)) {
			throw invalidInput(`Shipping Address Countries: "${code}" is not a country Stripe ships to.`, `shipping_address_collection[allowed_countries][${index}]`);
		}
	});
	return { allowed_countries: countries };
};
