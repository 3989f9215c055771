/**
 * Parameter sets that together set every field of the node's Create and Update forms,
 * shaped the way the n8n editor stores them. Used by the coverage test.
 */
import type { INodeParameters } from 'n8n-workflow';

const rl = (value: string) => ({ __rl: true, mode: 'list', value });

/** Groups whose form is the same on Create and Update. */
export function sharedFields(priceB: string): Record<string, unknown> {
	return {
		afterCompletion: { values: { type: 'hosted_confirmation', customMessage: 'Thanks — see you soon ✨' } },
		allowPromotionCodes: true,
		applicationFeeAmount: 120,
		applicationFeePercent: 12.5,
		automaticTax: { values: { enabled: true, liabilityType: 'account', liabilityAccount: 'acct_1Liability' } },
		billingAddressCollection: 'required',
		consentCollection: { values: { paymentMethodReuseAgreement: 'hidden', promotions: 'auto', termsOfService: 'required' } },
		customFields: {
			fields: [
				{
					key: 'size',
					label: 'Size',
					type: 'dropdown',
					optional: false,
					defaultValue: 'm',
					dropdownOptions: { options: [{ label: 'Small', value: 's' }, { label: 'Medium', value: 'm' }] },
				},
				{ key: 'engraving', label: 'Engraving', type: 'text', optional: true, defaultValue: 'Hi', minimumLength: 1, maximumLength: 20 },
				{ key: 'employeeid', label: 'Employee ID', type: 'numeric', defaultValue: '42', minimumLength: 2, maximumLength: 8 },
			],
		},
		customerCreation: 'always',
		expand: ['line_items'],
		inactiveMessage: 'Sold out',
		metadata: { values: [{ key: 'order id', value: 'A-1' }, { key: 'sheet.row', value: '7' }] },
		nameCollection: { values: { businessEnabled: true, businessOptional: true, individualEnabled: true, individualOptional: false } },
		onBehalfOf: 'acct_1OnBehalf',
		optionalItems: { items: [{ price: rl(priceB), quantity: 1, adjustableQuantity: true, minimum: 0, maximum: 5 }] },
		paymentMethodCollection: 'if_required',
		paymentMethodOptions: ['american_express', 'discover_global_network'],
		paymentMethodTypes: ['card', 'link'],
		phoneNumberCollection: true,
		restrictions: 10,
		shippingAddressCollection: ['US', 'CA', 'DE'],
		shippingOptions: 'shr_1Standard',
		submitType: 'pay',
		taxIdCollection: { values: { enabled: true, required: 'if_supported' } },
		transferData: { values: { destination: 'acct_1Destination', amount: 500 } },
	};
}

const invoiceSettings = {
	accountTaxIds: 'txi_1, txi_2',
	invoiceCustomFields: { fields: [{ name: 'PO', value: '12345' }] },
	invoiceDescription: 'Invoice for order',
	footer: 'Thank you',
	issuerType: 'account',
	issuerAccount: 'acct_1Issuer',
};

