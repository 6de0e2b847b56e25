/**
 * The supplier's XML messages (README.md in this folder is the contract) to
 * and from the port's types, both sides: what the gateway sends and reads,
 * and what a supplier reads and sends (the simulator). Pure functions.
 *
 * Written with fast-xml-parser's builder, which escapes text and attribute
 * values; read through `xml-reader.ts`, which refuses hostile XML first. A
 * reader throws SupplierXmlError (or XmlRefusedError, for XML it will not
 * parse) for anything that is not the contract.
 *
 * Optional values are left out when null. Text is trimmed on reading and an
 * empty optional element reads as null, so writing then reading gives back
 * the same value for every string the gateway holds (trimmed, and not empty
 * where the value is optional).
 */
import { XMLBuilder } from 'fast-xml-parser';
import type {
  CatalogueItem,
  CollectionRequest,
  ServiceType,
  StockStatus,
  SupplierAnswer,
  SupplierOrder,
  SupplierRejection,
  SupplierRejectionCode,
  SupplierStatus,
  SupplierStatusUpdate,
} from '../../src/equipment/ports.js';
import { SUPPLIER_REJECTION_CODES } from '../../src/equipment/ports.js';
import { formatIsoInstant } from '../../src/time/instants.js';
import {
  BOOLEAN,
  boundedText,
  DATE,
  INSTANT,
  NHS_NUMBER,
  oneOf,
  POSITIVE_INTEGER,
  TEXT_VALUE,
  TIMED_INSTANT,
  UUID,
  WHOLE_NUMBER,
} from '../wire-formats.js';
import { type ElementReader, readDocument } from './xml-reader.js';

export { SupplierXmlError } from './xml-reader.js';

/** How the gateway took a status callback. */
export type CallbackOutcome = 'APPLIED' | 'DUPLICATE' | 'LATE' | 'NOT_APPLICABLE';

const STOCK = oneOf<StockStatus>(['IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK', 'MADE_TO_ORDER']);
const SERVICE_TYPE = oneOf<ServiceType>(['DELIVERY', 'COLLECTION', 'EXCHANGE', 'REPAIR']);
const STATUS = oneOf<SupplierStatus>(['ACCEPTED', 'SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED', 'COLLECTED']);
const CALLBACK_OUTCOME = oneOf<CallbackOutcome>(['APPLIED', 'DUPLICATE', 'LATE', 'NOT_APPLICABLE']);
const REJECTION_CODE = oneOf<SupplierRejectionCode>(SUPPLIER_REJECTION_CODES);
/**
 * What a status callback may hold: the order is one of the gateway's (a
 * UUID); the callback id keys the table of callbacks, so it must fit a btree
 * index entry; the rest of its text is bounded too.
 */
const CALLBACK_ID = boundedText(200);
const SUPPLIER_REFERENCE = boundedText(200);
const CALLBACK_REASON = boundedText(2_000);

/** An element's content for the builder: attributes are `@name`, text beside them `#text`; undefined leaves it out. */
interface XmlContent {
  [name: string]: string | XmlContent | XmlContent[] | string[] | undefined;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, indentBy: '  ', suppressEmptyNode: true });

function toXml(root: string, content: XmlContent): string {
  return builder.build({ '?xml': { '@version': '1.0', '@encoding': 'UTF-8' }, [root]: content });
}

function rejectedToXml(root: string, orderId: string, rejection: SupplierRejection): string {
  return toXml(root, {
    OrderId: orderId,
    Reason: { '#text': rejection.message, '@code': rejection.code, '@line': rejection.line === null ? undefined : String(rejection.line) },
  });
}

/** The root element of `xml`, which must be one of `names`. */
function readRoot(xml: string, ...names: string[]): ElementReader {
  const root = readDocument(xml);
  if (!names.includes(root.name)) root.fail(`the root element is <${root.name}>, not ${names.map((name) => `<${name}>`).join(' or ')}`);
  return root;
}

