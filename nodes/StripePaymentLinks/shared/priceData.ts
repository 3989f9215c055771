import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { type AmountFormat, decimalToMinorUnits } from '../helpers/currencyAmounts';
import { invalidInput } from '../helpers/errorHandling';
import { currencyCode } from '../helpers/validation';
import type { ItemContext } from './lineItems';
import { checkKeys, wholeNumber } from './lineItems';
import { metadataRowsToObject, nestedMetadataField } from './metadata';
import { asObject, isBlank, stringList } from './types';

const INTERVALS = ['day', 'week', 'month', 'year'];
const TAX_BEHAVIORS = ['exclusive', 'inclusive', 'unspecified'];
const MAX_IMAGES = 8;

/**
 * line_items[][price_data] (Create only): a row carries name, amount and currency and the link
 * gets a new Price (and Product) without one being created first.
 */
export function priceDataFields(): INodeProperties {
	return {
		displayName: 'Inline Price',
		name: 'priceData',
		type: 'collection',
		placeholder: 'Add Inline Price Field',
		default: {},
		description: 'Create the price with the link instead of picking an existing Price. Needs Currency, an amount and a product.',
		options: [
			amountFormatField('unitAmount'),
			{ displayName: 'Billing Interval', name: 'interval', type: 'options', default: 'month', description: 'Makes the price recurring', options: [
				{ name: 'Day', value: 'day' },
				{ name: 'Month', value: 'month' },
				{ name: 'Week', value: 'week' },
				{ name: 'Year', value: 'year' },
			] },
			{ displayName: 'Currency', name: 'currency', type: 'string', default: 'usd', placeholder: 'usd', description: 'Three-letter ISO currency code, e.g. usd or eur' },
			{ displayName: 'Interval Count', name: 'intervalCount', type: 'number', typeOptions: { minValue: 1 }, default: 1, description: 'Bill every this many intervals (up to three years in total). Used with Billing Interval.' },
			{ displayName: 'Product Description', name: 'productDescription', type: 'string', default: '' },
			{ displayName: 'Product ID', name: 'product', type: 'string', default: '', placeholder: 'prod_… or your own, e.g. sku-tshirt-red', description: 'An existing Product, by its ID (Stripe’s prod_… or one chosen when the product was created). Use this or Product Name.' },
			{ displayName: 'Product Images', name: 'productImages', type: 'string', default: '', description: 'Up to 8 image URLs, comma-separated' },
			{ ...nestedMetadataField('Metadata of the new product.'), displayName: 'Product Metadata', name: 'productMetadata' },
			{ displayName: 'Product Name', name: 'productName', type: 'string', default: '', description: 'Creates a new product with this name. Use this or Product ID.' },
			{ displayName: 'Product Tax Code', name: 'productTaxCode', type: 'string', default: '', placeholder: 'txcd_…' },
			{ displayName: 'Product Unit Label', name: 'unitLabel', type: 'string', default: '', description: 'Shown on receipts and invoices, e.g. "seat"' },
			{ displayName: 'Tax Behavior', name: 'taxBehavior', type: 'options', default: 'unspecified', description: 'Whether the price includes tax', options: [
				{ name: 'Exclusive', value: 'exclusive', description: 'Tax is added to the price' },
				{ name: 'Inclusive', value: 'inclusive', description: 'Tax is included in the price' },
				{ name: 'Unspecified', value: 'unspecified', description: 'Use the default tax behavior from the Stripe Tax settings' },
			] },
			{ displayName: 'Tax Details: Performance Location', name: 'performanceLocation', type: 'string', default: '', description: 'A tax location ID, for tax codes that need one' },
			{ displayName: 'Tax Details: Tax Code', name: 'taxDetailsTaxCode', type: 'string', default: '', placeholder: 'txcd_…' },
			{ displayName: 'Unit Amount', name: 'unitAmount', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'The price of one unit, written as Amount Format says: 19.99 (Decimal) or 1999 (Smallest Unit, the default when Amount Format is not set)' },
			{ displayName: 'Unit Amount (Decimal)', name: 'unitAmountDecimal', type: 'string', default: '', placeholder: '1000.5', description: 'Always in the smallest currency unit, with up to 12 decimal places (e.g. 1000.5 cents). Use instead of Unit Amount.' },
		],
	};
}

