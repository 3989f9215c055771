import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	type StripeRequestFailure,
	errorOutput,
	invalidInput,
	requestFailure,
	stripeResponseFailure,
	toFailure,
	toNodeApiError,
} from './errorHandling';
import { claimCreateIfMissing, type CreateIfMissingClaim } from './createIfMissing';
import { automaticIdempotencyKey } from './idempotency';
import {
	accountIdentity,
	accountPacer,
	endpointOf,
	keyIdentity,
	keyMode,
	type KeyMode,
	type PaceTicket,
} from './pacing';
import { readPipelineGroups, type PipelineGroup } from './pipelineGroups';
import { readRequestSettings, type RequestSettings } from './requestSettings';
import { connectionErrorCode, isRetryableResponse, retryDelayMs } from './retry';
import { forgetListing, listOncePerRun } from './runListing';
import { assertSafeCredentials } from './security';
import { simplifyCheckoutSession, simplifyPaymentLink } from './simplify';
import { toStripeBody } from './stripeBody';
import { toStripeQuery } from './stripeQuery';

type RequestData = DeclarativeRestApiSettings.ResultOptions;
type RequestOptions = RequestData['options'];

interface StripeResponse {
	statusCode: number;
	headers: IDataObject;
	body: IDataObject;
}

/** Retries of 429s that slowed the pacer down, on top of Max Retries. */
const FREE_RATE_LIMIT_RETRIES = 5;
const CREDENTIAL_TYPE = 'stripePaymentLinksApi';
const PAGE_SIZE = 100;
const ID_PLACEHOLDER = '{id}';

/** A filter Stripe's list endpoint lacks, read from the item's parameters; undefined keeps everything. */
export type ListFilter = (context: IExecutePaginationFunctions) => ((object: IDataObject) => boolean) | undefined;

/**
 * One request, one output item (or an error item under Continue On Fail). With Create If Missing
 * a create may instead return the link that already carries the item's key.
 */
export async function stripeRequestPipeline(
	this: IExecutePaginationFunctions,
	requestData: RequestData,
	groups: PipelineGroup[] = [],
): Promise<INodeExecutionData[]> {
	// Claimed before anything is awaited, i.e. in item order (see createIfMissing.ts).
	const claim = claimCreateIfMissing(this, runScope(this));
	try {
		return await runForItem(
			this,
			requestData,
			groups,
			async (settings) => {
				if (claim) return [await createIfMissing(this, requestData, settings, claim)];
				const response = await send(this, requestData, requestData.options, settings);
				return [withReplayFlag(outputObject(this, response.body), requestData.options, response)];
			},
			claim,
		);
	} finally {
		claim?.release();
	}
}

/**
 * Stripe's cursor pagination: `limit` up to 100 and the last id of a page as the next cursor,
 * until `has_more` is false or the user's Limit is reached. The query built from the
 * properties (filters) is kept on every page. Given an Ending Before cursor, Stripe pages
 * towards newer objects, so the cursor moves with `ending_before` and the first id instead.
 * A `keep` filter (one Stripe's API lacks) is applied to every page, and the Limit counts only
 * the objects it keeps.
 */
export async function stripeListPipeline(
	this: IExecutePaginationFunctions,
	requestData: RequestData,
	groups: PipelineGroup[] = [],
	keep?: ListFilter,
): Promise<INodeExecutionData[]> {
	return await runForItem(this, requestData, groups, async (settings) => {
		const returnAll = this.getNodeParameter('returnAll', false) as boolean;
		const limit = returnAll ? Infinity : readLimit(this);
		const objects = await listPages(this, requestData, requestData.options, settings, limit, keep?.(this));
		return objects.map((object) => outputObject(this, object));
	});
}

