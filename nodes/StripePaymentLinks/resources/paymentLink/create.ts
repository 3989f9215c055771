import type { INodeProperties } from 'n8n-workflow';

import { afterCompletionField } from '../../shared/afterCompletion';
import { automaticTaxField } from '../../shared/automaticTax';
import {
	allowPromotionCodesField,
	applicationFeeAmountField,
	applicationFeePercentField,
	billingAddressCollectionField,
	currencyField,
	customerCreationField,
	expandField,
	onBehalfOfField,
	paymentMethodCollectionField,
	paymentMethodTypesField,
	submitTypeField,
} from '../../shared/checkoutFields';
import { consentCollectionField } from '../../shared/consentCollection';
import { createIfMissingField } from '../../shared/createIfMissingField';
import { customFieldsField } from '../../shared/customFields';
import { customTextField } from '../../shared/customText';
import { invoiceCreationField } from '../../shared/invoiceCreation';
import { lineItemsField, lineItemsJsonAmountFormatField, lineItemsJsonField, lineItemsModeField } from '../../shared/lineItems';
import { managedPaymentsField } from '../../shared/managedPayments';
import { expiresAtField, metadataField, metadataJsonField } from '../../shared/metadata';
import { nameCollectionField } from '../../shared/nameCollection';
import { optionalItemsField } from '../../shared/optionalItems';
import { paymentIntentDataField } from '../../shared/paymentIntentData';
import { paymentMethodOptionsField } from '../../shared/paymentMethodOptions';
import { phoneNumberCollectionField } from '../../shared/phoneNumberCollection';
import { requestSettingsField } from '../../shared/requestSettingsField';
import { restrictionsField } from '../../shared/restrictions';
import { shippingAddressCollectionField } from '../../shared/shippingAddressCollection';
import { shippingOptionsField } from '../../shared/shippingOptions';
import { subscriptionDataField } from '../../shared/subscriptionData';
import { taxIdCollectionField } from '../../shared/taxIdCollection';
import { transferDataField } from '../../shared/transferData';
import { inactiveMessageField, showFor, simplifyField, V1, V2_AND_LATER } from './shared';

const operations = ['create'];

export const createDescription: INodeProperties[] = [
	{ ...lineItemsModeField, displayOptions: showFor(operations) },
	// Version 2 rows start with a Price Source. Each version has its own parameter name because
	// RoutingNode evaluates a parameter's value once for every property of that name, shown or
	// not: with one name, every line-item expression was evaluated twice more per item.
	{
		...lineItemsField('create'),
		required: true,
		displayOptions: { show: { ...showFor(operations)?.show, lineItemsMode: ['fields'], '@version': V1 } },
	},
	{
		...lineItemsField('create', { withPriceSource: true }),
		name: 'lineItemsV2',
		required: true,
		displayOptions: { show: { ...showFor(operations)?.show, lineItemsMode: ['fields'], '@version': V2_AND_LATER } },
	},
	{
		...lineItemsJsonField,
		required: true,
		displayOptions: { show: { ...showFor(operations)?.show, lineItemsMode: ['json'] } },
	},
	{ ...lineItemsJsonAmountFormatField, displayOptions: { show: { ...showFor(operations)?.show, lineItemsMode: ['json'] } } },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(operations),
		options: [
			afterCompletionField,
			allowPromotionCodesField,
			applicationFeeAmountField,
			applicationFeePercentField,
			automaticTaxField,
			billingAddressCollectionField,
			paymentMethodOptionsField,
			phoneNumberCollectionField,
			consentCollectionField,
			currencyField,
			customFieldsField,
			customTextField('create'),
			customerCreationField,
			expandField,
			expiresAtField,
			inactiveMessageField,
			invoiceCreationField('create'),
			restrictionsField('create'),
			managedPaymentsField,
			metadataField('create'),
			metadataJsonField,
			nameCollectionField,
			onBehalfOfField('create'),
			optionalItemsField,
			paymentIntentDataField('create'),
			paymentMethodCollectionField,
			paymentMethodTypesField,
			shippingAddressCollectionField,
			shippingOptionsField,
			subscriptionDataField('create'),
			submitTypeField,
			taxIdCollectionField,
			transferDataField('create'),
		],
	},
	{ ...createIfMissingField, displayOptions: showFor(operations) },
	...simplifyField(operations),
	requestSettingsField(operations, true),
];
