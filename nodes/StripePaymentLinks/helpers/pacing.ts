import { createHash } from 'crypto';
import { sleep } from 'n8n-workflow';

/**
 * Stripe's published rate limits (docs.stripe.com/rate-limits), in requests per second per
 * account: the whole API in test mode (sandbox) and in live mode, and every endpoint (one API
 * operation, such as POST /v1/payment_links) unless Stripe has raised it for the account.
 */
export const STRIPE_RATE_LIMITS = { test: 25, live: 100, endpoint: 25 } as const;

export type KeyMode = 'test' | 'live';

/** Live keys are sk_live_/rk_live_; anything else (sk_test_, rk_test_, …) is paced as test mode. */
export function keyMode(secretKey: string): KeyMode {
	return /^(sk|rk)_live_/.test(secretKey) ? 'live' : 'test';
}

/**
 * The part of a pacer's identity that comes from the credential: a hash of the API host and
 * the key, so the key itself is never kept. Add the Connect account with `accountIdentity`.
 */
export function keyIdentity(baseUrl: string, secretKey: string): string {
	return createHash('sha256').update(JSON.stringify([baseUrl, secretKey])).digest('hex').slice(0, 32);
}

/** One pacer per Stripe account as far as this process can tell: key, host and Connect account. */
export function accountIdentity(keyHash: string, connectedAccount?: string): string {
	return connectedAccount ? `${keyHash}/${connectedAccount}` : keyHash;
}

/**
 * `POST /v1/payment_links/{id}`: Stripe limits each endpoint, whatever the object, so ids
 * (a lowercase prefix, then random letters and digits) are replaced.
 */