/** What an operation that works once per node run gets from the pipeline (see stripeOncePerRunPipeline). */
export interface RunTools {
	/** Every object at the URL matching the query: listAllOncePerRun, through the pacer and paging. */
	listAll(listing: { url: string; query: IDataObject }): Promise<IDataObject[]>;
	/** Drops that listing, so that a retry of the node (Retry On Fail) lists again. */
	forgetListing(listing: { url: string; query: IDataObject }): void;
	/** Sends the item's prepared POST (its checked body) to `url`, paced and retried with `idempotencyKey`. */
	post(url: string, idempotencyKey: string | undefined): Promise<{ body: IDataObject; replayed: boolean }>;
	/** An object as the node outputs it (simplified when Simplify is on). */
	output(object: IDataObject): IDataObject;
}

/** The work of such an operation: the objects it outputs, all paired with the item that did it. */
export type OncePerRunWork = (context: IExecutePaginationFunctions, tools: RunTools) => Promise<IDataObject[]>;

/** The item that does the work of each node run, keyed by the run's scope object. */
const runWorkers = new WeakMap<object, number>();

/**
 * An operation about the whole account rather than about an item (Deactivate Expired): RoutingNode
 * still calls the pipeline once per input item, so the first item to start does the work, with
 * its parameters, and the other items output nothing. The item is chosen before anything is
 * awaited (RoutingNode starts the items in order) and stays the run's worker, so that n8n's Retry
 * On Fail, which re-runs the node with the same scope, lets the same item do the work again.
 */
export async function stripeOncePerRunPipeline(
	this: IExecutePaginationFunctions,
	requestData: RequestData,
	groups: PipelineGroup[],
	work: OncePerRunWork,
): Promise<INodeExecutionData[]> {
	const scope = runScope(this);
	const itemIndex = this.getItemIndex();
	const worker = runWorkers.get(scope);
	if (worker !== undefined && worker !== itemIndex) return [];
	runWorkers.set(scope, itemIndex);
	return await runForItem(this, requestData, groups, async (settings) => {
		const tools: RunTools = {
			listAll: async (listing) => await listAllOncePerRun(this, requestData, settings, listing),
			forgetListing: (listing) => forgetListing(scope, listingId(listRequest(requestData, listing))),
			post: async (url, idempotencyKey) => {
				const { 'Idempotency-Key': _template, ...headers } = (requestData.options.headers ?? {}) as IDataObject;
				if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
				const response = await send(this, requestData, { ...requestData.options, url, headers }, settings);
				return { body: response.body, replayed: isReplayed(response) };
			},
			output: (object) => outputObject(this, object),
		};
		return await work(this, tools);
	});
}

/** The link that already carries the item's Create If Missing key, or the one created now. */
async function createIfMissing(
	context: IExecutePaginationFunctions,
	requestData: RequestData,
	settings: RequestSettings,
	claim: CreateIfMissingClaim,
): Promise<IDataObject> {
	let replayed = false;
	const { link, reused } = await claim.resolve({
		list: async (includeInactive) => await listAllOncePerRun(context, requestData, settings, lookupQuery(requestData, includeInactive)),
		forget: (includeInactive) =>
			forgetListing(runScope(context), listingId(listRequest(requestData, lookupQuery(requestData, includeInactive)))),
		create: async () => {
			const response = await send(context, requestData, requestData.options, settings);
			replayed = isReplayed(response);
			return response.body;
		},
	});
	return { ...outputObject(context, link), idempotent_replayed: replayed, reused };
}

/**
 * Every object at the listing's URL matching its query, listed once per node run and shared by
 * all items of the run, through the same paging, pacer and retries as Get Many with Return All.
 * Create If Missing looks links up in it; any operation that must see all links can share it.
 */
export async function listAllOncePerRun(
	context: IExecutePaginationFunctions,
	requestData: RequestData,
	settings: RequestSettings,
	listing: { url: string; query: IDataObject },
): Promise<IDataObject[]> {
	const options = listRequest(requestData, listing);
	return await listOncePerRun(runScope(context), listingId(options), async () => await listPages(context, requestData, options, settings, Infinity));
}

