/**
 * POST /webhooks/equipment-supplier: the supplier's status callbacks. No
 * bearer token: the supplier signs each body (HMAC over timestamp and body),
 * which the adapter checks before anything is read or stored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApplySupplierUpdate, EquipmentSupplierConnection, WebhookReply } from '../../equipment/ports.js';
import { HttpError } from './http-error.js';
import { readBody } from './read-body.js';
import { sendText } from './responses.js';

export interface WebhookRouteDependencies {
  connection: EquipmentSupplierConnection;
  apply: ApplySupplierUpdate;
  maxBodyBytes: number;
}

export async function handleSupplierWebhook(deps: WebhookRouteDependencies, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body: Buffer;
  try {
    // Too large a body is refused by readBody (413) before anything is read into memory.
    body = await readBody(req, deps.maxBodyBytes);
  } catch (error) {
    // In the contract's own <Error>, like every other answer the supplier gets, not the gateway's JSON error.
    if (error instanceof HttpError) return send(res, deps.connection.refuseCallback(error.status, error.code, error.message));
    throw error;
  }
  send(res, await deps.connection.receiveCallback(body, req.headers, deps.apply));
}

function send(res: ServerResponse, reply: WebhookReply): void {
  sendText(res, reply.status, reply.contentType, reply.body, { 'cache-control': 'no-store' });
}
