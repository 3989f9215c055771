import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidInput, StripeRequestFailure } from './errorHandling';
import { LIMITS, validateMetadata } from './validation';

export const DEFAULT_LOOKUP_METADATA_KEY = 'n8n_link_key';

export interface LookupSettings {
	key: string;
	metadataKey: string;
	includeInactive: boolean;
}

/** What the request pipeline lends a claim. */
export interface LinkSource {
	/** The account's links (active ones unless includeInactive), listed once per node run. */
	list(includeInactive: boolean): Promise<IDataObject[]>;
	/** Drops that listing, because a create's outcome is unknown and the listing may be out of date. */
	forget(includeInactive: boolean): void;
	create(): Promise<IDataObject>;
}

interface Entry {
	link: Promise<IDataObject>;
	settled: boolean;
	resolve(link: IDataObject): void;
	reject(error: unknown): void;
}

/**
 * The keys claimed in a node run, keyed by the run's scope object (see pacing.ts). A key is
 * claimed by the first item that carries it; the other items with that key wait for its link.
 * n8n's Retry On Fail re-runs the node with the same scope, so the links made by an earlier
 * try are still found here although the run's listing predates them.
 */
const claimsByRun = new WeakMap<object, Map<string, Entry>>();

/**
 * Create If Missing for one item, or undefined when the item has no lookup key. Called before
 * anything is awaited: RoutingNode starts the items in order, so the first row with a key claims
 * it. Errors in the lookup fields are kept and thrown by `resolve`, inside the pipeline's error
 * handling, so that they are reported for the row like any other.
 */
export function claimCreateIfMissing(context: IExecuteSingleFunctions, runScope: object): CreateIfMissingClaim | undefined {
	if (context.getNodeParameter('operation', '') !== 'create') return undefined;
	try {
		const lookup = readLookup(context);
		if (!lookup) return undefined;
		const account = String(context.getNodeParameter('requestSettings.connectedAccount', '') ?? '').trim();
		let claims = claimsByRun.get(runScope);
		if (!claims) {
			claims = new Map();
			claimsByRun.set(runScope, claims);
		}
		return new CreateIfMissingClaim(lookup, claims, JSON.stringify([account, lookup.metadataKey, lookup.key]));
	} catch (error) {
		return new CreateIfMissingClaim(undefined, new Map(), '', error);
	}
}

function readLookup(context: IExecuteSingleFunctions): LookupSettings | undefined {
	const raw = context.getNodeParameter('createIfMissing.lookup', null) as IDataObject | null;
	if (!raw) return undefined;
	const key = String(raw.key ?? '').trim();
	if (!key) {
		throw invalidInput(
			'Create If Missing: Key is empty for this item. Give every row a key that identifies its link, e.g. {{ $json.sku }}.',
			'createIfMissing.key',
		);
	}
	if (key.length > LIMITS.metadataValueLength) {
		throw invalidInput(
			`Create If Missing: Key is ${key.length} characters; it is stored as a metadata value, which can be at most ${LIMITS.metadataValueLength}.`,
			'createIfMissing.key',
		);
	}
	const metadataKey = String(raw.metadataKey ?? DEFAULT_LOOKUP_METADATA_KEY).trim();
	if (!metadataKey) throw invalidInput('Create If Missing: Metadata Name is empty.', 'createIfMissing.metadataKey');
	return { key, metadataKey, includeInactive: raw.includeInactive === true };
}

export class CreateIfMissingClaim {
	private entry: Entry | undefined;

	private owned = false;

	constructor(
		private readonly lookup: LookupSettings | undefined,
		private readonly claims: Map<string, Entry>,
		private readonly id: string,
		private readonly error?: unknown,
	) {
		if (lookup) this.take();
	}

