import type { DisplayCondition, INodeProperties } from 'n8n-workflow';

import { simplifyDescription } from '../../helpers/simplify';

/** Show a field only for the given operations of the Payment Link resource. */
export function showFor(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: ['paymentLink'], operation: operations } };
}

/** The node versions, for fields whose default or shape changed between them. */
export const V1: Array<number | DisplayCondition> = [1];
export const V2_AND_LATER: Array<number | DisplayCondition> = [{ _cnd: { gte: 2 } }];

/**
 * Simplify is off in version 1 and on from version 2. A saved workflow keeps only the values
 * that differ from the default, so changing the default of the one field would have changed
 * what every version-1 workflow returns; n8n's node versioning keeps it as it was there.
 */
const POSTING_OPERATIONS = ['activate', 'create', 'deactivate', 'update'];

export function simplifyField(
	operations: string[],
	description = simplifyDescription(operations.some((operation) => POSTING_OPERATIONS.includes(operation))),
): INodeProperties[] {
	const field: INodeProperties = {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description,
	};
	const show = (versions: Array<number | DisplayCondition>) => ({ show: { ...showFor(operations)?.show, '@version': versions } });
	return [
		{ ...field, default: false, displayOptions: show(V1) },
		{ ...field, default: true, displayOptions: show(V2_AND_LATER) },
	];
}

/**
 * A collection (Additional Fields, Update Fields, Request Options) with its options in
 * alphabetical order, as the editor lists them in that order. A list (a multiple-value group)
 * among them says that n8n's editor removes it while it is still empty when another field is
 * added; groups set once avoid this (see SETTINGS_GROUP), lists cannot.
 */
export function withOptionsInOrder(property: INodeProperties): INodeProperties {
	if (property.type !== 'collection') return property;
	const options = [...(property.options as INodeProperties[])]
		.sort((a, b) => a.displayName.localeCompare(b.displayName))
		.map((option) =>
			option.type === 'fixedCollection' && option.typeOptions?.multipleValues
				? { ...option, description: `${option.description} ${EMPTY_LIST_NOTE}` }
				: option,
		);
	return { ...property, options };
}

export const EMPTY_LIST_NOTE = 'Add the first entry right away: n8n removes the field if it is still empty when another field is added.';

export function returnAllAndLimit(operations: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			displayOptions: showFor(operations),
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { ...showFor(operations)?.show, returnAll: [false] } },
			description: 'Max number of results to return',
		},
	];
}

export const inactiveMessageField: INodeProperties = {
	displayName: 'Inactive Message',
	name: 'inactiveMessage',
	type: 'string',
	default: '',
	description: 'Shown to customers who open the link while it is inactive (up to 500 characters)',
	routing: { send: { type: 'body', property: 'inactive_message' } },
};

/** Stripe's list cursors, for starting a listing at a known object. */
export function cursorFields(object: string, placeholder: string): INodeProperties[] {
	return [
		{
			displayName: 'Ending Before',
			name: 'endingBefore',
			type: 'string',
			default: '',
			placeholder,
			description: `Return only objects listed before this ${object} ID (Stripe's ending_before cursor)`,
			routing: { send: { type: 'query', property: 'ending_before' } },
		},
		{
			displayName: 'Starting After',
			name: 'startingAfter',
			type: 'string',
			default: '',
			placeholder,
			description: `Return only objects listed after this ${object} ID (Stripe's starting_after cursor)`,
			routing: { send: { type: 'query', property: 'starting_after' } },
		},
	];
}
