import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { invalidInput } from '../helpers/errorHandling';

/**
 * Stripe's `created` list filter, a range of Unix timestamps (`created[gte]`, `created[lt]`, …).
 * The form takes dates; the pipeline turns them into timestamps with createdRangeToStripe.
 * After is inclusive and Before exclusive, so that back-to-back windows (a scheduled run
 * fetching "since the last run") neither overlap nor miss a second.
 */
const BOUNDS = {
	gte: { displayName: 'Created After', name: 'createdAfter' },
	lt: { displayName: 'Created Before', name: 'createdBefore' },
} as const;

export function createdRangeFields(object: string): INodeProperties[] {
	return [
		{
			...BOUNDS.gte,
			type: 'dateTime',
			default: '',
			description: `Only ${object} created at or after this time`,
			routing: { send: { type: 'query', property: 'created.gte' } },
		},
		{
			...BOUNDS.lt,
			type: 'dateTime',
			default: '',
			description: `Only ${object} created before this time`,
			routing: { send: { type: 'query', property: 'created.lt' } },
		},
	];
}

/** Turns the form's dates into Stripe's range of Unix seconds, naming the field when one is not a date. */
export function createdRangeToStripe(value: unknown, timezone: string): IDataObject | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const range: IDataObject = {};
	for (const [bound, date] of Object.entries(value as IDataObject)) {
		if (date === '' || date === null || date === undefined) continue;
		const label = BOUNDS[bound as keyof typeof BOUNDS]?.displayName ?? `created[${bound}]`;
		range[bound] = toUnixSeconds(date, timezone, label, `created[${bound}]`);
	}
	return Object.keys(range).length ? range : undefined;
}

/**
 * A date from the form or an expression: an ISO string (without an offset it is read in the
 * workflow's timezone, as n8n's date fields are), a JavaScript Date, a Luxon DateTime such as
 * `$now`, or a Unix timestamp in seconds or milliseconds.
 */
export function toUnixSeconds(value: unknown, timezone: string, label: string, param: string): number {
	const millis = toMillis(value, timezone);
	if (millis === undefined || !Number.isFinite(millis)) {
		const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value;
		throw invalidInput(`${label}: ${shown} is not a date. Use a date such as 2026-05-01T00:00:00 or an expression like {{ $now.minus(1, 'day') }}.`, param);
	}
	return Math.floor(millis / 1000);
}

function toMillis(value: unknown, timezone: string): number | undefined {
	if (typeof value === 'number') return value > 1e11 ? value : value * 1000;
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'object' && value !== null && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		return (value as { toMillis: () => number }).toMillis();
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d+$/.test(text)) return toMillis(Number(text), timezone);
	if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
	const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
	if (hasOffset) return Date.parse(text);
	const asUtc = Date.parse(/T/.test(text) ? `${text}Z` : `${text}T00:00:00Z`);
	return Number.isNaN(asUtc) ? undefined : asUtc - zoneOffsetMs(asUtc, timezone, 2);
}

/** The zone's UTC offset at a wall-clock time given as if it were UTC (twice, to settle across a DST change). */
function zoneOffsetMs(wallClockAsUtc: number, timezone: string, rounds: number): number {
	let offset = 0;
	for (let round = 0; round < rounds; round++) offset = offsetAt(wallClockAsUtc - offset, timezone);
	return offset;
}

function offsetAt(instant: number, timezone: string): number {
	let parts: Intl.DateTimeFormatPart[];
	try {
		parts = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone || 'UTC',
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		}).formatToParts(new Date(instant));
	} catch {
		return 0;
	}
	const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value);
	const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return wallClock - Math.floor(instant / 1000) * 1000;
}
