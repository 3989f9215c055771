import type { INodeProperties } from 'n8n-workflow';

import { currencyCode } from '../helpers/validation';
import { PAYMENT_METHOD_TYPES } from './paymentMethodTypes';
import type { BodyConverter, FieldMode } from './types';
import { stringList } from './types';

/**
 * Top-level scalars of PaymentLinkCreateParams / PaymentLinkUpdateParams. They need no
 * reshaping, so they use static routing only (the list ones get a converter that also
 * accepts a comma-separated string from an expression).
 */

export const allowPromotionCodesField: INodeProperties = {
	displayName: 'Allow Promotion Codes',
	name: 'allowPromotionCodes',
	type: 'boolean',
	default: false,
	description: 'Whether customers can enter promotion codes on the payment page',
	routing: { send: { type: 'body', property: 'allow_promotion_codes' } },
};

export const applicationFeeAmountField: INodeProperties = {
	displayName: 'Application Fee (Connect)',
	name: 'applicationFeeAmount',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description:
		'Connect: the application fee amount, in the smallest currency unit, transferred to your platform account. Only without recurring prices.',
	routing: { send: { type: 'body', property: 'application_fee_amount' } },
};

export const applicationFeePercentField: INodeProperties = {
	displayName: 'Application Fee % (Connect)',
	name: 'applicationFeePercent',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 2 },
	default: 0,
	description:
		'Connect: percentage (0–100, two decimals) of subscription invoices transferred to your platform account. Needs a recurring price.',
	routing: { send: { type: 'body', property: 'application_fee_percent' } },
};

export const billingAddressCollectionField: INodeProperties = {
	displayName: 'Billing Address Collection',
	name: 'billingAddressCollection',
	type: 'options',
	default: 'auto',
	description: 'Whether to collect the customer’s billing address',
	options: [
		{ name: 'Auto', value: 'auto', description: 'Collect it only when needed (Stripe’s default)' },
		{ name: 'Required', value: 'required', description: 'Always collect it' },
	],
	routing: { send: { type: 'body', property: 'billing_address_collection' } },
};

export const currencyField: INodeProperties = {
	displayName: 'Currency',
	name: 'currency',
	type: 'string',
	default: '',
	placeholder: 'usd',
	description: 'Three-letter ISO currency code, lowercase. Must be supported by each line item’s price.',
	routing: { send: { type: 'body', property: 'currency' } },
};

export const customerCreationField: INodeProperties = {
	displayName: 'Customer Creation',
	name: 'customerCreation',
	type: 'options',
	default: 'if_required',
	description: 'Whether Checkout Sessions of this link create a Customer',
	options: [
		{ name: 'Always', value: 'always', description: 'Always create a Customer' },
		{ name: 'If Required', value: 'if_required', description: 'Create a Customer only when needed, e.g. for subscriptions' },
	],
	routing: { send: { type: 'body', property: 'customer_creation' } },
};

const LINK_EXPANDABLE = [
	{ name: 'Application', value: 'application' },
	{ name: 'Line Items', value: 'line_items' },
	{ name: 'Line Items: Price', value: 'line_items.data.price' },
	{ name: 'Line Items: Price Product', value: 'line_items.data.price.product' },
	{ name: 'On Behalf Of', value: 'on_behalf_of' },
	{ name: 'Shipping Options: Shipping Rate', value: 'shipping_options.shipping_rate' },
	{ name: 'Transfer Data: Destination', value: 'transfer_data.destination' },
];

/** expand[] of a single payment link (Create, Update). */
export const expandField: INodeProperties = {
	displayName: 'Expand',
	name: 'expand',
	type: 'multiOptions',
	default: [],
	description: 'Related objects to include in full in the response',
	options: LINK_EXPANDABLE,
	routing: { send: { type: 'body', property: 'expand' } },
};

/** expand[] of the payment link list (Get Many): the same objects under `data.`. */
export const listExpandField: INodeProperties = {
	...expandField,
	options: LINK_EXPANDABLE.map((option) => ({ name: option.name, value: `data.${option.value}` })),
	routing: { send: { type: 'query', property: 'expand' } },
};

/** expand[] of a link's line items (Get Line Items). */
export const lineItemsExpandField: INodeProperties = {
	...expandField,
	options: [
		{ name: 'Discounts', value: 'data.discounts' },
		{ name: 'Price', value: 'data.price' },
		{ name: 'Price Product', value: 'data.price.product' },
		{ name: 'Taxes', value: 'data.taxes' },
	],
	routing: { send: { type: 'query', property: 'expand' } },
};

export const onBehalfOfField = (mode: FieldMode): INodeProperties => ({
	displayName: 'On Behalf Of (Connect)',
	name: 'onBehalfOf',
	type: 'string',
	default: '',
	placeholder: 'acct_…',
	description:
		mode === 'update'
			? 'Connect: the account on behalf of which to charge. Leave empty to remove it.'
			: 'Connect: the account on behalf of which to charge',
	routing: { send: { type: 'body', property: 'on_behalf_of' } },
});

export const paymentMethodCollectionField: INodeProperties = {
	displayName: 'Payment Method Collection',
	name: 'paymentMethodCollection',
	type: 'options',
	default: 'always',
	description: 'Whether Checkout collects a payment method (subscription mode only)',
	options: [
		{ name: 'Always', value: 'always', description: 'Always collect a payment method (Stripe’s default)' },
		{
			name: 'If Required',
			value: 'if_required',
			description: 'Skip it when the total due is 0, e.g. with a free trial or a discount',
		},
	],
	routing: { send: { type: 'body', property: 'payment_method_collection' } },
};

export const paymentMethodTypesField: INodeProperties = {
	displayName: 'Payment Method Types',
	name: 'paymentMethodTypes',
	type: 'multiOptions',
	default: [],
	description:
		'Payment methods customers can use. Without any, Stripe shows the relevant ones from your payment method settings.',
	options: PAYMENT_METHOD_TYPES,
	routing: { send: { type: 'body', property: 'payment_method_types' } },
};

export const submitTypeField: INodeProperties = {
	displayName: 'Submit Type',
	name: 'submitType',
	type: 'options',
	default: 'auto',
	description: 'The wording of the pay button (also changes the URL host, e.g. donate.stripe.com)',
	options: [
		{ name: 'Auto', value: 'auto', description: 'Stripe picks the wording from the context' },
		{ name: 'Book', value: 'book', description: '"Book" for bookings' },
		{ name: 'Donate', value: 'donate', description: '"Donate" for donations' },
		{ name: 'Pay', value: 'pay', description: '"Pay"' },
		{ name: 'Subscribe', value: 'subscribe', description: '"Subscribe" for subscriptions' },
	],
	routing: { send: { type: 'body', property: 'submit_type' } },
};

/** The link's currency, lowercased as Stripe documents it (see currencyCode). */
export const currencyToStripe: BodyConverter = (value) => currencyCode(value, 'Currency', 'currency');

/** A multi-select's array, or a comma-separated string from an expression. */
export const listToStripe: BodyConverter = (value) => stringList(value);
