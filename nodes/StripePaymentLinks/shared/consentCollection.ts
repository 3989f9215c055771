import type { INodeProperties } from 'n8n-workflow';

import type { BodyConverter } from './types';
import { asObject, isBlank, SETTINGS_GROUP } from './types';

/** consent_collection: promotions, terms of service and the payment method reuse agreement. */
export const consentCollectionField: INodeProperties = {
	displayName: 'Consent Collection',
	name: 'consentCollection',
	...SETTINGS_GROUP,
	placeholder: 'Set Consent Collection',
	description: 'Fields to gather active consent from customers',
	options: [
		{
			displayName: 'Consent Collection',
			name: 'values',
			values: [
				{
					displayName: 'Payment Method Reuse Agreement',
					name: 'paymentMethodReuseAgreement',
					type: 'options',
					default: '',
					description: 'Position and visibility of the payment method reuse agreement text',
					options: [
						{ name: 'Auto', value: 'auto', description: 'Stripe’s defaults are used' },
						{ name: 'Hidden', value: 'hidden', description: 'The reuse agreement text is always hidden' },
						{ name: 'Not Set', value: '' },
					],
				},
				{
					displayName: 'Promotions',
					name: 'promotions',
					type: 'options',
					default: '',
					description: 'Collect consent for promotional communications (US merchants and customers only)',
					options: [
						{ name: 'Auto', value: 'auto', description: 'Show the opt-in depending on the customer’s locale' },
						{ name: 'None', value: 'none', description: 'Do not collect consent for promotions' },
						{ name: 'Not Set', value: '' },
					],
				},
				{
					displayName: 'Terms of Service',
					name: 'termsOfService',
					type: 'options',
					default: '',
					description: 'Require a terms of service checkbox (a terms of service URL must be set in the Dashboard)',
					options: [
						{ name: 'None', value: 'none', description: 'No terms of service checkbox' },
						{ name: 'Not Set', value: '' },
						{ name: 'Required', value: 'required', description: 'Customers must accept the terms of service to pay' },
					],
				},
			],
		},
	],
	routing: { send: { type: 'body', property: 'consent_collection' } },
};

export const consentCollectionToStripe: BodyConverter = (value) => {
	const { paymentMethodReuseAgreement, promotions, termsOfService } = asObject(asObject(value).values);
	const result: Record<string, unknown> = {};
	if (!isBlank(paymentMethodReuseAgreement)) result.payment_method_reuse_agreement = { position: paymentMethodReuseAgreement };
	if (!isBlank(promotions)) result.promotions = promotions;
	if (!isBlank(termsOfService)) result.terms_of_service = termsOfService;
	return result;
};