/** A GET for the listing, from an item's prepared request: same base URL, account and timeout. */
function listRequest(requestData: RequestData, { url, query }: { url: string; query: IDataObject }): RequestOptions {
	const { 'Idempotency-Key': _notForGets, ...headers } = (requestData.options.headers ?? {}) as IDataObject;
	return { ...requestData.options, method: 'GET', url, qs: query, body: undefined, headers };
}

function listingId(options: RequestOptions): string {
	return JSON.stringify([options.baseURL, options.url, options.qs, (options.headers as IDataObject)['Stripe-Account'] ?? '']);
}

/** The links Create If Missing searches, expanded like the create's answer would be. */
function lookupQuery(requestData: RequestData, includeInactive: boolean): { url: string; query: IDataObject } {
	const query: IDataObject = includeInactive ? {} : { active: true };
	const expand = (requestData.options.body as IDataObject | undefined)?.expand;
	if (Array.isArray(expand) && expand.length) query.expand = expand.map((path) => `data.${String(path)}`);
	return { url: '/v1/payment_links', query };
}

async function listPages(
	context: IExecutePaginationFunctions,
	requestData: RequestData,
	options: RequestOptions,
	settings: RequestSettings,
	limit: number,
	accept?: (object: IDataObject) => boolean,
): Promise<IDataObject[]> {
	const baseQuery: IDataObject = { ...(options.qs ?? {}) };
	const backwards = Boolean(baseQuery.ending_before);
	const cursorParam = backwards ? 'ending_before' : 'starting_after';
	const objects: IDataObject[] = [];
	let cursor = baseQuery[cursorParam] as string | undefined;
	do {
		// With a filter of our own, a page may keep fewer objects than it has: read full pages.
		const pageSize = accept ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - objects.length);
		const qs: IDataObject = { ...baseQuery, limit: pageSize };
		if (cursor) qs[cursorParam] = cursor;
		const { body } = await send(context, requestData, { ...options, qs }, settings);
		const page = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
		objects.push(...(accept ? page.filter(accept) : page));
		const edge = backwards ? page[0] : page[page.length - 1];
		cursor = edge ? String(edge.id) : undefined;
		if (!body.has_more || !cursor) break;
	} while (objects.length < limit);
	return objects.slice(0, limit);
}

async function runForItem(
	context: IExecutePaginationFunctions,
	requestData: RequestData,
	groups: PipelineGroup[],
	run: (settings: RequestSettings) => Promise<IDataObject[]>,
	claim?: CreateIfMissingClaim,
): Promise<INodeExecutionData[]> {
	const itemIndex = context.getItemIndex();
	try {
		const settings = readRequestSettings(context);
		const { baseUrl } = await checkedCredentials(context);
		requestData.options.baseURL = baseUrl;
		await prepareRequest(context, requestData, groups, settings, claim);
		const objects = await run(settings);
		return objects.map((json) => ({ json, pairedItem: { item: itemIndex } }));
	} catch (error) {
		const failure = toFailure(error);
		if (context.continueOnFail()) {
			return [{ json: { error: errorOutput(failure) }, pairedItem: { item: itemIndex } }];
		}
		throw toNodeApiError(context.getNode(), failure, itemIndex);
	}
}

interface RunCredentials {
	baseUrl: string;
	mode: KeyMode;
	/** Hash of host and key (see pacing.ts): the key itself is not kept. */
	keyHash: string;
}

const checkedRunCredentials = new WeakMap<object, Promise<RunCredentials>>();

/**
 * Credentials are the same for every item of a run, so they are read and checked once per run:
 * one promise shared by all items (which all ask before the first answer is in). The Base URL
 * they name replaces the static one in requestDefaults; the key's mode and hash choose the
 * pacer. A failure is not kept, so a Retry On Fail reads the credential again.
 */
async function checkedCredentials(context: IExecutePaginationFunctions): Promise<RunCredentials> {
	const scope = runScope(context);
	let known = checkedRunCredentials.get(scope);
	if (!known) {
		known = readCredentials(context);
		checkedRunCredentials.set(scope, known);
		known.catch(() => checkedRunCredentials.delete(scope));
	}
	return await known;
}

