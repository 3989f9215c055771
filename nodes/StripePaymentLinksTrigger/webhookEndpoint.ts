import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE, stripeApiRequest, stripeApiRequestIfExists } from '../StripePaymentLinks/helpers/stripeApiRequest';
import { readLinkFilter } from './linkFilter';

/**
 * The trigger's webhook endpoint in Stripe, through n8n's webhookMethods: on activation n8n
 * asks checkExists and, if it answers false, create; on deactivation, delete. The endpoint's
 * id and signing secret live in the workflow's static data (n8n saves it after each step).
 */
interface EndpointData extends IDataObject {
	webhookId?: string;
	webhookSecret?: string;
	webhookEvents?: string[];
}

function endpointData(context: IHookFunctions): EndpointData {
	return context.getWorkflowStaticData('node') as EndpointData;
}

function forget(data: EndpointData): void {
	delete data.webhookId;
	delete data.webhookSecret;
	delete data.webhookEvents;
}

function usesStripeCli(context: IHookFunctions): boolean {
	return context.getNodeParameter('delivery', 'endpoint') === 'cli';
}

function wantedEvents(context: IHookFunctions): string[] {
	const events = context.getNodeParameter('events', []) as string[];
	if (!Array.isArray(events) || events.length === 0) {
		throw new NodeOperationError(context.getNode(), 'Events: choose at least one event, e.g. Checkout Completed');
	}
	return [...events].sort();
}

/** With Stripe CLI forwarding nothing is registered; the CLI's signing secret comes from the credential. */
async function assertCliSecret(context: IHookFunctions): Promise<void> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	if (!String(credentials.webhookSigningSecret ?? '').startsWith('whsec_')) {
		throw new NodeOperationError(
			context.getNode(),
			'Delivery: Stripe CLI forwarding needs the signing secret that `stripe listen` prints (whsec_…) in the credential’s Webhook Signing Secret (Stripe CLI) field',
		);
	}
}

export const webhookEndpointMethods = {
	async checkExists(this: IHookFunctions): Promise<boolean> {
		// Checked on every activation, so that a filter that can never match fails it.
		readLinkFilter(this);
		const events = wantedEvents(this);
		if (usesStripeCli(this)) {
			await assertCliSecret(this);
			return true;
		}
		const data = endpointData(this);
		if (!data.webhookId) return false;
		const endpoint = await stripeApiRequestIfExists(this, 'GET', `/v1/webhook_endpoints/${encodeURIComponent(data.webhookId)}`);
		if (!endpoint) {
			forget(data);
			return false;
		}
		// Another URL (e.g. the test URL while the workflow is active): register this one too.
		if (endpoint.url !== this.getNodeWebhookUrl('default') || !data.webhookSecret) return false;
		const registered = [...((endpoint.enabled_events as string[]) ?? [])].sort();
		if (registered.join() !== events.join() || endpoint.status !== 'enabled') {
			// Same endpoint and secret, with the events chosen now.
			await stripeApiRequest(this, 'POST', `/v1/webhook_endpoints/${encodeURIComponent(data.webhookId)}`, {
				body: { enabled_events: events, disabled: false },
			});
			data.webhookEvents = events;
		}
		return true;
	},

	async create(this: IHookFunctions): Promise<boolean> {
		if (usesStripeCli(this)) {
			await assertCliSecret(this);
			return true;
		}
		const workflow = this.getWorkflow();
		const node = this.getNode();
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const apiVersion = credentials.apiVersion === 'custom' ? credentials.customApiVersion : credentials.apiVersion;
		const events = wantedEvents(this);
		const endpoint = await stripeApiRequest(this, 'POST', '/v1/webhook_endpoints', {
			body: {
				url: this.getNodeWebhookUrl('default'),
				enabled_events: events,
				description: `n8n workflow "${workflow.name ?? ''}" (ID ${workflow.id}), node "${node.name}": Stripe Payment Links Trigger`,
				metadata: { n8n_workflow_id: String(workflow.id), n8n_node: node.name.slice(0, 500) },
				// Events are rendered in this version, the one the node reads.
				...(apiVersion ? { api_version: String(apiVersion) } : {}),
			},
		});
		if (typeof endpoint.id !== 'string' || typeof endpoint.secret !== 'string') {
			throw new NodeOperationError(node, 'Stripe created the webhook endpoint but did not return its id and signing secret');
		}
		const data = endpointData(this);
		data.webhookId = endpoint.id;
		data.webhookSecret = endpoint.secret;
		data.webhookEvents = events;
		return true;
	},

	async delete(this: IHookFunctions): Promise<boolean> {
		const data = endpointData(this);
		if (!data.webhookId) return true;
		try {
			// Already gone (404) is what we wanted.
			await stripeApiRequestIfExists(this, 'DELETE', `/v1/webhook_endpoints/${encodeURIComponent(data.webhookId)}`);
		} catch (error) {
			// Reported (n8n logs it on deactivation) with the id kept in static data, so that the
			// next activation finds and reuses the endpoint instead of leaving it behind.
			throw new NodeOperationError(this.getNode(), `Could not delete Stripe webhook endpoint ${data.webhookId}: ${(error as Error).message}`);
		}
		forget(data);
		return true;
	},
};
