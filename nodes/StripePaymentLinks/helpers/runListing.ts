import type { IDataObject } from 'n8n-workflow';

/**
 * Listings made once per node run and shared by all of its items: the first item to ask lists,
 * the others await the same answer. Keyed by the run's scope object (see pacing.ts) and by what
 * was listed. A failed listing is forgotten, so a later attempt lists again (another item, or
 * n8n's Retry On Fail, which re-runs the node with the same scope).
 */
const listings = new WeakMap<object, Map<string, Promise<IDataObject[]>>>();

export async function listOncePerRun(
	scope: object,
	what: string,
	list: () => Promise<IDataObject[]>,
): Promise<IDataObject[]> {
	let ofRun = listings.get(scope);
	if (!ofRun) {
		ofRun = new Map();
		listings.set(scope, ofRun);
	}
	let listing = ofRun.get(what);
	if (!listing) {
		listing = list();
		const made = listing;
		ofRun.set(what, made);
		made.catch(() => {
			if (ofRun.get(what) === made) ofRun.delete(what);
		});
	}
	return await listing;
}

/** Drops a listing that may no longer be true, so that the next request for it lists again. */
export function forgetListing(scope: object, what: string): void {
	listings.get(scope)?.delete(what);
}