export function createParameters(priceA: string, priceB: string, productId: string): INodeParameters {
	const additionalFields = {
		...sharedFields(priceB),
		currency: 'usd',
		expiresAt: '2099-12-31T23:59:59Z',
		customText: {
			values: { afterSubmit: 'After', shippingAddress: 'Ship fast', submit: 'Pay now', termsOfServiceAcceptance: 'I agree' },
		},
		invoiceCreation: {
			values: {
				enabled: true,
				...invoiceSettings,
				metadata: { values: [{ key: 'invoice', value: 'yes' }] },
				amountTaxDisplay: 'include_inclusive_tax',
				renderingTemplate: 'inrtem_1',
			},
		},
		managedPayments: true,
		paymentIntentData: {
			values: {
				captureMethod: 'manual',
				description: 'Order',
				metadata: { values: [{ key: 'pi', value: '1' }] },
				setupFutureUsage: 'off_session',
				statementDescriptor: 'SHOP',
				statementDescriptorSuffix: 'ORDER',
				transferGroup: 'group_1',
			},
		},
		subscriptionData: {
			values: {
				description: 'Monthly box',
				...invoiceSettings,
				metadata: { values: [{ key: 'sub', value: '1' }] },
				trialPeriodDays: 14,
				missingPaymentMethod: 'pause',
			},
		},
	};
	return {
		operation: 'create',
		lineItems: {
			items: [
				{ price: rl(priceA), quantity: 2, adjustableQuantity: true, minimum: 1, maximum: 10 },
				{
					price: rl(''),
					quantity: 1,
					priceData: {
						// Set, in the format whose value reaches the wire as written (the boundary test maps fields by value).
						amountFormat: 'smallestUnit',
						currency: 'usd',
						productName: 'Sticker pack',
						productDescription: 'Five stickers',
						productImages: 'https://img.example/a.png, https://img.example/b.png',
						productMetadata: { values: [{ key: 'sku', value: 'ST-5' }] },
						productTaxCode: 'txcd_99999999',
						unitLabel: 'pack',
						performanceLocation: 'taxloc_1',
						taxDetailsTaxCode: 'txcd_10000000',
						unitAmount: 500,
						interval: 'month',
						intervalCount: 3,
						taxBehavior: 'exclusive',
					},
				},
				{ price: rl(''), quantity: 1, priceData: { currency: 'usd', product: productId, unitAmountDecimal: '250.5' } },
			],
		},
		additionalFields,
	};
}

export function updateParameters(linkId: string, lineItemId: string, priceB: string): INodeParameters {
	const updateFields = {
		...sharedFields(priceB),
		active: true,
		customText: { values: { afterSubmit: 'After', shippingAddress: 'Ship fast', submit: 'Pay now', termsOfServiceAcceptance: 'I agree' } },
		invoiceCreation: {
			values: {
				enabled: true,
				...invoiceSettings,
				metadata: { values: [{ key: 'invoice', value: '' }] },
				amountTaxDisplay: 'exclude_tax',
				renderingTemplate: 'inrtem_1',
			},
		},
		lineItems: { items: [{ id: lineItemId, quantity: 3, adjustableQuantity: true, minimum: 1, maximum: 99 }] },
		paymentIntentData: {
			values: {
				description: 'Order',
				metadata: { values: [{ key: 'pi', value: '2' }] },
				setupFutureUsage: 'on_session',
				statementDescriptor: 'SHOP',
				statementDescriptorSuffix: 'ORDER',
				transferGroup: 'group_2',
			},
		},
		subscriptionData: {
			values: {
				...invoiceSettings,
				metadata: { values: [{ key: 'sub', value: '2' }] },
				trialPeriodDays: 7,
				missingPaymentMethod: 'cancel',
			},
		},
	};
	return { operation: 'update', paymentLinkId: { __rl: true, mode: 'id', value: linkId }, updateFields };
}

/** Every "Clear" option of Update at once: each Emptyable parameter sent as ''. */
export function clearAllParameters(linkId: string): INodeParameters {
	return {
		operation: 'update',
		paymentLinkId: { __rl: true, mode: 'id', value: linkId },
		updateFields: {
			clearMetadata: true,
			clearSettings: [
				'application_fee_amount',
				'application_fee_percent',
				'custom_fields',
				'inactive_message',
				'name_collection',
				'on_behalf_of',
				'optional_items',
				'payment_method_options',
				'payment_method_types',
				'restrictions',
				'shipping_address_collection',
				'shipping_options',
			],
			customText: { values: { clear: ['after_submit', 'shipping_address', 'submit', 'terms_of_service_acceptance'] } },
			invoiceCreation: {
				values: {
					enabled: false,
					clear: ['invoice_data.account_tax_ids', 'invoice_data.custom_fields', 'invoice_data.metadata', 'invoice_data.rendering_options'],
				},
			},
			paymentIntentData: {
				values: {
					clear: ['description', 'metadata', 'setup_future_usage', 'statement_descriptor', 'statement_descriptor_suffix', 'transfer_group'],
				},
			},
			subscriptionData: {
				values: {
					clear: ['invoice_settings.account_tax_ids', 'invoice_settings.custom_fields', 'metadata', 'trial_period_days', 'trial_settings'],
				},
			},
			transferData: { values: { destination: 'acct_1Destination', clear: ['amount'] } },
		},
	};
}