/** An answer that is either `accepted` (read by `readAccepted`) or `rejected` with a `<Reason code line>`. */
function readAnswer<T>(xml: string, accepted: string, rejected: string, readAccepted: (answer: ElementReader) => T): SupplierAnswer<T> {
  const answer = readRoot(xml, accepted, rejected);
  // Every answer names its order; the caller knows which order it asked about, so this only checks it is there.
  answer.childValue('OrderId', TEXT_VALUE);
  if (answer.name === accepted) return { ok: true, value: readAccepted(answer) };
  const reason = answer.child('Reason');
  return {
    ok: false,
    rejection: { code: reason.attribute('code', REJECTION_CODE), message: reason.text(), line: reason.optionalAttribute('line', POSITIVE_INTEGER) },
  };
}

/** `<Lines><Line number="1">..</Line>..</Lines>`, numbered from 1 in document order as rejections refer to them by number. */
function readLines<T>(parent: ElementReader, readLine: (line: ElementReader) => T): T[] {
  return parent.child('Lines').children('Line').map((line, index) => {
    const number = line.attribute('number', POSITIVE_INTEGER);
    if (number !== index + 1) line.fail(`is ${number} but this is line ${index + 1}`, '@number');
    return readLine(line);
  });
}

function numberedLines(lines: readonly XmlContent[]): XmlContent {
  return { Line: lines.map((line, index) => ({ '@number': String(index + 1), ...line })) };
}

// Catalogue: GET /catalogue

export function catalogueToXml(items: readonly CatalogueItem[], generatedAt: Date): string {
  return toXml('Catalogue', {
    '@generatedAt': formatIsoInstant(generatedAt),
    Item: items.map((item) => ({
      Code: item.code,
      Name: item.name,
      Category: { '#text': item.category, '@iso': item.isoClass ?? undefined },
      UnitPricePence: String(item.unitPence),
      Special: String(item.special),
      Stock: item.stock,
    })),
  });
}

export function catalogueFromXml(xml: string): CatalogueItem[] {
  const catalogue = readRoot(xml, 'Catalogue');
  // Required by the contract; the gateway times its cache by its own clock.
  catalogue.attribute('generatedAt', INSTANT);
  return catalogue.children('Item').map((item) => {
    const category = item.child('Category');
    return {
      code: item.childValue('Code', TEXT_VALUE),
      name: item.childValue('Name', TEXT_VALUE),
      category: category.value(TEXT_VALUE),
      isoClass: category.optionalAttribute('iso', TEXT_VALUE),
      // Zero is a price: free-issue items are on some contracts.
      unitPence: item.childValue('UnitPricePence', WHOLE_NUMBER),
      special: item.childValue('Special', BOOLEAN),
      stock: item.childValue('Stock', STOCK),
    };
  });
}

// Orders: POST /orders

export function orderRequestToXml(order: SupplierOrder): string {
  const { customer, deliveryAddress: address } = order;
  const access: XmlContent = {
    Notes: order.accessNotes ?? undefined,
    KeySafeCode: order.keySafeCode ?? undefined,
    ContactPhone: order.contactPhone ?? undefined,
  };
  return toXml('OrderRequest', {
    OrderId: order.orderId,
    ServiceType: order.serviceType,
    DeliverySpeed: order.deliverySpeed,
    Customer: {
      Id: customer.id,
      NhsNumber: customer.nhsNumber ?? undefined,
      Title: customer.title ?? undefined,
      GivenName: customer.givenName ?? undefined,
      FamilyName: customer.familyName,
      DateOfBirth: customer.dateOfBirth ?? undefined,
    },
    DeliveryAddress: { Line: address.lines, Town: address.town ?? undefined, Postcode: address.postcode },
    Access: Object.values(access).some((value) => value !== undefined) ? access : undefined,
    Lines: numberedLines(
      order.lines.map((line) => ({ ItemCode: line.itemCode, Quantity: String(line.quantity), Fitting: String(line.fittingRequired) })),
    ),
    Prescriber: { Id: order.prescriber.id, Name: order.prescriber.name ?? undefined, Role: order.prescriber.role },
    ClinicalReason: order.clinicalReason ?? undefined,
  });
}

