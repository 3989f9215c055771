import type { INodeProperties } from 'n8n-workflow';

import type { BodyConverter, FieldMode } from './types';
import { asObject } from './types';

export function restrictionsField(mode: FieldMode): INodeProperties {
	return {
		displayName: 'Limit Completed Sessions',
		name: 'restrictions',
		type: 'number',
		typeOptions: { minValue: mode === 'update' ? 0 : 1 },
		default: 1,
		description:
			mode === 'update'
				? 'Deactivate the link after this many completed payments. Set 0 to remove the limit.'
				: 'Deactivate the link after this many completed payments',
		routing: { send: { type: 'body', property: 'restrictions' } },
	};
}

/** A number on the form; `restrictions[completed_sessions][limit]` on the wire; 0 unsets on Update. */
export const restrictionsToStripe: BodyConverter = (value, mode) => {
	if (typeof value === 'object' && value !== null) return asObject(value);
	const limit = Number(value);
	if (mode === 'update' && limit === 0) return '';
	return { completed_sessions: { limit } };
};
