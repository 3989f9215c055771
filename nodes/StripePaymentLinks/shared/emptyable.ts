import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';
import { getPath, isBlank, setPath, stringList } from './types';

/**
 * Stripe's `Emptyable` parameters are unset by sending an empty string. On Update every group
 * with such parameters offers one "Clear" multi-select instead of a toggle per parameter;
 * `applyClear` turns the selection into `''` on the wire.
 */
export function clearField(options: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Clear',
		name: 'clear',
		type: 'multiOptions',
		default: [],
		options,
		description: 'Settings to remove from the link. Stripe unsets each one (it is sent as an empty value).',
	};
}

/** `invoice_creation` + `invoice_data.footer` → `invoice_creation[invoice_data][footer]`. */
export function bracketParam(param: string, path: string): string {
	return path ? `${param}${path.split('.').map((key) => `[${key}]`).join('')}` : param;
}

/** Sends '' for every chosen path; a path that is both set and cleared is refused. */
export function applyClear(target: IDataObject, clear: unknown, label: string, param: string): IDataObject {
	for (const path of stringList(clear)) {
		const current = getPath(target, path);
		if (!isBlank(current) && !(typeof current === 'object' && Object.keys(current as object).length === 0)) {
			throw invalidInput(
				`${label}: "${path}" is both set and chosen under Clear. Remove it from one of them.`,
				bracketParam(param, path),
			);
		}
		setPath(target, path, '');
	}
	return target;
}

/** Top-level Emptyable parameters of PaymentLinkUpdateParams, for "Clear Settings" on Update. */
const TOP_LEVEL_CLEARABLE: INodePropertyOptions[] = [
	{ name: 'Application Fee Amount', value: 'application_fee_amount' },
	{ name: 'Application Fee Percent', value: 'application_fee_percent' },
	{ name: 'Custom Fields', value: 'custom_fields', description: 'Remove all custom fields' },
	{ name: 'Inactive Message', value: 'inactive_message' },
	{ name: 'Name Collection', value: 'name_collection' },
	{ name: 'On Behalf Of', value: 'on_behalf_of' },
	{ name: 'Optional Items', value: 'optional_items', description: 'Remove all optional items' },
	{ name: 'Payment Method Options', value: 'payment_method_options' },
	{ name: 'Payment Method Types', value: 'payment_method_types', description: 'Let Stripe choose payment methods dynamically again' },
	{ name: 'Restrictions', value: 'restrictions', description: 'Remove the completed-sessions limit' },
	{ name: 'Shipping Address Collection', value: 'shipping_address_collection', description: 'Stop collecting shipping addresses' },
	{ name: 'Shipping Options', value: 'shipping_options' },
	{ name: 'Transfer Data', value: 'transfer_data' },
];

export const clearSettingsField: INodeProperties = {
	displayName: 'Clear Settings',
	name: 'clearSettings',
	type: 'multiOptions',
	default: [],
	options: TOP_LEVEL_CLEARABLE,
	description: 'Settings to remove from the link. Stripe unsets each one (it is sent as an empty value).',
	routing: { send: { type: 'body', property: 'clear_settings' } },
};

/** Moves "Clear Settings" onto the body as `param=''`, refusing a setting that is also set. */
export function applyClearSettings(body: IDataObject): void {
	if (!('clear_settings' in body)) return;
	const clear = stringList(body.clear_settings);
	delete body.clear_settings;
	const allowed = new Set(TOP_LEVEL_CLEARABLE.map((option) => String(option.value)));
	for (const param of clear) {
		if (!allowed.has(param)) throw invalidInput(`Clear Settings: "${param}" cannot be cleared.`, param);
		if (param in body && body[param] !== '') {
			throw invalidInput(
				`Clear Settings: "${param}" is both set and chosen under Clear Settings. Remove it from one of them.`,
				param,
			);
		}
		body[param] = '';
	}
}
