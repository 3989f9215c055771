import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** The node refuses a publishable key with the same advice when it runs (helpers/security.ts). */
const PUBLISHABLE_KEY_MESSAGE =
	'This is a publishable key (pk_…), which cannot call the Payment Links API. Use a secret key (sk_…) or a restricted key (rk_…) from the Stripe Dashboard → Developers → API keys.';

/** The API version the `stripe` v23 types (the node's parameter reference) were generated for. */
export const PINNED_STRIPE_API_VERSION = '2026-10-28.endive';

export class StripePaymentLinksApi implements ICredentialType {
	name = 'stripePaymentLinksApi';

	displayName = 'Stripe Payment Links API';

	icon: Icon = {
		light: 'file:../icons/stripePaymentLinks.svg',
		dark: 'file:../icons/stripePaymentLinks.dark.svg',
	};

	documentationUrl = 'https://docs.stripe.com/keys';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'sk_test_…',
			description:
				'A secret key (sk_test_… or sk_live_…) or a restricted key (rk_…) with Payment Links write access and Prices read access. Publishable keys (pk_…) cannot call this API.',
		},
		{
			// Shown while the key typed above is a publishable one, before any test runs.
			displayName: PUBLISHABLE_KEY_MESSAGE,
			name: 'publishableKeyNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { secretKey: [{ _cnd: { startsWith: 'pk_' } }] } },
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			default: PINNED_STRIPE_API_VERSION,
			description:
				'Sent as the Stripe-Version header. The node’s fields follow 2026-10-28.endive; older versions accept fewer parameters.',
			options: [
				{ name: '2026-10-28.endive (Recommended)', value: PINNED_STRIPE_API_VERSION },
				{ name: '2025-04-30.basil', value: '2025-04-30.basil' },
				{ name: '2024-11-20.acacia', value: '2024-11-20.acacia' },
				{ name: 'Other (Type Below)', value: 'custom' },
			],
		},
		{
			displayName: 'Custom API Version',
			name: 'customApiVersion',
			type: 'string',
			default: '',
			placeholder: '2026-10-28.endive',
			displayOptions: { show: { apiVersion: ['custom'] } },
			description: 'Any Stripe API version, for example one pinned on your account',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.stripe.com',
			description:
				'Leave as is for Stripe. Change only to point at a local Stripe-compatible server (stripe-mock or the bundled emulator); keys are only ever sent over HTTPS or to loopback.',
		},
		{
			displayName: 'Webhook Signing Secret (Stripe CLI)',
			name: 'webhookSigningSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'whsec_…',
			description:
				'Only for the Stripe Payment Links Trigger with Stripe CLI forwarding: the signing secret that `stripe listen` prints. Leave empty otherwise; an endpoint the trigger registers keeps its own secret.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.secretKey}}',
				'Stripe-Version':
					'={{$credentials.apiVersion === "custom" ? $credentials.customApiVersion : $credentials.apiVersion}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// The test request is sent by n8n itself, not by the node's pipeline, so the rule that
			// keys only travel over https (or http to this machine) is enforced here as well: any
			// other base URL is swapped for a host that cannot resolve.
			baseURL:
				'={{ /^https:\\/\\//i.test($credentials.baseUrl) || /^http:\\/\\/(localhost|127(\\.\\d{1,3}){3}|\\[::1\\])(:\\d+)?(\\/|$)/i.test($credentials.baseUrl) ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://plain-http-base-url-refused.invalid" }}',
			url: '/v1/payment_links',
			method: 'GET',
			qs: { limit: 1 },
		},
		// n8n shows only the HTTP status text ("Unauthorized") unless a rule names the cause.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Stripe did not accept the Secret Key (401). It must be a current secret key (sk_…) or restricted key (rk_…) from the Stripe Dashboard → Developers → API keys: a publishable key (pk_…) cannot call this API, and a rolled or deleted key no longer works.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Stripe refused this key for Payment Links (403). A publishable key (pk_…) cannot call this API; a restricted key (rk_…) needs Payment Links write access and Prices read access.',
				},
			},
		],
	};
}