async function readCredentials(context: IExecutePaginationFunctions): Promise<RunCredentials> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	assertSafeCredentials(credentials);
	const baseUrl = String(credentials.baseUrl).replace(/\/+$/, '');
	const secretKey = String(credentials.secretKey).trim();
	return { baseUrl, mode: keyMode(secretKey), keyHash: keyIdentity(baseUrl, secretKey) };
}

/** Fills the id into the path or query, shapes the body or query for Stripe, and adds the per-item headers. */
async function prepareRequest(
	context: IExecutePaginationFunctions,
	requestData: RequestData,
	groups: PipelineGroup[],
	settings: RequestSettings,
	claim: CreateIfMissingClaim | undefined,
): Promise<void> {
	const options = requestData.options;
	const query: IDataObject = { ...(options.qs ?? {}) };
	const idInQuery = Object.keys(query).filter((key) => query[key] === ID_PLACEHOLDER);
	if (options.url?.includes(ID_PLACEHOLDER) || idInQuery.length) {
		const id = readPaymentLinkId(context);
		options.url = options.url?.replace(ID_PLACEHOLDER, encodeURIComponent(id));
		for (const key of idInQuery) query[key] = id;
	}
	if (options.qs) options.qs = toStripeQuery(context, query);
	const headers: IDataObject = { ...(options.headers ?? {}) };
	if (settings.connectedAccount) headers['Stripe-Account'] = settings.connectedAccount;
	if (options.method === 'POST') {
		const formBody = { ...((options.body ?? {}) as IDataObject), ...readPipelineGroups(context, groups) };
		const body = toStripeBody(context, formBody);
		claim?.tagBody(body);
		options.body = body;
		const key = settings.idempotencyKey ?? (await automaticIdempotencyKey(context, settings.idempotencyScope, body));
		if (key) headers['Idempotency-Key'] = key;
	}
	options.headers = headers;
}

/**
 * Sends one request through RoutingNode, paced with every request this process sends to the
 * same Stripe account (see pacing.ts), and retried the way stripe-node retries: on 409, 429,
 * 5xx and lost connections, obeying Stripe-Should-Retry, with the same Idempotency-Key every
 * time so that a retried create cannot create twice. A 429 also slows the pacer down, and a
 * retry goes first in its run's queue.
 */
async function send(
	context: IExecutePaginationFunctions,
	requestData: RequestData,
	options: RequestOptions,
	settings: RequestSettings,
): Promise<StripeResponse> {
	const credentials = await checkedCredentials(context);
	const pacer = accountPacer(accountIdentity(credentials.keyHash, settings.connectedAccount), credentials.mode);
	const ticket: PaceTicket = {
		run: runScope(context),
		endpoint: endpointOf(options.method, options.url),
		perSecond: settings.maxRequestsPerSecond,
		concurrency: settings.maxConcurrentRequests,
	};
	const canRepeat = options.method !== 'POST' || Boolean((options.headers as IDataObject)?.['Idempotency-Key']);
	let rateLimitedReason: string | undefined;
	let counted = 0;
	let free = 0;
	for (let retry = 0; ; retry++) {
		const mayRetry = counted < settings.maxRetries;
		const permit = await pacer.acquire(ticket, { first: retry > 0 });
		let response: StripeResponse;
		try {
			const [item] = await context.makeRoutingRequest({
				...requestData,
				options: { ...options, ignoreHttpStatusErrors: true, returnFullResponse: true },
			});
			response = item.json as unknown as StripeResponse;
		} catch (error) {
			const code = connectionErrorCode(error);
			if (!code) throw requestFailure(toFailure(error));
			if (mayRetry && canRepeat) {
				permit.release();
				counted++;
				await sleep(retryDelayMs(retry));
				continue;
			}
			throw connectionFailure(options, code, retry, canRepeat);
		} finally {
			permit.release();
		}
		const headers = response.headers ?? {};
		if (response.statusCode < 400) return response;
		// A 429 that made the pacer slow down is retried without using up Max Retries (a few
		// times at most): sharing Stripe's limit with other workers should cost time, not items.
		let freeRetry = false;
		if (response.statusCode === 429) {
			const reason = headers['stripe-rate-limited-reason'];
			rateLimitedReason = typeof reason === 'string' && reason ? reason : undefined;
			const slower = permit.rateLimited(rateLimitedReason);
			freeRetry = slower && settings.maxRetries > 0 && free < FREE_RATE_LIMIT_RETRIES;
		}
		const retryable = isRetryableResponse(response.statusCode, headers);
		// A 429 or 409 means Stripe did not act on the request, so it is safe to send again
		// even without an idempotency key; other failures are only retried with one.
		if ((mayRetry || freeRetry) && retryable && (canRepeat || [409, 429].includes(response.statusCode))) {
			// The slower pace is the backoff of a free retry: it goes first, in the next slot.
			if (freeRetry) free++;
			else {
				counted++;
				await sleep(retryDelayMs(retry, headers));
			}
			continue;
		}
		const requestId = typeof headers['request-id'] === 'string' ? headers['request-id'] : undefined;
		throw stripeResponseFailure(response.statusCode, response.body, requestId, retry, rateLimitedReason);
	}
}

