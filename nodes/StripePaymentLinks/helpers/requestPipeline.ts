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
import { pacerFor } from './pacing';
import { readPipelineGroups, type PipelineGroup } from './pipelineGroups';
import { readRequestSettings, type RequestSettings } from './requestSettings';
import { connectionErrorCode, isRetryableResponse, retryDelayMs } from './retry';
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

const CREDENTIAL_TYPE = 'stripePaymentLinksApi';
const PAGE_SIZE = 100;
const ID_PLACEHOLDER = '{id}';

/** A filter Stripe's list endpoint lacks, read from the item's parameters; undefined keeps everything. */
export type ListFilter = (context: IExecutePaginationFunctions) => ((object: IDataObject) => boolean) | undefined;

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
		const accept = keep?.(this);
		const baseQuery: IDataObject = { ...(requestData.options.qs ?? {}) };
		const backwards = Boolean(baseQuery.ending_before);
		const cursorParam = backwards ? 'ending_before' : 'starting_after';
		const objects: IDataObject[] = [];
		let cursor = baseQuery[cursorParam] as string | undefined;
		do {
			// With a filter of our own, a page may keep fewer objects than it has: read full pages.
			const pageSize = accept ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - objects.length);
			const qs: IDataObject = { ...baseQuery, limit: pageSize };
			if (cursor) qs[cursorParam] = cursor;
			const { body } = await send(this, requestData, { ...requestData.options, qs }, settings);
			const page = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
			objects.push(...(accept ? page.filter(accept) : page));
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
		const baseUrl = await checkedBaseUrl(context);
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

const checkedBaseUrls = new WeakMap<object, string>();

/**
 * Credentials are the same for every item of a run, so they are checked once per run, and
 * the Base URL they name replaces the static one in requestDefaults.
 */
async function checkedBaseUrl(context: IExecutePaginationFunctions): Promise<string> {
	const scope = runScope(context);
	const known = checkedBaseUrls.get(scope);
	if (known) return known;
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	assertSafeCredentials(credentials);
	const baseUrl = String(credentials.baseUrl).replace(/\/+$/, '');
	checkedBaseUrls.set(scope, baseUrl);
	return baseUrl;
}

/** Fills the id into the path or query, shapes the body or query for Stripe, and adds the per-item headers. */
function prepareRequest(
	context: IExecutePaginationFunctions,
	requestData: RequestData,
	groups: PipelineGroup[],
	settings: RequestSettings,
): void {
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
 * Sends one request through RoutingNode, paced across the run and retried the way
 * stripe-node retries: on 409, 429, 5xx and lost connections, obeying Stripe-Should-Retry,
 * with the same Idempotency-Key every time so that a retried create cannot create twice.
 */
async function send(
	context: IExecutePaginationFunctions,
	requestData: RequestData,
	options: RequestOptions,
	settings: RequestSettings,
): Promise<StripeResponse> {
	const pacer = pacerFor(runScope(context), settings.maxRequestsPerSecond, settings.maxConcurrentRequests);
	const canRepeat = options.method !== 'POST' || Boolean((options.headers as IDataObject)?.['Idempotency-Key']);
	for (let retry = 0; ; retry++) {
		const mayRetry = retry < settings.maxRetries;
		const release = await pacer.acquire();
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
				release();
				await sleep(retryDelayMs(retry));
				continue;
			}
			throw connectionFailure(options, code, retry, canRepeat);
		} finally {
			release();
		}
		const headers = response.headers ?? {};
		if (response.statusCode < 400) return response;
		const retryable = isRetryableResponse(response.statusCode, headers);
		// A 429 or 409 means Stripe did not act on the request, so it is safe to send again
		// even without an idempotency key; other failures are only retried with one.
		if (mayRetry && retryable && (canRepeat || [409, 429].includes(response.statusCode))) {
			await sleep(retryDelayMs(retry, headers));
			continue;
		}
		const requestId = typeof headers['request-id'] === 'string' ? headers['request-id'] : undefined;
		throw stripeResponseFailure(response.statusCode, response.body, requestId, retry);
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
 * The object RoutingNode shares between all items of one node run (see pacing.ts). n8n always
 * passes execute data to a node run; getNode() would be no fallback, as it returns a new copy
 * on every call and so would give each item its own pacer.
 */
function runScope(context: IExecutePaginationFunctions): object {
	return context.getExecuteData();
}

