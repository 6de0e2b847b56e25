/**
 * A community equipment supplier on loopback, speaking the wire contract in
 * this folder's README: for `npm start` without a real supplier, and for the
 * tests. This file is the HTTP side (routes, bearer key, status codes, the
 * fault hooks, the /_simulator controls); the order book keeps the orders and
 * moves them, the callback sender tells the gateway, the fault injector
 * decides what goes wrong.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../../src/errors.js';
import type { CatalogueItem, SupplierAnswer, SupplierRejection } from '../../src/equipment/ports.js';
import { CallbackSender } from './simulator-callbacks.js';
import { SIMULATOR_CATALOGUE, SIMULATOR_WITHDRAWN_CODES } from './simulator-catalogue.js';
import { parseFaults, supplierFaultInjector, type SimulatorFaults } from './simulator-faults.js';
import {
  closingController,
  answerControl,
  hasBearerKey,
  type ListenOptions,
  metRequestFault,
  readBody,
  type RunningSimulator,
  send,
  startSimulatorServer,
} from '../simulator-kit/simulator-server.js';
import { OrderBook, type OrderBookCounts } from './simulator-order-book.js';
import {
  cancellationAcceptedToXml,
  cancellationRejectedToXml,
  cancellationRequestFromXml,
  catalogueToXml,
  collectionAcceptedToXml,
  collectionRejectedToXml,
  collectionRequestFromXml,
  errorToXml,
  orderAcceptedToXml,
  orderRejectedToXml,
  orderRequestFromXml,
  statusUpdateToXml,
} from './translate.js';

export type { SimulatorFaults } from './simulator-faults.js';

export interface SimulatorOptions extends ListenOptions {
  /** When set, contract calls need `Authorization: Bearer <apiKey>`. */
  apiKey?: string | null;
  /** The gateway's `POST /webhooks/equipment-supplier`; null: no callbacks (until setCallbackUrl). */
  callbackUrl?: string | null;
  callbackSecret: string;
  /** Time between an order's statuses; default 2000. */
  stepMs?: number;
  catalogue?: CatalogueItem[];
  /** Postcode areas served (the outward code's letters); others are OUT_OF_AREA. Default: West and North Yorkshire and York. */
  servedPostcodeAreas?: string[];
  /** Delivery tier codes offered; default the README's five. */
  deliverySpeeds?: string[];
}

export type SimulatorOperation = 'catalogue' | 'submitOrder' | 'cancelOrder' | 'requestCollection' | 'orderStatus';

export interface SimulatorStats extends OrderBookCounts {
  /** Contract calls received, by operation, whatever became of them. */
  requests: Record<SimulatorOperation, number>;
  /** Callback POSTs the gateway took (a duplicate counts twice). */
  callbacksSent: number;
  /** Callback attempts that failed (each retry counts). */
  callbacksFailed: number;
  faultsInjected: number;
}

export interface SupplierSimulator extends RunningSimulator<SimulatorStats, SimulatorFaults> {
  /** Where callbacks go from now on (null: nowhere): the gateway listens only after its supplier is up. */
  setCallbackUrl(url: string | null): void;
}

const DEFAULT_AREAS = ['LS', 'BD', 'WF', 'HG', 'HX', 'YO', 'HD'];
const DEFAULT_SPEEDS = ['SAME_DAY', 'NEXT_DAY', 'TWO_TO_THREE_DAYS', 'STANDARD', 'SPECIAL'];
const MAX_BODY_BYTES = 1024 * 1024;
const XML = 'application/xml; charset=utf-8';

interface Answer {
  status: number;
  xml: string;
}

interface Route {
  operation: SimulatorOperation;
  orderId: string;
}

