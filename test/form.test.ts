/**
 * The form as an n8n user reads it (issue 12): which fields the editor shows for the values
 * chosen, names and order, node versions, and what the node sends and returns as a result.
 * Description checks use n8n-workflow's own NodeHelpers, the code the editor runs; behaviour
 * runs the built node through RoutingNode against the emulator.
 */
import fs from 'fs';
import path from 'path';

import type {
	ICredentialTestRequest,
	IDataObject,
	INode,
	INodeParameters,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeApiError, NodeHelpers } from 'n8n-workflow';

import { runCredentialTest } from './harness/credentialTest';
import { startEmulator, type Emulator } from './harness/emulator';
import { credentialType, nodeType, runNode, TEST_SECRET_KEY } from './harness/runNode';

const description = nodeType.description;
const ROOT = path.resolve(__dirname, '..');

let emu: Emulator;
let price: any;
const credentials = () => ({ baseUrl: emu.url });
const posts = () => emu.requests.filter((r) => r.method === 'POST');

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY] });
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.reset();
	price = emu.seedPrice({ unit_amount: 1500, currency: 'usd', product: { name: 'T-shirt' } });
});

const node = (typeVersion: number) => ({ typeVersion }) as INode;

/** The top-level property `name` the editor shows for these parameters and node version. */
function shownProperty(name: string, parameters: INodeParameters, typeVersion: number): INodeProperties {
	const values = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node(typeVersion), description)!;
	const shown = description.properties.filter(
		(property) => property.name === name && NodeHelpers.displayParameter(values, property, node(typeVersion), description),
	);
	expect(shown).toHaveLength(1);
	return shown[0];
}

function optionOf(collection: INodeProperties, name: string): INodeProperties {
	const option = (collection.options as INodeProperties[]).find((candidate) => candidate.name === name);
	if (!option) throw new Error(`${collection.name} has no option ${name}`);
	return option;
}

function rowFields(group: INodeProperties): INodeProperties[] {
	return (group.options as INodePropertyCollection[])[0].values;
}

/** The row fields the editor shows for a row holding `row`: each field's show rule against its siblings. */
function shownRowFields(group: INodeProperties, row: IDataObject, typeVersion = 2): string[] {
	const fields = rowFields(group);
	const values = NodeHelpers.getNodeParameters(fields, row as INodeParameters, true, true, node(typeVersion), description)!;
	return fields.filter((field) => NodeHelpers.displayParameter(values, field, node(typeVersion), description)).map((field) => field.name);
}

const createLineItems = (typeVersion: number) => shownProperty(typeVersion === 1 ? 'lineItems' : 'lineItemsV2', { operation: 'create' }, typeVersion);
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

