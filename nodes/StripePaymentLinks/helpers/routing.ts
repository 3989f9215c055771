import type {
	DeclarativeRestApiSettings,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	INodeExecutionData,
	INodePropertyRouting,
} from 'n8n-workflow';

import type { PipelineGroup } from './pipelineGroups';
import { type ListFilter, type OncePerRunWork, stripeListPipeline, stripeOncePerRunPipeline, stripeRequestPipeline } from './requestPipeline';

/**
 * Routing shared by every operation. RoutingNode offers exactly one hook that wraps the HTTP
 * call itself: a pagination *function*, which receives `this.makeRoutingRequest`. Every
 * operation therefore sets `paginate: true` and routes through `stripeRequestPipeline`, which
 * adds what Stripe needs around each request (body shaping and validation, idempotency keys,
 * pacing, retries, Stripe-shaped errors, paging). RoutingNode still assembles the request
 * from the properties' routing and still sends it with the credential's authentication.
 *
 * `{id}` in the URL (or as a query value) is replaced by the pipeline with the validated
 * payment link id, so that no per-item expression is needed to build the request.
 */
export function stripeRoute(
	method: IHttpRequestMethods,
	url: string,
	{
		body,
		qs,
		list = false,
		keep,
		oncePerRun,
		groups = [],
	}: {
		body?: Record<string, string | boolean>;
		/** Fixed query parameters; the value `{id}` is replaced like the one in the path. */
		qs?: Record<string, string>;
		list?: boolean;
		/** For lists: a filter Stripe's API lacks, applied by the node to every page. */
		keep?: ListFilter;
		/** For operations about the whole account: work done once per node run (see stripeOncePerRunPipeline). */
		oncePerRun?: OncePerRunWork;
		groups?: PipelineGroup[];
	} = {},
): INodePropertyRouting {
	return {
		request: { method, url, ...(body ? { body } : {}), ...(qs ? { qs } : {}) },
		send: { paginate: true },
		operations: {
			pagination: async function (this: IExecutePaginationFunctions, requestData: PipelineRequest) {
				if (oncePerRun) return await stripeOncePerRunPipeline.call(this, requestData, groups, oncePerRun);
				return list
					? await stripeListPipeline.call(this, requestData, groups, keep)
					: await stripeRequestPipeline.call(this, requestData, groups);
			},
		},
		output: { postReceive: [keepFullResponse] },
	};
}

/**
 * RoutingNode hands postReceive the full HTTP response but would pass on only its body; the
 * pipeline needs the status code and the Request-Id / Stripe-Should-Retry headers as well.
 */
async function keepFullResponse(
	this: IExecuteSingleFunctions,
	_items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	return [
		{
			json: {
				statusCode: response.statusCode,
				headers: response.headers,
				body: response.body,
			} as unknown as INodeExecutionData['json'],
		},
	];
}

export type PipelineRequest = DeclarativeRestApiSettings.ResultOptions;
