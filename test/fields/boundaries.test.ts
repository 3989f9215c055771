/**
 * Generated boundary test: for every leaf parameter of PaymentLinkCreateParams and
 * PaymentLinkUpdateParams (schema.js, from stripe@23.1.0's types) with the limits of Stripe's
 * OpenAPI spec (openapi.js), values at Stripe's limits go through n8n-core's RoutingNode to the
 * strict emulator: the longest allowed string, the smallest and largest numbers, every enum
 * value, ids of the user's choosing. The node must neither refuse them nor change them on the
 * wire, and the emulator must accept them. Values just past a limit the node or the emulator
 * enforces must be refused with an error that names the parameter.
 *
 * Which form field feeds which parameter is not written down here: it is found by probing the
 * coverage test's parameter sets (allFields.ts). Each form value is changed in turn, and the
 * wire parameter whose value changes the same way is the one it feeds.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { startEmulator, type Emulator, type RecordedRequest } from '../harness/emulator';
import { nodeType, runNode, TEST_SECRET_KEY } from '../harness/runNode';
import { createParameters, updateParameters } from './allFields';

/* eslint-disable @typescript-eslint/no-require-imports */
const { loadSchemas, leafPaths } = require('../emulator/schema');
const { annotate, loadSpec } = require('../emulator/openapi');
/* eslint-enable @typescript-eslint/no-require-imports */

type Endpoint = 'create' | 'update';
type FormPath = Array<string | number>;
interface SchemaNode {
	kind: string;
	props?: Record<string, SchemaNode>;
	items?: SchemaNode;
	values?: any;
	open?: boolean;
	maxLength?: number;
	integer?: boolean;
	format?: string;
}
interface WireLeaf {
	pattern: string;
	value: string;
}
/** A form value and the wire parameter it feeds. `list`: one part of a comma-separated list. */
interface Mapping {
	template: number;
	form: FormPath;
	concrete: string;
	pattern: string;
	how: 'same' | 'list' | 'array' | 'mapKey';
}
interface Case {
	value: unknown;
	/** What must be on the wire at the concrete path (default: String(value)). */
	wire?: unknown;
	/** Past a limit: the message must name this limit. */
	refusedFor?: string;
}

const schemas: Record<Endpoint, SchemaNode> = annotate(loadSchemas(), loadSpec({ required: true }).spec);

/** Stripe's metadata limits (docs.stripe.com/api/metadata); the spec only says "string". */
const METADATA = { keyLength: 40, valueLength: 500 };
/** Strings the spec gives no maxLength: as long as Stripe's longest documented parameter. */
const UNBOUNDED_STRING = 5000;
/**
 * Parameters newer than the spec (it predates a few endive ones): their limit as the API
 * reference (stripe-node's docstrings) states it. The node enforces these.
 */
const DOCUMENTED_MAX_LENGTH: Record<string, number> = {
	'subscription_data.invoice_settings.custom_fields[].name': 40, // "This may be up to 40 characters."
	'subscription_data.invoice_settings.custom_fields[].value': 140, // "This may be up to 140 characters."
};
const LONG_PRICE_ID = `price_${'p'.repeat(4994)}`;
const LONG_PRODUCT_ID = `sku-${'s'.repeat(4996)}`;

/**
 * Numbers: the spec gives integer or decimal but no range, so the range is Stripe's documented
 * one (the stripe-node docstrings) where there is one; `enforced` marks bounds the node or the
 * emulator refuses past. Elsewhere the largest value is a large amount the node must pass on.
 */