function connectionFailure(
	options: RequestOptions,
	code: string,
	retries: number,
	canRepeat: boolean,
): StripeRequestFailure {
	const host = hostOf(options.baseURL);
	const retried = retries
		? `after ${retries} ${retries === 1 ? 'retry' : 'retries'}`
		: canRepeat
			? 'and retries are off (Max Retries is 0)'
			: 'and it was not retried because the create had no idempotency key, so a retry could create a duplicate';
	return requestFailure({
		message: `Could not reach Stripe at ${host} (${code}) ${retried}`,
		type: 'api_connection_error',
		code,
		retries,
	});
}

function hostOf(baseUrl: string | undefined): string {
	try {
		return new URL(baseUrl ?? '').host;
	} catch {
		return String(baseUrl);
	}
}

function readPaymentLinkId(context: IExecutePaginationFunctions): string {
	const value = context.getNodeParameter('paymentLinkId', '', { extractValue: true });
	const id = String(value ?? '').trim();
	if (!/^plink_[A-Za-z0-9]+$/.test(id)) {
		throw invalidInput(
			`Payment Link: "${id}" is not a payment link ID. IDs look like plink_1MoC3ULkdIwHu7ixZjtGpVl2.`,
			'id',
		);
	}
	return id;
}

function readLimit(context: IExecutePaginationFunctions): number {
	const limit = Number(context.getNodeParameter('limit', 50));
	if (!Number.isInteger(limit) || limit < 1) {
		throw invalidInput(`Limit must be a whole number of at least 1 (got ${limit}).`, 'limit');
	}
	return limit;
}

function outputObject(context: IExecutePaginationFunctions, object: IDataObject): IDataObject {
	const simplify = context.getNodeParameter('simplify', false) as boolean;
	if (!simplify) return object;
	if (object.object === 'payment_link') return simplifyPaymentLink(object);
	if (object.object === 'checkout.session') return simplifyCheckoutSession(object);
	return object;
}

/**
 * Every POST's answer says whether Stripe replayed an earlier answer for its idempotency key
 * (Stripe's Idempotent-Replayed header) instead of acting again, e.g. on a retried execution.
 */
function withReplayFlag(output: IDataObject, options: RequestOptions, response: StripeResponse): IDataObject {
	return options.method === 'POST' ? { ...output, idempotent_replayed: isReplayed(response) } : output;
}

function isReplayed(response: StripeResponse): boolean {
	return String(response.headers?.['idempotent-replayed']) === 'true';
}

/**
 * The object RoutingNode shares between all items of one node run: the key for what is read
 * once per run, and the run whose requests take turns with other runs' in the pacer. n8n
 * always passes execute data to a node run; getNode() would be no fallback, as it returns a
 * new copy on every call.
 */
function runScope(context: IExecutePaginationFunctions): object {
	return context.getExecuteData();
}

