import type { IDataObject } from 'n8n-workflow';

import { EXPIRES_AT_KEY } from './expiry';

/**
 * One entry of the simplified item. The list below is the single source of what Simplify
 * returns: simplifyPaymentLink builds the item from it and the Simplify field's description
 * is written from it, so the two cannot drift. To add a field, add an entry.
 */
interface SimplifiedField {
	key: string;
	read: (link: IDataObject, lineItems: IDataObject[] | undefined) => unknown;
	/** Only set when the response holds the line items (Expand → Line Items). */
	needsLineItems?: boolean;
	/** How the description names it, when the name alone does not say enough. */
	note?: string;
}

const SIMPLIFIED_FIELDS: SimplifiedField[] = [
	{ key: 'id', read: (link) => link.id },
	{ key: 'url', read: (link) => link.url },
	{ key: 'active', read: (link) => link.active },
	{ key: 'livemode', read: (link) => link.livemode },
	{ key: 'currency', read: (link) => link.currency },
	{ key: 'metadata', read: (link) => link.metadata ?? {} },
	{
		key: 'expires_at',
		note: 'expires_at (when the link expires, from its metadata; null without one)',
		read: (link) => (link.metadata as IDataObject | undefined)?.[EXPIRES_AT_KEY] ?? null,
	},
	{ key: 'after_completion_type', read: (link) => (link.after_completion as IDataObject | undefined)?.type ?? null },
	{
		key: 'amount_total',
		needsLineItems: true,
		note: 'amount_total (the line items’ total in the smallest currency unit, e.g. 2500 = 25.00)',
		read: (_link, lineItems) => lineItems?.reduce((total, item) => total + Number(item.amount_total ?? 0), 0),
	},
	{ key: 'product_names', needsLineItems: true, read: (_link, lineItems) => lineItems?.map(productName) },
	{
		key: 'line_items',
		needsLineItems: true,
		note: 'line_items (ID, description, price ID, quantity and amount_total of each)',
		read: (_link, lineItems) =>
			lineItems?.map((item) => ({
				id: item.id,
				description: item.description,
				price: (item.price as IDataObject | undefined)?.id ?? item.price,
				quantity: item.quantity,
				amount_total: item.amount_total,
			})),
	},
];

/**
 * The fields a next step usually needs, flat, so that "Send the link" is `{{ $json.url }}`
 * and an email can name the products and the total. Everything else stays available by
 * turning Simplify off.
 */
export function simplifyPaymentLink(link: IDataObject): IDataObject {
	const expanded = link.line_items as IDataObject | undefined;
	const lineItems = expanded && Array.isArray(expanded.data) ? (expanded.data as IDataObject[]) : undefined;
	const simplified: IDataObject = {};
	for (const field of SIMPLIFIED_FIELDS) {
		if (field.needsLineItems && !lineItems) continue;
		simplified[field.key] = field.read(link, lineItems) as IDataObject[string];
	}
	return simplified;
}

/**
 * The Simplify field's description, written from SIMPLIFIED_FIELDS. For operations that POST,
 * it also names the fields the request pipeline adds to every answer, simplified or not.
 */
export function simplifyDescription(posts = false): string {
	const names = (needsLineItems: boolean) =>
		SIMPLIFIED_FIELDS.filter((field) => Boolean(field.needsLineItems) === needsLineItems).map((field) => field.note ?? field.key);
	return (
		`Whether to return a flat item with ${names(false).join(', ')}, so a next step can use $json.url. ` +
		`When the response holds the line items (Expand → Line Items, or Include Line Items on Get) it also holds ${names(true).join(', ')}.` +
		(posts
			? ' Every answer also holds idempotent_replayed (true when Stripe replayed its first answer for the same idempotency key instead of acting again) and, with Create If Missing, reused (true when a link carrying the key already existed).'
			: '')
	);
}

/** Product name of a line item: the expanded product's name, else Stripe's description (which defaults to it). */
function productName(item: IDataObject): unknown {
	const product = (item.price as IDataObject | undefined)?.product;
	if (product && typeof product === 'object' && typeof (product as IDataObject).name === 'string') return (product as IDataObject).name;
	return item.description ?? null;
}

/**
 * Who paid, for a checkout session: flat, with `created` as an ISO date and the session's
 * metadata, which Stripe copied from the payment link at the time of payment (so a row key
 * set when the link was made comes back with the payment).
 */
export function simplifyCheckoutSession(session: IDataObject): IDataObject {
	const customer = (session.customer_details ?? {}) as IDataObject;
	const link = session.payment_link as IDataObject | string | null | undefined;
	return {
		id: session.id,
		status: session.status ?? null,
		payment_status: session.payment_status ?? null,
		amount_total: session.amount_total ?? null,
		currency: session.currency ?? null,
		customer_email: customer.email ?? session.customer_email ?? null,
		customer_name: customer.name ?? null,
		client_reference_id: session.client_reference_id ?? null,
		created: typeof session.created === 'number' ? new Date(session.created * 1000).toISOString() : null,
		payment_link: typeof link === 'object' && link !== null ? (link.id ?? null) : (link ?? null),
		metadata: session.metadata ?? {},
	};
}