const RANGES: Record<string, { min: number; max: number; decimal?: true; enforced?: Array<'min' | 'max'> }> = {
	'line_items[].quantity': { min: 1, max: 999999, enforced: ['min'] }, // Stripe: "must be greater than or equal to 1"
	'update:line_items[].quantity': { min: 0, max: 999999 }, // the node lets Stripe judge 0 on Update
	'optional_items[].quantity': { min: 1, max: 999999, enforced: ['min'] },
	'line_items[].adjustable_quantity.minimum': { min: 0, max: 999999 }, // "any non-negative Integer"
	'line_items[].adjustable_quantity.maximum': { min: 0, max: 999999, enforced: ['max'] }, // "up to 999999"
	'optional_items[].adjustable_quantity.minimum': { min: 0, max: 999999 },
	'optional_items[].adjustable_quantity.maximum': { min: 0, max: 999999, enforced: ['max'] },
	'line_items[].price_data.recurring.interval_count': { min: 1, max: 36 }, // "three years", months here
	'line_items[].price_data.unit_amount': { min: 0, max: 99999999 }, // "non-negative"
	application_fee_amount: { min: 0, max: 99999999 },
	application_fee_percent: { min: 0, max: 100, decimal: true }, // "between 0 and 100, at most two decimal places"
	'restrictions.completed_sessions.limit': { min: 1, max: 99999999 },
	'subscription_data.trial_period_days': { min: 1, max: 99999999 }, // "at least 1"
	'transfer_data.amount': { min: 1, max: 99999999 }, // 0 means "not set" in the form
	'custom_fields[].text.minimum_length': { min: 1, max: 255 },
	'custom_fields[].text.maximum_length': { min: 1, max: 255 },
	'custom_fields[].numeric.minimum_length': { min: 1, max: 255 },
	'custom_fields[].numeric.maximum_length': { min: 1, max: 255 },
};

/** Ids that must name an existing object: ids of the user's choosing, seeded in the emulator. */
const ID_VALUES: Record<string, { values: string[]; pastLimit: string }> = {
	'line_items[].price': { values: ['gold-monthly', LONG_PRICE_ID], pastLimit: `${LONG_PRICE_ID}x` },
	'optional_items[].price': { values: ['gold-monthly', LONG_PRICE_ID], pastLimit: `${LONG_PRICE_ID}x` },
	'line_items[].price_data.product': { values: ['sku-tshirt-red', LONG_PRODUCT_ID], pastLimit: `${LONG_PRODUCT_ID}x` },
};

/** Leaves the probe cannot vary on their own, each with the reason and where they are tested. */
const NOT_PROBED: Record<Endpoint, Record<string, string>> = {
	create: {
		currency: 'must match the line items’ currencies: the currency test below',
		'line_items[].price_data.currency': 'all line items share one currency: the currency test below',
		'custom_fields[].dropdown.default_value': 'must equal an option value: tested with one below',
		'custom_fields[].label.type': 'its only value, custom, is what the node always sends',
		'line_items[].adjustable_quantity.enabled': 'the form sends it (true) only when the toggle is on',
		'optional_items[].adjustable_quantity.enabled': 'the form sends it (true) only when the toggle is on',
	},
	update: {
		'custom_fields[].dropdown.default_value': 'must equal an option value: tested on Create',
		'custom_fields[].label.type': 'its only value, custom, is what the node always sends',
		'line_items[].adjustable_quantity.enabled': 'the form sends it (true) only when the toggle is on',
		'optional_items[].adjustable_quantity.enabled': 'the form sends it (true) only when the toggle is on',
		'line_items[].id': 'an id Stripe generates (li_…) and that must exist on the link',
	},
};

let emu: Emulator;
let templates: Record<Endpoint, IDataObject[]>;
const fast = { maxRequestsPerSecond: 0 };

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY], strict: true });
	const priceA = emu.seedPrice({ unit_amount: 1500, currency: 'usd', product: { name: 'T-shirt' } });
	const priceB = emu.seedPrice({ unit_amount: 500, currency: 'usd', product: { name: 'Sticker' } });
	emu.seedPrice({ id: 'gold-monthly', unit_amount: 2000, currency: 'usd', recurring: { interval: 'month' }, product: { name: 'Gold' } });
	emu.seedPrice({ id: LONG_PRICE_ID, unit_amount: 100, currency: 'usd', product: { name: 'Long' } });
	emu.seedProduct({ id: 'sku-tshirt-red', name: 'Red T-shirt' });
	emu.seedProduct({ id: LONG_PRODUCT_ID, name: 'Long id' });
	const link = emu.seedPaymentLink({ line_items: [{ price: priceA.id, quantity: 1 }] });
	const lineItemId = emu.state.lineItems.get(link.id)![0].id;
	const create = widenRanges(createParameters(priceA.id, priceB.id, String(priceA.product)) as IDataObject);
	const update = widenRanges(updateParameters(link.id, lineItemId, priceB.id) as IDataObject);
	// A second Create that redirects, so after_completion.redirect.url is on the wire too.
	const redirect = {
		operation: 'create',
		lineItems: { items: [{ price: { __rl: true, mode: 'list', value: priceA.id }, quantity: 1 }] },
		additionalFields: { afterCompletion: { values: { type: 'redirect', url: 'https://shop.example/thanks' } } },
	};
	const redirectUpdate = {
		operation: 'update',
		paymentLinkId: { __rl: true, mode: 'id', value: link.id },
		updateFields: { afterCompletion: { values: { type: 'redirect', url: 'https://shop.example/thanks' } } },
	};
	templates = { create: [create, redirect], update: [update, redirectUpdate] };
});
afterAll(async () => emu.close());

