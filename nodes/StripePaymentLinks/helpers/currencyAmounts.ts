import { invalidInput } from './errorHandling';

/**
 * Amounts as a sheet writes them (19.99) turned into what Stripe's unit_amount takes: an
 * integer in the currency's minor unit (1999). The conversion works on the decimal text and
 * never on a floating-point product, so 19.99 USD is exactly 1999, not 1998.9999999999998.
 *
 * The minor unit of each currency, from docs.stripe.com/currencies:
 * - zero-decimal currencies (the amount is the number of units): the list under "Zero-decimal
 *   currencies", except UGX (below);
 * - three-decimal currencies: BHD, JOD, KWD, OMR, TND, where Stripe requires the last digit of
 *   the amount to be 0 ("round amounts to the nearest ten"), so 5.125 KWD cannot be charged;
 * - "Special cases": ISK and UGX became zero-decimal, but Stripe's API keeps them two-decimal
 *   for backwards compatibility (5 UGX is 500) and refuses charges that are not whole units
 *   ("charged amounts must be evenly divisible by 100"); HUF and TWD are zero-decimal for
 *   payouts only, and two-decimal for charges and prices;
 * - every other currency: two decimals.
 * A Decimal amount with more decimals than that is refused: it has no exact unit_amount, or
 * (the last digit of a three-decimal amount, a fraction of ISK or UGX) one Stripe documents it
 * cannot charge. The refusal is about how the amount is written in the Decimal format, which
 * the user chose; Smallest Unit amounts go to Stripe as they are, unchecked, as before.
 */
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);
/** Two decimals in the API, whole units only in charges. */
const WHOLE_UNITS_ONLY = new Set(['isk', 'ugx']);

export type AmountFormat = 'smallestUnit' | 'decimal';

export const AMOUNT_FORMATS: AmountFormat[] = ['smallestUnit', 'decimal'];

/** How many decimals of the currency's unit its unit_amount counts (the ISO 4217 exponent, as Stripe uses it). */
export function minorUnitDigits(currency: string): number {
	if (ZERO_DECIMAL.has(currency)) return 0;
	if (THREE_DECIMAL.has(currency)) return 3;
	return 2;
}

/**
 * How many decimals (other than trailing zeros) a Decimal amount may have: the minor unit's, or
 * fewer where Stripe requires the last digits of unit_amount to be 0.
 */
function allowedDecimals(currency: string): { allowed: number; why: string } {
	const code = currency.toUpperCase();
	if (ZERO_DECIMAL.has(currency)) return { allowed: 0, why: `${code} is a zero-decimal currency: whole units only` };
	if (THREE_DECIMAL.has(currency)) return { allowed: 2, why: `${code} has 3 decimals and Stripe requires the last one to be 0, e.g. 5.120` };
	if (WHOLE_UNITS_ONLY.has(currency)) return { allowed: 0, why: `Stripe charges ${code} in whole units only` };
	return { allowed: 2, why: `${code} has at most 2 decimals` };
}

/**
 * A Decimal amount (a number, or text such as "19.99", "19,99" or " 25 ") as an integer in the
 * currency's minor unit. `label` names the row and field in refusals, `param` the Stripe parameter.
 */
export function decimalToMinorUnits(value: unknown, currency: string, label: string, param: string): number {
	const written = writtenAmount(value, label, param);
	const shown = JSON.stringify(written);
	if (written.startsWith('-')) throw invalidInput(`${label} ${shown} is negative; a price is 0 or more.`, param);
	const separators = written.match(/[.,]/g) ?? [];
	if (separators.length > 1) {
		throw invalidInput(
			`${label} ${shown} has more than one separator. Write the amount without thousands separators, with a point or a comma before the decimals, e.g. 1299.99.`,
			param,
		);
	}
	const match = /^(\d*)(?:[.,](\d*))?$/.exec(written);
	if (!match || !/\d/.test(written)) {
		throw invalidInput(`${label} ${shown} is not a number. With Amount Format Decimal, write the amount as on a price tag, e.g. 19.99 or 19,99.`, param);
	}
	const whole = match[1];
	const fraction = match[2] ?? '';
	// "1,299" is 1299 to some and 1.299 to others; a comma before 1 or 2 digits (or 4 or more) can only be decimals.
	if (separators[0] === ',' && fraction.length === 3 && /^[1-9]\d{0,2}$/.test(whole)) {
		throw invalidInput(
			`${label} ${shown} is ambiguous: the comma may separate thousands (${whole}${fraction}) or decimals (${whole}.${fraction}). Write ${whole}${fraction} or ${whole}.${fraction}.`,
			param,
		);
	}
	const { allowed, why } = allowedDecimals(currency);
	// Trailing zeros change nothing: 19.990 USD is 1999.
	const significant = fraction.replace(/0+$/, '');
	if (significant.length > allowed) {
		const places = significant.length === 1 ? '1 decimal' : `${significant.length} decimals`;
		const thousands = separators[0] === '.' && fraction.length === 3 && minorUnitDigits(currency) < 3 ? ` If the point separates thousands, write ${whole}${fraction}.` : '';
		throw invalidInput(`${label} ${shown} has ${places}; ${why}.${thousands}`, param);
	}
	const minor = `${whole}${significant.padEnd(minorUnitDigits(currency), '0')}`.replace(/^0+(?=\d)/, '');
	const amount = Number(minor || '0');
	if (!Number.isSafeInteger(amount)) throw invalidInput(`${label} ${shown} is too large.`, param);
	return amount;
}

/** The amount as plain decimal text: numbers without exponent notation, text trimmed. */
function writtenAmount(value: unknown, label: string, param: string): string {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw invalidInput(`${label} ${String(value)} is not a number.`, param);
		return plainDecimal(String(value));
	}
	if (typeof value !== 'string') {
		const got = value === undefined || value === null ? 'nothing' : typeof value === 'object' ? 'an object' : JSON.stringify(value);
		throw invalidInput(`${label} must be a number such as 19.99 (got ${got}).`, param);
	}
	const text = value.trim();
	if (!text) throw invalidInput(`${label} is empty. Give the amount as written, e.g. 19.99.`, param);
	return text;
}

/**
 * A number's shortest text (what JavaScript prints for it, i.e. the decimal the user wrote) without
 * exponent notation: 1e-7 is 0.0000001 and 1.5e21 is 1500000000000000000000.
 */
function plainDecimal(text: string): string {
	const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(text);
	if (!match) return text;
	const [, sign, whole, fraction = '', exponentText] = match;
	const digits = whole + fraction;
	const point = whole.length + Number(exponentText);
	if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
	if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
	return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The Amount Format of a row or of JSON mode, checked (it may come from an expression). */
export function amountFormat(value: unknown, label: string, param: string): AmountFormat {
	if (value === undefined || value === null || value === '') return 'smallestUnit';
	if (AMOUNT_FORMATS.includes(value as AmountFormat)) return value as AmountFormat;
	throw invalidInput(`${label}: Amount Format ${JSON.stringify(value)} must be "smallestUnit" (Smallest Unit) or "decimal" (Decimal).`, param);
}