export async function startSupplierSimulator(options: SimulatorOptions): Promise<SupplierSimulator> {
  const catalogue = [...(options.catalogue ?? SIMULATOR_CATALOGUE)];
  const closing = closingController();
  const faults = supplierFaultInjector();
  const callbacks = new CallbackSender(options.callbackUrl ?? null, options.callbackSecret, faults, closing.signal);
  const book = new OrderBook(
    {
      catalogue: new Map(catalogue.map((item) => [item.code, item])),
      withdrawnCodes: new Set(SIMULATOR_WITHDRAWN_CODES),
      servedAreas: new Set(options.servedPostcodeAreas ?? DEFAULT_AREAS),
      deliverySpeeds: new Set(options.deliverySpeeds ?? DEFAULT_SPEEDS),
    },
    options.stepMs ?? 2000,
    callbacks,
  );
  const requests: Record<SimulatorOperation, number> = { catalogue: 0, submitOrder: 0, cancelOrder: 0, requestCollection: 0, orderStatus: 0 };
  const stats = (): SimulatorStats => ({ requests: { ...requests }, ...book.counts(), ...callbacks.counts(), faultsInjected: faults.injected() });

  const operations: Record<SimulatorOperation, (body: string, orderId: string) => Answer> = {
    catalogue: () => ({ status: 200, xml: catalogueToXml(catalogue, new Date()) }),
    submitOrder: (body) => {
      const order = orderRequestFromXml(body);
      return answer(
        book.submit(order),
        ({ supplierReference, repeat }) => ({ status: repeat ? 200 : 201, xml: orderAcceptedToXml(order.orderId, supplierReference) }),
        (rejection) => orderRejectedToXml(order.orderId, rejection),
      );
    },
    cancelOrder: (body, orderId) => {
      // Read for its shape only: the simulator keeps no reason, but a request that is not the contract is still a 400.
      cancellationRequestFromXml(body);
      return answer(
        book.cancel(orderId),
        () => ({ status: 200, xml: cancellationAcceptedToXml(orderId) }),
        (rejection) => cancellationRejectedToXml(orderId, rejection),
      );
    },
    requestCollection: (body, orderId) =>
      answer(
        book.collect(collectionRequestFromXml(body, orderId)),
        ({ collectionReference }) => ({ status: 200, xml: collectionAcceptedToXml(orderId, collectionReference) }),
        (rejection) => collectionRejectedToXml(orderId, rejection),
      ),
    orderStatus: (_body, orderId) =>
      answer(
        book.latest(orderId),
        (update) => ({ status: 200, xml: statusUpdateToXml(update) }),
        (rejection) => errorToXml(rejection.code, rejection.message),
      ),
  };

  async function handleContractCall(request: IncomingMessage, response: ServerResponse, route: Route): Promise<void> {
    requests[route.operation] += 1;
    const unavailable = () => send(response, 503, XML, errorToXml('UNAVAILABLE', 'The supplier is unavailable; try again later'));
    if (await metRequestFault(faults, request, closing.signal, unavailable)) return;
    const apiKey = options.apiKey ?? null;
    if (apiKey !== null && !hasBearerKey(request, apiKey)) {
      response.setHeader('www-authenticate', 'Bearer');
      send(response, 401, XML, errorToXml('UNAUTHENTICATED', 'A valid bearer API key is required'));
      return;
    }
    const body = await readBody(request, MAX_BODY_BYTES);
    if (body === null) {
      send(response, 413, XML, errorToXml('TOO_LARGE', `The body is over ${MAX_BODY_BYTES} bytes`));
      return;
    }
    let result: Answer;
    try {
      result = operations[route.operation](body, route.orderId);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      result = { status: 400, xml: errorToXml('MALFORMED', error.message) };
    }
    send(response, result.status, XML, faults.answerBody(result.xml));
  }

  const controls = { stats, setFaults: (json: unknown) => faults.set(parseFaults(json)), maxBodyBytes: MAX_BODY_BYTES };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://simulator').pathname;
    if (path.startsWith('/_simulator/')) return answerControl(request, response, path, controls);
    const route = routeOf(request.method ?? 'GET', path);
    if (route === null) return send(response, 404, XML, errorToXml('NOT_FOUND', `No ${request.method} ${path} in this interface`));
    return handleContractCall(request, response, route);
  }

  const server = await startSimulatorServer({
    host: options.host,
    port: options.port,
    closing,
    handle,
    internalError: (response, message) => send(response, 500, XML, errorToXml('INTERNAL', message)),
  });
  return {
    url: server.url,
    port: server.port,
    stats,
    setFaults: (changes) => void faults.set(changes),
    setCallbackUrl: (url) => callbacks.setUrl(url),
    async close() {
      book.close();
      await Promise.all([server.close(), callbacks.drain()]);
    },
  };
}

function routeOf(method: string, path: string): Route | null {
  if (method === 'GET' && path === '/catalogue') return { operation: 'catalogue', orderId: '' };
  if (method === 'POST' && path === '/orders') return { operation: 'submitOrder', orderId: '' };
  const match = /^\/orders\/([^/]+)(?:\/(cancellation|collections))?$/.exec(path);
  if (match === null) return null;
  const orderId = decodeURIComponent(match[1]!);
  if (method === 'GET' && match[2] === undefined) return { operation: 'orderStatus', orderId };
  if (method === 'POST' && match[2] === 'cancellation') return { operation: 'cancelOrder', orderId };
  if (method === 'POST' && match[2] === 'collections') return { operation: 'requestCollection', orderId };
  return null;
}

/** The HTTP answer for an order book answer: the contract's success, its 404 for an unknown order, or a typed rejection (409 or 422). */
function answer<T>(result: SupplierAnswer<T>, accepted: (value: T) => Answer, rejectedXml: (rejection: SupplierRejection) => string): Answer {
  if (result.ok) return accepted(result.value);
  const { code, message } = result.rejection;
  if (code === 'UNKNOWN_ORDER') return { status: 404, xml: errorToXml(code, message) };
  const conflict = code === 'TOO_LATE_TO_CANCEL' || code === 'NOT_DELIVERED';
  return { status: conflict ? 409 : 422, xml: rejectedXml(result.rejection) };
}
