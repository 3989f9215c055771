import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { stripeListPage } from './stripeListRequest';

/**
 * The "From List" picker for payment links. Stripe has no search endpoint for links, so each
 * page of 100 is filtered here by name, URL or ID; the cursor is Stripe's own.
 */
export async function searchPaymentLinks(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = { limit: 100, expand: ['data.line_items'] };
	if (paginationToken) qs.starting_after = paginationToken;
	const page = await stripeListPage(this, '/v1/payment_links', qs);
	const needle = filter?.trim().toLowerCase();
	const results = page.data
		.map((link) => ({ name: linkLabel(link), value: String(link.id), url: String(link.url) }))
		.filter((result) => !needle || `${result.name} ${result.url} ${result.value}`.toLowerCase().includes(needle));
	const last = page.data[page.data.length - 1];
	return { results, paginationToken: page.has_more && last ? String(last.id) : undefined };
}

function linkLabel(link: IDataObject): string {
	const metadata = (link.metadata ?? {}) as IDataObject;
	const firstItem = ((link.line_items as IDataObject | undefined)?.data as IDataObject[] | undefined)?.[0];
	const name = (metadata.name as string) || (firstItem?.description as string) || String(link.id);
	const state = link.active === false ? ' (inactive)' : '';
	return `${name}${state} · ${String(link.url)}`;
}
