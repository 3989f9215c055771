import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { applyClear, clearField } from './emptyable';
import type { BodyConverter, FieldMode } from './types';
import { asObject, isBlank, SETTINGS_GROUP } from './types';

const MESSAGES = [
	{ name: 'afterSubmit', param: 'after_submit', displayName: 'After Submit', description: 'Shown after the payment confirmation button' },
	{ name: 'shippingAddress', param: 'shipping_address', displayName: 'Shipping Address', description: 'Shown alongside shipping address collection' },
	{ name: 'submit', param: 'submit', displayName: 'Submit', description: 'Shown alongside the payment confirmation button' },
	{
		name: 'termsOfServiceAcceptance',
		param: 'terms_of_service_acceptance',
		displayName: 'Terms of Service Acceptance',
		description: 'Shown in place of the default terms of service agreement text',
	},
];

/** custom_text: four optional messages of up to 1200 characters; each can be cleared on Update. */
export function customTextField(mode: FieldMode): INodeProperties {
	const values: INodeProperties[] = MESSAGES.map((message) => ({
		displayName: message.displayName,
		name: message.name,
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description: `${message.description}. Up to 1200 characters.`,
	}));
	if (mode === 'update') {
		values.push(clearField(MESSAGES.map((message) => ({ name: message.displayName, value: message.param }))));
	}
	return {
		displayName: 'Custom Text',
		name: 'customText',
		...SETTINGS_GROUP,
		placeholder: 'Set Custom Text',
		description: 'Additional text shown to customers on the payment page',
		options: [{ displayName: 'Custom Text', name: 'values', values }],
		routing: { send: { type: 'body', property: 'custom_text' } },
	};
}

export const customTextToStripe: BodyConverter = (value) => {
	const values = asObject(asObject(value).values);
	const result: IDataObject = {};
	for (const message of MESSAGES) {
		if (!isBlank(values[message.name])) result[message.param] = { message: String(values[message.name]) };
	}
	return applyClear(result, values.clear, 'Custom Text', 'custom_text');
};
