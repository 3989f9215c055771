import { createHash } from 'crypto';

export interface IdempotencyScope {
	workflowId: string | undefined;
	executionId: string | undefined;
	nodeName: string;
	/** Which upstream run fed this node run; differs on every pass through a loop. */
	source: unknown;
	itemIndex: number;
}

/**
 * A key that is the same whenever the same item is sent again within the same execution:
 * on our own retries and when n8n's Retry On Fail re-runs the node. Stripe then replays its
 * first answer instead of creating a second object. The body hash keeps the key from
 * replaying a different request, and the upstream source keeps loop passes apart.
 */
export function automaticIdempotencyKey(scope: IdempotencyScope, body: unknown): string {
	const hash = createHash('sha256');
	hash.update(
		JSON.stringify([
			scope.workflowId ?? '',
			scope.executionId ?? '',
			scope.nodeName,
			scope.source ?? null,
			scope.itemIndex,
			body,
		]),
	);
	return `n8n-${hash.digest('hex').slice(0, 48)}`;
}
