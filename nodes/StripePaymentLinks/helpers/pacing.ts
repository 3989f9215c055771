import { sleep } from 'n8n-workflow';

/**
 * Spaces requests to at most `perSecond` starts per second and `concurrency` in flight.
 *
 * RoutingNode starts every item's request at once, so without a shared pacer 1,000 rows are
 * 1,000 simultaneous calls and Stripe answers most of them with 429. One pacer is shared by
 * all items of one node run (see `pacerFor`), and by nothing else.
 */
export class Pacer {
	private nextStart = 0;

	private inFlight = 0;

	private readonly waiting: Array<() => void> = [];

	/** Start times of the requests sent within the last second. */
	private readonly recentStarts: number[] = [];

	constructor(
		private readonly perSecond: number,
		private readonly concurrency: number,
	) {}

	/** Resolves when the caller may send; the returned function must be called when done. */
	async acquire(): Promise<() => void> {
		if (this.concurrency > 0 && this.inFlight >= this.concurrency) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		this.inFlight++;
		if (this.perSecond > 0) {
			const now = Date.now();
			const start = Math.max(now, this.nextStart);
			this.nextStart = start + 1000 / this.perSecond;
			if (start > now) await sleep(start - now);
			await this.waitForRoomInLastSecond();
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.inFlight--;
			this.waiting.shift()?.();
		};
	}

	/**
	 * The spaced schedule alone is not enough: when the event loop is busy (RoutingNode prepares
	 * every item synchronously), several timers fire late together and would leave as a burst.
	 * Counting the actual starts of the last second keeps any one-second window within the rate.
	 */
	private async waitForRoomInLastSecond(): Promise<void> {
		for (;;) {
			const now = Date.now();
			while (this.recentStarts.length && this.recentStarts[0] <= now - 1000) this.recentStarts.shift();
			if (this.recentStarts.length < this.perSecond) {
				this.recentStarts.push(now);
				return;
			}
			await sleep(this.recentStarts[0] + 1000 - now + 1);
		}
	}
}

/**
 * Keyed by the node run's execute-data object: RoutingNode passes the same object to every
 * item's context, n8n creates a new one for every run of the node, and the WeakMap lets it be
 * collected with the run. So pacing holds across the items of one execution and is shared with
 * no other execution or workflow.
 */
const pacers = new WeakMap<object, Pacer>();

export function pacerFor(runScope: object, perSecond: number, concurrency: number): Pacer {
	let pacer = pacers.get(runScope);
	if (!pacer) {
		pacer = new Pacer(perSecond, concurrency);
		pacers.set(runScope, pacer);
	}
	return pacer;
}
