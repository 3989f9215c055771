/**
 * The secret key never appears in item output, error messages, error details or n8n's logs,
 * on the paths where a key is most likely to slip out: failed auth, server errors, lost
 * connections, refused credentials, Continue On Fail items and the credential test.
 * (The global teardown also scans everything the whole suite produced.)
 */
import { inspect } from 'util';

import { LoggerProxy } from 'n8n-workflow';

import { runCredentialTest } from './harness/credentialTest';
import { startEmulator, type Emulator } from './harness/emulator';
import { runNode, TEST_SECRET_KEY } from './harness/runNode';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FAKE_SECRETS } = require('./setup/fakeSecrets');

let emu: Emulator;
const seen: string[] = [];
const record = (value: unknown) => seen.push(inspect(value, { depth: 12, showHidden: true, maxStringLength: Infinity }));

beforeAll(async () => {
	emu = await startEmulator({ apiKeys: [TEST_SECRET_KEY] });
	const log = (message: string, meta?: object) => record({ message, meta });
	LoggerProxy.init({ error: log, warn: log, info: log, debug: log, verbose: log } as never);
});
afterAll(async () => emu.close());

/** What a user can see: the items, or the error n8n shows with all its details. */
async function attempt(run: () => Promise<unknown>): Promise<void> {
	try {
		record(await run());
	} catch (error) {
		record(error);
	}
}

test('no secret in outputs, errors or logs on the risky paths', async () => {
	const price = emu.seedPrice({ unit_amount: 100, currency: 'usd', product: { name: 'Pin' } });
	const create = { operation: 'create', lineItems: { items: [{ price: price.id, quantity: 1 }] } };
	const wrongKey = FAKE_SECRETS[1];

	await attempt(() => runNode({ credentials: { baseUrl: emu.url }, parameters: create }));
	await attempt(() => runNode({ credentials: { baseUrl: emu.url, secretKey: wrongKey }, parameters: create }));
	await attempt(() => runNode({ credentials: { baseUrl: emu.url, secretKey: wrongKey }, continueOnFail: true, parameters: create }));
	emu.setFaults({ failNext: [{ status: 500, shouldRetry: false }] });
	await attempt(() => runNode({ credentials: { baseUrl: emu.url }, parameters: create }));
	emu.setFaults({});
	await attempt(() => runNode({ credentials: { baseUrl: 'http://127.0.0.1:9' }, parameters: { ...create, requestSettings: { maxRetries: 0 } } }));
	await attempt(() => runNode({ credentials: { baseUrl: 'http://stripe.example' }, parameters: create }));
	await attempt(() => runNode({ credentials: { baseUrl: emu.url, secretKey: FAKE_SECRETS[3] }, parameters: create }));
	await attempt(() => runNode({ credentials: { baseUrl: emu.url }, continueOnFail: true, parameters: { ...create, lineItems: { items: [{ price: 'price_nope', quantity: 1 }] } } }));
	await attempt(() => runCredentialTest({ baseUrl: emu.url, secretKey: wrongKey }));
	await attempt(() => runCredentialTest({ baseUrl: 'http://127.0.0.1:9' }));

	expect(seen.length).toBeGreaterThanOrEqual(10);
	const everything = seen.join('\n');
	// The scan is real: the masked form of the wrong key is there, the key itself is not.
	expect(everything).toMatch(/Invalid API Key provided: sk_test_\*+WXYZ/);
	for (const secret of FAKE_SECRETS) expect(everything).not.toContain(secret);
});
