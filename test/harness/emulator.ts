/** Typed access to the plain-JS emulator for the TypeScript tests. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const emulator = require('../emulator');

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, any>;
	body: Record<string, any>;
	rawBody: string;
	rawQuery: string;
	headers: Record<string, string>;
	status: number;
	idempotencyKey?: string;
	replayed: boolean;
	dropped?: boolean;
	receivedAt: number;
}

export interface PayParams {
	customer_email?: string;
	customer_name?: string;
	client_reference_id?: string;
	status?: 'complete' | 'open' | 'expired';
	payment?: 'immediate' | 'delayed';
	created?: number;
}

export interface Delivery {
	eventId: string;
	type: string;
	endpointId: string;
	url: string;
	signature: string;
	status: number;
	response: string;
	error: string | null;
	payload: string;
	deliveredAt: number;
}

export interface Emulator {
	url: string;
	port: number;
	requests: RecordedRequest[];
	state: {
		paymentLinks: Map<string, any>;
		lineItems: Map<string, any[]>;
		prices: Map<string, any>;
		products: Map<string, any>;
		checkoutSessions: Map<string, any>;
		webhookEndpoints: Map<string, any>;
		events: Map<string, any>;
	};
	stats: {
		created: number;
		replays: number;
		rateLimited: number;
		requests: number;
		maxInFlight: number;
		faultsInjected: Record<string, number>;
	};
	/** The OpenAPI spec file the strict checks use (null when checked against the types alone). */
	specFile: string | null;
	seedProduct(product?: Record<string, any>): any;
	seedPrice(price?: Record<string, any>): any;
	seedPaymentLink(params: Record<string, any>): any;
	payPaymentLink(linkId: string, params?: PayParams): any;
	settleCheckoutSession(sessionId: string, outcome: 'succeeded' | 'failed'): any;
	readonly deliveries: Delivery[];
	waitForDeliveries(): Promise<Delivery[]>;
	sendEvent(endpointId: string, event: any, options?: { secret?: string; timestamp?: number; signature?: string }): Promise<Delivery>;
	reset(): void;
	setFaults(faults: Record<string, any>): void;
	/** Forgets stored idempotent results, as Stripe does after 24 hours. */
	expireIdempotencyKeys(): void;
	setRateLimit(perSecond: number): void;
	setLatency(ms: number): void;
	close(): Promise<void>;
}

/** The tests always check requests against Stripe's OpenAPI spec as well as the types. */
export async function startEmulator(options: Record<string, any> = {}): Promise<Emulator> {
	return await emulator.startEmulator({ openapi: 'required', ...options });
}
