import type { INodeProperties } from 'n8n-workflow';

import { deactivateExpired } from '../../helpers/deactivateExpired';
import { mergeAcrossOperations } from '../../helpers/mergeAcrossOperations';
import { routeGroupsThroughPipeline } from '../../helpers/pipelineGroups';
import { stripeRoute as route } from '../../helpers/routing';
import { activateDescription } from './activate';
import { createDescription } from './create';
import { deactivateDescription } from './deactivate';
import { deactivateExpiredDescription } from './deactivateExpired';
import { getDescription } from './get';
import { getLineItemsDescription } from './getLineItems';
import { getManyDescription } from './getMany';
import { getPaymentsDescription, paymentStatusFilter } from './getPayments';
import { withOptionsInOrder } from './shared';
import { updateDescription } from './update';

const { properties: fields, groups } = routeGroupsThroughPipeline(
	mergeAcrossOperations([
		...createDescription,
		...updateDescription,
		...getDescription,
		...getManyDescription,
		...getLineItemsDescription,
		...getPaymentsDescription,
		...deactivateDescription,
		...deactivateExpiredDescription,
		...activateDescription,
	]).map(withOptionsInOrder),
);

const stripeRoute = (...[method, url, options]: Parameters<typeof route>) => route(method, url, { ...options, groups });

export const paymentLinkDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['paymentLink'] } },
		default: 'create',
		options: [
			{
				name: 'Activate',
				value: 'activate',
				action: 'Activate a payment link',
				description: 'Let customers pay through a link again',
				routing: stripeRoute('POST', '/v1/payment_links/{id}', { body: { active: true } }),
			},
			{
				name: 'Create',
				value: 'create',
				action: 'Create a payment link',
				description: 'Create a shareable link to a Stripe-hosted payment page',
				routing: stripeRoute('POST', '/v1/payment_links'),
			},
			{
				name: 'Deactivate',
				value: 'deactivate',
				action: 'Deactivate a payment link',
				description: 'Stop customers from paying through a link',
				routing: stripeRoute('POST', '/v1/payment_links/{id}', { body: { active: false } }),
			},
			{
				name: 'Deactivate Expired',
				value: 'deactivateExpired',
				action: 'Deactivate expired payment links',
				description: 'Deactivate every active link whose expires_at (in its metadata) has passed, e.g. on a schedule',
				// The listing and one POST per expired link are made by the pipeline; this is the POST's body.
				routing: stripeRoute('POST', '/v1/payment_links', { body: { active: false }, oncePerRun: deactivateExpired }),
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a payment link',
				description: 'Retrieve a payment link',
				routing: stripeRoute('GET', '/v1/payment_links/{id}'),
			},
			{
				name: 'Get Line Items',
				value: 'getLineItems',
				action: 'Get the line items of a payment link',
				description: 'List the products on a payment link',
				routing: stripeRoute('GET', '/v1/payment_links/{id}/line_items', { list: true }),
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many payment links',
				description: 'List payment links',
				routing: stripeRoute('GET', '/v1/payment_links', { list: true }),
			},
			{
				name: 'Get Payments',
				value: 'getPayments',
				action: 'Get the checkout sessions of a payment link',
				description: 'List who paid through a link: its checkout sessions, with the link’s metadata',
				routing: stripeRoute('GET', '/v1/checkout/sessions', {
					list: true,
					qs: { payment_link: '{id}' },
					keep: paymentStatusFilter,
				}),
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a payment link',
				description: 'Change a payment link',
				routing: stripeRoute('POST', '/v1/payment_links/{id}'),
			},
		],
	},
	...fields,
];
