/**
 * POST /webhooks/equipment-supplier: the supplier's status callbacks. No
 * bearer token: the supplier signs each body (HMAC over timestamp and body),
 * which the adapter checks before anything is read or stored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApplySupplierUpdate, EquipmentSupplierConnection, WebhookReply } from '../../equipment/equipment-supplier.js';
import { readBody } from './read-body.js';
import { sendText } from './responses.js';

export interface WebhookRouteDependencies {
  connection: EquipmentSupplierConnection;
  apply: ApplySupplierUpdate;
  maxBodyBytes: number;
}

export async function handleSupplierWebhook(deps: WebhookRouteDependencies, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Too large a body is refused by readBody (413) before anything is read into memory.
  const body = await readBody(req, deps.maxBodyBytes);
  send(res, await deps.connection.receiveCallback(body, req.headers, deps.apply));
}

function send(res: ServerResponse, reply: WebhookReply): void {
  sendText(res, reply.status, reply.contentType, reply.body, { 'cache-control': 'no-store' });
}