/**
 * How Unit Amount is written. Without it an amount is in the smallest unit, as in workflows made
 * before it existed; new rows of node version 2 start with Decimal (see lineItems.ts).
 */
export function amountFormatField(amountField: 'unitAmount' | 'unit_amount'): INodeProperties {
	const name = amountField === 'unitAmount' ? 'Unit Amount' : 'unit_amount';
	return {
		displayName: 'Amount Format',
		name: 'amountFormat',
		type: 'options',
		default: 'smallestUnit',
		description: `How ${name} is written. Decimal uses the currency's decimals (JPY has none, KWD three), so 19.99 USD is sent as 1999 and 1299 JPY as 1299.`,
		options: [
			{ name: 'Decimal', value: 'decimal', description: `${name} as written on a price tag, e.g. 19.99 or 19,99 (1299 for yen)` },
			{ name: 'Smallest Unit', value: 'smallestUnit', description: `${name} in the smallest currency unit, as Stripe takes it, e.g. 1999 for 19.99 USD` },
		],
	};
}

/** The Inline Price collection of a row, in Stripe's snake_case shape; undefined if not used. */
export function priceDataFromFields(value: unknown): IDataObject | undefined {
	const fields = asObject(value);
	if (!Object.keys(fields).length) return undefined;
	const productData: IDataObject = {};
	if (!isBlank(fields.productName)) productData.name = fields.productName;
	if (!isBlank(fields.productDescription)) productData.description = fields.productDescription;
	if (!isBlank(fields.productImages)) productData.images = stringList(fields.productImages);
	const metadata = metadataRowsToObject(fields.productMetadata, 'Inline Price: Product Metadata', 'price_data[product_data][metadata]');
	if (Object.keys(metadata).length) productData.metadata = metadata;
	if (!isBlank(fields.productTaxCode)) productData.tax_code = fields.productTaxCode;
	if (!isBlank(fields.unitLabel)) productData.unit_label = fields.unitLabel;
	const taxDetails: IDataObject = {};
	if (!isBlank(fields.performanceLocation)) taxDetails.performance_location = fields.performanceLocation;
	if (!isBlank(fields.taxDetailsTaxCode)) taxDetails.tax_code = fields.taxDetailsTaxCode;
	if (Object.keys(taxDetails).length) productData.tax_details = taxDetails;
	const priceData: IDataObject = { currency: fields.currency ?? '' };
	if (!isBlank(fields.product)) priceData.product = fields.product;
	if (Object.keys(productData).length) priceData.product_data = productData;
	if (!isBlank(fields.unitAmountDecimal)) priceData.unit_amount_decimal = fields.unitAmountDecimal;
	else priceData.unit_amount = fields.unitAmount ?? 0;
	if (!isBlank(fields.interval)) priceData.recurring = { interval: fields.interval, interval_count: fields.intervalCount ?? 1 };
	if (!isBlank(fields.taxBehavior)) priceData.tax_behavior = fields.taxBehavior;
	return priceData;
}

/**
 * Checks price_data (from the form or from JSON mode) and returns it in Stripe's shape. With
 * the Decimal amount format, unit_amount is converted from the amount as written.
 */
