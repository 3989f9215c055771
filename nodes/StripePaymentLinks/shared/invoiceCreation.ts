import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { applyClear, clearField } from './emptyable';
import { invoiceSettingsFields, invoiceSettingsToStripe } from './invoiceSettings';
import { metadataRowsToObject, nestedMetadataField } from './metadata';
import type { BodyConverter, FieldMode } from './types';
import { asObject, isBlank, SETTINGS_GROUP } from './types';

/** invoice_creation: a post-purchase invoice for one-time payments, with its invoice_data. */
export function invoiceCreationField(mode: FieldMode): INodeProperties {
	const values: INodeProperties[] = [
		{
			displayName: 'Enabled',
			name: 'enabled',
			type: 'boolean',
			default: true,
			description: 'Whether to generate a post-purchase invoice for one-time payments',
		},
		...invoiceSettingsFields(),
		{ ...nestedMetadataField('Metadata set on the generated invoices.'), displayName: 'Invoice Metadata' },
		{
			displayName: 'Amount Tax Display',
			name: 'amountTaxDisplay',
			type: 'options',
			default: '',
			description: 'How line-item prices and amounts are displayed with respect to tax on invoice PDFs',
			options: [
				{ name: 'Exclude Tax', value: 'exclude_tax', description: 'Exclude all tax (inclusive and exclusive) from amounts' },
				{
					name: 'Include Inclusive Tax',
					value: 'include_inclusive_tax',
					description: 'Include inclusive tax (and exclude exclusive tax) in amounts',
				},
				{ name: 'Not Set', value: '' },
			],
		},
		{
			displayName: 'Rendering Template',
			name: 'renderingTemplate',
			type: 'string',
			default: '',
			description: 'ID of the invoice rendering template to use',
		},
	];
	if (mode === 'update') {
		values.push(
			clearField([
				{ name: 'Account Tax IDs', value: 'invoice_data.account_tax_ids' },
				{ name: 'Amount Tax Display', value: 'invoice_data.rendering_options.amount_tax_display' },
				{ name: 'Invoice Custom Fields', value: 'invoice_data.custom_fields' },
				{ name: 'Invoice Metadata', value: 'invoice_data.metadata' },
				{ name: 'Rendering Options', value: 'invoice_data.rendering_options', description: 'Amount tax display and template' },
			]),
		);
	}
	return {
		displayName: 'Invoice Creation',
		name: 'invoiceCreation',
		...SETTINGS_GROUP,
		placeholder: 'Set Invoice Creation',
		description: 'Generate a post-purchase invoice for one-time payments',
		options: [{ displayName: 'Invoice Creation', name: 'values', values }],
		routing: { send: { type: 'body', property: 'invoice_creation' } },
	};
}

export const invoiceCreationToStripe: BodyConverter = (value) => {
	const values = asObject(asObject(value).values);
	const param = 'invoice_creation[invoice_data]';
	const data = invoiceSettingsToStripe(values, 'Invoice Creation', param);
	const metadata = metadataRowsToObject(values.metadata, 'Invoice Creation: Invoice Metadata', `${param}[metadata]`);
	if (Object.keys(metadata).length) data.metadata = metadata;
	const rendering: IDataObject = {};
	if (!isBlank(values.amountTaxDisplay)) rendering.amount_tax_display = values.amountTaxDisplay;
	if (!isBlank(values.renderingTemplate)) rendering.template = String(values.renderingTemplate);
	if (Object.keys(rendering).length) data.rendering_options = rendering;
	const result: IDataObject = { enabled: values.enabled !== false && values.enabled !== 'false' };
	if (Object.keys(data).length) result.invoice_data = data;
	return applyClear(result, values.clear, 'Invoice Creation', 'invoice_creation');
};