/** Ranges wide enough that one bound can move to its limit without crossing its partner. */
function widenRanges(parameters: IDataObject): IDataObject {
	const copy = JSON.parse(JSON.stringify(parameters));
	const visit = (value: any): void => {
		if (Array.isArray(value)) return value.forEach(visit);
		if (!value || typeof value !== 'object') return;
		if ('adjustableQuantity' in value) Object.assign(value, { minimum: 0, maximum: 999999 });
		if ('minimumLength' in value) Object.assign(value, { minimumLength: 1, maximumLength: 255 });
		Object.values(value).forEach(visit);
	};
	visit(copy);
	return copy;
}

// ---------------------------------------------------------------------------------------------
// Running the node and reading the wire

async function send(parameters: IDataObject) {
	const before = emu.requests.length;
	const [item] = await runNode({
		credentials: { baseUrl: emu.url },
		parameters: { ...parameters, requestSettings: fast } as any,
		continueOnFail: true,
	});
	const sent: RecordedRequest[] = emu.requests.slice(before).filter((request) => request.method === 'POST');
	return { item, request: sent[0] as RecordedRequest | undefined, sentCount: sent.length };
}

const bracket = (segments: Array<string | number>) => segments.map((s, i) => (i === 0 ? String(s) : `[${s}]`)).join('');

/** Every scalar of a decoded body: concrete path (Stripe's brackets) → leaf pattern and value. */
function flatten(body: unknown, schema: SchemaNode): Map<string, WireLeaf> {
	const out = new Map<string, WireLeaf>();
	const walk = (value: any, node: SchemaNode | undefined, segments: Array<string | number>, pattern: string) => {
		if (value !== null && typeof value === 'object') {
			for (const [key, child] of Object.entries(value)) {
				if (node?.kind === 'array') walk(child, node.items, [...segments, key], `${pattern}[]`);
				else if (node?.kind === 'map') walk(child, node.values, [...segments, key], `${pattern}.*`);
				else walk(child, node?.props?.[key], [...segments, key], pattern ? `${pattern}.${key}` : key);
			}
			return;
		}
		out.set(bracket(segments), { pattern, value: String(value) });
	};
	walk(body, schema, [], '');
	return out;
}

// ---------------------------------------------------------------------------------------------
// The form: its values, and the property definitions behind them

function formLeaves(value: unknown, path: FormPath = []): Array<{ path: FormPath; value: unknown }> {
	if (Array.isArray(value)) {
		if (value.every((entry) => entry === null || typeof entry !== 'object')) return [{ path, value }];
		return value.flatMap((entry, index) => formLeaves(entry, [...path, index]));
	}
	if (value && typeof value === 'object') {
		if ((value as IDataObject).__rl) return (value as IDataObject).value ? [{ path: [...path, 'value'], value: (value as IDataObject).value }] : [];
		return Object.entries(value).flatMap(([key, entry]) => (path.length === 0 && ['operation', 'paymentLinkId'].includes(key) ? [] : formLeaves(entry, [...path, key])));
	}
	return value === '' || value === null || value === undefined ? [] : [{ path, value }];
}

/** The property that defines the form value at `path`, for the operation. */
function propertyAt(operation: string, path: FormPath): INodeProperties | undefined {
	let candidates = nodeType.description.properties.filter((p) => !p.displayOptions?.show?.operation || p.displayOptions.show.operation.includes(operation));
	let property: INodeProperties | undefined;
	for (const segment of path) {
		if (typeof segment === 'number') continue;
		if (property?.type === 'resourceLocator') return property;
		if (property?.type === 'fixedCollection') {
			const option = (property.options as Array<{ name: string; values: INodeProperties[] }>).find((o) => o.name === segment);
			candidates = option?.values ?? [];
			property = undefined;
			continue;
		}
		property = candidates.find((p) => p.name === segment);
		if (!property) return undefined;
		if (property.type === 'collection') candidates = property.options as INodeProperties[];
	}
	return property;
}

