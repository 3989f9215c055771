import type { IDataObject, IExecuteSingleFunctions } from 'n8n-workflow';

import { afterCompletionToStripe } from '../shared/afterCompletion';
import { lineItemsToStripe } from '../shared/lineItems';
import { metadataToStripe } from '../shared/metadata';
import { restrictionsToStripe } from '../shared/restrictions';
import type { BodyConverters, FieldMode } from '../shared/types';
import { invalidInput } from './errorHandling';
import { validateStripeBody } from './validation';

/** One converter per Stripe parameter group; each lives beside the fields it converts. */
const converters: BodyConverters = {
	after_completion: afterCompletionToStripe,
	line_items: lineItemsToStripe,
	metadata: metadataToStripe,
	restrictions: restrictionsToStripe,
};

/**
 * Reshapes the body RoutingNode assembled from the form into Stripe's parameters and checks
 * Stripe's documented limits, so that an invalid item is refused with the field named and
 * nothing is sent for it.
 */
export function toStripeBody(context: IExecuteSingleFunctions, formBody: IDataObject): IDataObject {
	const mode: FieldMode = context.getNodeParameter('operation') === 'create' ? 'create' : 'update';
	const body: IDataObject = {};
	for (const [param, value] of Object.entries(formBody)) {
		const convert = converters[param];
		body[param] = (convert ? convert(value, mode) : value) as IDataObject[string];
	}
	applyClearMetadata(body);
	validateStripeBody(body);
	return body;
}

function applyClearMetadata(body: IDataObject): void {
	if (!('clear_metadata' in body)) return;
	const clear = body.clear_metadata === true;
	delete body.clear_metadata;
	if (!clear) return;
	if (body.metadata && Object.keys(body.metadata as IDataObject).length) {
		throw invalidInput(
			'Metadata: "Clear All Metadata" removes every key, so it cannot be combined with Metadata rows. Turn one of them off, or leave a row’s value empty to remove just that key.',
			'metadata',
		);
	}
	body.metadata = '';
}
