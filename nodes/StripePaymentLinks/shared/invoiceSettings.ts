import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';
import { accountReference, liabilityTypeOptions } from './automaticTax';
import { asArray, asObject, isBlank, stringList } from './types';

const MAX_INVOICE_CUSTOM_FIELDS = 4;

/**
 * The invoice fields invoice_creation[invoice_data] and subscription_data[invoice_settings]
 * share: account tax IDs, custom fields, description, footer and issuer.
 */
export function invoiceSettingsFields(): INodeProperties[] {
	return [
		{
			displayName: 'Account Tax IDs',
			name: 'accountTaxIds',
			type: 'string',
			default: '',
			placeholder: 'txi_123, txi_456',
			description: 'Comma-separated tax ID IDs of your account to show on the invoice',
		},
		{
			displayName: 'Invoice Custom Fields',
			name: 'invoiceCustomFields',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			placeholder: 'Add Invoice Custom Field',
			description: 'Up to 4 name/value pairs printed on the invoice',
			options: [
				{
					displayName: 'Field',
					name: 'fields',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Up to 40 characters' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Up to 140 characters' },
					],
				},
			],
		},
		{
			displayName: 'Invoice Description',
			name: 'invoiceDescription',
			type: 'string',
			default: '',
			description: 'An arbitrary string attached to the invoice, often useful for displaying to users',
		},
		{
			displayName: 'Footer',
			name: 'footer',
			type: 'string',
			default: '',
			description: 'Footer displayed on the invoice',
		},
		{
			displayName: 'Issuer Type',
			name: 'issuerType',
			type: 'options',
			default: '',
			description: 'The account that issues the invoice; the invoice uses its branding and support information',
			options: liabilityTypeOptions,
		},
		{
			displayName: 'Issuer Account',
			name: 'issuerAccount',
			type: 'string',
			default: '',
			placeholder: 'acct_…',
			description: 'The connected account that issues the invoice. Used when Issuer Type is Account.',
		},
	];
}

export function invoiceSettingsToStripe(values: IDataObject, label: string, param: string): IDataObject {
	const result: IDataObject = {};
	const taxIds = stringList(values.accountTaxIds);
	if (taxIds.length) result.account_tax_ids = taxIds;
	const fields = asArray(asObject(values.invoiceCustomFields).fields).map((field, index) => {
		const name = String(field.name ?? '').trim();
		const value = String(field.value ?? '').trim();
		const fieldParam = `${param}[custom_fields][${index}]`;
		if (!name || name.length > 40) throw invalidInput(`${label}: Invoice Custom Field ${index + 1}: Name must be 1–40 characters.`, `${fieldParam}[name]`);
		if (!value || value.length > 140) throw invalidInput(`${label}: Invoice Custom Field ${index + 1}: Value must be 1–140 characters.`, `${fieldParam}[value]`);
		return { name, value };
	});
	if (fields.length > MAX_INVOICE_CUSTOM_FIELDS) {
		throw invalidInput(`${label}: at most ${MAX_INVOICE_CUSTOM_FIELDS} Invoice Custom Fields are allowed (got ${fields.length}).`, `${param}[custom_fields]`);
	}
	if (fields.length) result.custom_fields = fields;
	if (!isBlank(values.invoiceDescription)) result.description = String(values.invoiceDescription);
	if (!isBlank(values.footer)) result.footer = String(values.footer);
	if (!isBlank(values.issuerType)) {
		result.issuer = accountReference(values.issuerType, values.issuerAccount, `${label}: Issuer`, `${param}[issuer]`);
	}
	return result;
}
