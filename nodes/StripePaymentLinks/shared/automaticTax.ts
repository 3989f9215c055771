import type { INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';
import type { BodyConverter } from './types';
import { asObject, isBlank, SETTINGS_GROUP } from './types';

export const liabilityTypeOptions = [
	{ name: 'Account', value: 'account', description: 'A connected account (set the account ID)' },
	{ name: 'Not Set', value: '' },
	{ name: 'Self', value: 'self', description: 'Your own account' },
];

/** automatic_tax: Stripe Tax, with the account liable for the tax. */
export const automaticTaxField: INodeProperties = {
	displayName: 'Automatic Tax',
	name: 'automaticTax',
	...SETTINGS_GROUP,
	placeholder: 'Set Automatic Tax',
	description: 'Configuration for automatic tax collection',
	options: [
		{
			displayName: 'Automatic Tax',
			name: 'values',
			values: [
				{
					displayName: 'Enabled',
					name: 'enabled',
					type: 'boolean',
					default: true,
					description:
						'Whether to calculate tax automatically using the customer’s location. Enabling this collects any billing address information needed for the calculation.',
				},
				{
					displayName: 'Liability Type',
					name: 'liabilityType',
					type: 'options',
					default: '',
					description: 'The account that is liable for tax. Leave at Not Set for Stripe’s default.',
					options: liabilityTypeOptions,
				},
				{
					displayName: 'Liability Account',
					name: 'liabilityAccount',
					type: 'string',
					default: '',
					placeholder: 'acct_…',
					description: 'The connected account liable for tax. Used when Liability Type is Account.',
				},
			],
		},
	],
	routing: { send: { type: 'body', property: 'automatic_tax' } },
};

export const automaticTaxToStripe: BodyConverter = (value) => {
	const { enabled, liabilityType, liabilityAccount } = asObject(asObject(value).values);
	const result: Record<string, unknown> = { enabled: enabled !== false && enabled !== 'false' };
	if (!isBlank(liabilityType)) {
		result.liability = accountReference(liabilityType, liabilityAccount, 'Automatic Tax: Liability', 'automatic_tax[liability]');
	}
	return result;
};

/** `{ type, account }` as Stripe's liability and issuer share it; account only with type=account. */
export function accountReference(type: unknown, account: unknown, label: string, param: string): Record<string, unknown> {
	if (type === 'account') {
		if (isBlank(account)) throw invalidInput(`${label}: type Account needs an account ID (acct_…).`, `${param}[account]`);
		return { type, account: String(account).trim() };
	}
	return { type };
}
