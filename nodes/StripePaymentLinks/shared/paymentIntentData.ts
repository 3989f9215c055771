import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { applyClear, clearField } from './emptyable';
import { metadataRowsToObject, nestedMetadataField } from './metadata';
import type { BodyConverter, FieldMode } from './types';
import { asObject, isBlank, SETTINGS_GROUP } from './types';

const STRINGS = [
	{ name: 'description', param: 'description', displayName: 'Description', description: 'An arbitrary string attached to the payment, often useful for displaying to users' },
	{
		name: 'statementDescriptor',
		param: 'statement_descriptor',
		displayName: 'Statement Descriptor',
		description: 'Shown on the customer’s statement for non-card charges (up to 22 characters). For cards use the suffix.',
	},
	{
		name: 'statementDescriptorSuffix',
		param: 'statement_descriptor_suffix',
		displayName: 'Statement Descriptor Suffix',
		description: 'Appended to your account’s statement descriptor prefix for card charges',
	},
	{
		name: 'transferGroup',
		param: 'transfer_group',
		displayName: 'Transfer Group',
		description: 'Identifies the resulting payment as part of a group (Connect separate charges and transfers)',
	},
];

/** payment_intent_data: settings for the PaymentIntents of links in payment mode. Capture method is Create-only. */
export function paymentIntentDataField(mode: FieldMode): INodeProperties {
	const values: INodeProperties[] = [];
	if (mode === 'create') {
		values.push({
			displayName: 'Capture Method',
			name: 'captureMethod',
			type: 'options',
			default: '',
			description: 'When the funds are captured from the customer’s account',
			options: [
				{ name: 'Automatic', value: 'automatic', description: 'Capture when the customer authorizes the payment' },
				{ name: 'Automatic Async', value: 'automatic_async', description: 'Capture asynchronously after authorization (Stripe’s recommended default)' },
				{ name: 'Manual', value: 'manual', description: 'Authorize now and capture later' },
				{ name: 'Not Set', value: '' },
			],
		});
	}
	values.push(
		...STRINGS.map((field): INodeProperties => ({ displayName: field.displayName, name: field.name, type: 'string', default: '', description: field.description })),
		nestedMetadataField('Set on the PaymentIntents of this link (declarative: an update replaces all keys).'),
		{
			displayName: 'Setup Future Usage',
			name: 'setupFutureUsage',
			type: 'options',
			default: '',
			description: 'Save the payment method for future payments',
			options: [
				{ name: 'Not Set', value: '' },
				{ name: 'Off Session', value: 'off_session', description: 'Save it and use it for future payments without the customer present' },
				{ name: 'On Session', value: 'on_session', description: 'Save it for payments the customer starts' },
			],
		},
	);
	if (mode === 'update') {
		values.push(
			clearField([
				...STRINGS.map((field) => ({ name: field.displayName, value: field.param })),
				{ name: 'Metadata', value: 'metadata' },
				{ name: 'Setup Future Usage', value: 'setup_future_usage' },
			].sort((a, b) => a.name.localeCompare(b.name))),
		);
	}
	return {
		displayName: 'Payment Intent Data',
		name: 'paymentIntentData',
		...SETTINGS_GROUP,
		placeholder: 'Set Payment Intent Data',
		description: 'Settings passed to the PaymentIntents of links in payment mode',
		options: [{ displayName: 'Payment Intent Data', name: 'values', values }],
		routing: { send: { type: 'body', property: 'payment_intent_data' } },
	};
}

export const paymentIntentDataToStripe: BodyConverter = (value, mode) => {
	const values = asObject(asObject(value).values);
	const result: IDataObject = {};
	if (mode === 'create' && !isBlank(values.captureMethod)) result.capture_method = values.captureMethod;
	for (const field of STRINGS) if (!isBlank(values[field.name])) result[field.param] = String(values[field.name]);
	const metadata = metadataRowsToObject(values.metadata, 'Payment Intent Data: Metadata', 'payment_intent_data[metadata]');
	if (Object.keys(metadata).length) result.metadata = metadata;
	if (!isBlank(values.setupFutureUsage)) result.setup_future_usage = values.setupFutureUsage;
	return applyClear(result, values.clear, 'Payment Intent Data', 'payment_intent_data');
};
