/**
 * The EquipmentSupplier port over the supplier's XML interface (README.md in
 * this folder): URLs, headers and what each status means. A typed rejection
 * (409, 422, or 404 UNKNOWN_ORDER for an order's cancellation or collection)
 * is an answer; anything else that is not the contract (5xx, a timeout, a
 * body that does not read) is SupplierUnavailableError, to be tried again.
 *
 * Error messages are built from the operation, the status and the supplier's
 * own <Error>, never from the request: an order carries the key safe code,
 * and errors are logged. For the same reason axios's errors, which hold the
 * request, are not kept as causes.
 */
import type { AxiosRequestConfig } from 'axios';
import {
  type EquipmentSupplier,
  type SupplierAnswer,
  SupplierUnavailableError,
} from '../../src/equipment/ports.js';
import { XmlRefusedError } from '../../src/xml/safe-xml.js';
import { createOutsideHttp, type OutsideReply as Reply, requestReply } from '../outside-http.js';
import {
  cancellationAnswerFromXml,
  cancellationRequestToXml,
  catalogueFromXml,
  collectionAnswerFromXml,
  collectionRequestToXml,
  orderAnswerFromXml,
  orderRequestToXml,
  statusUpdateFromXml,
  supplierErrorFromXml,
  SupplierXmlError,
} from './translate.js';

export interface SupplierClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer`; null for a supplier that does not ask for one (the local simulator). */
  apiKey: string | null;
  timeoutMs: number;
}

type Operation = keyof EquipmentSupplier;

const XML = 'application/xml';
/** Statuses the contract gives a typed rejection. */
const REJECTION_STATUSES: ReadonlySet<number> = new Set([409, 422]);
/** Calls about an order already placed: for these, 404 UNKNOWN_ORDER is the supplier's answer, not a fault. */
const CALLS_ON_AN_ORDER: ReadonlySet<Operation> = new Set(['cancelOrder', 'requestCollection']);
/** Far above a few hundred catalogue items; stops a broken supplier filling memory. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export function createSupplierClient(options: SupplierClientOptions): EquipmentSupplier {
  const http = createOutsideHttp({
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    accept: XML,
    maxBodyBytes: MAX_BODY_BYTES,
    headers: options.apiKey === null ? {} : { authorization: `Bearer ${options.apiKey}` },
  });

  function exchange(operation: Operation, request: AxiosRequestConfig<string>, signal: AbortSignal | undefined): Promise<Reply> {
    return requestReply(http, { ...request, signal }, (failure) => new SupplierUnavailableError(`supplier ${operation}: no answer (${failure})`, operation, null));
  }

  async function answer<T>(
    operation: Operation,
    request: AxiosRequestConfig<string>,
    signal: AbortSignal | undefined,
    read: (xml: string) => SupplierAnswer<T>,
  ): Promise<SupplierAnswer<T>> {
    const reply = await exchange(operation, request, signal);
    const success = isSuccess(reply.status);
    if (success || REJECTION_STATUSES.has(reply.status)) {
      const result = readReply(operation, reply, read);
      if (result.ok === success) return result;
      throw new SupplierUnavailableError(
        `supplier ${operation}: HTTP ${reply.status} with ${result.ok ? 'an acceptance' : 'a rejection'}, which the contract never pairs`,
        operation,
        reply.status,
      );
    }
    if (CALLS_ON_AN_ORDER.has(operation)) {
      const unknown = unknownOrder(reply);
      if (unknown !== null) return { ok: false, rejection: { code: 'UNKNOWN_ORDER', message: unknown, line: null } };
    }
    throw unexpected(operation, reply);
  }

  return {
    async catalogue(signal) {
      const reply = await exchange('catalogue', { method: 'GET', url: '/catalogue' }, signal);
      if (isSuccess(reply.status)) return readReply('catalogue', reply, catalogueFromXml);
      throw unexpected('catalogue', reply);
    },

    submitOrder(order, signal) {
      return answer('submitOrder', post('/orders', orderRequestToXml(order)), signal, orderAnswerFromXml);
    },

    cancelOrder(orderId, reason, signal) {
      return answer('cancelOrder', post(`${orderPath(orderId)}/cancellation`, cancellationRequestToXml(reason)), signal, cancellationAnswerFromXml);
    },

    requestCollection(request, signal) {
      return answer('requestCollection', post(`${orderPath(request.orderId)}/collections`, collectionRequestToXml(request)), signal, collectionAnswerFromXml);
    },

    async orderStatus(orderId, signal) {
      const reply = await exchange('orderStatus', { method: 'GET', url: orderPath(orderId) }, signal);
      if (isSuccess(reply.status)) return readReply('orderStatus', reply, statusUpdateFromXml);
      if (unknownOrder(reply) !== null) return null;
      throw unexpected('orderStatus', reply);
    },
  };
}

function post(url: string, body: string): AxiosRequestConfig<string> {
  return { method: 'POST', url, data: body, headers: { 'content-type': `${XML}; charset=utf-8` } };
}

function orderPath(orderId: string): string {
  return `/orders/${encodeURIComponent(orderId)}`;
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The body as the contract's answer; a body that does not read means the supplier is not answering as agreed. */
function readReply<T>(operation: Operation, reply: Reply, read: (xml: string) => T): T {
  try {
    return read(reply.body);
  } catch (error) {
    if (error instanceof SupplierXmlError || error instanceof XmlRefusedError) {
      throw new SupplierUnavailableError(`supplier ${operation}: HTTP ${reply.status} with a body that is not the contract (${error.message})`, operation, reply.status);
    }
    throw error;
  }
}

/** The supplier's message when a reply is 404 with `<Error><Code>UNKNOWN_ORDER`, else null (a 404 from a wrong URL is no such answer). */
function unknownOrder(reply: Reply): string | null {
  if (reply.status !== 404) return null;
  const error = errorIn(reply.body);
  return error?.code === 'UNKNOWN_ORDER' ? error.message : null;
}

function unexpected(operation: Operation, reply: Reply): SupplierUnavailableError {
  const error = errorIn(reply.body);
  const detail = error === null ? '' : ` (${error.code}: ${error.message})`;
  return new SupplierUnavailableError(`supplier ${operation}: HTTP ${reply.status}${detail}`, operation, reply.status);
}

/**
 * The contract's <Error> in an error reply, or null for any other body (a
 * proxy's HTML page, nothing at all): there the status says all there is.
 */
function errorIn(body: string): { code: string; message: string } | null {
  try {
    return supplierErrorFromXml(body);
  } catch {
    return null;
  }
}
