import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { applyClear, clearField } from './emptyable';
import { invoiceSettingsFields, invoiceSettingsToStripe } from './invoiceSettings';
import { wholeNumber } from './lineItems';
import { metadataRowsToObject, nestedMetadataField } from './metadata';
import type { BodyConverter, FieldMode } from './types';
import { asObject, isBlank, SETTINGS_GROUP } from './types';

/** subscription_data: trial, invoice settings and metadata of subscriptions. Description is Create-only. */
export function subscriptionDataField(mode: FieldMode): INodeProperties {
	const values: INodeProperties[] = [];
	if (mode === 'create') {
		values.push({
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			description: 'The subscription’s description, displayable to the customer',
		});
	}
	values.push(
		...invoiceSettingsFields(),
		nestedMetadataField('Set on the subscriptions of this link (declarative: an update replaces all keys).'),
		{
			displayName: 'Trial Period Days',
			name: 'trialPeriodDays',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Days of free trial before the first charge (0 = no trial set)',
		},
		{
			displayName: 'Trial End Behavior',
			name: 'missingPaymentMethod',
			type: 'options',
			default: '',
			description: 'What happens when the trial ends and the customer gave no payment method',
			options: [
				{ name: 'Cancel', value: 'cancel', description: 'Cancel the subscription' },
				{ name: 'Create Invoice', value: 'create_invoice', description: 'Create an invoice the customer must pay' },
				{ name: 'Not Set', value: '' },
				{ name: 'Pause', value: 'pause', description: 'Pause the subscription' },
			],
		},
	);
	if (mode === 'update') {
		values.push(
			clearField([
				{ name: 'Account Tax IDs', value: 'invoice_settings.account_tax_ids' },
				{ name: 'Invoice Custom Fields', value: 'invoice_settings.custom_fields' },
				{ name: 'Metadata', value: 'metadata' },
				{ name: 'Trial End Behavior', value: 'trial_settings' },
				{ name: 'Trial Period Days', value: 'trial_period_days' },
			]),
		);
	}
	return {
		displayName: 'Subscription Data',
		name: 'subscriptionData',
		...SETTINGS_GROUP,
		placeholder: 'Set Subscription Data',
		description: 'Settings for subscriptions created by the link (needs a recurring price)',
		options: [{ displayName: 'Subscription Data', name: 'values', values }],
		routing: { send: { type: 'body', property: 'subscription_data' } },
	};
}

export const subscriptionDataToStripe: BodyConverter = (value, mode) => {
	const values = asObject(asObject(value).values);
	const result: IDataObject = {};
	if (mode === 'create' && !isBlank(values.description)) result.description = String(values.description);
	const invoiceSettings = invoiceSettingsToStripe(values, 'Subscription Data', 'subscription_data[invoice_settings]');
	if (Object.keys(invoiceSettings).length) result.invoice_settings = invoiceSettings;
	const metadata = metadataRowsToObject(values.metadata, 'Subscription Data: Metadata', 'subscription_data[metadata]');
	if (Object.keys(metadata).length) result.metadata = metadata;
	if (!isBlank(values.trialPeriodDays) && Number(values.trialPeriodDays) !== 0) {
		result.trial_period_days = wholeNumber(values.trialPeriodDays, 'Subscription Data: Trial Period Days', 'subscription_data[trial_period_days]', 1);
	}
	if (!isBlank(values.missingPaymentMethod)) {
		result.trial_settings = { end_behavior: { missing_payment_method: values.missingPaymentMethod } };
	}
	return applyClear(result, values.clear, 'Subscription Data', 'subscription_data');
};
