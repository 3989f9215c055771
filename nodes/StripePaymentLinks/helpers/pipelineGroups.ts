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
	const body: IDataObject = {};
	for (const group of groups) {
		if (!isShown(group.show, raw)) continue;
		const holder = group.container ? (raw[group.container] as IDataObject | undefined) : raw;
		if (!holder || typeof holder !== 'object' || !(group.name in holder)) continue;
		body[group.stripeParam] = context.getNodeParameter(group.path) as IDataObject;
	}
	return body;
}

function isShown(show: Record<string, unknown[]>, raw: IDataObject): boolean {
	return Object.entries(show).every(([name, allowed]) => raw[name] === undefined || allowed.includes(raw[name]));
}
