import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { stripeListPage } from './stripeListRequest';

/**
 * The "From List" picker for prices: active prices, 100 per page with Stripe's cursor, each
 * shown as "product name · 10.00 USD · monthly" and filtered here by that label or the ID.
 */
export async function searchPrices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const qs: IDataObject = { active: true, limit: 100, expand: ['data.product'] };
	if (paginationToken) qs.starting_after = paginationToken;
	const page = await stripeListPage(this, '/v1/prices', qs);
	const needle = filter?.trim().toLowerCase();
	const results = page.data
		.map((price) => ({ name: priceLabel(price), value: String(price.id) }))
		.filter((result) => !needle || `${result.name} ${result.value}`.toLowerCase().includes(needle));
	const last = page.data[page.data.length - 1];
	return { results, paginationToken: page.has_more && last ? String(last.id) : undefined };
}

/** Currencies without a minor unit (amounts are whole units), per Stripe's currency docs. */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

export function priceLabel(price: IDataObject): string {
	const product = price.product as IDataObject | string | undefined;
	const name =
		(typeof product === 'object' && product !== null ? (product.name as string) : undefined) ||
		(price.nickname as string) ||
		(typeof product === 'string' ? product : String(price.id));
	return [name, amountLabel(price), intervalLabel(price.recurring as IDataObject | null | undefined)].filter(Boolean).join(' · ');
}

function amountLabel(price: IDataObject): string {
	const currency = String(price.currency ?? '').toLowerCase();
	const decimals = ZERO_DECIMAL.has(currency) ? 0 : 2;
	const minor = price.unit_amount ?? price.unit_amount_decimal;
	if (minor === null || minor === undefined) return `custom amount ${currency.toUpperCase()}`.trim();
	return `${(Number(minor) / 10 ** decimals).toFixed(decimals)} ${currency.toUpperCase()}`;
}

const INTERVAL_ADVERBS: Record<string, string> = { day: 'daily', week: 'weekly', month: 'monthly', year: 'yearly' };

function intervalLabel(recurring: IDataObject | null | undefined): string {
	if (!recurring) return '';
	const interval = String(recurring.interval);
	const count = Number(recurring.interval_count ?? 1);
	return count > 1 ? `every ${count} ${interval}s` : (INTERVAL_ADVERBS[interval] ?? interval);
}
