/**
 * Amounts as sheets write them (issue 14): Inline Price's Amount Format. The sample sheet runs
 * through n8n-core's RoutingNode with the sheet example's own Create node, and every row's
 * unit_amount must match a table written by hand; the conversion uses the currency's decimals
 * and the decimal text, never floating point. Every refusal names the row and the field and
 * sends nothing.
 */
import fs from 'fs';
import path from 'path';

import type { IDataObject, INodeProperties, INodePropertyCollection } from 'n8n-workflow';
import { NodeApiError, NodeHelpers } from 'n8n-workflow';

import { startEmulator, type Emulator } from './harness/emulator';
import { nodeType, runNode, TEST_SECRET_KEY } from './harness/runNode';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EXPECTED_EXPIRES_AT, EXPECTED_UNIT_AMOUNTS, readSampleSheet } = require('./harness/sampleSheet');

const ROOT = path.resolve(__dirname, '..');
const fast = { maxRequestsPerSecond: 0 };

let emu: Emulator;
const credentials = () => ({ baseUrl: emu.url });
const posts = () => emu.requests.filter((request) => request.method === 'POST');

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY] });
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.reset();
	emu.seedProduct({ id: 'sku-tshirt-red', name: 'Red T-shirt' });
});

/** A version-2 Create with one Inline Price row. */
function createWithRow(priceData: IDataObject, extra: IDataObject = {}) {
	return {
		operation: 'create',
		lineItemsV2: { items: [{ priceSource: 'priceData', priceData: { productName: 'Poster', ...priceData }, quantity: 1 }] },
		requestSettings: fast,
		...extra,
	};
}

describe('the sample sheet (12 rows in USD, EUR, JPY and KWD, decimal prices)', () => {
	test('through RoutingNode with the sheet example’s Create node: every unit_amount is exactly the expected one', async () => {
		const rows = readSampleSheet();
		expect(rows).toHaveLength(12);
		expect(new Set(rows.map((row: IDataObject) => row.currency))).toEqual(new Set(['usd', 'eur', 'jpy', 'kwd']));
		const example = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/sheet-to-payment-links.json'), 'utf8'));
		const create = example.nodes.find((node: IDataObject) => node.name === 'Create payment link');

		const output = await runNode({
			credentials: credentials(),
			typeVersion: create.typeVersion,
			items: rows,
			parameters: { ...create.parameters, requestSettings: fast },
		});

		expect(output.map((item) => item.json.error ?? null)).toEqual(rows.map(() => null));
		const sent = posts().map((request) => request.body);
		expect(sent).toHaveLength(12);
		// Requests go out concurrently: match each to its row by the sku in its metadata.
		const bySku = new Map(sent.map((body) => [body.metadata.sku, body]));
		const table = rows.map((row: IDataObject) => {
			const [written, currency, expected] = EXPECTED_UNIT_AMOUNTS[row.sku as string];
			expect([row.price, row.currency]).toEqual([written, currency]);
			const priceData = bySku.get(row.sku)!.line_items[0].price_data;
			return [row.sku, priceData.currency, Number(priceData.unit_amount), expected];
		});
		for (const [sku, currency, sentAmount, expected] of table) expect({ sku, currency, sentAmount }).toEqual({ sku, currency, sentAmount: expected });
		// The expires_at column went into the metadata, in UTC; rows without one have none.
		expect(Object.fromEntries(sent.filter((body) => body.metadata.expires_at).map((body) => [body.metadata.sku, body.metadata.expires_at]))).toEqual(EXPECTED_EXPIRES_AT);
		// And the prices Stripe made from them.
		for (const [index, item] of output.entries()) {
			const [lineItem] = emu.state.lineItems.get(String(item.json.id))!;
			expect(emu.state.prices.get(lineItem.price).unit_amount).toBe(EXPECTED_UNIT_AMOUNTS[rows[index].sku][2]);
		}
	});
});

