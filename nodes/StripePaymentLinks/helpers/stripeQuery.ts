import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { createdRangeToStripe } from '../shared/createdRange';

/**
 * Reshapes the query RoutingNode assembled from the form into Stripe's list parameters, the
 * counterpart of toStripeBody for GET requests. Only parameters that need it are touched.
 */
export function toStripeQuery(context: IExecuteSingleFunctions, qs: IDataObject): IDataObject {
	if (!('created' in qs)) return qs;
	const { created, ...rest } = qs;
	const range = createdRangeToStripe(created, context.getTimezone());
	return range ? { ...rest, created: range } : rest;
}
