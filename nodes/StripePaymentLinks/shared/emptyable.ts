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

/**
 * Top-level Emptyable parameters of PaymentLinkUpdateParams offered by "Clear Settings", with
 * what clearing does where that is more than removing the value. Each option takes its name
 * from the Update field that sets the same parameter, so one setting has one name.
 */
const TOP_LEVEL_CLEARABLE: Record<string, string | undefined> = {
	application_fee_amount: undefined,
	application_fee_percent: undefined,
	custom_fields: 'Remove all custom fields',
	inactive_message: undefined,
	name_collection: undefined,
	on_behalf_of: undefined,
	optional_items: 'Remove all optional items',
	payment_method_options: undefined,
	payment_method_types: 'Let Stripe choose payment methods dynamically again',
	restrictions: 'Remove the completed-sessions limit',
	shipping_address_collection: 'Stop collecting shipping addresses',
	shipping_options: undefined,
	transfer_data: undefined,
};

/** "Clear Settings" for the Update fields given, named and ordered like them. */
export function clearSettingsField(fields: INodeProperties[]): INodeProperties {
	const options: INodePropertyOptions[] = [];
	for (const [param, description] of Object.entries(TOP_LEVEL_CLEARABLE)) {
		const field = fields.find((candidate) => candidate.routing?.send?.property === param);
		// A programming error, caught by the build's first load of the node: every clearable
		// parameter needs the field that sets it.
		if (!field) throw new Error(`Clear Settings: no Update field sets ${param}`);
		options.push({ name: field.displayName, value: param, ...(description ? { description } : {}) });
	}
	return {
		displayName: 'Clear Settings',
		name: 'clearSettings',
		type: 'multiOptions',
		default: [],
		options: options.sort((a, b) => a.name.localeCompare(b.name)),
		description: 'Settings to remove from the link. Stripe unsets each one (it is sent as an empty value).',
		routing: { send: { type: 'body', property: 'clear_settings' } },
	};
}

/** Moves "Clear Settings" onto the body as `param=''`, refusing a setting that is also set. */
export function applyClearSettings(body: IDataObject): void {
	if (!('clear_settings' in body)) return;
	const clear = stringList(body.clear_settings);
	delete body.clear_settings;
	const allowed = new Set(Object.keys(TOP_LEVEL_CLEARABLE));
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
