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
