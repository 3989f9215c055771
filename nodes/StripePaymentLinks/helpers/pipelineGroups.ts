import type { IDataObject, IExecuteSingleFunctions, INodeProperties } from 'n8n-workflow';

/**
 * A parameter group (a fixedCollection) whose value the request pipeline reads itself.
 *
 * Each group still declares where it goes with `routing.send.property`, the one source of
 * truth, but that routing is lifted off before RoutingNode sees it: RoutingNode evaluates a
 * routed fixedCollection's expressions three times per pass (value, routing, fixedCollection
 * walk) and makes two passes per item (the second only to find the base URL). Read here, every
 * expression in a group costs one evaluation less per pass; the benchmark measured this.
 */
export interface PipelineGroup {
	/** Parameter path for getNodeParameter, e.g. `additionalFields.metadata`. */
	path: string;
	/** The collection holding the group, if it is not top-level. */
	container?: string;
	name: string;
	stripeParam: string;
	/** The show rule of the top-level property (the group or its collection). */
	show: Record<string, unknown[]>;
}

/** Lifts the routing off every fixedCollection group and lists the groups for the pipeline. */
export function routeGroupsThroughPipeline(properties: INodeProperties[]): {
	properties: INodeProperties[];
	groups: PipelineGroup[];
} {
	const groups: PipelineGroup[] = [];
	const lift = (property: INodeProperties, container: INodeProperties | undefined): INodeProperties => {
		const stripeParam = property.routing?.send?.property;
		if (property.type !== 'fixedCollection' || typeof stripeParam !== 'string') return property;
		const top = container ?? property;
		const group: PipelineGroup = {
			path: container ? `${container.name}.${property.name}` : property.name,
			container: container?.name,
			name: property.name,
			stripeParam,
			show: withoutVersion(top.displayOptions?.show ?? {}),
		};
		// A parameter defined once per node version is one value: read it once.
		if (!groups.some((known) => isEqual(known, group))) groups.push(group);
		const withoutRouting = { ...property };
		delete withoutRouting.routing;
		return withoutRouting;
	};
	const lifted = properties.map((property) => {
		if (property.type !== 'collection') return lift(property, undefined);
		const options = (property.options as INodeProperties[]).map((option) => lift(option, property));
		return { ...property, options };
	});
	return { properties: lifted, groups };
}

/** The show rule without its `@version` condition: n8n applied it when it filled in the node's parameters. */
function withoutVersion(show: object): Record<string, unknown[]> {
	const { '@version': _version, ...rest } = show as Record<string, unknown[]>;
	return rest;
}

function isEqual(a: PipelineGroup, b: PipelineGroup): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The body entries of the groups the user filled in for this operation. Presence is checked on
 * the raw parameters, so that only the groups actually set are evaluated, once.
 */
export function readPipelineGroups(context: IExecuteSingleFunctions, groups: PipelineGroup[]): IDataObject {
	const raw = context.getNode().parameters;
	const set = groups.filter((group) => {
		if (!isShown(group.show, raw)) return false;
		const holder = group.container ? (raw[group.container] as IDataObject | undefined) : raw;
		return !!holder && typeof holder === 'object' && group.name in holder;
	});
	const together = evaluateTogether(context, set.map((group) => valueAt(raw, group.path)));
	const body: IDataObject = {};
	set.forEach((group, index) => {
		body[group.stripeParam] = (together?.[index] ?? context.getNodeParameter(group.path)) as IDataObject;
	});
	return body;
}

function valueAt(raw: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], raw);
}

/** `={{ … }}` with nothing around the one expression. */
const SINGLE_EXPRESSION = /^=\{\{([\s\S]*)\}\}$/;

/**
 * The groups' values with every expression in them evaluated in one call to n8n's expression
 * engine instead of one call per expression, or undefined where that might not give exactly what
 * getNodeParameter gives, and the caller then reads the groups one by one.
 *
 * Why: most of an evaluation's cost is per call (n8n sets up the data proxy and the global
 * context for each), and a sheet row's line items and metadata are typically many small
 * expressions such as `{{ $json.price }}`: create-1000 (bench/) has 9 per item, which this reads
 * with one call instead of 9.
 *
 * Exact only where it is safe, so it gives up when: an expression is not a single `{{ … }}`,
 * refers to parameters (`$parameter` resolves siblings differently), or any value comes out as
 * anything but a string, number, boolean, null or undefined (objects, dates and functions are
 * what getNodeParameter converts or refuses); and when the combined expression fails at all,
 * so that an error is reported by getNodeParameter, with its parameter's name.
 */
function evaluateTogether(context: IExecuteSingleFunctions, values: unknown[]): unknown[] | undefined {
	const expressions: string[] = [];
	const collect = (value: unknown): boolean => {
		if (typeof value === 'string') {
			if (!value.startsWith('=')) return true;
			const inner = SINGLE_EXPRESSION.exec(value)?.[1];
			if (inner === undefined || /\{\{|\}\}|arameter/.test(inner)) return false;
			expressions.push(inner);
			return true;
		}
		if (value === null || typeof value !== 'object') return true;
		return Object.values(value).every(collect);
	};
	if (!values.every(collect) || expressions.length < 2) return undefined;
	let results: unknown;
	try {
		results = context.evaluateExpression(`{{ [\n${expressions.map((inner) => `(${inner}\n)`).join(',\n')}\n] }}`, context.getItemIndex());
	} catch {
		return undefined;
	}
	if (!Array.isArray(results) || results.length !== expressions.length) return undefined;
	if (!results.every((result) => result === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof result))) return undefined;
	let next = 0;
	const fill = (value: unknown): unknown => {
		if (typeof value === 'string') return value.startsWith('=') ? results[next++] : value;
		if (Array.isArray(value)) return value.map(fill);
		if (value === null || typeof value !== 'object') return value;
		const copy: IDataObject = {};
		for (const [key, entry] of Object.entries(value)) copy[key] = fill(entry) as IDataObject[string];
		return copy;
	};
	return values.map(fill);
}

function isShown(show: Record<string, unknown[]>, raw: IDataObject): boolean {
	return Object.entries(show).every(([name, allowed]) => raw[name] === undefined || allowed.includes(raw[name]));
}
