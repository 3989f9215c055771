import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { afterCompletionToStripe } from '../shared/afterCompletion';
import { automaticTaxToStripe } from '../shared/automaticTax';
import { currencyToStripe, listToStripe } from '../shared/checkoutFields';
import { consentCollectionToStripe } from '../shared/consentCollection';
import { customFieldsToStripe } from '../shared/customFields';
import { customTextToStripe } from '../shared/customText';
import { applyClearSettings } from '../shared/emptyable';
import { invoiceCreationToStripe } from '../shared/invoiceCreation';
import { lineItemsToStripe, requireLineItems } from '../shared/lineItems';
import { managedPaymentsToStripe } from '../shared/managedPayments';
import { metadataJsonToObject, metadataToStripe } from '../shared/metadata';
import { nameCollectionToStripe } from '../shared/nameCollection';
import { optionalItemsToStripe } from '../shared/optionalItems';
import { paymentIntentDataToStripe } from '../shared/paymentIntentData';
import { paymentMethodOptionsToStripe } from '../shared/paymentMethodOptions';
import { phoneNumberCollectionToStripe } from '../shared/phoneNumberCollection';
import { restrictionsToStripe } from '../shared/restrictions';
import { shippingAddressCollectionToStripe } from '../shared/shippingAddressCollection';
import { shippingOptionsToStripe } from '../shared/shippingOptions';
import { subscriptionDataToStripe } from '../shared/subscriptionData';
import { taxIdCollectionToStripe } from '../shared/taxIdCollection';
import { transferDataToStripe } from '../shared/transferData';
import type { BodyConverters, ConverterOptions, FieldMode } from '../shared/types';
import { amountFormat } from './currencyAmounts';
import { invalidInput } from './errorHandling';
import { applyExpiresAt } from './expiry';
import { validateStripeBody } from './validation';

/** One converter per Stripe parameter group; each lives beside the fields it converts. */
const converters: BodyConverters = {
	after_completion: afterCompletionToStripe,
	automatic_tax: automaticTaxToStripe,
	consent_collection: consentCollectionToStripe,
	currency: currencyToStripe,
	custom_fields: customFieldsToStripe,
	custom_text: customTextToStripe,
	expand: listToStripe,
	invoice_creation: invoiceCreationToStripe,
	line_items: lineItemsToStripe,
	managed_payments: managedPaymentsToStripe,
	metadata: metadataToStripe,
	name_collection: nameCollectionToStripe,
	optional_items: optionalItemsToStripe,
	payment_intent_data: paymentIntentDataToStripe,
	payment_method_options: paymentMethodOptionsToStripe,
	payment_method_types: listToStripe,
	phone_number_collection: phoneNumberCollectionToStripe,
	restrictions: restrictionsToStripe,
	shipping_address_collection: shippingAddressCollectionToStripe,
	shipping_options: shippingOptionsToStripe,
	subscription_data: subscriptionDataToStripe,
	tax_id_collection: taxIdCollectionToStripe,
	transfer_data: transferDataToStripe,
};

/**
 * Reshapes the body RoutingNode assembled from the form into Stripe's parameters and checks
 * Stripe's documented limits, so that an invalid item is refused with the field named and
 * nothing is sent for it.
 */
export function toStripeBody(context: IExecuteSingleFunctions, formBody: IDataObject): IDataObject {
	const operation = context.getNodeParameter('operation');
	const mode: FieldMode = operation === 'create' ? 'create' : 'update';
	const jsonMode = operation === 'create' && context.getNodeParameter('lineItemsMode', 'fields') === 'json';
	const options: ConverterOptions = jsonMode
		? { jsonAmountFormat: amountFormat(context.getNodeParameter('jsonAmountFormat', 'smallestUnit'), 'Line Items (JSON)', 'line_items') }
		: {};
	const body: IDataObject = {};
	for (const [param, value] of Object.entries(formBody)) {
		const convert = converters[param];
		body[param] = (convert ? convert(value, mode, options) : value) as IDataObject[string];
	}
	applyMetadataJson(body);
	applyExpiresAt(body, context.getTimezone());
	applyClearMetadata(body);
	applyClearSettings(body);
	if (operation === 'create') requireLineItems(body, jsonMode);
	validateStripeBody(body);
	return body;
}

function applyMetadataJson(body: IDataObject): void {
	if (!('metadata_json' in body)) return;
	const fromJson = metadataJsonToObject(body.metadata_json);
	delete body.metadata_json;
	if (!Object.keys(fromJson).length) return;
	body.metadata = { ...fromJson, ...((body.metadata as IDataObject | undefined) ?? {}) };
}

function applyClearMetadata(body: IDataObject): void {
	if (!('clear_metadata' in body)) return;
	const clear = body.clear_metadata === true;
	delete body.clear_metadata;
	if (!clear) return;
	if (body.metadata && Object.keys(body.metadata as IDataObject).length) {
		throw invalidInput(
			'Metadata: "Clear All Metadata" removes every key, so it cannot be combined with Metadata rows. Turn one of them off, or leave a row’s value empty to remove just that key.',
			'metadata',
		);
	}
	body.metadata = '';
}