export function orderRequestFromXml(xml: string): SupplierOrder {
  const request = readRoot(xml, 'OrderRequest');
  const customer = request.child('Customer');
  const address = request.child('DeliveryAddress');
  const access = request.optionalChild('Access');
  const prescriber = request.child('Prescriber');
  return {
    orderId: request.childValue('OrderId', TEXT_VALUE),
    customer: {
      id: customer.childValue('Id', TEXT_VALUE),
      nhsNumber: customer.optionalChildValue('NhsNumber', NHS_NUMBER),
      title: customer.optionalChildValue('Title', TEXT_VALUE),
      givenName: customer.optionalChildValue('GivenName', TEXT_VALUE),
      familyName: customer.childValue('FamilyName', TEXT_VALUE),
      dateOfBirth: customer.optionalChildValue('DateOfBirth', DATE),
    },
    deliveryAddress: {
      lines: address.children('Line').map((line) => line.value(TEXT_VALUE)),
      town: address.optionalChildValue('Town', TEXT_VALUE),
      // Read even when empty: no postcode is the supplier's BAD_ADDRESS rejection, not a malformed order.
      postcode: address.child('Postcode').text(),
    },
    accessNotes: access?.optionalChildValue('Notes', TEXT_VALUE) ?? null,
    keySafeCode: access?.optionalChildValue('KeySafeCode', TEXT_VALUE) ?? null,
    contactPhone: access?.optionalChildValue('ContactPhone', TEXT_VALUE) ?? null,
    deliverySpeed: request.childValue('DeliverySpeed', TEXT_VALUE),
    serviceType: request.childValue('ServiceType', SERVICE_TYPE),
    // A quantity of 0 (or no lines) reads, so that the supplier can answer INVALID_ORDER as the contract says.
    lines: readLines(request, (line) => ({
      itemCode: line.childValue('ItemCode', TEXT_VALUE),
      quantity: line.childValue('Quantity', WHOLE_NUMBER),
      fittingRequired: line.childValue('Fitting', BOOLEAN),
    })),
    prescriber: {
      id: prescriber.childValue('Id', TEXT_VALUE),
      name: prescriber.optionalChildValue('Name', TEXT_VALUE),
      role: prescriber.childValue('Role', TEXT_VALUE),
    },
    clinicalReason: request.optionalChildValue('ClinicalReason', TEXT_VALUE),
  };
}

export function orderAcceptedToXml(orderId: string, supplierReference: string): string {
  return toXml('OrderAccepted', { OrderId: orderId, SupplierReference: supplierReference });
}

export function orderRejectedToXml(orderId: string, rejection: SupplierRejection): string {
  return rejectedToXml('OrderRejected', orderId, rejection);
}

export function orderAnswerFromXml(xml: string): SupplierAnswer<{ supplierReference: string }> {
  return readAnswer(xml, 'OrderAccepted', 'OrderRejected', (answer) => ({
    supplierReference: answer.childValue('SupplierReference', TEXT_VALUE),
  }));
}

// Cancellation: POST /orders/{orderId}/cancellation

export function cancellationRequestToXml(reason: string): string {
  return toXml('CancellationRequest', { Reason: reason });
}

export function cancellationRequestFromXml(xml: string): { reason: string } {
  return { reason: readRoot(xml, 'CancellationRequest').childValue('Reason', TEXT_VALUE) };
}

export function cancellationAcceptedToXml(orderId: string): string {
  return toXml('CancellationAccepted', { OrderId: orderId });
}

export function cancellationRejectedToXml(orderId: string, rejection: SupplierRejection): string {
  return rejectedToXml('CancellationRejected', orderId, rejection);
}

export function cancellationAnswerFromXml(xml: string): SupplierAnswer<{ cancelled: true }> {
  return readAnswer(xml, 'CancellationAccepted', 'CancellationRejected', () => ({ cancelled: true }));
}

// Collection: POST /orders/{orderId}/collections

