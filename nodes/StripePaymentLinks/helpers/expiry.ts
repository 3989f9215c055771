import type { IDataObject } from 'n8n-workflow';

import { invalidInput } from './errorHandling';
import { LIMITS } from './validation';

/**
 * Payment links have no expiry date in Stripe. The node keeps one in the link's metadata under
 * this key, as an ISO 8601 date-time in UTC: Create's Expires At writes it, Deactivate Expired
 * reads it (and so does anything else that reads metadata, e.g. a Filter node).
 */
export const EXPIRES_AT_KEY = 'expires_at';

/**
 * ISO 8601 as people and n8n write it: a date (2026-06-30), or a date and time with or without
 * seconds, fractions and a UTC offset (2026-06-30T18:00, 2026-06-30 18:00:00Z,
 * 2026-06-30T18:00:00.000+02:00). Luxon's toString(), which n8n uses for a DateTime from an
 * expression such as {{ $now.plus({ days: 7 }) }}, is one of these.
 */
const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([Zz]|[+-]\d{2}(?::?\d{2})?))?)?$/;

/**
 * The instant a date-time value names, or undefined if it names none. A value without a UTC
 * offset (a date alone, or a time as n8n's date picker gives it) is read in `timezone`, the
 * workflow's time zone, as n8n reads such values everywhere; a date alone is its midnight.
 */
export function parseDateTime(value: unknown, timezone: string): Date | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
	if (isLuxonDateTime(value)) return value.isValid ? new Date(value.toMillis()) : undefined;
	if (typeof value !== 'string') return undefined;
	const match = ISO_DATE_TIME.exec(value.trim());
	if (!match) return undefined;
	const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', offset] = match.map((part) => part ?? undefined);
	const fields = [year, month, day, hour, minute, second].map(Number);
	const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
	const wallClock = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5], milliseconds);
	const check = new Date(wallClock);
	// Date.UTC rolls 2026-02-30 over into March; a date that does not exist is unreadable.
	if (check.getUTCMonth() !== fields[1] - 1 || check.getUTCDate() !== fields[2] || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) {
		return undefined;
	}
	if (offset) return new Date(wallClock - offsetMinutes(offset) * 60_000);
	return zonedToUtc(wallClock, timezone);
}

/** ISO 8601 in UTC, to the second unless the time has milliseconds: 2026-06-30T16:00:00Z. */
export function isoUtc(date: Date): string {
	return date.toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * Create's Expires At (the body's `expires_at`, which is not a Stripe parameter) moved into the
 * link's metadata. It must name a time after `now`, and agree with an `expires_at` that the
 * Metadata rows or Metadata (JSON) already set.
 */
export function applyExpiresAt(body: IDataObject, timezone: string, now: number = Date.now()): void {
	if (!(EXPIRES_AT_KEY in body)) return;
	const value = body[EXPIRES_AT_KEY];
	delete body[EXPIRES_AT_KEY];
	if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) return;
	const date = parseDateTime(value, timezone);
	if (!date) {
		const shown = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? `the number ${value}` : `a ${typeof value}`;
		throw invalidInput(
			`Expires At: ${shown} is not a date. Give an ISO 8601 date or date-time such as 2026-06-30 or 2026-06-30T18:00:00Z (without an offset it is read in the workflow's time zone, ${timezone}).`,
			EXPIRES_AT_KEY,
		);
	}
	const expiresAt = isoUtc(date);
	if (date.getTime() <= now) {
		throw invalidInput(`Expires At: ${expiresAt} has already passed (it is now ${isoUtc(new Date(now))}). Give a time in the future.`, EXPIRES_AT_KEY);
	}
	const metadata = typeof body.metadata === 'object' && body.metadata !== null ? (body.metadata as IDataObject) : {};
	const current = metadata[EXPIRES_AT_KEY];
	const same = current !== undefined && current !== '' && parseDateTime(current, timezone)?.getTime() === date.getTime();
	if (current !== undefined && current !== '' && !same) {
		throw invalidInput(
			`Metadata: "${EXPIRES_AT_KEY}" is where Expires At is stored (${expiresAt}), but Metadata sets it to "${String(current)}". Remove it from Metadata or leave Expires At empty.`,
			`metadata[${EXPIRES_AT_KEY}]`,
		);
	}
	if (!same && Object.keys(metadata).length >= LIMITS.metadataKeys) {
		throw invalidInput(
			`Metadata: Expires At is stored as one more metadata key (${EXPIRES_AT_KEY}), and the link already has ${Object.keys(metadata).length}; Stripe allows at most ${LIMITS.metadataKeys}.`,
			`metadata[${EXPIRES_AT_KEY}]`,
		);
	}
	body.metadata = { ...metadata, [EXPIRES_AT_KEY]: expiresAt };
}

/** What Deactivate Expired makes of a link's metadata. */
export type LinkExpiry =
	| { state: 'none' }
	| { state: 'unreadable'; value: string }
	| { state: 'expires'; at: Date };

export function linkExpiry(link: IDataObject, timezone: string): LinkExpiry {
	const metadata = (link.metadata ?? {}) as IDataObject;
	const value = metadata[EXPIRES_AT_KEY];
	if (value === undefined || value === null) return { state: 'none' };
	const at = parseDateTime(value, timezone);
	return at ? { state: 'expires', at } : { state: 'unreadable', value: String(value) };
}

interface LuxonDateTime {
	isValid: boolean;
	toMillis(): number;
}

function isLuxonDateTime(value: unknown): value is LuxonDateTime {
	return typeof value === 'object' && value !== null && typeof (value as LuxonDateTime).toMillis === 'function' && 'isValid' in value;
}

/** "+02:00", "-0530", "+02" or "Z" as minutes east of UTC. */
function offsetMinutes(offset: string): number {
	if (/^z$/i.test(offset)) return 0;
	const sign = offset.startsWith('-') ? -1 : 1;
	const digits = offset.slice(1).replace(':', '');
	return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/**
 * The UTC instant at which the clocks of `timezone` show `wallClock` (given as if it were UTC),
 * with the time zone's offset found by Intl. Within the hour of a clock change, a time that is
 * skipped or repeated is read with one of the two offsets.
 */
function zonedToUtc(wallClock: number, timezone: string): Date | undefined {
	let format: Intl.DateTimeFormat;
	try {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
	} catch {
		return undefined;
	}
	const offsetAt = (instant: number) => {
		const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
		const shown = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
		return shown - Math.floor(instant / 1000) * 1000;
	};
	return new Date(wallClock - offsetAt(wallClock - offsetAt(wallClock)));
}
