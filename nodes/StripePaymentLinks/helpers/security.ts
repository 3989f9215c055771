import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { invalidInput } from './errorHandling';

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * Refuses credentials that would fail or leak before anything is sent: a publishable key,
 * which Stripe rejects for this API, and a plain-http base URL off this machine, which would
 * put the secret key on the network in clear text.
 */
export function assertSafeCredentials(credentials: ICredentialDataDecryptedObject): void {
	const key = String(credentials.secretKey ?? '').trim();
	if (!key) {
		throw invalidInput('The credential has no Secret Key. Add an sk_… or rk_… key.', 'secretKey');
	}
	if (key.startsWith('pk_')) {
		throw invalidInput(
			'The credential holds a publishable key (pk_…). Payment Links need a secret key (sk_…) or a restricted key (rk_…) from the Stripe Dashboard → Developers → API keys.',
			'secretKey',
		);
	}
	if (!/^(sk|rk)_(test|live)_/.test(key)) {
		throw invalidInput(
			'The credential’s Secret Key does not look like a Stripe secret key: it must start with sk_test_, sk_live_, rk_test_ or rk_live_.',
			'secretKey',
		);
	}
	const baseUrl = String(credentials.baseUrl ?? '');
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		throw invalidInput(`The credential’s Base URL "${baseUrl}" is not a valid URL.`, 'baseUrl');
	}
	if (url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
		throw invalidInput(
			`The credential’s Base URL uses plain http:// to ${url.hostname}. The secret key is only sent over https://, or over http:// to this machine (localhost, 127.0.0.1) for local testing.`,
			'baseUrl',
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw invalidInput(`The credential’s Base URL must start with https://.`, 'baseUrl');
	}
}
