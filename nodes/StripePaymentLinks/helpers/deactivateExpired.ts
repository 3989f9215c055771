import type { IDataObject } from 'n8n-workflow';

import { errorOutput, requestFailure, toFailure } from './errorHandling';
import { EXPIRES_AT_KEY, linkExpiry } from './expiry';
import { executionKey } from './idempotency';
import type { OncePerRunWork } from './requestPipeline';

/** What happened to a link, in each output item's `outcome`. */
export const OUTCOMES = {
	deactivated: 'deactivated',
	dryRun: 'would_be_deactivated',
	unreadable: 'expires_at_unreadable',
	failed: 'failed',
} as const;

const ACTIVE_LINKS = { url: '/v1/payment_links', query: { active: true } };

/**
 * Deactivate Expired: one listing of the account's active links (all pages), then a deactivation
 * for each link whose metadata.expires_at has passed, each paced, retried and with its own
 * idempotency key. A link whose expires_at is not a date is reported and left active. Dry Run
 * lists what would be deactivated and sends nothing else.
 *
 * The keys hold the execution, the node, the link and the request: our retries and n8n's Retry
 * On Fail replay Stripe's answer, while a later run sends anew, so that a link reactivated since
 * is deactivated again rather than answered from Stripe's memory of the first time.
 */
export const deactivateExpired: OncePerRunWork = async (context, tools) => {
	const dryRun = context.getNodeParameter('dryRun', false) === true;
	const timezone = context.getTimezone();
	const now = Date.now();
	let links: IDataObject[];
	try {
		links = await tools.listAll(ACTIVE_LINKS);
	} finally {
		// A retry of the node must see the links as they are then.
		tools.forgetListing(ACTIVE_LINKS);
	}
	const expired: IDataObject[] = [];
	const unreadable: IDataObject[] = [];
	for (const link of links) {
		const expiry = linkExpiry(link, timezone);
		if (expiry.state === 'unreadable') {
			unreadable.push({
				...tools.output(link),
				outcome: OUTCOMES.unreadable,
				problem: `metadata.${EXPIRES_AT_KEY} ${JSON.stringify(expiry.value)} is not an ISO 8601 date or date-time (e.g. 2026-06-30T18:00:00Z), so the link was left active.`,
			});
		} else if (expiry.state === 'expires' && expiry.at.getTime() <= now) {
			expired.push(link);
		}
	}
	if (dryRun) return [...expired.map((link) => ({ ...tools.output(link), outcome: OUTCOMES.dryRun })), ...unreadable];

	const results = await Promise.allSettled(
		expired.map(async (link) => {
			const url = `/v1/payment_links/${encodeURIComponent(String(link.id))}`;
			const { body, replayed } = await tools.post(url, executionKey(context, { deactivateExpired: link.id }));
			return { ...tools.output(body), idempotent_replayed: replayed, outcome: OUTCOMES.deactivated };
		}),
	);
	const failures = results.flatMap((result, index) => (result.status === 'rejected' ? [{ link: expired[index], failure: toFailure(result.reason) }] : []));
	if (failures.length && !context.continueOnFail()) {
		const [first] = failures;
		const done = expired.length - failures.length;
		throw requestFailure({
			...first.failure,
			message: `Deactivate Expired: ${failures.length} of ${expired.length} expired links could not be deactivated (${String(first.link.id)}: ${first.failure.message}). The other ${done} ${done === 1 ? 'was' : 'were'} deactivated; run again to retry the rest.`,
		});
	}
	return [
		...results.map((result, index) =>
			result.status === 'fulfilled'
				? result.value
				: { id: expired[index].id, url: expired[index].url, outcome: OUTCOMES.failed, error: errorOutput(toFailure(result.reason)) },
		),
		...unreadable,
	];
};
