import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { PAYMENT_LINK_ID_PATTERN, PAYMENT_LINK_URL_EXTRACT } from '../StripePaymentLinks/shared/paymentLinkLocator';

type TriggerContext = IHookFunctions | IWebhookFunctions;

/**
 * Which payment links start the workflow, as a test on a checkout session: every session made
 * by a payment link, those of the chosen links, or those whose metadata (copied by Stripe from
 * the link) has a key, or a key and value. A setting that cannot match anything is refused
 * with the field named, so that activation fails instead of the trigger staying silent.
 */
export function readLinkFilter(context: TriggerContext): (session: IDataObject) => boolean {
	const mode = context.getNodeParameter('linkFilter', 'all') as string;
	if (mode === 'chosen') {
		const ids = new Set(chosenLinkIds(context));
		return (session) => ids.has(String(session.payment_link));
	}
	if (mode === 'metadata') {
		const key = String(context.getNodeParameter('metadataKey', '') ?? '').trim();
		if (!key) throw new NodeOperationError(context.getNode(), 'Metadata Key: give the key the links’ metadata must have, e.g. row');
		const value = String(context.getNodeParameter('metadataValue', '') ?? '');
		return (session) => {
			const metadata = (session.metadata ?? {}) as IDataObject;
			return Object.prototype.hasOwnProperty.call(metadata, key) && (value === '' || String(metadata[key]) === value);
		};
	}
	return () => true;
}

function chosenLinkIds(context: TriggerContext): string[] {
	const rows = context.getNodeParameter('paymentLinks.links', []) as Array<{ paymentLinkId?: IDataObject | string }>;
	if (!Array.isArray(rows) || rows.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Links: choose at least one payment link, or set Payment Links to All Payment Links');
	}
	return rows.map((row, index) => {
		const locator = row.paymentLinkId;
		const raw = typeof locator === 'object' && locator !== null ? String(locator.value ?? '') : String(locator ?? '');
		const fromUrl = typeof locator === 'object' && locator?.mode === 'url' ? new RegExp(PAYMENT_LINK_URL_EXTRACT).exec(raw)?.[1] : undefined;
		const id = (fromUrl ?? raw).trim();
		if (!new RegExp(PAYMENT_LINK_ID_PATTERN).test(id)) {
			throw new NodeOperationError(
				context.getNode(),
				`Links: link ${index + 1} ("${id}") is not a payment link ID. IDs look like plink_1MoC3ULkdIwHu7ixZjtGpVl2.`,
			);
		}
		return id;
	});
}
