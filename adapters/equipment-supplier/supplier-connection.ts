/**
 * The supplier as main.ts wires it into the gateway: the client for calls
 * out, and the status callback endpoint. A callback is believed only with a
 * good signature over its exact bytes and a fresh timestamp; only then is it
 * read (safely: no DOCTYPE, no entities, bounded depth) and applied. Every
 * refusal is logged with its reason and changes nothing.
 */
import type { Logger } from 'pino';
import type { ApplySupplierUpdate, EquipmentSupplierConnection, WebhookReply } from '../../src/equipment/ports.js';
import { GatewayError } from '../../src/errors.js';
import { decodeUtf8, describeByte, positionOfByte } from '../utf8-text.js';
import { verifyCallback } from './callback-signature.js';
import { createSupplierClient } from './client.js';
import { callbackReceivedToXml, errorToXml, statusUpdateFromXml } from './translate.js';

export interface SupplierConnectionOptions {
  baseUrl: string;
  apiKey: string | null;
  timeoutMs: number;
  callbackSecret: string;
  logger: Logger;
  now?: () => Date;
}

const XML = 'application/xml; charset=utf-8';

export function createSupplierConnection(options: SupplierConnectionOptions): EquipmentSupplierConnection {
  const now = options.now ?? (() => new Date());
  const log = options.logger.child({ component: 'equipment-supplier-webhook' });
  const refuse = (status: number, code: string, message: string): WebhookReply => {
    log.warn({ status, code, reason: message }, 'supplier callback refused');
    return { status, contentType: XML, body: errorToXml(code, message) };
  };
  return {
    supplier: createSupplierClient({ baseUrl: options.baseUrl, apiKey: options.apiKey, timeoutMs: options.timeoutMs }),
    refuseCallback: refuse,
    async receiveCallback(body, headers, apply: ApplySupplierUpdate): Promise<WebhookReply> {
      const signed = verifyCallback(options.callbackSecret, body, { timestamp: header(headers, 'x-supplier-timestamp'), signature: header(headers, 'x-supplier-signature') }, now());
      if (!signed.ok) return refuse(401, 'BAD_SIGNATURE', signed.reason);
      // The contract's XML is UTF-8: other bytes are refused, not read as replacement characters.
      const decoded = decodeUtf8(body);
      if ('invalidAt' in decoded) {
        const { line, column } = positionOfByte(body, decoded.invalidAt);
        return refuse(400, 'MALFORMED', `XML line ${line} column ${column}: ${describeByte(body, decoded.invalidAt)} is not UTF-8, which the contract's XML is`);
      }
      let update;
      try {
        update = statusUpdateFromXml(decoded.text);
      } catch (error) {
        if (error instanceof GatewayError) return refuse(400, 'MALFORMED', error.message);
        throw error;
      }
      const { outcome, why } = await apply(update, decoded.text);
      if (outcome === 'UNKNOWN_ORDER') return refuse(404, 'UNKNOWN_ORDER', why ?? `no order ${update.orderId}`);
      const logged = { callbackId: update.callbackId, orderId: update.orderId, status: update.status, outcome, why };
      if (outcome === 'NOT_APPLICABLE') log.warn(logged, 'supplier callback stored but not applicable to the order');
      else log.info(logged, 'supplier callback received');
      return { status: 200, contentType: XML, body: callbackReceivedToXml(outcome) };
    },
  };
}

function header(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
