import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';
import { applyClear, clearField } from './emptyable';
import { wholeNumber } from './lineItems';
import type { BodyConverter, FieldMode } from './types';
import { asObject, isBlank, SETTINGS_GROUP } from './types';

/** transfer_data (Connect destination charges): destination and an optional fixed amount. */
export function transferDataField(mode: FieldMode): INodeProperties {
	const values: INodeProperties[] = [
		{
			displayName: 'Destination Account',
			name: 'destination',
			type: 'string',
			default: '',
			placeholder: 'acct_…',
			description: 'Connected account that payments are attributed to for tax reporting and transferred to',
		},
		{
			displayName: 'Amount',
			name: 'amount',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Amount in the smallest currency unit transferred when a charge succeeds (0 = not set: the full amount)',
		},
	];
	if (mode === 'update') values.push(clearField([{ name: 'Amount', value: 'amount' }]));
	return {
		displayName: 'Transfer Data (Connect)',
		name: 'transferData',
		...SETTINGS_GROUP,
		placeholder: 'Set Transfer Data',
		description: 'Connect: the account payments are attributed to and transferred to',
		options: [{ displayName: 'Transfer Data', name: 'values', values }],
		routing: { send: { type: 'body', property: 'transfer_data' } },
	};
}

export const transferDataToStripe: BodyConverter = (value) => {
	const values = asObject(asObject(value).values);
	const destination = String(values.destination ?? '').trim();
	if (!/^acct_[A-Za-z0-9]+$/.test(destination)) {
		throw invalidInput(`Transfer Data: Destination Account "${destination}" is not an account ID (acct_…).`, 'transfer_data[destination]');
	}
	const result: IDataObject = { destination };
	if (!isBlank(values.amount) && Number(values.amount) !== 0) {
		result.amount = wholeNumber(values.amount, 'Transfer Data: Amount', 'transfer_data[amount]', 1);
	}
	return applyClear(result, values.clear, 'Transfer Data', 'transfer_data');
};