	/** Stores the key in the link's metadata, where the next run's listing finds it. */
	tagBody(body: IDataObject): void {
		if (!this.lookup) return;
		const { key, metadataKey } = this.lookup;
		const metadata = typeof body.metadata === 'object' && body.metadata !== null ? (body.metadata as IDataObject) : {};
		const current = metadata[metadataKey];
		if (current !== undefined && current !== '' && String(current) !== key) {
			throw invalidInput(
				`Metadata: "${metadataKey}" is where Create If Missing stores the key ("${key}"), but Metadata sets it to "${String(current)}". Remove it from Metadata or choose another Metadata Name.`,
				`metadata[${metadataKey}]`,
			);
		}
		body.metadata = { ...metadata, [metadataKey]: key };
		validateMetadata(body.metadata, 'metadata', 'Metadata');
	}

	/**
	 * The existing link with this key, or the one this item creates, or the one created for an
	 * earlier row with the same key in this run. `reused` is true unless this item created it.
	 */
	async resolve(source: LinkSource): Promise<{ link: IDataObject; reused: boolean }> {
		if (this.error !== undefined || !this.lookup) throw this.error;
		const { key, metadataKey, includeInactive } = this.lookup;
		const existing = indexByMetadata(await source.list(includeInactive), metadataKey).get(key);
		if (existing) {
			this.settle(existing);
			return { link: existing, reused: true };
		}
		for (;;) {
			if (this.owned) {
				const created = await source.create().then(
					(link) => ({ link, error: undefined }),
					(error: unknown) => ({ link: undefined, error: error ?? new Error('create failed') }),
				);
				if (created.link) {
					this.settle(created.link);
					return { link: created.link, reused: false };
				}
				// Without an answer the link may exist after all, and the listing would not show it.
				if (created.error instanceof StripeRequestFailure && created.error.failure.type === 'api_connection_error') {
					source.forget(includeInactive);
				}
				// The failure is reported by the pipeline for this row; a waiting row takes the key over.
				this.release(created.error);
				throw created.error;
			}
			try {
				return { link: await this.entry!.link, reused: true };
			} catch {
				// The row that claimed the key failed without a link: this row creates it instead.
				this.take();
			}
		}
	}

	/** Called when the item is done, however it ended: an unsettled claim passes to a waiting row. */
	release(error: unknown = new Error('Create If Missing: the claiming row ended without a link')): void {
		if (!this.owned || !this.entry || this.entry.settled) return;
		this.owned = false;
		this.claims.delete(this.id);
		this.entry.settled = true;
		this.entry.reject(error);
	}

	private take(): void {
		let entry = this.claims.get(this.id);
		if (!entry) {
			let resolve!: (link: IDataObject) => void;
			let reject!: (error: unknown) => void;
			const link = new Promise<IDataObject>((onResolve, onReject) => {
				resolve = onResolve;
				reject = onReject;
			});
			// Nobody may be waiting: a rejection without a listener must not become an unhandled one.
			link.catch(() => undefined);
			entry = { link, settled: false, resolve, reject };
			this.claims.set(this.id, entry);
			this.owned = true;
		}
		this.entry = entry;
	}

	private settle(link: IDataObject): void {
		if (!this.owned || !this.entry || this.entry.settled) return;
		this.entry.settled = true;
		this.entry.resolve(link);
	}
}

/** Built once per listing and metadata name; the oldest link wins when several carry a key. */
const indexes = new WeakMap<IDataObject[], Map<string, Map<string, IDataObject>>>();

function indexByMetadata(links: IDataObject[], metadataKey: string): Map<string, IDataObject> {
	let byName = indexes.get(links);
	if (!byName) {
		byName = new Map();
		indexes.set(links, byName);
	}
	let index = byName.get(metadataKey);
	if (!index) {
		index = new Map();
		// Stripe lists newest first, so the last one set is the oldest.
		for (const link of links) {
			const value = (link.metadata as IDataObject | undefined)?.[metadataKey];
			if (typeof value === 'string' && value) index.set(value, link);
		}
		byName.set(metadataKey, index);
	}
	return index;
}