const optionValues = (property: INodeProperties | undefined) =>
	((property?.options ?? []) as Array<{ value?: unknown }>).map((option) => option.value).filter((value) => value !== '' && value !== undefined);

function setAt(parameters: IDataObject, path: FormPath, value: unknown): IDataObject {
	const copy = JSON.parse(JSON.stringify(parameters));
	let node = copy;
	for (const key of path.slice(0, -1)) node = node[key];
	node[path[path.length - 1]] = value;
	return copy;
}

/** A changed value the node's own checks still take: longer, or the same length and form. */
function variants(value: unknown, property: INodeProperties | undefined): unknown[] {
	if (typeof value === 'boolean') return [!value];
	if (typeof value === 'number') return [value + 1, value - 1];
	if (property && ['options'].includes(property.type)) return optionValues(property).filter((option) => option !== value).slice(0, 1);
	const text = String(value);
	const last = text[text.length - 1];
	const swapped = /\d/.test(last) ? String((Number(last) + 1) % 10) : last === 'z' ? 'y' : String.fromCharCode(last.charCodeAt(0) + 1);
	return [`${text}Z`, text.slice(0, -1) + swapped];
}

// ---------------------------------------------------------------------------------------------
// Probing: which form value feeds which wire parameter

async function probe(endpoint: Endpoint): Promise<Map<string, Mapping>> {
	const mappings = new Map<string, Mapping>();
	const add = (mapping: Mapping) => {
		if (!mappings.has(mapping.pattern)) mappings.set(mapping.pattern, mapping);
	};
	for (const [template, parameters] of templates[endpoint].entries()) {
		const base = await send(parameters);
		expect([endpoint, template, base.request?.status]).toEqual([endpoint, template, 200]);
		const wire = flatten(base.request!.body, schemas[endpoint]);
		for (const leaf of formLeaves(parameters)) {
			if (Array.isArray(leaf.value)) {
				// A multi-select: the wire list that holds exactly its values.
				const prefixes = new Map<string, WireLeaf[]>();
				for (const [concrete, entry] of wire) {
					const prefix = concrete.replace(/\[\d+\]$/, '');
					if (prefix !== concrete) prefixes.set(prefix, [...(prefixes.get(prefix) ?? []), entry]);
				}
				for (const [prefix, entries] of prefixes) {
					if (entries.map((entry) => entry.value).join() === leaf.value.map(String).join()) {
						add({ template, form: leaf.path, concrete: prefix, pattern: entries[0].pattern, how: 'array' });
					}
				}
				continue;
			}
			for (const [concrete, entry] of wire) {
				if (entry.pattern.endsWith('.*') && concrete.endsWith(`[${String(leaf.value)}]`)) {
					add({ template, form: leaf.path, concrete, pattern: `${entry.pattern}#key`, how: 'mapKey' });
				}
			}
			for (const variant of variants(leaf.value, propertyAt(String(parameters.operation), leaf.path))) {
				const changed = await send(setAt(parameters, leaf.path, variant));
				if (!changed.request) continue;
				const after = flatten(changed.request.body, schemas[endpoint]);
				const parts = String(variant).split(',').map((part) => part.trim());
				let found = false;
				for (const [concrete, entry] of after) {
					const before = wire.get(concrete);
					if (!before || before.value === entry.value) continue;
					if (entry.value === String(variant)) add({ template, form: leaf.path, concrete, pattern: entry.pattern, how: 'same' });
					else if (parts.length > 1 && entry.value === parts[parts.length - 1]) add({ template, form: leaf.path, concrete, pattern: entry.pattern, how: 'list' });
					else continue;
					found = true;
				}
				if (found) break;
			}
		}
	}
	return mappings;
}

// ---------------------------------------------------------------------------------------------
// The values at and past each limit

