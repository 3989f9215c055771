import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { invalidInput } from './errorHandling';
import type { IdempotencyScope } from './idempotency';
import { STRIPE_RATE_LIMITS } from './pacing';
import { DEFAULT_MAX_RETRIES } from './retry';

export interface RequestSettings {
	idempotencyKey?: string;
	idempotencyScope: IdempotencyScope;
	maxRequestsPerSecond: number;
	maxConcurrentRequests: number;
	maxRetries: number;
	connectedAccount?: string;
}

/**
 * Stripe's limit for one endpoint, in both modes. A run sends to one endpoint; the account-wide
 * limit of the key's mode (25 test, 100 live) is enforced by the pacer on top.
 */
export const DEFAULT_REQUESTS_PER_SECOND = STRIPE_RATE_LIMITS.endpoint;
export const DEFAULT_CONCURRENT_REQUESTS = 10;

/** Reads the "Request Options" collection, checking each value and naming the field if wrong. */
export function readRequestSettings(context: IExecuteSingleFunctions): RequestSettings {
	const options = context.getNodeParameter('requestSettings', {}) as IDataObject;
	const settings: RequestSettings = {
		idempotencyScope: readIdempotencyScope(options),
		maxRequestsPerSecond: wholeNumber(options.maxRequestsPerSecond, DEFAULT_REQUESTS_PER_SECOND, 'Max Requests per Second', 0),
		maxConcurrentRequests: wholeNumber(options.maxConcurrentRequests, DEFAULT_CONCURRENT_REQUESTS, 'Max Concurrent Requests', 0),
		maxRetries: wholeNumber(options.maxRetries, DEFAULT_MAX_RETRIES, 'Max Retries', 0),
	};
	const key = String(options.idempotencyKey ?? '').trim();
	if (key) {
		if (key.length > 255) throw invalidInput('Idempotency Key must be at most 255 characters.', 'idempotencyKey');
		settings.idempotencyKey = key;
	}
	const account = String(options.connectedAccount ?? '').trim();
	if (account) {
		if (!/^acct_[A-Za-z0-9]+$/.test(account)) {
			throw invalidInput(
				`Connected Account: "${account}" is not a Stripe account ID. Connected account IDs look like acct_1032D82eZvKYlo2C.`,
				'connectedAccount',
			);
		}
		settings.connectedAccount = account;
	}
	return settings;
}

const SCOPES: IdempotencyScope[] = ['item', 'execution', 'off'];

function readIdempotencyScope(options: IDataObject): IdempotencyScope {
	if (options.idempotencyScope === undefined) return 'item';
	const scope = String(options.idempotencyScope) as IdempotencyScope;
	if (!SCOPES.includes(scope)) {
		throw invalidInput(
			`Automatic Idempotency must be one of ${SCOPES.join(', ')} (got ${JSON.stringify(options.idempotencyScope)}).`,
			'idempotencyScope',
		);
	}
	return scope;
}

function wholeNumber(value: unknown, fallback: number, field: string, minimum: number): number {
	if (value === undefined || value === '') return fallback;
	const number = Number(value);
	if (!Number.isInteger(number) || number < minimum) {
		throw invalidInput(`${field} must be a whole number of at least ${minimum} (got ${String(value)}).`, field);
	}
	return number;
}