export function validatePriceData(value: unknown, item: ItemContext, format: AmountFormat = 'smallestUnit'): IDataObject {
	const label = `${item.label}: Inline Price`;
	const param = `${item.param}[price_data]`;
	const context = { label, param };
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw invalidInput(`${label} (price_data) must be an object.`, param);
	}
	const source = value as IDataObject;
	checkKeys(source, ['currency', 'product', 'product_data', 'recurring', 'tax_behavior', 'unit_amount', 'unit_amount_decimal'], context);
	const result: IDataObject = {};
	result.currency = currencyCode(source.currency, label, `${param}[currency]`);
	const hasProduct = !isBlank(source.product);
	if (hasProduct === (source.product_data !== undefined)) {
		throw invalidInput(`${label}: give exactly one of Product ID (product) or Product Name (product_data).`, `${param}[product_data]`);
	}
	if (hasProduct) {
		// Any id: Stripe lets a product's id be chosen at creation, e.g. a SKU such as sku-tshirt-red.
		result.product = String(source.product).trim();
	} else {
		result.product_data = productData(source.product_data, { label, param: `${param}[product_data]` });
	}
	if (isBlank(source.unit_amount) === isBlank(source.unit_amount_decimal)) {
		throw invalidInput(`${label}: give exactly one of Unit Amount or Unit Amount (Decimal).`, `${param}[unit_amount]`);
	}
	if (!isBlank(source.unit_amount)) {
		const amountLabel = `${label}: Unit Amount`;
		result.unit_amount =
			format === 'decimal'
				? decimalToMinorUnits(source.unit_amount, String(result.currency), amountLabel, `${param}[unit_amount]`)
				: wholeNumber(source.unit_amount, amountLabel, `${param}[unit_amount]`, 0);
	} else {
		const decimal = String(source.unit_amount_decimal).trim();
		if (!/^\d+(\.\d{1,12})?$/.test(decimal)) {
			throw invalidInput(`${label}: Unit Amount (Decimal) "${decimal}" must be a non-negative number with at most 12 decimal places.`, `${param}[unit_amount_decimal]`);
		}
		result.unit_amount_decimal = decimal;
	}
	if (source.recurring !== undefined) {
		const recurring = asObject(source.recurring);
		checkKeys(recurring, ['interval', 'interval_count'], { label, param: `${param}[recurring]` });
		if (!INTERVALS.includes(String(recurring.interval))) {
			throw invalidInput(`${label}: Billing Interval "${String(recurring.interval)}" must be one of ${INTERVALS.join(', ')}.`, `${param}[recurring][interval]`);
		}
		result.recurring = { interval: recurring.interval };
		if (!isBlank(recurring.interval_count)) {
			(result.recurring as IDataObject).interval_count = wholeNumber(recurring.interval_count, `${label}: Interval Count`, `${param}[recurring][interval_count]`, 1);
		}
	}
	if (!isBlank(source.tax_behavior)) {
		if (!TAX_BEHAVIORS.includes(String(source.tax_behavior))) {
			throw invalidInput(`${label}: Tax Behavior "${String(source.tax_behavior)}" must be one of ${TAX_BEHAVIORS.join(', ')}.`, `${param}[tax_behavior]`);
		}
		result.tax_behavior = source.tax_behavior;
	}
	return result;
}

function productData(value: unknown, context: ItemContext): IDataObject {
	const { label, param } = context;
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidInput(`${label}: product_data must be an object.`, param);
	const source = value as IDataObject;
	checkKeys(source, ['description', 'images', 'metadata', 'name', 'tax_code', 'tax_details', 'unit_label'], context);
	if (isBlank(source.name)) throw invalidInput(`${label}: Product Name is required.`, `${param}[name]`);
	const result: IDataObject = { name: String(source.name) };
	for (const key of ['description', 'tax_code', 'unit_label']) if (!isBlank(source[key])) result[key] = String(source[key]);
	if (source.images !== undefined) {
		const images = stringList(source.images);
		if (images.length > MAX_IMAGES) throw invalidInput(`${label}: at most ${MAX_IMAGES} Product Images are allowed (got ${images.length}).`, `${param}[images]`);
		result.images = images;
	}
	if (source.metadata !== undefined) result.metadata = metadataRowsToObject(source.metadata, `${label}: Product Metadata`, `${param}[metadata]`);
	if (source.tax_details !== undefined) {
		const details = asObject(source.tax_details);
		checkKeys(details, ['performance_location', 'tax_code'], { label, param: `${param}[tax_details]` });
		const taxDetails: IDataObject = {};
		if (!isBlank(details.performance_location)) taxDetails.performance_location = String(details.performance_location);
		if (details.tax_code !== undefined && details.tax_code !== null) taxDetails.tax_code = String(details.tax_code);
		result.tax_details = taxDetails;
	}
	return result;
}
