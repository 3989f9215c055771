import type { INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';
import type { BodyConverter } from './types';
import { asObject, SETTINGS_GROUP } from './types';

/** What the customer sees after paying: Stripe's confirmation page or a redirect. */
export const afterCompletionField: INodeProperties = {
	displayName: 'After Completion',
	name: 'afterCompletion',
	...SETTINGS_GROUP,
	placeholder: 'Set After Completion',
	description: 'What happens after a customer completes the payment',
	options: [
		{
			displayName: 'After Completion',
			name: 'values',
			values: [
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					default: 'hosted_confirmation',
					options: [
						{
							name: 'Hosted Confirmation',
							value: 'hosted_confirmation',
							description: 'Show Stripe’s confirmation page, optionally with your message',
						},
						{ name: 'Redirect', value: 'redirect', description: 'Send the customer to your URL' },
					],
				},
				{
					displayName: 'Custom Message',
					name: 'customMessage',
					type: 'string',
					default: '',
					description: 'Shown on the confirmation page (up to 500 characters). Used with Hosted Confirmation.',
				},
				{
					displayName: 'Redirect URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'https://example.com/thanks?session={CHECKOUT_SESSION_ID}',
					description:
						'Where to send the customer. Used with Redirect. {CHECKOUT_SESSION_ID} is replaced with the Checkout Session ID.',
				},
			],
		},
	],
	routing: { send: { type: 'body', property: 'after_completion' } },
};

/**
 * The form shows both sub-fields and the converter picks the one that matches the type:
 * RoutingNode would evaluate a sub-field's show/hide rule against the top-level parameters,
 * not its sibling Type, so a conditionally shown sub-field would never be sent.
 */
export const afterCompletionToStripe: BodyConverter = (value) => {
	const { type, customMessage, url } = asObject(asObject(value).values);
	if (type === 'redirect') {
		if (!url) throw invalidInput('After Completion: Redirect needs a Redirect URL.', 'after_completion[redirect][url]');
		return { type, redirect: { url } };
	}
	if (type === 'hosted_confirmation' || type === undefined) {
		return customMessage
			? { type: 'hosted_confirmation', hosted_confirmation: { custom_message: customMessage } }
			: { type: 'hosted_confirmation' };
	}
	throw invalidInput(`After Completion: unknown type "${String(type)}".`, 'after_completion[type]');
};