const longString = (template: string, length: number) => {
	const prefix = /^(https:\/\/[^/]+\/|[a-z]+_)/.exec(template)?.[1] ?? '';
	return prefix + 'x'.repeat(length - prefix.length);
};

function cases(endpoint: Endpoint, mapping: Mapping, templateValue: unknown): Case[] {
	if (mapping.how === 'mapKey') {
		return [
			{ value: 'k'.repeat(METADATA.keyLength) },
			{ value: 'k'.repeat(METADATA.keyLength + 1), refusedFor: String(METADATA.keyLength) },
		];
	}
	const node = nodeAt(schemas[endpoint], mapping.pattern);
	if (mapping.how === 'array') {
		const property = propertyAt(endpoint, mapping.form);
		const offered = optionValues(property).map(String);
		if (node.kind === 'enum' && !node.open) expect([mapping.pattern, node.values.filter((v: string) => !offered.includes(v))]).toEqual([mapping.pattern, []]);
		return [{ value: offered, wire: offered }];
	}
	if (ID_VALUES[mapping.pattern]) {
		const ids = ID_VALUES[mapping.pattern];
		return [...ids.values.map((value) => ({ value })), { value: ids.pastLimit, refusedFor: String(node.maxLength) }];
	}
	switch (node.kind) {
		case 'boolean':
			return [{ value: true }, { value: false }];
		case 'enum': {
			const offered = optionValues(propertyAt(endpoint, mapping.form)).map(String);
			const values: string[] = node.open ? offered : node.values;
			return values.map((value) => ({ value }));
		}
		case 'decimal':
			return [{ value: '0' }, { value: '999999999999.123456789012' }, { value: '1.1234567890123', refusedFor: '12 decimal places' }];
		case 'number': {
			const range = RANGES[`${endpoint}:${mapping.pattern}`] ?? RANGES[mapping.pattern];
			expect([mapping.pattern, Boolean(range)]).toEqual([mapping.pattern, true]);
			const list: Case[] = [{ value: range.min }, { value: range.max }];
			if (range.decimal) list.push({ value: 12.34 });
			if (range.enforced?.includes('min')) list.push({ value: range.min - 1, refusedFor: String(range.min) });
			if (range.enforced?.includes('max')) list.push({ value: range.max + 1, refusedFor: String(range.max) });
			return list;
		}
		default: {
			const isMapValue = mapping.pattern.endsWith('.*');
			const limit = isMapValue ? METADATA.valueLength : (node.maxLength ?? DOCUMENTED_MAX_LENGTH[mapping.pattern]);
			const max = limit ?? UNBOUNDED_STRING;
			const list: Case[] = [{ value: longString(String(templateValue), max) }];
			if (limit !== undefined) list.push({ value: longString(String(templateValue), max + 1), refusedFor: String(max) });
			return list;
		}
	}
}

