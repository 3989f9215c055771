import type { IDataObject } from 'n8n-workflow';

/**
 * The fields a next step usually needs, flat, so that "Send the link" is `{{ $json.url }}`.
 * Everything else stays available by turning Simplify off.
 */
export function simplifyPaymentLink(link: IDataObject): IDataObject {
	const simplified: IDataObject = {
		id: link.id,
		url: link.url,
		active: link.active,
		livemode: link.livemode,
		currency: link.currency,
		metadata: link.metadata ?? {},
		after_completion_type: (link.after_completion as IDataObject | undefined)?.type ?? null,
	};
	const lineItems = link.line_items as IDataObject | undefined;
	if (lineItems && Array.isArray(lineItems.data)) {
		simplified.line_items = (lineItems.data as IDataObject[]).map((item) => ({
			id: item.id,
			description: item.description,
			price: (item.price as IDataObject | undefined)?.id ?? item.price,
			quantity: item.quantity,
			amount_total: item.amount_total,
		}));
	}
	return simplified;
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
