/**
 * Create's Expires At (issue 14): an n8n dateTime field whose value goes into the link's
 * metadata as expires_at, in ISO 8601 UTC, through n8n-core's RoutingNode against the
 * emulator. How it meets Metadata rows, Metadata (JSON), Create If Missing's key and the
 * metadata limits, and what is refused before sending.
 */
import { NodeApiError } from 'n8n-workflow';

import { startEmulator, type Emulator } from './harness/emulator';
import { runNode, TEST_SECRET_KEY } from './harness/runNode';

let emu: Emulator;
let price: any;
const credentials = () => ({ baseUrl: emu.url });
const posts = () => emu.requests.filter((request) => request.method === 'POST');
const fast = { maxRequestsPerSecond: 0 };

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY] });
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.reset();
	price = emu.seedPrice({ unit_amount: 900, currency: 'usd', product: { name: 'Webinar seat' } });
});

function create(additionalFields: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return {
		operation: 'create',
		lineItemsV2: { items: [{ price: { __rl: true, mode: 'id', value: price.id }, quantity: 1 }] },
		additionalFields,
		requestSettings: fast,
		...extra,
	};
}

async function expiresAtSent(value: unknown, items?: Array<Record<string, unknown>>): Promise<string> {
	await runNode({ credentials: credentials(), typeVersion: 2, items, parameters: create({ expiresAt: value }) });
	return posts()[0].body.metadata?.expires_at;
}

describe('Expires At is stored in the metadata as ISO 8601 UTC', () => {
	test.each([
		['an ISO date-time in UTC', '2099-12-31T23:59:59Z', '2099-12-31T23:59:59Z'],
		['with an offset', '2099-06-30T18:00:00+02:00', '2099-06-30T16:00:00Z'],
		['with milliseconds and an offset without colon', '2099-06-30T18:00:00.250-0130', '2099-06-30T19:30:00.250Z'],
		// The harness workflow's time zone is n8n's default, America/New_York (UTC-4 in summer, -5 in winter).
		['a date alone: midnight in the workflow’s time zone', '2099-06-30', '2099-06-30T04:00:00Z'],
		['a date-time without offset, as n8n’s date picker stores it', '2099-01-15T09:30:00', '2099-01-15T14:30:00Z'],
		['a space instead of T, seconds left out', '2099-01-15 09:30', '2099-01-15T14:30:00Z'],
	])('%s: %s → %s', async (_name, value, stored) => {
		expect(await expiresAtSent(value)).toBe(stored);
	});

	test('from an expression: a Luxon DateTime ({{ $now.plus(…) }}) or a sheet cell', async () => {
		const before = Date.now();
		const fromLuxon = await expiresAtSent('={{ $now.plus({ days: 7 }) }}');
		expect(fromLuxon).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
		const week = 7 * 24 * 3600 * 1000;
		expect(Date.parse(fromLuxon)).toBeGreaterThanOrEqual(before + week - 1000);
		expect(Date.parse(fromLuxon)).toBeLessThanOrEqual(Date.now() + week);
		emu.requests.length = 0;
		expect(await expiresAtSent('={{ $json.expires_at }}', [{ expires_at: ' 2099-03-01T00:00:00Z ' }])).toBe('2099-03-01T00:00:00Z');
	});

	test('an empty cell means no expiry; the simplified output shows expires_at, or null', async () => {
		const output = await runNode({
			credentials: credentials(),
			typeVersion: 2,
			items: [{ expires_at: '' }, { expires_at: '2099-12-31T23:59:59Z' }],
			parameters: create({ expiresAt: '={{ $json.expires_at }}' }),
		});
		expect(output.map((item) => item.json.expires_at)).toEqual([null, '2099-12-31T23:59:59Z']);
		expect(output[1].json.metadata).toEqual({ expires_at: '2099-12-31T23:59:59Z' });
		const sent = posts().map((request) => request.body.metadata ?? null);
		expect(sent).toEqual(expect.arrayContaining([null, { expires_at: '2099-12-31T23:59:59Z' }]));
		expect(posts().every((request) => !('expires_at' in request.body))).toBe(true);
	});

	test('with Metadata rows, Metadata (JSON) and Create If Missing’s key, all of them are stored (the same time in Metadata is written as Expires At writes it)', async () => {
		const [link] = await runNode({
			credentials: credentials(),
			typeVersion: 2,
			parameters: create(
				{
					expiresAt: '2099-12-31T23:59:59Z',
					metadata: { values: [{ key: 'sku', value: 'CAP-NVY' }] },
					metadataJson: '{"campaign": "spring-sale", "expires_at": "2099-12-31T23:59:59.000Z"}',
				},
				{ createIfMissing: { lookup: { key: 'CAP-NVY' } } },
			),
		});
		expect(posts()[0].body.metadata).toEqual({ campaign: 'spring-sale', expires_at: '2099-12-31T23:59:59Z', n8n_link_key: 'CAP-NVY', sku: 'CAP-NVY' });
		expect(link.json.expires_at).toBe('2099-12-31T23:59:59Z');
	});
});

