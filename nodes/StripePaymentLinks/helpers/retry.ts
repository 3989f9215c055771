import type { IDataObject } from 'n8n-workflow';

/** stripe-node's defaults, so the node behaves like Stripe's own client. */
export const DEFAULT_MAX_RETRIES = 2;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;
const MAX_RETRY_AFTER_MS = 60_000;

/** Statuses that mean the request was refused on its merits: sending it again cannot help. */
const NEVER_RETRY = new Set([400, 401, 402, 403, 404]);

/**
 * Stripe's own verdict (Stripe-Should-Retry) wins over the status code, except for the
 * client errors above, which are never retried.
 */
export function isRetryableResponse(statusCode: number, headers: IDataObject): boolean {
	if (NEVER_RETRY.has(statusCode)) return false;
	const verdict = headers['stripe-should-retry'];
	if (verdict === 'true') return true;
	if (verdict === 'false') return false;
	return statusCode === 409 || statusCode === 429 || statusCode >= 500;
}

/** Errors where no answer came back: the request may or may not have reached Stripe. */
const CONNECTION_ERROR_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

export function connectionErrorCode(error: unknown): string | undefined {
	for (let current = error as IDataObject | undefined, depth = 0; current && depth < 4; depth++) {
		const code = current.code;
		if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return code;
		const message = typeof current.message === 'string' ? current.message : '';
		if (/socket hang up/i.test(message)) return 'ECONNRESET';
		if (/timeout of \d+ms exceeded/i.test(message)) return 'ETIMEDOUT';
		current = (current.cause ?? current.reason) as IDataObject | undefined;
	}
	return undefined;
}

/** Exponential backoff with jitter, as stripe-node does; a Retry-After header can lengthen it. */
export function retryDelayMs(retry: number, headers?: IDataObject): number {
	const exponential = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
	const jittered = Math.max(INITIAL_DELAY_MS, exponential * (0.5 + Math.random() / 2));
	const retryAfter = Number(headers?.['retry-after']);
	if (Number.isFinite(retryAfter) && retryAfter > 0) {
		return Math.min(Math.max(jittered, retryAfter * 1000), MAX_RETRY_AFTER_MS);
	}
	return jittered;
}
