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
import { assertSafeCredentials } from './security';
import { simplifyPaymentLink } from './simplify';
import { toStripeBody } from './stripeBody';

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

/** One request, one output item (or an error item under Continue On Fail). */
export async function stripeRequestPipeline(
	this: IExecutePaginationFunctions,
	requestData: RequestData,
	groups: PipelineGroup[] = [],
): Promise<INodeExecutionData[]> {
	return await runForItem(this, requestData, groups, async (settings) => {
		const response = await send(this, requestData, requestData.options, settings);
		return [outputObject(this, response.body)];
	});
}

/**
 * Stripe's cursor pagination: `limit` up to 100 and the last id of a page as the next cursor,
 * until `has_more` is false or the user's Limit is reached. The query built from the
 * properties (filters) is kept on every page. Given an Ending Before cursor, Stripe pages
 * towards newer objects, so the cursor moves with `ending_before` and the first id instead.
 */
export async function stripeListPipeline(
	this: IExecutePaginationFunctions,
	requestData: RequestData,
	groups: PipelineGroup[] = [],
): Promise<INodeExecutionData[]> {
	return await runForItem(this, requestData, groups, async (settings) => {
		const returnAll = this.getNodeParameter('returnAll', false) as boolean;
		const limit = returnAll ? Infinity : readLimit(this);
		const baseQuery: IDataObject = { ...(requestData.options.qs ?? {}) };
		const backwards = Boolean(baseQuery.ending_before);
		const cursorParam = backwards ? 'ending_before' : 'starting_after';
		const objects: IDataObject[] = [];
		let cursor = baseQuery[cursorParam] as string | undefined;
		do {
			const qs: IDataObject = { ...baseQuery, limit: Math.min(PAGE_SIZE, limit - objects.length) };
			if (cursor) qs[cursorParam] = cursor;
			const { body } = await send(this, requestData, { ...requestData.options, qs }, settings);
			const page = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
			objects.push(...page);
			const edge = backwards ? page[0] : page[page.length - 1];
			cursor = edge ? String(edge.id) : undefined;
			if (!body.has_more || !cursor) break;
		} while (objects.length < limit);
		return objects.slice(0, limit).map((object) => outputObject(this, object));
	});
}

async function runForItem(
	context: IExecutePaginationFunctions,
	requestData: RequestData,
	groups: PipelineGroup[],
	run: (settings: RequestSettings) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const itemIndex = context.getItemIndex();
	try {
		const settings = readRequestSettings(context);
		const { baseUrl } = await checkedCredentials(context);
		requestData.options.baseURL = baseUrl;
		prepareRequest(context, requestData, groups, settings);
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

/** Fills the id into the path, shapes the body for Stripe, and adds the per-item headers. */
function prepareRequest(
	context: IExecutePaginationFunctions,
	requestData: RequestData,
	groups: PipelineGroup[],
	settings: RequestSettings,
): void {
	const options = requestData.options;
	if (options.url?.includes('{id}')) {
		options.url = options.url.replace('{id}', encodeURIComponent(readPaymentLinkId(context)));
	}
	const headers: IDataObject = { ...(options.headers ?? {}) };
	if (settings.connectedAccount) headers['Stripe-Account'] = settings.connectedAccount;
	if (options.method === 'POST') {
		const formBody = { ...((options.body ?? {}) as IDataObject), ...readPipelineGroups(context, groups) };
		options.body = toStripeBody(context, formBody);
		const key = settings.idempotencyKey ?? automaticKey(context, settings, options.body);
		if (key) headers['Idempotency-Key'] = key;
	}
	options.headers = headers;
}

function automaticKey(
	context: IExecutePaginationFunctions,
	settings: RequestSettings,
	body: unknown,
): string | undefined {
	if (!settings.automaticIdempotency) return undefined;
	return automaticIdempotencyKey(
		{
			workflowId: context.getWorkflow().id,
			executionId: context.getExecutionId(),
			nodeName: context.getNode().name,
			source: context.getExecuteData()?.source ?? null,
			itemIndex: context.getItemIndex(),
		},
		body,
	);
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
	return simplify && object.object === 'payment_link' ? simplifyPaymentLink(object) : object;
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