describe('refused before sending, naming the field', () => {
	const fiftyKeys = Array.from({ length: 50 }, (_, index) => ({ key: `k${index}`, value: 'v' }));
	test.each([
		['a time in the past', { expiresAt: '2020-01-31T00:00:00Z' }, {}, /^Expires At: 2020-01-31T00:00:00Z has already passed \(it is now \d{4}-.*Z\)\. Give a time in the future\.$/, 'expires_at'],
		['now, to the second', { expiresAt: '={{ $now }}' }, {}, /^Expires At: .* has already passed/, 'expires_at'],
		['words', { expiresAt: 'next friday' }, {}, /^Expires At: "next friday" is not a date\. Give an ISO 8601 date or date-time such as 2026-06-30 or 2026-06-30T18:00:00Z \(without an offset it is read in the workflow's time zone, America\/New_York\)\.$/, 'expires_at'],
		['a day-first date', { expiresAt: '31/12/2099' }, {}, /^Expires At: "31\/12\/2099" is not a date\./, 'expires_at'],
		['a date that does not exist', { expiresAt: '2099-02-30' }, {}, /^Expires At: "2099-02-30" is not a date\./, 'expires_at'],
		['a Unix timestamp', { expiresAt: '={{ 4102444800 }}' }, {}, /^Expires At: the number 4102444800 is not a date\./, 'expires_at'],
		[
			'a different expires_at in the Metadata rows',
			{ expiresAt: '2099-12-31T23:59:59Z', metadata: { values: [{ key: 'expires_at', value: '2099-01-01' }] } },
			{},
			/^Metadata: "expires_at" is where Expires At is stored \(2099-12-31T23:59:59Z\), but Metadata sets it to "2099-01-01"\. Remove it from Metadata or leave Expires At empty\.$/,
			'metadata[expires_at]',
		],
		['a different expires_at in Metadata (JSON)', { expiresAt: '2099-12-31T23:59:59Z', metadataJson: '{"expires_at": "soon"}' }, {}, /^Metadata: "expires_at" is where Expires At is stored .* Metadata sets it to "soon"/, 'metadata[expires_at]'],
		['a 51st metadata key', { expiresAt: '2099-12-31T23:59:59Z', metadata: { values: fiftyKeys } }, {}, /^Metadata: Expires At is stored as one more metadata key \(expires_at\), and the link already has 50; Stripe allows at most 50\.$/, 'metadata[expires_at]'],
		[
			'Create If Missing storing its key under expires_at',
			{ expiresAt: '2099-12-31T23:59:59Z' },
			{ createIfMissing: { lookup: { key: 'row-7', metadataKey: 'expires_at' } } },
			/^Metadata: "expires_at" is where Create If Missing stores the key \("row-7"\), but Metadata sets it to "2099-12-31T23:59:59Z"/,
			'metadata[expires_at]',
		],
	])('%s', async (_name, additionalFields, extra, message, param) => {
		const error = await runNode({ credentials: credentials(), typeVersion: 2, parameters: create(additionalFields, extra) }).catch((caught) => caught);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(new RegExp(`^Parameter: ${param.replace(/[[\]]/g, '\\$&')}$`, 'm'));
		expect(emu.requests).toHaveLength(0);
	});

	test('with Continue On Fail, a past date in one row leaves the other rows’ links made', async () => {
		const output = await runNode({
			credentials: credentials(),
			typeVersion: 2,
			continueOnFail: true,
			items: [{ expires_at: '2099-01-01' }, { expires_at: '2001-01-01' }, { expires_at: '' }],
			parameters: create({ expiresAt: '={{ $json.expires_at }}' }),
		});
		expect(output.map((item) => (item.json.error as any)?.message?.slice(0, 44) ?? item.json.expires_at)).toEqual([
			'2099-01-01T05:00:00Z',
			'Expires At: 2001-01-01T05:00:00Z has already',
			null,
		]);
		expect(posts()).toHaveLength(2);
	});
});
