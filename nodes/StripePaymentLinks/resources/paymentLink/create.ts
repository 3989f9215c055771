import type { INodeProperties } from 'n8n-workflow';

import { afterCompletionField } from '../../shared/afterCompletion';
import { lineItemsField } from '../../shared/lineItems';
import { metadataField } from '../../shared/metadata';
import { requestSettingsField } from '../../shared/requestSettingsField';
import { restrictionsField } from '../../shared/restrictions';
import { inactiveMessageField, showFor, simplifyField } from './shared';

const operations = ['create'];

export const createDescription: INodeProperties[] = [
	{ ...lineItemsField('create'), required: true, displayOptions: showFor(operations) },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(operations),
		options: [
			afterCompletionField,
			{
				displayName: 'Allow Promotion Codes',
				name: 'allowPromotionCodes',
				type: 'boolean',
				default: false,
				description: 'Whether customers can enter promotion codes on the payment page',
				routing: { send: { type: 'body', property: 'allow_promotion_codes' } },
			},
			inactiveMessageField,
			metadataField('create'),
			restrictionsField('create'),
			{
				displayName: 'Submit Type',
				name: 'submitType',
				type: 'options',
				default: 'auto',
				description: 'The wording of the pay button',
				options: [
					{ name: 'Auto', value: 'auto', description: 'Stripe picks the wording from the context' },
					{ name: 'Book', value: 'book', description: '"Book" for bookings' },
					{ name: 'Donate', value: 'donate', description: '"Donate" for donations' },
					{ name: 'Pay', value: 'pay', description: '"Pay"' },
					{ name: 'Subscribe', value: 'subscribe', description: '"Subscribe" for subscriptions' },
				],
				routing: { send: { type: 'body', property: 'submit_type' } },
			},
		],
	},
	simplifyField(operations),
	requestSettingsField(operations, true),
];
