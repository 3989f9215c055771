import { createHmac, timingSafeEqual } from 'crypto';

/** Stripe's libraries accept a signed call for five minutes after it was signed. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

/**
 * Checks a `Stripe-Signature` header (`t=<unix time>,v1=<hex>[,v1=<hex>…][,v0=…]`) the way
 * Stripe's libraries do: the HMAC-SHA256 of `<t>.<raw body>` with the endpoint's signing
 * secret must equal one of the v1 signatures (Stripe sends two while a secret is being
 * rolled), compared in constant time; every other scheme (v0) is ignored so that it cannot be
 * used to downgrade; and `t` must be within the tolerance of now, so that a recorded call
 * cannot be replayed later. The reason is safe to show: it names what failed, never a secret.
 */
export function verifyStripeSignature({
	payload,
	header,
	secrets,
	toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
	nowSeconds,
}: {
	payload: Buffer | undefined;
	header: string | undefined;
	secrets: string[];
	toleranceSeconds?: number;
	nowSeconds: number;
}): SignatureCheck {
	const usable = secrets.filter((secret) => typeof secret === 'string' && secret !== '');
	if (!usable.length) return invalid('no signing secret is stored for this trigger, so no call can be verified');
	if (!header) return invalid('the Stripe-Signature header is missing');
	if (!payload) return invalid('the request has no body to verify');
	let timestamp: number | undefined;
	const signatures: Buffer[] = [];
	for (const part of header.split(',')) {
		const separator = part.indexOf('=');
		const key = part.slice(0, separator).trim();
		const value = part.slice(separator + 1).trim();
		if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
		if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value.toLowerCase(), 'utf8'));
	}
	if (timestamp === undefined) return invalid('the Stripe-Signature header has no timestamp');
	if (!signatures.length) return invalid('the Stripe-Signature header has no v1 signature');
	if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
		return invalid(`the signature's timestamp is ${Math.abs(nowSeconds - timestamp)} s away from now, more than the ${toleranceSeconds} s tolerated`);
	}
	for (const secret of usable) {
		const expected = Buffer.from(
			createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(payload).digest('hex'),
			'utf8',
		);
		if (signatures.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected))) {
			return { valid: true };
		}
	}
	return invalid('no v1 signature matches the signing secret');
}

function invalid(reason: string): SignatureCheck {
	return { valid: false, reason };
}
