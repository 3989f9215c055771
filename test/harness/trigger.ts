/**
 * Runs the BUILT trigger node the way n8n 2.x does, with n8n-core's own contexts: activation
 * and deactivation call its webhookMethods through HookContext (checkExists, then create if
 * it answered false; delete), and each HTTP call to its URL runs webhook() through
 * WebhookContext, as n8n's WebhookService does. The host pieces supplied here are what n8n's
 * web server normally provides: the HTTP listener, the raw body on the request (n8n's body
 * parser keeps it as req.rawBody), express's req.header() / res.status().json(), and starting
 * the workflow when webhook() returns items (recorded in `started`).
 */
import http from 'http';
import type { AddressInfo } from 'net';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookData,
	IWebhookResponseData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { HookContext, WebhookContext } from 'n8n-core';

import { collect } from '../setup/secretScan';
import { credentialData, credentialType, type StripeCredentials } from './runNode';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const engine = require('./engine');

export const TRIGGER_TYPE = 'n8n-nodes-stripe-payment-links.stripePaymentLinksTrigger';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { StripePaymentLinksTrigger } = require(`${engine.DIST}/nodes/StripePaymentLinksTrigger/StripePaymentLinksTrigger.node.js`);
export const triggerType: INodeType = new StripePaymentLinksTrigger();

export interface Answer {
	status: number;
	body: string;
}

let counter = 0;

export class TriggerHarness {
	readonly workflow: Workflow;
	readonly node: INode;
	/** The items each started run received, in order. */
	readonly started: INodeExecutionData[][] = [];
	/** Every call received and what it was answered. */
	readonly calls: Array<{ answer: Answer; result?: IWebhookResponseData }> = [];
	private server?: http.Server;
	private baseUrl = '';
	private readonly credentials: ICredentialDataDecryptedObject;

	constructor(parameters: IDataObject, credentials: StripeCredentials & { webhookSigningSecret?: string }, workflowName = 'Payment received → mark the row paid') {
		counter++;
		this.credentials = { ...credentialData(credentials), webhookSigningSecret: credentials.webhookSigningSecret ?? '' };
		this.node = {
			id: `trigger-${counter}`,
			name: 'Payment received',
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: `5f0c2d4e-0000-4000-8000-${String(counter).padStart(12, '0')}`,
			parameters: engine.withDefaults(triggerType, parameters),
			credentials: { stripePaymentLinksApi: { id: 'cred-1', name: 'Stripe test' } },
		};
		const nodeTypes = { getByName: () => triggerType, getByNameAndVersion: () => triggerType, getKnownTypes: () => ({}) };
		this.workflow = new Workflow({
			id: `wf-trigger-${counter}`,
			name: workflowName,
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes: nodeTypes as any,
			staticData: {},
		});
	}

	/** Listens on a free loopback port, as n8n's webhook server would. */
	async listen(): Promise<void> {
		this.server = http.createServer((req, res) => void this.receive(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server!.close(resolve));
	}

	get url(): string {
		return `${this.baseUrl}/webhook/${this.node.webhookId}/webhook`;
	}

	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node) as IDataObject;
	}

	/** What n8n does on activation: checkExists, and create when it answered false. */
	async activate(): Promise<{ existed: boolean }> {
		const existed = (await this.hook('checkExists')) === true;
		if (!existed) await this.hook('create');
		return { existed };
	}

	/** What n8n does on deactivation. */
	async deactivate(): Promise<boolean> {
		return (await this.hook('delete')) === true;
	}

	private additionalData(extra: IDataObject = {}) {
		const data = engine.hostAdditionalData(new engine.HostCredentialsHelper(credentialType, this.credentials));
		return { ...data, webhookBaseUrl: `${this.baseUrl}/webhook`, webhookTestBaseUrl: `${this.baseUrl}/webhook-test`, ...extra };
	}

	private webhookData(additionalData: IDataObject): IWebhookData {
		const [description] = triggerType.description.webhooks!;
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${this.node.webhookId}/webhook`,
			webhookDescription: description,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: additionalData as any,
			webhookId: this.node.webhookId,
		};
	}

	private async hook(method: 'checkExists' | 'create' | 'delete'): Promise<boolean | undefined> {
		const additionalData = this.additionalData();
		const context = new HookContext(this.workflow, this.node, additionalData as any, 'internal', 'activate', this.webhookData(additionalData));
		try {
			return await triggerType.webhookMethods!.default![method].call(context);
		} catch (error) {
			collect('trigger hook error', error);
			throw error;
		}
	}

	private async receive(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const request = Object.assign(req, {
			rawBody: Buffer.concat(chunks),
			readRawBody: async () => undefined,
			header: (name: string) => req.headers[name.toLowerCase()] as string | undefined,
		});
		const answer = (status: number, body: unknown) => {
			const text = JSON.stringify(body);
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(text);
			return { status, body: text };
		};
		let answered: Answer | undefined;
		const response = Object.assign(res, {
			status: (code: number) => ({ json: (body: unknown) => (answered = answer(code, body)) }),
		});
		const additionalData = this.additionalData({ httpRequest: request, httpResponse: response });
		const context = new WebhookContext(this.workflow, this.node, additionalData as any, 'webhook', this.webhookData(additionalData), [], null);
		let result: IWebhookResponseData | undefined;
		try {
			result = await triggerType.webhook!.call(context);
			collect('trigger output', result);
		} catch (error) {
			collect('trigger webhook error', error);
			answered = answer(500, { message: 'Error in workflow' });
			this.calls.push({ answer: answered });
			return;
		}
		if (result.workflowData) {
			this.started.push(result.workflowData[0]);
			// As n8n does for a webhook with responseData 'noData': 200, empty body.
			if (!answered) {
				res.writeHead(200);
				res.end();
				answered = { status: 200, body: '' };
			}
		} else if (!result.noWebhookResponse) {
			answered ??= answer(200, { message: 'Webhook call received' });
		}
		this.calls.push({ answer: answered ?? { status: res.statusCode, body: '' }, result });
	}
}