function nodeAt(schema: SchemaNode, pattern: string): SchemaNode {
	let node = schema;
	for (const part of pattern.replace(/#key$/, '').split('.')) {
		const [name, ...arrays] = part.split('[]');
		node = name === '*' ? node.values : node.props![name];
		for (let i = 0; i < arrays.length; i++) node = node.items!;
	}
	return node;
}

// ---------------------------------------------------------------------------------------------

const report: string[] = [];
afterAll(() => console.log(`Boundary values through RoutingNode to the strict emulator:\n${report.join('\n')}`));

describe.each<Endpoint>(['create', 'update'])('%s: every leaf parameter at and past its limits', (endpoint) => {
	test('no value the spec allows is refused or changed; values past an enforced limit are refused naming the parameter', async () => {
		const mappings = await probe(endpoint);
		const leaves: string[] = leafPaths(schemas[endpoint]);
		const excluded = Object.keys(NOT_PROBED[endpoint]);
		expect(excluded.filter((leaf) => !leaves.includes(leaf))).toEqual([]);
		for (const leaf of excluded) mappings.delete(leaf);
		const probed = leaves.filter((leaf) => mappings.has(leaf) || mappings.has(`${leaf}#key`));
		expect(leaves.filter((leaf) => !probed.includes(leaf) && !excluded.includes(leaf))).toEqual([]);

		const problems: string[] = [];
		let accepted = 0;
		let refused = 0;
		for (const mapping of mappings.values()) {
			const parameters = templates[endpoint][mapping.template];
			const templateValue = mapping.form.reduce<any>((node, key) => node[key], parameters);
			for (const c of cases(endpoint, mapping, templateValue)) {
				let formValue = c.value;
				if (mapping.how === 'list') formValue = [...String(templateValue).split(',').slice(0, -1), String(c.value)].join(',');
				const { item, request } = await send(setAt(parameters, mapping.form, formValue));
				const error = item.json.error as IDataObject | undefined;
				const shown = `${mapping.pattern} = ${JSON.stringify(c.value).slice(0, 40)}`;
				if (c.refusedFor) {
					refused++;
					const concrete = mapping.how === 'mapKey' ? mapping.concrete.replace(/\[[^[\]]*\]$/, '') : mapping.concrete;
					if (!error || request?.status === 200) problems.push(`${shown}: not refused`);
					else if (!String(error.param).startsWith(concrete) || !String(error.message).includes(c.refusedFor)) {
						problems.push(`${shown}: refused without naming ${concrete} and ${c.refusedFor}: ${error.param} ${error.message}`);
					}
					continue;
				}
				accepted++;
				if (error || !request) {
					problems.push(`${shown}: refused: ${error?.message ?? 'nothing sent'}`);
					continue;
				}
				const wire = flatten(request.body, schemas[endpoint]);
				const expected = c.wire ?? c.value;
				let actual: unknown;
				if (mapping.how === 'array') actual = [...wire].filter(([concrete]) => concrete.startsWith(`${mapping.concrete}[`)).map(([, leaf]) => leaf.value);
				else if (mapping.how === 'mapKey') actual = wire.has(mapping.concrete.replace(/\[[^[\]]*\]$/, `[${String(c.value)}]`)) ? c.value : undefined;
				else actual = wire.get(mapping.concrete)?.value;
				if (JSON.stringify(actual) !== JSON.stringify(Array.isArray(expected) ? expected : String(expected))) {
					problems.push(`${shown}: on the wire as ${JSON.stringify(actual)?.slice(0, 60)}`);
				}
				if (request.status !== 200) problems.push(`${shown}: the emulator answered ${request.status}`);
			}
		}
		report.push(`${endpoint.padEnd(7)} ${probed.length}/${leaves.length} leaves probed (${excluded.length} tested apart or fixed), ${accepted} values at the limits sent unchanged and accepted, ${refused} past the limits refused naming the parameter`);
		expect(problems).toEqual([]);
	});
});

describe('values the probe cannot vary alone', () => {
	const create = () => templates.create[1];

	test('every supported currency passes lowercased; an unknown one is Stripe’s to refuse, naming the field', async () => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { SUPPORTED_CURRENCIES } = require('../emulator/currencies');
		const inline = (currency: string) => ({
			...create(),
			lineItems: { items: [{ price: { __rl: true, mode: 'list', value: '' }, quantity: 1, priceData: { currency, productName: 'Tee', unitAmount: 100 } }] },
			additionalFields: { currency },
		});
		for (const currency of [...SUPPORTED_CURRENCIES, 'EUR']) {
			const { item, request } = await send(inline(currency));
			expect([currency, item.json.error, request?.status]).toEqual([currency, undefined, 200]);
			expect(request!.body.currency).toBe(currency.toLowerCase());
			expect(request!.body.line_items[0].price_data.currency).toBe(currency.toLowerCase());
		}
		const { item } = await send(inline('zzz'));
		expect(item.json.error).toMatchObject({ param: 'currency', message: expect.stringMatching(/^Invalid currency: zzz\./) });
		report.push(`currency ${SUPPORTED_CURRENCIES.length + 1} codes sent lowercased and accepted, zzz refused by the emulator naming the field`);
	});

	test('a dropdown default at the longest option value', async () => {
		const value = 'v'.repeat(100);
		const { item, request } = await send({
			...create(),
			additionalFields: {
				customFields: { fields: [{ key: 'size', label: 'Size', type: 'dropdown', defaultValue: value, dropdownOptions: { options: [{ label: 'L'.repeat(100), value }] } }] },
			},
		});
		expect(item.json.error).toBeUndefined();
		expect(request!.body.custom_fields[0].dropdown).toEqual({ default_value: value, options: [{ label: 'L'.repeat(100), value }] });
	});
});
