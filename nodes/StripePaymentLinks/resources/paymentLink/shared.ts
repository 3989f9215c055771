import type { INodeProperties } from 'n8n-workflow';

/** Show a field only for the given operations of the Payment Link resource. */
export function showFor(operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: ['paymentLink'], operation: operations } };
}

export function simplifyField(
	operations: string[],
	description = 'Whether to return only the ID, URL, active flag, livemode, currency, metadata and after-completion type, so a next step can use the URL directly',
): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		displayOptions: showFor(operations),
		description,
	};
}

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