describe('Amount Format: Decimal accepts the forms sheets produce', () => {
	test.each([
		[19.99, 'usd', 1999],
		['19.99', 'usd', 1999],
		['19,99', 'usd', 1999],
		['  25 ', 'usd', 2500],
		['\u00a019.90\u00a0', 'eur', 1990],
		['19.990', 'usd', 1999],
		['0,5', 'eur', 50],
		[',99', 'eur', 99],
		['1234,56', 'eur', 123456],
		[0.07, 'usd', 7],
		['0', 'usd', 0],
		[1299, 'jpy', 1299],
		['1299.00', 'jpy', 1299],
		['5.120', 'kwd', 5120],
		['0.75', 'bhd', 750],
		['1234.56', 'huf', 123456],
		['1234.5', 'twd', 123450],
		['5000', 'ugx', 500000],
		['12.00', 'isk', 1200],
		['100000000', 'krw', 100000000],
		['19.99', 'USD', 1999],
	])('%p %s → %p', async (written, currency, expected) => {
		await runNode({ credentials: credentials(), typeVersion: 2, items: [{ price: written }], parameters: createWithRow({ amountFormat: 'decimal', currency, unitAmount: '={{ $json.price }}' }) });
		expect(posts()[0].body.line_items[0].price_data.unit_amount).toBe(String(expected));
	});

	test('Unit Amount (Decimal) is always in the smallest unit, whatever the format', async () => {
		await runNode({ credentials: credentials(), typeVersion: 2, parameters: createWithRow({ amountFormat: 'decimal', currency: 'usd', unitAmount: 0, unitAmountDecimal: '1000.5' }) });
		expect(posts()[0].body.line_items[0].price_data).toEqual({ currency: 'usd', product_data: { name: 'Poster' }, unit_amount_decimal: '1000.5' });
	});

	test('Line Items (JSON) gets the same choice; Smallest Unit stays its default', async () => {
		const json = (unitAmount: unknown) => JSON.stringify([{ price_data: { currency: 'usd', unit_amount: unitAmount, product_data: { name: 'Poster' } }, quantity: 1 }]);
		await runNode({ credentials: credentials(), typeVersion: 2, parameters: { operation: 'create', lineItemsMode: 'json', lineItemsJson: json(1999), requestSettings: fast } });
		await runNode({
			credentials: credentials(),
			typeVersion: 2,
			parameters: { operation: 'create', lineItemsMode: 'json', jsonAmountFormat: 'decimal', lineItemsJson: json('19,99'), requestSettings: fast },
		});
		expect(posts().map((request) => request.body.line_items[0].price_data.unit_amount)).toEqual(['1999', '1999']);
	});
});

describe('saved workflows keep sending the smallest unit', () => {
	const inlinePrice = (typeVersion: number) => {
		const values = NodeHelpers.getNodeParameters(nodeType.description.properties, { operation: 'create' }, true, false, { typeVersion } as never, nodeType.description)!;
		const lineItems = nodeType.description.properties.find(
			(property) => property.name === (typeVersion === 1 ? 'lineItems' : 'lineItemsV2') && NodeHelpers.displayParameter(values, property, { typeVersion } as never, nodeType.description),
		)!;
		return (lineItems.options as INodePropertyCollection[])[0].values.find((field) => field.name === 'priceData')!;
	};

	test('a new version-2 row starts with Amount Format: Decimal; a version-1 row has no default to gain it from', () => {
		expect(inlinePrice(2).default).toEqual({ amountFormat: 'decimal', currency: 'usd', productName: '', unitAmount: 0 });
		expect(inlinePrice(1).default).toEqual({});
		const field = (inlinePrice(2).options as INodeProperties[]).find((option) => option.name === 'amountFormat')!;
		// Added to a row later (or to a version-1 row) it says what a row without it means.
		expect(field.default).toBe('smallestUnit');
	});

	test.each([1, 2])('version %i: a row saved without Amount Format sends Unit Amount as it is', async (typeVersion) => {
		const row = typeVersion === 1 ? { price: '', priceData: { currency: 'usd', productName: 'Poster', unitAmount: 1999 } } : { priceSource: 'priceData', priceData: { currency: 'usd', productName: 'Poster', unitAmount: 1999 } };
		await runNode({ credentials: credentials(), typeVersion, parameters: { operation: 'create', [typeVersion === 1 ? 'lineItems' : 'lineItemsV2']: { items: [{ ...row, quantity: 1 }] }, requestSettings: fast } });
		expect(posts()[0].body.line_items[0].price_data.unit_amount).toBe('1999');
	});

	test('version 1 rows can choose Decimal too', async () => {
		await runNode({
			credentials: credentials(),
			typeVersion: 1,
			parameters: { operation: 'create', lineItems: { items: [{ priceData: { amountFormat: 'decimal', currency: 'jpy', productName: 'Mug', unitAmount: '1299' }, quantity: 1 }] }, requestSettings: fast },
		});
		expect(posts()[0].body.line_items[0].price_data.unit_amount).toBe('1299');
	});
});