export function collectionRequestToXml(request: CollectionRequest): string {
  return toXml('CollectionRequest', {
    CollectionId: request.collectionId,
    Lines: numberedLines(request.lines.map((line) => ({ ItemCode: line.itemCode, Quantity: String(line.quantity) }))),
    Reason: request.reason ?? undefined,
  });
}

/** `orderId` is the one in the URL: the body does not repeat it. */
export function collectionRequestFromXml(xml: string, orderId: string): CollectionRequest {
  const request = readRoot(xml, 'CollectionRequest');
  return {
    orderId,
    collectionId: request.childValue('CollectionId', TEXT_VALUE),
    lines: readLines(request, (line) => ({ itemCode: line.childValue('ItemCode', TEXT_VALUE), quantity: line.childValue('Quantity', WHOLE_NUMBER) })),
    reason: request.optionalChildValue('Reason', TEXT_VALUE),
  };
}

export function collectionAcceptedToXml(orderId: string, collectionReference: string): string {
  return toXml('CollectionAccepted', { OrderId: orderId, CollectionReference: collectionReference });
}

export function collectionRejectedToXml(orderId: string, rejection: SupplierRejection): string {
  return rejectedToXml('CollectionRejected', orderId, rejection);
}

export function collectionAnswerFromXml(xml: string): SupplierAnswer<{ collectionReference: string }> {
  return readAnswer(xml, 'CollectionAccepted', 'CollectionRejected', (answer) => ({
    collectionReference: answer.childValue('CollectionReference', TEXT_VALUE),
  }));
}

// Status: callbacks and GET /orders/{orderId}

export function statusUpdateToXml(update: SupplierStatusUpdate): string {
  return toXml('StatusUpdate', {
    CallbackId: update.callbackId,
    OrderId: update.orderId,
    SupplierReference: update.supplierReference,
    Status: update.status,
    OccurredAt: update.occurredAt,
    Slot: update.slot === null ? undefined : { From: update.slot.from, To: update.slot.to },
    Reason: update.reason ?? undefined,
  });
}

export function statusUpdateFromXml(xml: string): SupplierStatusUpdate {
  const update = readRoot(xml, 'StatusUpdate');
  const status = update.childValue('Status', STATUS);
  const slot = update.optionalChild('Slot');
  const reason = update.optionalChildValue('Reason', CALLBACK_REASON);
  if (status === 'SCHEDULED' && slot === null) update.fail('is required when the status is SCHEDULED', 'Slot');
  if (status === 'DELIVERY_FAILED' && reason === null) update.fail('is required when the status is DELIVERY_FAILED', 'Reason');
  return {
    callbackId: update.childValue('CallbackId', CALLBACK_ID),
    orderId: update.childValue('OrderId', UUID),
    supplierReference: update.childValue('SupplierReference', SUPPLIER_REFERENCE),
    status,
    occurredAt: update.childValue('OccurredAt', INSTANT),
    slot: slot === null ? null : readSlot(slot),
    reason,
  };
}

function readSlot(slot: ElementReader): { from: string; to: string } {
  const from = slot.childValue('From', TIMED_INSTANT);
  const to = slot.childValue('To', TIMED_INSTANT);
  if (to.utc < from.utc) slot.fail('is before From', 'To');
  return { from: from.text, to: to.text };
}

export function callbackReceivedToXml(outcome: CallbackOutcome): string {
  return toXml('CallbackReceived', { '@outcome': outcome });
}

export function callbackReceivedFromXml(xml: string): CallbackOutcome {
  return readRoot(xml, 'CallbackReceived').attribute('outcome', CALLBACK_OUTCOME);
}

// Errors: any status

export function errorToXml(code: string, message: string): string {
  return toXml('Error', { Code: code, Message: message });
}

/** The contract's `<Error>`, or null when the body is XML of another kind. */
export function supplierErrorFromXml(xml: string): { code: string; message: string } | null {
  const error = readDocument(xml);
  if (error.name !== 'Error') return null;
  return { code: error.childValue('Code', TEXT_VALUE), message: error.optionalChildValue('Message', TEXT_VALUE) ?? '' };
}