describe('node versions', () => {
	test('version 2 is the default; version 1 stays available', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	test.each(['create', 'update', 'get', 'getAll', 'activate', 'deactivate', 'deactivateExpired'])('%s: Simplify is off in version 1 and on in version 2', (operation) => {
		expect(shownProperty('simplify', { operation }, 1).default).toBe(false);
		expect(shownProperty('simplify', { operation }, 2).default).toBe(true);
	});

	test('a saved version-1 Create without Simplify still returns Stripe’s full object; version 2 the simplified one', async () => {
		const rows = { items: [{ price: byId(price.id), quantity: 1 }] };
		const [v1] = await runNode({ credentials: credentials(), parameters: { operation: 'create', lineItems: rows }, typeVersion: 1 });
		expect(v1.json.object).toBe('payment_link');
		expect(v1.json.line_items).toBeUndefined();
		const [v2] = await runNode({ credentials: credentials(), parameters: { operation: 'create', lineItemsV2: rows }, typeVersion: 2 });
		expect(Object.keys(v2.json).sort()).toEqual(['active', 'after_completion_type', 'currency', 'expires_at', 'id', 'idempotent_replayed', 'livemode', 'metadata', 'url']);
		// Both sent the same request.
		expect(posts()[1].rawBody).toBe(posts()[0].rawBody);
	});
});

describe('line items', () => {
	test('version 2 rows start with a Price Source; each source shows only its own fields', () => {
		const lineItems = createLineItems(2);
		const priceSource = rowFields(lineItems)[0];
		expect(priceSource.name).toBe('priceSource');
		expect(priceSource.default).toBe('price');
		expect((priceSource.options as INodePropertyOptions[]).map((option) => [option.name, option.value])).toEqual([
			['Existing Price', 'price'],
			['Inline Price', 'priceData'],
		]);
		expect(shownRowFields(lineItems, {})).toEqual(['priceSource', 'price', 'quantity', 'adjustableQuantity']);
		expect(shownRowFields(lineItems, { priceSource: 'priceData' })).toEqual(['priceSource', 'priceData', 'quantity', 'adjustableQuantity']);
		expect(shownRowFields(lineItems, { priceSource: 'priceData', adjustableQuantity: true })).toEqual([
			'priceSource',
			'priceData',
			'quantity',
			'adjustableQuantity',
			'minimum',
			'maximum',
		]);
	});

	test('version 1 rows keep both price fields, so saved workflows send what they did', () => {
		expect(shownRowFields(createLineItems(1), {}, 1)).toEqual(['price', 'priceData', 'quantity', 'adjustableQuantity']);
		const inlinePrice = (typeVersion: number) => rowFields(createLineItems(typeVersion)).find((field) => field.name === 'priceData')!;
		// A version-1 row without an inline price must not gain one from a default.
		expect(inlinePrice(1).default).toEqual({});
		// Version 2 shows the fields every new price needs as soon as Inline Price is chosen, amounts as written.
		expect(Object.keys(inlinePrice(2).default as IDataObject)).toEqual(['amountFormat', 'currency', 'productName', 'unitAmount']);
	});

	test.each([
		['Create line items (v1)', () => createLineItems(1)],
		['Create line items (v2)', () => createLineItems(2)],
		['Line Items to Update', () => optionOf(shownProperty('updateFields', { operation: 'update' }, 2), 'lineItems')],
		['Optional Items', () => optionOf(shownProperty('additionalFields', { operation: 'create' }, 2), 'optionalItems')],
	])('%s: Minimum and Maximum Quantity only while Adjustable Quantity is on', (_name, group) => {
		expect(shownRowFields(group(), { priceSource: 'price' })).not.toEqual(expect.arrayContaining(['minimum']));
		expect(shownRowFields(group(), { priceSource: 'price', adjustableQuantity: true })).toEqual(
			expect.arrayContaining(['adjustableQuantity', 'minimum', 'maximum']),
		);
	});

	const createV2 = (row: IDataObject, items?: IDataObject[]) =>
		runNode({ credentials: credentials(), items, typeVersion: 2, parameters: { operation: 'create', lineItemsV2: { items: [row] } } });
	const stalePriceData = { currency: 'eur', productName: 'Stale', unitAmount: 100 };

	test('Inline Price sends only price_data, even when the row still holds a Price', async () => {
		await createV2({ priceSource: 'priceData', price: byId(price.id), priceData: { currency: 'usd', productName: 'Mug', unitAmount: 900 } });
		expect(posts()[0].body.line_items).toEqual([{ price_data: { currency: 'usd', product_data: { name: 'Mug' }, unit_amount: '900' }, quantity: '1' }]);
	});

	test('the Price Source from an expression decides, and a stale value of the other source is not sent', async () => {
		// An expression shows every field in n8n, so both values reach the node: it reads the source.
		await createV2(
			{ priceSource: '={{ $json.source }}', price: byId(price.id), priceData: { currency: 'usd', productName: 'Mug', unitAmount: 900 } },
			[{ source: 'priceData' }, { source: 'price' }],
		);
		const [first, second] = posts().map((request) => request.body.line_items[0]);
		expect(Object.keys(first).sort()).toEqual(['price_data', 'quantity']);
		expect(second).toEqual({ price: price.id, quantity: '1' });
	});

	test('Existing Price sends only price; it is the default', async () => {
		await createV2({ price: byId(price.id), priceData: stalePriceData });
		expect(posts()[0].body.line_items).toEqual([{ price: price.id, quantity: '1' }]);
	});

	test('a missing Price or an unknown Price Source is refused naming the row, before sending', async () => {
		await expect(createV2({ priceSource: 'price', priceData: stalePriceData })).rejects.toThrow(
			'Line item 1: Price is required when Price Source is Existing Price.',
		);
		await expect(createV2({ priceSource: '={{ "catalog" }}', price: byId(price.id) })).rejects.toThrow(
			/Line item 1: Price Source "catalog" must be "price" \(Existing Price\) or "priceData" \(Inline Price\)/,
		);
		expect(emu.requests).toHaveLength(0);
	});

	test('Minimum and Maximum left from an adjustable row are not sent once it is off', async () => {
		await createV2({ price: byId(price.id), adjustableQuantity: false, minimum: 2, maximum: 5 });
		expect(posts()[0].body.line_items[0].adjustable_quantity).toBeUndefined();
	});

	test('labels are whole: short enough for the default panel width', () => {
		// In the n8n 2.41.1 editor at its default panel width "Customer Can Adjust Quantity" was cut
		// to "Customer Can Adjust Quant…" in a row; an Additional Field label has 184 px, where
		// "Application Fee Amount (Connect)" (32 characters) was cut and 27 characters take 165 px.
		for (const group of [createLineItems(1), createLineItems(2), optionOf(shownProperty('additionalFields', { operation: 'create' }, 2), 'customFields')]) {
			for (const field of rowFields(group)) expect(field.displayName.length).toBeLessThanOrEqual(20);
		}
		for (const [collection, operation] of [
			['additionalFields', 'create'],
			['updateFields', 'update'],
		]) {
			for (const option of shownProperty(collection, { operation }, 2).options as INodeProperties[]) {
				expect(option.displayName.length).toBeLessThanOrEqual(27);
			}
		}
	});
});

describe('custom fields', () => {
	const customFields = () => optionOf(shownProperty('additionalFields', { operation: 'create' }, 2), 'customFields');

	test('Type and Key come first; each type shows only its own fields', () => {
		expect(rowFields(customFields()).slice(0, 2).map((field) => field.name)).toEqual(['type', 'key']);
		expect(shownRowFields(customFields(), { type: 'dropdown' })).toEqual(['type', 'key', 'label', 'optional', 'dropdownOptions', 'defaultValue']);
		for (const type of ['text', 'numeric']) {
			expect(shownRowFields(customFields(), { type })).toEqual(['type', 'key', 'label', 'optional', 'defaultValue', 'minimumLength', 'maximumLength']);
		}
		expect(shownRowFields(customFields(), {})).toEqual(shownRowFields(customFields(), { type: 'text' }));
	});

	test('a text field left with dropdown options, and a dropdown left with lengths, send only their own settings', async () => {
		const options = { options: [{ label: 'Small', value: 's' }] };
		await runNode({
			credentials: credentials(),
			typeVersion: 2,
			parameters: {
				operation: 'create',
				lineItemsV2: { items: [{ price: byId(price.id), quantity: 1 }] },
				additionalFields: {
					customFields: {
						fields: [
							{ type: 'text', key: 'engraving', label: 'Engraving', dropdownOptions: options, maximumLength: 20 },
							{ type: 'dropdown', key: 'size', label: 'Size', dropdownOptions: options, minimumLength: 3 },
						],
					},
				},
			},
		});
		expect(posts()[0].body.custom_fields).toEqual([
			{ key: 'engraving', label: { type: 'custom', custom: 'Engraving' }, type: 'text', optional: 'false', text: { maximum_length: '20' } },
			{ key: 'size', label: { type: 'custom', custom: 'Size' }, type: 'dropdown', optional: 'false', dropdown: { options: [{ label: 'Small', value: 's' }] } },
		]);
	});
});

describe('groups in Additional Fields and Update Fields', () => {
	/** What the editor stores after adding `option` (its value as the editor adds it) and then one more field. */
	function keptAfterAddingAnother(collection: INodeProperties, option: INodeProperties, operation: string): boolean {
		// The editor adds a list as {} and any other field as a copy of its default.
		const added = option.typeOptions?.multipleValues ? {} : structuredClone(option.default);
		const other = (collection.options as INodeProperties[]).find((candidate) => candidate.type === 'boolean')!;
		const parameters = { operation, [collection.name]: { [option.name]: added, [other.name]: other.default } };
		const stored = NodeHelpers.getNodeParameters(description.properties, parameters as INodeParameters, false, false, node(2), description)!;
		return option.name in ((stored[collection.name] as IDataObject) ?? {});
	}

	test.each([
		['additionalFields', 'create'],
		['updateFields', 'update'],
	])('%s: a group set once is kept when another field is added before it is filled in; a list says it is not', (name, operation) => {
		const collection = shownProperty(name, { operation }, 2);
		const groups = (collection.options as INodeProperties[]).filter((option) => option.type === 'fixedCollection');
		const single = groups.filter((group) => !group.typeOptions?.multipleValues).map((group) => group.name);
		expect(single).toEqual(expect.arrayContaining(['afterCompletion', 'automaticTax', 'invoiceCreation', 'transferData']));
		for (const group of groups) {
			if (group.typeOptions?.multipleValues) {
				// n8n core behaviour that a list cannot avoid: the field says so.
				expect({ group: group.name, kept: keptAfterAddingAnother(collection, group, operation) }).toEqual({ group: group.name, kept: false });
				expect(group.description).toMatch(/Add the first entry right away: n8n removes the field if it is still empty when another field is added\./);
			} else {
				expect({ group: group.name, kept: keptAfterAddingAnother(collection, group, operation) }).toEqual({ group: group.name, kept: true });
			}
		}
	});
});

describe('Create without line items', () => {
	test.each([
		['fields, version 1', 1, {}, /Line Items: a payment link needs at least one line item\. Add one with Add Line Item\./],
		['fields, version 2', 2, { lineItemsV2: { items: [] } }, /Line Items: a payment link needs at least one line item/],
		['JSON left empty', 2, { lineItemsMode: 'json' }, /Line Items \(JSON\): a payment link needs at least one line item/],
		['JSON empty array', 1, { lineItemsMode: 'json', lineItemsJson: '[]' }, /Line Items \(JSON\): a payment link needs at least one line item/],
	])('is refused before sending (%s)', async (_name, typeVersion, parameters, message) => {
		const error = await runNode({ credentials: credentials(), typeVersion, parameters: { operation: 'create', ...parameters } }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(emu.requests).toHaveLength(0);
	});

	test('the JSON mode has no value to send by default, only a placeholder', () => {
		const json = shownProperty('lineItemsJson', { operation: 'create', lineItemsMode: 'json' }, 2);
		expect(json.default).toBe('');
		expect(json.placeholder).toContain('"price"');
	});
});

describe('Simplify', () => {
	test('with Expand → Line Items it also holds the total and the product names, and the description lists every key', async () => {
		const sticker = emu.seedPrice({ unit_amount: 250, currency: 'usd', product: { name: 'Sticker' } });
		const [item] = await runNode({
			credentials: credentials(),
			typeVersion: 2,
			parameters: {
				operation: 'create',
				lineItemsV2: { items: [{ price: byId(price.id), quantity: 2 }, { price: byId(sticker.id), quantity: 1 }] },
				additionalFields: { expand: ['line_items', 'line_items.data.price.product'] },
			},
		});
		expect(item.json.amount_total).toBe(2 * 1500 + 250);
		expect(item.json.currency).toBe('usd');
		expect(item.json.product_names).toEqual(['T-shirt', 'Sticker']);
		expect((item.json.line_items as IDataObject[]).map((line) => line.price)).toEqual([price.id, sticker.id]);
		const text = shownProperty('simplify', { operation: 'create' }, 2).description!;
		for (const key of Object.keys(item.json)) expect(text).toContain(key);
		expect(text).toMatch(/When the response holds the line items \(Expand → Line Items, or Include Line Items on Get\) it also holds amount_total/);
	});
});

describe('names and order', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { updateDescription } = require('../dist/nodes/StripePaymentLinks/resources/paymentLink/update');

	test('Clear Settings names each setting as the Update field that sets it', () => {
		// The Update fields as defined, before the request pipeline lifts their routing.
		const updateFields = (updateDescription as INodeProperties[]).find((property) => property.name === 'updateFields')!;
		const fields = updateFields.options as INodeProperties[];
		const clear = fields.find((field) => field.name === 'clearSettings')!;
		expect(clear.options!.length).toBeGreaterThan(10);
		for (const option of clear.options as INodePropertyOptions[]) {
			const field = fields.find((candidate) => candidate.routing?.send?.property === option.value)!;
			expect({ value: option.value, name: option.name }).toEqual({ value: option.value, name: field.displayName });
		}
		const names = (clear.options as INodePropertyOptions[]).map((option) => option.name);
		expect(names).toEqual(expect.arrayContaining(['Limit Completed Sessions', 'Shipping Rate IDs', 'Blocked Card Brands', 'Transfer Data (Connect)']));
	});

	test('every option list of the node is in alphabetical order', () => {
		const unordered: string[] = [];
		const check = (where: string, names: string[]) => {
			const sorted = [...names].sort((a, b) => a.localeCompare(b));
			if (names.join('|') !== sorted.join('|')) unordered.push(`${where}: ${names.join(', ')}`);
		};
		const walk = (properties: INodeProperties[], where: string) => {
			for (const property of properties) {
				const here = `${where}/${property.name}`;
				if (property.type === 'collection') {
					check(here, (property.options as INodeProperties[]).map((option) => option.displayName));
					walk(property.options as INodeProperties[], here);
				} else if (property.type === 'options' || property.type === 'multiOptions') {
					check(here, (property.options as INodePropertyOptions[]).map((option) => option.name));
				} else if (property.type === 'fixedCollection') {
					for (const group of property.options as INodePropertyCollection[]) walk(group.values, `${here}.${group.name}`);
				}
			}
		};
		walk(description.properties, '');
		expect(unordered).toEqual([]);
		const additional = (shownProperty('additionalFields', { operation: 'create' }, 2).options as INodeProperties[]).map((o) => o.displayName);
		expect(additional.indexOf('Submit Type')).toBeLessThan(additional.indexOf('Subscription Data'));
	});

	test('Connect-only settings say so in their names', () => {
		for (const [collection, operation] of [
			['additionalFields', 'create'],
			['updateFields', 'update'],
		]) {
			const options = shownProperty(collection, { operation }, 2).options as INodeProperties[];
			const connect = options.filter((option) => option.displayName.endsWith('(Connect)')).map((option) => option.name);
			expect(connect.sort()).toEqual(['applicationFeeAmount', 'applicationFeePercent', 'onBehalfOf', 'transferData']);
		}
	});
});

describe('credential', () => {
	test('a publishable key is named as the cause, in the form and by the connection test', async () => {
		const notice = credentialType.properties.find((property) => property.type === 'notice')!;
		const shown = (secretKey: string) => NodeHelpers.displayParameter({ secretKey }, notice, null, null);
		expect(shown('pk_test_abcdefghijklmnop')).toBe(true);
		expect(shown('sk_test_abcdefghijklmnop')).toBe(false);
		expect(shown('')).toBe(false);
		expect(notice.displayName).toMatch(/publishable key \(pk_…\).*secret key \(sk_…\) or a restricted key \(rk_…\)/);

		// Stripe answers 401 (or 403) to a publishable key; n8n would show only "Unauthorized".
		const result = await runCredentialTest({ baseUrl: emu.url, secretKey: 'pk_test_abcdefghijklmnop' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Stripe did not accept the Secret Key \(401\).*a publishable key \(pk_…\) cannot call this API/);
		const rules = (credentialType.test as ICredentialTestRequest).rules!;
		expect(rules.map((rule) => rule.type === 'responseCode' && [rule.properties.value, /pk_…/.test(rule.properties.message)])).toEqual([
			[401, true],
			[403, true],
		]);
	});
});

describe('small things', () => {
	test('the node’s Docs link is the package README', () => {
		const codex = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes/StripePaymentLinks/StripePaymentLinks.node.json'), 'utf8'));
		const { homepage } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		expect(codex.resources.primaryDocumentation).toEqual([{ url: homepage }]);
	});
});

describe('one property per parameter where operations define it alike', () => {
	// The operation files each define their own Payment Link picker and Request Options; the node
	// merges alike definitions (helpers/mergeAcrossOperations.ts). No form may change by it.
	const dist = (file: string) => require(path.join(ROOT, 'dist/nodes/StripePaymentLinks/resources/paymentLink', file));
	const ownDescriptions: Record<string, INodeProperties[]> = {
		create: dist('create').createDescription,
		update: dist('update').updateDescription,
		get: dist('get').getDescription,
		getAll: dist('getMany').getManyDescription,
		getLineItems: dist('getLineItems').getLineItemsDescription,
		getPayments: dist('getPayments').getPaymentsDescription,
		deactivate: dist('deactivate').deactivateDescription,
		deactivateExpired: dist('deactivateExpired').deactivateExpiredDescription,
		activate: dist('activate').activateDescription,
	};
	const shownNames = (properties: INodeProperties[], operation: string, typeVersion: number) => {
		const values = NodeHelpers.getNodeParameters(description.properties, { operation }, true, false, node(typeVersion), description)!;
		return properties
			.filter((property) => property.name !== 'requestOptions' && NodeHelpers.displayParameter(values, property, node(typeVersion), description))
			.map((property) => property.name);
	};

	test.each(Object.keys(ownDescriptions).flatMap((operation) => [1, 2].map((typeVersion) => [operation, typeVersion] as const)))(
		'%s, version %i: the editor shows the operation’s own fields in its own order',
		(operation, typeVersion) => {
			expect(shownNames(description.properties, operation, typeVersion)).toEqual([
				'resource',
				'operation',
				...shownNames(ownDescriptions[operation], operation, typeVersion),
			]);
		},
	);

	test('the Payment Link picker is one property, Request Options two (with and without idempotency)', () => {
		const named = (name: string) => description.properties.filter((property) => property.name === name);
		expect(named('paymentLinkId')).toHaveLength(1);
		expect(named('requestSettings').map((property) => (property.options as INodeProperties[]).some((option) => option.name === 'idempotencyKey'))).toEqual([false, true]);
	});
});