interface Refusal {
	name: string;
	value: unknown;
	currency: string;
	message: string;
	json?: boolean;
	format?: string;
}

const UNIT_AMOUNT = 'Line item 1: Inline Price: Unit Amount';
const refusals: Refusal[] = [
	{ name: 'more decimals than USD has', value: '19.999', currency: 'usd', message: `${UNIT_AMOUNT} "19.999" has 3 decimals; USD has at most 2 decimals. If the point separates thousands, write 19999.` },
	{ name: 'decimals in a zero-decimal currency (a number)', value: 12.5, currency: 'jpy', message: `${UNIT_AMOUNT} "12.5" has 1 decimal; JPY is a zero-decimal currency: whole units only.` },
	{ name: 'a KWD amount whose last digit is not 0', value: '5.125', currency: 'kwd', message: `${UNIT_AMOUNT} "5.125" has 3 decimals; KWD has 3 decimals and Stripe requires the last one to be 0, e.g. 5.120.` },
	{ name: 'fractional króna (ISK is charged in whole units)', value: '12.50', currency: 'isk', message: `${UNIT_AMOUNT} "12.50" has 1 decimal; Stripe charges ISK in whole units only.` },
	{ name: 'a negative amount', value: '-5', currency: 'usd', message: `${UNIT_AMOUNT} "-5" is negative; a price is 0 or more.` },
	{ name: 'a negative number', value: -19.99, currency: 'eur', message: `${UNIT_AMOUNT} "-19.99" is negative; a price is 0 or more.` },
	{ name: 'text that is not a number', value: 'twelve', currency: 'usd', message: `${UNIT_AMOUNT} "twelve" is not a number. With Amount Format Decimal, write the amount as on a price tag, e.g. 19.99 or 19,99.` },
	{ name: 'a currency symbol', value: '$19.99', currency: 'usd', message: `${UNIT_AMOUNT} "$19.99" is not a number. With Amount Format Decimal, write the amount as on a price tag, e.g. 19.99 or 19,99.` },
	{ name: 'a space as thousands separator', value: '1 299', currency: 'jpy', message: `${UNIT_AMOUNT} "1 299" is not a number. With Amount Format Decimal, write the amount as on a price tag, e.g. 19.99 or 19,99.` },
	{ name: 'an empty cell', value: '  ', currency: 'usd', message: 'Line item 1: Inline Price: give exactly one of Unit Amount or Unit Amount (Decimal).' },
	{ name: 'a boolean', value: true, currency: 'usd', message: `${UNIT_AMOUNT} must be a number such as 19.99 (got true).` },
	{ name: 'an ambiguous comma (1,299)', value: '1,299', currency: 'jpy', message: `${UNIT_AMOUNT} "1,299" is ambiguous: the comma may separate thousands (1299) or decimals (1.299). Write 1299 or 1.299.` },
	{ name: 'an ambiguous comma in a three-decimal currency', value: '12,250', currency: 'kwd', message: `${UNIT_AMOUNT} "12,250" is ambiguous: the comma may separate thousands (12250) or decimals (12.250). Write 12250 or 12.250.` },
	{ name: 'thousands and decimal separators together', value: '1.299,00', currency: 'eur', message: `${UNIT_AMOUNT} "1.299,00" has more than one separator. Write the amount without thousands separators, with a point or a comma before the decimals, e.g. 1299.99.` },
	{ name: 'an unknown Amount Format from an expression', value: '19.99', currency: 'usd', format: 'cents', message: 'Line item 1: Inline Price: Amount Format "cents" must be "smallestUnit" (Smallest Unit) or "decimal" (Decimal).' },
	{ name: 'JSON mode: more decimals than USD has', value: '19.999', currency: 'usd', json: true, message: 'Line Items (JSON), item 1: Inline Price: Unit Amount "19.999" has 3 decimals; USD has at most 2 decimals. If the point separates thousands, write 19999.' },
	{ name: 'JSON mode: an ambiguous comma', value: '1,299', currency: 'jpy', json: true, message: 'Line Items (JSON), item 1: Inline Price: Unit Amount "1,299" is ambiguous: the comma may separate thousands (1299) or decimals (1.299). Write 1299 or 1.299.' },
	{ name: 'JSON mode: an unknown Amount Format', value: '19.99', currency: 'usd', json: true, format: 'major', message: 'Line Items (JSON): Amount Format "major" must be "smallestUnit" (Smallest Unit) or "decimal" (Decimal).' },
];

