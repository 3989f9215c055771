import type { INodeProperties } from 'n8n-workflow';

import { afterCompletionField } from '../../shared/afterCompletion';
import { automaticTaxField } from '../../shared/automaticTax';
import {
	allowPromotionCodesField,
	applicationFeeAmountField,
	applicationFeePercentField,
	billingAddressCollectionField,
	customerCreationField,
	expandField,
	onBehalfOfField,
	paymentMethodCollectionField,
	paymentMethodTypesField,
	submitTypeField,
} from '../../shared/checkoutFields';
import { consentCollectionField } from '../../shared/consentCollection';
import { customFieldsField } from '../../shared/customFields';
import { customTextField } from '../../shared/customText';
import { clearSettingsField } from '../../shared/emptyable';
import { invoiceCreationField } from '../../shared/invoiceCreation';
import { lineItemsField } from '../../shared/lineItems';
import { clearMetadataField, metadataField, metadataJsonField } from '../../shared/metadata';
import { nameCollectionField } from '../../shared/nameCollection';
import { optionalItemsField } from '../../shared/optionalItems';
import { paymentIntentDataField } from '../../shared/paymentIntentData';
import { paymentLinkLocator } from '../../shared/paymentLinkLocator';
import { paymentMethodOptionsField } from '../../shared/paymentMethodOptions';
import { phoneNumberCollectionField } from '../../shared/phoneNumberCollection';
import { requestSettingsField } from '../../shared/requestSettingsField';
import { restrictionsField } from '../../shared/restrictions';
import { shippingAddressCollectionField } from '../../shared/shippingAddressCollection';
import { shippingOptionsField } from '../../shared/shippingOptions';
import { subscriptionDataField } from '../../shared/subscriptionData';
import { taxIdCollectionField } from '../../shared/taxIdCollection';
import { transferDataField } from '../../shared/transferData';
import { inactiveMessageField, showFor, simplifyField } from './shared';

const operations = ['update'];

/** The Update fields; Clear Settings is built from them so that it names each setting the same way. */
const updateOptions: INodeProperties[] = [
	{
		displayName: 'Active',
		name: 'active',
		type: 'boolean',
		default: true,
		description: 'Whether customers can pay through the link',
		routing: { send: { type: 'body', property: 'active' } },
	},
	afterCompletionField,
	allowPromotionCodesField,
	applicationFeeAmountField,
	applicationFeePercentField,
	automaticTaxField,
	billingAddressCollectionField,
	paymentMethodOptionsField,
	clearMetadataField,
	phoneNumberCollectionField,
	consentCollectionField,
	customFieldsField,
	customTextField('update'),
	customerCreationField,
	expandField,
	{ ...inactiveMessageField, description: `${inactiveMessageField.description}. Leave empty to remove it.` },
	invoiceCreationField('update'),
	restrictionsField('update'),
	lineItemsField('update'),
	metadataField('update'),
	metadataJsonField,
	nameCollectionField,
	onBehalfOfField('update'),
	optionalItemsField,
	paymentIntentDataField('update'),
	paymentMethodCollectionField,
	paymentMethodTypesField,
	shippingAddressCollectionField,
	shippingOptionsField,
	subscriptionDataField('update'),
	submitTypeField,
	taxIdCollectionField,
	transferDataField('update'),
];

export const updateDescription: INodeProperties[] = [
	paymentLinkLocator(operations),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(operations),
		options: [...updateOptions, clearSettingsField(updateOptions)],
	},
	...simplifyField(operations),
	requestSettingsField(operations, true),
];
