import type { INodeProperties } from 'n8n-workflow';

/**
 * Properties that several operations define alike (the Payment Link picker, Request Options)
 * become one property shown for all of them.
 *
 * Why: RoutingNode evaluates a parameter's value once for every property of that name in the
 * node, shown or not, in each of its two passes over an item's properties. Nine Request Options
 * evaluated a row's Idempotency Key expression 18 times per item, six Payment Link pickers its
 * `{{ $json.id }}` 12 times.
 *
 * Each operation file keeps its own definition; they are merged here only where that cannot
 * change a form: the definitions are equal but for their operations, and the merged property
 * keeps its place in every operation's form, i.e. it is the first property of each operation
 * (placed where the first definition was) or the last (placed where the last one was).
 * Otherwise the definitions stay apart.
 */
export function mergeAcrossOperations(properties: INodeProperties[]): INodeProperties[] {
	// Alike: the same definition but for its operations (Request Options come in two: with and
	// without the idempotency settings of operations that write).
	const alike = new Map<string, number[]>();
	properties.forEach((property, index) => {
		if (!operationsOf(property)) return;
		const key = withoutOperations(property);
		alike.set(key, [...(alike.get(key) ?? []), index]);
	});
	const replaced = new Map<number, INodeProperties | undefined>();
	for (const indexes of alike.values()) {
		if (indexes.length < 2) continue;
		const operations = indexes.map((index) => operationsOf(properties[index]) as string[]);
		const place = placement(properties, indexes, operations);
		if (place === undefined) continue;
		const first = properties[indexes[0]];
		const merged: INodeProperties = {
			...first,
			displayOptions: { ...first.displayOptions, show: { ...first.displayOptions?.show, operation: operations.flat() } },
		};
		for (const index of indexes) replaced.set(index, index === place ? merged : undefined);
	}
	return properties.flatMap((property, index) => (replaced.has(index) ? (replaced.get(index) ?? []) : [property]));
}

function operationsOf(property: INodeProperties): string[] | undefined {
	const operations = property.displayOptions?.show?.operation;
	return Array.isArray(operations) && operations.every((operation) => typeof operation === 'string') ? (operations as string[]) : undefined;
}

function withoutOperations(property: INodeProperties): string {
	const { operation: _operation, ...show } = property.displayOptions?.show ?? {};
	return JSON.stringify({ ...property, displayOptions: { ...property.displayOptions, show } });
}

/** Where the merged property can go without moving it in any operation's form, if anywhere. */
function placement(properties: INodeProperties[], indexes: number[], operations: string[][]): number | undefined {
	const shownFor = (property: INodeProperties, list: string[]) => (operationsOf(property) ?? []).some((operation) => list.includes(operation));
	const isFirst = indexes.every((at, n) => !properties.some((property, index) => index < at && shownFor(property, operations[n])));
	if (isFirst) return indexes[0];
	const isLast = indexes.every((at, n) => !properties.some((property, index) => index > at && shownFor(property, operations[n])));
	if (isLast) return indexes[indexes.length - 1];
	return undefined;
}
