import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { stripeApiRequest } from '../helpers/stripeApiRequest';

/** One page of a Stripe list endpoint, for the pickers in the node's form. */
export async function stripeListPage(
	context: ILoadOptionsFunctions,
	path: string,
	qs: IDataObject,
): Promise<{ data: IDataObject[]; has_more: boolean }> {
	const body = await stripeApiRequest(context, 'GET', path, { qs });
	return { data: (body.data as IDataObject[]) ?? [], has_more: Boolean(body.has_more) };
}
