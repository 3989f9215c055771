import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/**
 * Everything a user needs to act on a failed request, in Stripe's own vocabulary.
 * It is built from Stripe's error body (or from our own checks) and never from the raw
 * transport error, whose request config carries the Authorization header.
 */
export interface StripeFailure {
	message: string;
	type: string;
	code?: string;
	param?: string;
	docUrl?: string;
	requestId?: string;
	statusCode?: number;
	/** How many times the request was retried before giving up. */
	retries?: number;
	/** Stripe-Rate-Limited-Reason of a final 429: which of Stripe's limits refused it. */
	rateLimitedReason?: string;
}

/** A failure raised while the pipeline runs, carried to the one place that reports it. */
export class StripeRequestFailure extends Error {
	constructor(readonly failure: StripeFailure) {
		super(failure.message);
	}
}

export function requestFailure(failure: StripeFailure): StripeRequestFailure {
	return new StripeRequestFailure(failure);
}

/** Input the node refuses before sending anything, naming the field at fault. */
export function invalidInput(message: string, param?: string): StripeRequestFailure {
	return new StripeRequestFailure({ message, type: 'validation_error', param });
}

export function stripeResponseFailure(
	statusCode: number,
	body: unknown,
	requestId: string | undefined,
	retries: number,
	rateLimitedReason?: string,
): StripeRequestFailure {
	const failure = failureFromStripeResponse(statusCode, body, requestId, retries);
	if (statusCode === 429 && rateLimitedReason) {
		failure.rateLimitedReason = rateLimitedReason;
		const limit = RATE_LIMITS[rateLimitedReason];
		failure.message = `${failure.message} (Stripe-Rate-Limited-Reason: ${rateLimitedReason}${limit ? `, ${limit}` : ''})`;
	}
	return new StripeRequestFailure(failure);
}

/** The values of Stripe-Rate-Limited-Reason documented at docs.stripe.com/rate-limits. */
const RATE_LIMITS: Record<string, string> = {
	'global-rate': 'the account’s requests per second across the API',
	'endpoint-rate': 'this endpoint’s requests per second',
	'global-concurrency': 'the account’s requests in flight at once',
	'endpoint-concurrency': 'this endpoint’s requests in flight at once',
	'resource-specific': 'a limit of this particular resource',
};

export function failureFromStripeResponse(
	statusCode: number,
	body: unknown,
	requestId: string | undefined,
	retries: number,
): StripeFailure {
	const error = (isObject(body) && isObject(body.error) ? body.error : {}) as IDataObject;
	return {
		message:
			typeof error.message === 'string' && error.message
				? error.message
				: `Stripe answered HTTP ${statusCode} without an error message`,
		type: typeof error.type === 'string' ? error.type : 'api_error',
		code: typeof error.code === 'string' ? error.code : undefined,
		param: typeof error.param === 'string' ? error.param : undefined,
		docUrl: typeof error.doc_url === 'string' ? error.doc_url : undefined,
		requestId,
		statusCode,
		retries,
	};
}

/** What to do about the statuses that are about the credential rather than the request. */
const HINTS: Record<number, string> = {
	401: 'Check the credential’s Secret Key: it must be a current secret key (sk_…) or restricted key (rk_…) of this Stripe account, in the right mode (test or live).',
	403: 'The key is not allowed to do this. A restricted key needs Payment Links write access (and Prices read access for the price picker); a Connect call needs access to the connected account.',
	429: 'The node slowed down on every 429 and still hit Stripe’s limit: other executions, n8n workers or systems share this account. Raise Max Retries, or lower Max Requests per Second (README: Running at scale).',
};

/** The NodeApiError n8n shows: Stripe's message as the title, the details underneath. */
export function toNodeApiError(node: INode, failure: StripeFailure, itemIndex: number): NodeApiError {
	const details = [
		failure.param && `Parameter: ${failure.param}`,
		`Type: ${failure.type}`,
		failure.code && `Code: ${failure.code}`,
		failure.requestId && `Request ID: ${failure.requestId}`,
		failure.docUrl && `Docs: ${failure.docUrl}`,
		HINTS[failure.statusCode ?? 0],
		failure.retries ? `Retried ${failure.retries} time(s) before giving up` : undefined,
	].filter(Boolean);
	const error = new NodeApiError(node, { stripeError: errorOutput(failure) } as JsonObject, {
		message: failure.message,
		description: details.join('\n'),
		httpCode: failure.statusCode ? String(failure.statusCode) : undefined,
		itemIndex,
	});
	// NodeApiError swaps messages that mention a transport code (ECONNRESET, ETIMEDOUT…) for a
	// generic sentence; Stripe's message, or ours naming the host, is the more useful one.
	error.message = failure.message;
	return error;
}

/** The `error` object of an item that failed under Continue On Fail. */
export function errorOutput(failure: StripeFailure): IDataObject {
	const output: IDataObject = { message: failure.message, type: failure.type };
	if (failure.code !== undefined) output.code = failure.code;
	if (failure.param !== undefined) output.param = failure.param;
	if (failure.docUrl !== undefined) output.doc_url = failure.docUrl;
	if (failure.requestId !== undefined) output.requestId = failure.requestId;
	if (failure.statusCode !== undefined) output.statusCode = failure.statusCode;
	if (failure.rateLimitedReason !== undefined) output.rateLimitedReason = failure.rateLimitedReason;
	return output;
}

/**
 * Turns anything thrown inside the pipeline into a StripeFailure. Unknown errors keep only
 * their message, which is scrubbed of anything that looks like a Stripe key.
 */
export function toFailure(error: unknown): StripeFailure {
	if (error instanceof StripeRequestFailure) return error.failure;
	const message = error instanceof Error ? error.message : String(error);
	return { message: redactKeys(message), type: 'node_error' };
}

const KEY_PATTERN = /\b(sk|rk|pk)_(test|live)_[0-9A-Za-z_]+/g;

export function redactKeys(text: string): string {
	return text.replace(KEY_PATTERN, (key) => `${key.slice(0, 8)}…${key.slice(-4)}`);
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