export function endpointOf(method: string | undefined, url: string | undefined): string {
	const path = String(url ?? '')
		.split('?')[0]
		.replace(/\/[a-z]+(?:_[a-z]+)*_[A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*(?=\/|$)/g, '/{id}');
	return `${method ?? 'GET'} ${path}`;
}

/**
 * Stripe counts requests per second; the pacer counts them per 1,025 ms, so that 25 ms of
 * jitter between here and Stripe cannot put one request too many into Stripe's second.
 */
const WINDOW_MS = 1025;
/**
 * On a 429 the pace drops to this share of the pace the refused request was sent at; after a
 * calm spell a lone 429 is more likely jitter than a lower limit, and costs only 5 %…
 */
const SLOW_DOWN = 0.8;
const SLOW_DOWN_AFTER_CALM = 0.95;
const CALM_MS = 3000;
/** …and then the pace climbs back by this share of that pace every second. */
const RECOVERY_PER_SECOND = 0.1;
const MIN_RATE = 1;
/**
 * Starts missed because the event loop was busy (RoutingNode prepares items synchronously) may
 * be made up for this long afterwards; the window still keeps every WINDOW_MS within the rate.
 */
const CATCH_UP_MS = 250;
/**
 * Starting from idle, the first window runs at this share of the pace: the first requests take
 * longer to leave (new connections, code run for the first time) and would otherwise reach
 * Stripe bunched together with the ones after them.
 */
const WARM_UP = 0.8;
/** A pacer nobody used for this long is forgotten (with what it learned about 429s). */
const IDLE_MS = 10 * 60 * 1000;

/**
 * One rate limit as the pacer enforces it: evenly spaced starts, no more than the rate in
 * any window, and a ceiling lowered by 429s that recovers additively.
 */
class RateBudget {
	private readonly starts: number[] = [];

	private nextAt = 0;

	private ceiling = Infinity;

	private recoveryPerSecond = 0;

	private loweredAt = 0;

	private activeSince = 0;

	/** The pace allowed now for requests asking for `requested` per second. */
	rate(requested: number, now: number): number {
		const recovered = this.ceiling + ((now - this.loweredAt) / 1000) * this.recoveryPerSecond;
		const warmUp = now - this.activeSince < WINDOW_MS ? WARM_UP : 1;
		return Math.max(MIN_RATE, Math.min(requested, recovered) * warmUp);
	}

	/** When the next request may start at this pace. */
	readyAt(rate: number, now: number): number {
		while (this.starts.length && this.starts[0] <= now - WINDOW_MS) this.starts.shift();
		const allowed = Math.max(1, Math.floor(rate));
		const windowFull = this.starts.length >= allowed ? this.starts[this.starts.length - allowed] + WINDOW_MS : 0;
		return Math.max(this.nextAt, windowFull);
	}

	record(rate: number, now: number): void {
		if (!this.starts.length) this.activeSince = now;
		this.starts.push(now);
		// Behind schedule by a little: the next start may come sooner. Idle for longer: start afresh.
		const from = this.nextAt >= now - CATCH_UP_MS ? this.nextAt : now;
		this.nextAt = from + WINDOW_MS / rate;
	}

	/**
	 * Multiplicative decrease on a 429 for a request sent at `rate` (of `requested`). Answers to
	 * requests sent before the last decrease describe the old pace and change nothing. Returns
	 * whether the pace is now below the one the request was sent at.
	 */
	lower(rate: number, requested: number, sentAt: number, now: number): boolean {
		if (sentAt >= this.loweredAt) {
			const factor = now - this.loweredAt > CALM_MS ? SLOW_DOWN_AFTER_CALM : SLOW_DOWN;
			this.ceiling = Math.max(MIN_RATE, rate * factor);
			this.recoveryPerSecond = rate * RECOVERY_PER_SECOND;
			this.loweredAt = now;
		}
		return this.rate(requested, now) < rate;
	}
}

/** What a request asks of the pacer. */
export interface PaceTicket {
	/** The node run it belongs to: runs take turns, so a small run is not stuck behind a big one. */
	run: object;
	/** Method and path template, e.g. `POST /v1/payment_links/{id}`: Stripe limits each endpoint. */
	endpoint: string;
	/** Max Requests per Second for this endpoint; 0 turns pacing off. */
	perSecond: number;
	/** Max Concurrent Requests for the account in this process; 0 means no limit. */
	concurrency: number;
}

/** Leave to send one request; call `release` when its answer (or error) is in. */
export interface PacePermit {
	release(): void;
	/**
	 * Stripe answered 429: slow down the limit it names (Stripe-Rate-Limited-Reason). True when
	 * the pace is now lower than the one this request was sent at, i.e. a retry is sent slower.
	 */
	rateLimited(reason?: string): boolean;
}

interface Waiter {
	ticket: PaceTicket;
	grant: (permit: PacePermit) => void;
}

/**
 * Paces every request this n8n process sends to one Stripe account: concurrent executions,
 * and all items and pages of each, share it. It enforces the account-wide limit of the key's
 * mode and a limit per endpoint, takes requests from the waiting runs in turn, and slows down
 * when Stripe answers 429 (which is how several workers or other systems sharing the account
 * are noticed).
 */
export class AccountPacer {
	private readonly account = new RateBudget();

	private readonly endpoints = new Map<string, RateBudget>();

	/** Waiting requests per run, in the order the runs take turns. */
	private readonly queues = new Map<object, Waiter[]>();

	private inFlight = 0;

	private wakeAt = Infinity;

	lastUsed = Date.now();

	/** 429s seen, by Stripe-Rate-Limited-Reason ('' when Stripe sent none). */
	readonly rateLimited = new Map<string, number>();

	constructor(private readonly accountLimit: number) {}

	/** Resolves when the request may be sent. A retry goes `first` in its run's queue. */
	async acquire(ticket: PaceTicket, { first = false } = {}): Promise<PacePermit> {
		this.lastUsed = Date.now();
		return await new Promise<PacePermit>((grant) => {
			const waiter = { ticket, grant };
			const queue = this.queues.get(ticket.run) ?? [];
			if (first) queue.unshift(waiter);
			else queue.push(waiter);
			this.queues.set(ticket.run, queue);
			this.drain();
		});
	}

	isIdle(now: number): boolean {
		return this.inFlight === 0 && this.queues.size === 0 && now - this.lastUsed > IDLE_MS;
	}

	private accountRateFor(ticket: PaceTicket): number {
		return Math.max(this.accountLimit, ticket.perSecond);
	}

	/** Grants every request that may start now, runs taking turns; wakes up for the next one. */
	private drain(): void {
		const now = Date.now();
		let soonest = Infinity;
		for (let granted = true; granted; ) {
			granted = false;
			for (const [run, queue] of [...this.queues]) {
				const waiter = queue[0];
				const { ticket } = waiter;
				if (ticket.concurrency > 0 && this.inFlight >= ticket.concurrency) continue;
				const permit = this.tryStart(ticket, now);
				if (typeof permit === 'number') {
					soonest = Math.min(soonest, permit);
					continue;
				}
				queue.shift();
				// Back of the line for this run, so the other runs get their turn first.
				this.queues.delete(run);
				if (queue.length) this.queues.set(run, queue);
				waiter.grant(permit);
				granted = true;
			}
		}
		if (this.queues.size && soonest < this.wakeAt) {
			const wakeAt = soonest;
			this.wakeAt = wakeAt;
			void sleep(Math.max(0, wakeAt - now)).then(() => {
				if (this.wakeAt === wakeAt) this.wakeAt = Infinity;
				this.drain();
			});
		}
	}

	/** A permit if the request may start now, otherwise the time it may. */
	private tryStart(ticket: PaceTicket, now: number): PacePermit | number {
		if (ticket.perSecond <= 0) return this.start(now);
		let lane = this.endpoints.get(ticket.endpoint);
		if (!lane) {
			lane = new RateBudget();
			this.endpoints.set(ticket.endpoint, lane);
		}
		const laneRate = lane.rate(ticket.perSecond, now);
		const accountRate = this.account.rate(this.accountRateFor(ticket), now);
		const readyAt = Math.max(lane.readyAt(laneRate, now), this.account.readyAt(accountRate, now));
		if (readyAt > now) return readyAt;
		lane.record(laneRate, now);
		this.account.record(accountRate, now);
		const endpointLane = lane;
		return this.start(now, (reason) => {
			const answeredAt = Date.now();
			// global-rate / global-concurrency: the account's limit; anything else (endpoint-rate,
			// endpoint-concurrency, resource-specific, no reason) is charged to the endpoint.
			return reason?.startsWith('global')
				? this.account.lower(accountRate, this.accountRateFor(ticket), now, answeredAt)
				: endpointLane.lower(laneRate, ticket.perSecond, now, answeredAt);
		});
	}

	private start(now: number, slowDown?: (reason?: string) => boolean): PacePermit {
		this.inFlight++;
		this.lastUsed = now;
		let released = false;
		return {
			release: () => {
				if (released) return;
				released = true;
				this.inFlight--;
				this.lastUsed = Date.now();
				this.drain();
			},
			rateLimited: (reason) => {
				const key = reason ?? '';
				this.rateLimited.set(key, (this.rateLimited.get(key) ?? 0) + 1);
				return slowDown?.(reason) ?? false;
			},
		};
	}
}

/**
 * One pacer per account identity for the whole process: module state, so every execution the
 * process runs (a worker's concurrency, a schedule overlapping a manual run) shares it.
 */
const pacers = new Map<string, AccountPacer>();

export function accountPacer(identity: string, mode: KeyMode): AccountPacer {
	let pacer = pacers.get(identity);
	if (!pacer) {
		const now = Date.now();
		for (const [other, idle] of pacers) if (idle.isIdle(now)) pacers.delete(other);
		pacer = new AccountPacer(STRIPE_RATE_LIMITS[mode]);
		pacers.set(identity, pacer);
	}
	return pacer;
}
