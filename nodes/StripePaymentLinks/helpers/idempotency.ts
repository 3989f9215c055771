import { createHash } from 'crypto';
import type { IBinaryData, IDataObject, IExecuteSingleFunctions, INodeExecutionData } from 'n8n-workflow';
import { isBinaryValue } from 'n8n-workflow';

/** Which sends of a POST count as the same request (Request Options → Automatic Idempotency). */
export type IdempotencyScope = 'item' | 'execution' | 'off';

/** The key sent when the user gave none, or undefined when automatic keys are off. */
export async function automaticIdempotencyKey(
	context: IExecuteSingleFunctions,
	scope: IdempotencyScope,
	body: unknown,
): Promise<string | undefined> {
	if (scope === 'off') return undefined;
	if (scope === 'execution') return executionKey(context, body);
	return await itemKey(context, body);
}

/**
 * Same Input Item: derived from what identifies the work rather than from the run, so that a new
 * execution sending the same item again (n8n's Retry execution, a manual re-run, the next
 * scheduled run) replays Stripe's first answer for as long as Stripe keeps keys (24 hours):
 * - the workflow and this node (its id, so that renaming the node keeps the keys);
 * - the input item's own data: its JSON and the content of its binary data;
 * - its position among identical items of this input, so two identical rows are two links;
 * - the request body, so that a changed request never replays an old answer.
 *
 * Deliberately not the upstream run (`source.previousNodeRun`): loop passes with different rows
 * differ by their data already, and a re-run often splits rows into passes differently (rows
 * already written back get filtered out), which would change every key and duplicate links.
 * The price: identical rows that arrive in different loop passes count as the same row.
 */
async function itemKey(context: IExecuteSingleFunctions, body: unknown): Promise<string> {
	const { fingerprint, occurrence } = await itemIdentity(context);
	const node = context.getNode();
	return hashKey(['item', context.getWorkflow().id ?? '', node.id ?? node.name, fingerprint, occurrence, body]);
}

/**
 * This Execution Only: the same item within the same execution (our own retries and n8n's Retry
 * On Fail) replays; any new execution creates anew. The upstream source keeps loop passes apart.
 */
export function executionKey(context: IExecuteSingleFunctions, body: unknown): string {
	return hashKey([
		context.getWorkflow().id ?? '',
		context.getExecutionId() ?? '',
		context.getNode().name,
		context.getExecuteData()?.source ?? null,
		context.getItemIndex(),
		body,
	]);
}

function hashKey(parts: unknown[]): string {
	return `n8n-${sha256(stableJson(parts)).slice(0, 48)}`;
}

interface InputIdentities {
	fingerprints: string[];
	/** How many identical items come before each item in the input. */
	occurrences: number[];
}

/**
 * Keyed by the node run's input array: RoutingNode prepares every item against the same one, so
 * the whole input is fingerprinted once per run, by whichever item asks first (O(n), not O(n²)),
 * and a new input (a new run) is fingerprinted anew.
 */
const identitiesByInput = new WeakMap<INodeExecutionData[], Promise<InputIdentities>>();

async function itemIdentity(context: IExecuteSingleFunctions): Promise<{ fingerprint: string; occurrence: number }> {
	const index = context.getItemIndex();
	const items = context.getExecuteData()?.data?.main?.[0];
	if (!Array.isArray(items) || !items[index]) {
		// Not fed by a main input (e.g. called as an AI tool): the item alone identifies the work.
		return { fingerprint: await fingerprintItem(context, context.getInputData()), occurrence: 0 };
	}
	let identities = identitiesByInput.get(items);
	if (!identities) {
		identities = identifyAll(context, items);
		identitiesByInput.set(items, identities);
	}
	const { fingerprints, occurrences } = await identities;
	return { fingerprint: fingerprints[index], occurrence: occurrences[index] };
}

async function identifyAll(context: IExecuteSingleFunctions, items: INodeExecutionData[]): Promise<InputIdentities> {
	const fingerprints: string[] = [];
	for (const item of items) fingerprints.push(await fingerprintItem(context, item));
	const seen = new Map<string, number>();
	const occurrences = fingerprints.map((fingerprint) => {
		const count = seen.get(fingerprint) ?? 0;
		seen.set(fingerprint, count + 1);
		return count;
	});
	return { fingerprints, occurrences };
}

/**
 * An item's JSON and binary data. Binary data is identified by its content, never by the id n8n
 * stores it under (filesystem or database mode): that id names the execution that produced it,
 * so it changes on every re-run. Binary values inside the JSON (n8n's combined binary mode) are
 * treated the same way.
 */
async function fingerprintItem(context: IExecuteSingleFunctions, item: INodeExecutionData | undefined): Promise<string> {
	const binaries: IBinaryData[] = [];
	collectBinaries(item?.json, binaries);
	for (const value of Object.values(item?.binary ?? {})) binaries.push(value);
	const contentHashes = new Map<object, string>();
	for (const binary of binaries) contentHashes.set(binary, await binaryContentHash(context, binary));
	const replace = (value: object) => {
		const hash = contentHashes.get(value);
		return hash === undefined ? undefined : JSON.stringify({ binaryContent: hash });
	};
	return sha256(stableJson([item?.json ?? {}, item?.binary ?? null], replace));
}

function collectBinaries(value: unknown, found: IBinaryData[]): void {
	if (value === null || typeof value !== 'object') return;
	if (isBinaryValue(value)) {
		found.push(value as IBinaryData);
		return;
	}
	for (const entry of Array.isArray(value) ? value : Object.values(value)) collectBinaries(entry, found);
}

async function binaryContentHash(context: IExecuteSingleFunctions, binary: IBinaryData): Promise<string> {
	const hash = createHash('sha256');
	hash.update(`${binary.mimeType ?? ''}\n`);
	if (binary.id) {
		try {
			const stream = await context.helpers.getBinaryStream(binary.id);
			for await (const chunk of stream) hash.update(chunk as Buffer);
		} catch {
			// Unreadable here: its id is the only identity left (a re-run then counts as new work).
			hash.update(`id:${binary.id}`);
		}
	} else {
		hash.update(Buffer.from(String(binary.data ?? ''), 'base64'));
	}
	return hash.digest('hex');
}

/** JSON with object keys sorted, so that the same data always hashes the same. */
function stableJson(value: unknown, replace: (value: object) => string | undefined = () => undefined): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	const replaced = replace(value);
	if (replaced !== undefined) return replaced;
	if (Array.isArray(value)) return `[${value.map((entry) => stableJson(entry, replace)).join(',')}]`;
	if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
	const object = value as IDataObject;
	const entries = Object.keys(object)
		.sort()
		.filter((key) => object[key] !== undefined)
		.map((key) => `${JSON.stringify(key)}:${stableJson(object[key], replace)}`);
	return `{${entries.join(',')}}`;
}

function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}