function refusalParameters(refusal: Refusal) {
	if (refusal.json) {
		return {
			operation: 'create',
			lineItemsMode: 'json',
			jsonAmountFormat: refusal.format ?? 'decimal',
			lineItemsJson: '={{ [{ price_data: { currency: $json.currency, unit_amount: $json.price, product_data: { name: "Poster" } }, quantity: 1 }] }}',
			requestSettings: fast,
		};
	}
	return createWithRow({ amountFormat: refusal.format ?? 'decimal', currency: '={{ $json.currency }}', unitAmount: '={{ $json.price }}' });
}

describe('refusals name the row and the field, and send nothing', () => {
	test.each(refusals.map((refusal) => [refusal.name, refusal] as const))('%s', async (_name, refusal) => {
		const error = await runNode({
			credentials: credentials(),
			typeVersion: 2,
			items: [{ price: refusal.value, currency: refusal.currency }],
			parameters: refusalParameters(refusal),
		}).catch((caught) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(refusal.message);
		expect(error.context.itemIndex).toBe(0);
		expect(error.description).toMatch(/^Parameter: line_items(\[0\]\[price_data\]\[unit_amount\])?$/m);
		expect(emu.requests).toHaveLength(0);
	});

	test('with Continue On Fail, each bad row is reported for its row and the good rows still become links', async () => {
		const items = [
			{ price: '19.99', currency: 'usd' },
			{ price: '19.999', currency: 'usd' },
			{ price: '1299', currency: 'jpy' },
			{ price: '1,299', currency: 'jpy' },
			{ price: '4.5', currency: 'kwd' },
		];
		const output = await runNode({
			credentials: credentials(),
			typeVersion: 2,
			continueOnFail: true,
			items,
			parameters: createWithRow({ amountFormat: 'decimal', currency: '={{ $json.currency }}', unitAmount: '={{ $json.price }}' }),
		});
		expect(output.map((item) => [item.pairedItem, (item.json.error as IDataObject | undefined)?.param ?? 'ok'])).toEqual([
			[{ item: 0 }, 'ok'],
			[{ item: 1 }, 'line_items[0][price_data][unit_amount]'],
			[{ item: 2 }, 'ok'],
			[{ item: 3 }, 'line_items[0][price_data][unit_amount]'],
			[{ item: 4 }, 'ok'],
		]);
		expect(posts().map((request) => request.body.line_items[0].price_data.unit_amount).sort()).toEqual(['1299', '1999', '4500']);
	});

	test(`${refusals.length} refusal cases`, () => {
		expect(refusals.length).toBeGreaterThanOrEqual(15);
	});
});
