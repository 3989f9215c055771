import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';
import { wholeNumber } from './lineItems';
import type { BodyConverter } from './types';
import { asArray, asObject, isBlank } from './types';

const MAX_DROPDOWN_OPTIONS = 200;

/** Shows a row field only for the custom field types it applies to (the editor checks the row's Type). */
function whenType(types: string[]): INodeProperties['displayOptions'] {
	return { show: { type: types } };
}

/**
 * A custom field row, in the order a person fills it in rather than alphabetical: Type first, as
 * it decides which of the fields below apply, then Key, Label and Optional, then each type's own.
 */
const customFieldValues: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		default: 'text',
		options: [
			{ name: 'Dropdown', value: 'dropdown', description: 'The customer picks one of your options' },
			{ name: 'Numeric', value: 'numeric', description: 'Digits only' },
			{ name: 'Text', value: 'text', description: 'Free text' },
		],
	},
	{
		displayName: 'Key',
		name: 'key',
		type: 'string',
		default: '',
		placeholder: 'engraving',
		description: 'Your identifier for the field: unique, alphanumeric, up to 200 characters',
	},
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		default: '',
		description: 'Shown to the customer, up to 100 characters',
	},
	{
		displayName: 'Optional',
		name: 'optional',
		type: 'boolean',
		default: false,
		description: 'Whether the customer may leave the field empty',
	},
	{
		displayName: 'Dropdown Options',
		name: 'dropdownOptions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Option',
		description: 'Up to 200 options',
		displayOptions: whenType(['dropdown']),
		options: [
			{
				displayName: 'Option',
				name: 'options',
				values: [
					{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'Shown to the customer, up to 100 characters' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Your identifier for the option: unique, alphanumeric, up to 100 characters',
					},
				],
			},
		],
	},
	{
		displayName: 'Default Value',
		name: 'defaultValue',
		type: 'string',
		default: '',
		description: 'Pre-fills the field. For a dropdown it must be one of the option values.',
	},
	{
		displayName: 'Minimum Length',
		name: 'minimumLength',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Minimum characters the customer must enter (0 = not set)',
		displayOptions: whenType(['text', 'numeric']),
	},
	{
		displayName: 'Maximum Length',
		name: 'maximumLength',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Maximum characters the customer can enter (0 = not set)',
		displayOptions: whenType(['text', 'numeric']),
	},
];

/** custom_fields: up to 3 dropdown, numeric or text fields the customer fills in. Same on Create and Update. */
export const customFieldsField: INodeProperties = {
	displayName: 'Custom Fields',
	name: 'customFields',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	default: {},
	placeholder: 'Add Custom Field',
	description: 'Collect additional information from the customer, up to 3 fields. On Update the list replaces the existing fields.',
	options: [
		{
			displayName: 'Custom Field',
			name: 'fields',
			values: customFieldValues,
		},
	],
	routing: { send: { type: 'body', property: 'custom_fields' } },
};

export const customFieldsToStripe: BodyConverter = (value) => {
	const rows = Array.isArray(value) ? (value as IDataObject[]) : asArray(asObject(value).fields);
	return rows.map((row, index) => customFieldToStripe(row, index));
};

function customFieldToStripe(row: IDataObject, index: number): IDataObject {
	const label = `Custom field ${index + 1}`;
	const param = `custom_fields[${index}]`;
	const key = String(row.key ?? '').trim();
	if (!/^[A-Za-z0-9]{1,200}$/.test(key)) {
		throw invalidInput(`${label}: Key "${key}" must be 1–200 letters or digits.`, `${param}[key]`);
	}
	const text = String(row.label ?? '').trim();
	// 100 is what the endive API reference documents; the 2026-07-29 OpenAPI spec still says 50,
	// so the check is the laxer of the two and Stripe answers for 51–100 if it must.
	if (!text || text.length > 100) throw invalidInput(`${label}: Label must be 1–100 characters.`, `${param}[label][custom]`);
	const type = String(row.type ?? 'text');
	const field: IDataObject = { key, label: { type: 'custom', custom: text }, type };
	if (row.optional !== undefined) field.optional = row.optional === true || row.optional === 'true';
	const config: IDataObject = {};
	if (!isBlank(row.defaultValue)) config.default_value = String(row.defaultValue);
	if (type === 'dropdown') {
		const options = asArray(asObject(row.dropdownOptions).options).map((option, optionIndex) => {
			const optionValue = String(option.value ?? '').trim();
			const optionLabel = String(option.label ?? '').trim();
			const optionParam = `${param}[dropdown][options][${optionIndex}]`;
			if (!optionLabel || optionLabel.length > 100) {
				throw invalidInput(`${label}, option ${optionIndex + 1}: Label must be 1–100 characters.`, `${optionParam}[label]`);
			}
			if (!/^[A-Za-z0-9]{1,100}$/.test(optionValue)) {
				throw invalidInput(`${label}, option ${optionIndex + 1}: Value "${optionValue}" must be 1–100 letters or digits.`, `${optionParam}[value]`);
			}
			return { label: optionLabel, value: optionValue };
		});
		if (!options.length || options.length > MAX_DROPDOWN_OPTIONS) {
			throw invalidInput(`${label}: a dropdown needs 1–${MAX_DROPDOWN_OPTIONS} Dropdown Options (got ${options.length}).`, `${param}[dropdown][options]`);
		}
		if (config.default_value !== undefined && !options.some((option) => option.value === config.default_value)) {
			throw invalidInput(`${label}: Default Value "${String(config.default_value)}" is not one of the option values.`, `${param}[dropdown][default_value]`);
		}
		field.dropdown = { ...config, options };
		return field;
	}
	if (type !== 'text' && type !== 'numeric') throw invalidInput(`${label}: unknown Type "${type}".`, `${param}[type]`);
	const minimum = lengthLimit(row.minimumLength, `${label}: Minimum Length`, `${param}[${type}][minimum_length]`);
	const maximum = lengthLimit(row.maximumLength, `${label}: Maximum Length`, `${param}[${type}][maximum_length]`);
	if (minimum !== undefined) config.minimum_length = minimum;
	if (maximum !== undefined) config.maximum_length = maximum;
	if (minimum !== undefined && maximum !== undefined && minimum > maximum) {
		throw invalidInput(`${label}: Minimum Length (${minimum}) is above Maximum Length (${maximum}).`, `${param}[${type}][minimum_length]`);
	}
	if (Object.keys(config).length) field[type] = config;
	return field;
}

function lengthLimit(value: unknown, label: string, param: string): number | undefined {
	if (isBlank(value) || Number(value) === 0) return undefined;
	return wholeNumber(value, label, param, 1);
}
