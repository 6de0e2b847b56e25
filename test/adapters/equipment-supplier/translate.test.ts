import fc from 'fast-check';
import {
  callbackReceivedFromXml,
  callbackReceivedToXml,
  cancellationAcceptedToXml,
  cancellationAnswerFromXml,
  cancellationRejectedToXml,
  cancellationRequestFromXml,
  cancellationRequestToXml,
  catalogueFromXml,
  catalogueToXml,
  collectionAcceptedToXml,
  collectionAnswerFromXml,
  collectionRejectedToXml,
  collectionRequestFromXml,
  collectionRequestToXml,
  errorToXml,
  orderAcceptedToXml,
  orderAnswerFromXml,
  orderRejectedToXml,
  orderRequestFromXml,
  orderRequestToXml,
  statusUpdateFromXml,
  statusUpdateToXml,
  supplierErrorFromXml,
  SupplierXmlError,
} from '../../../adapters/equipment-supplier/translate.js';
import { parseNhsNumber } from '../../../src/customers/nhs-number.js';
import type {
  CatalogueItem,
  CollectionRequest,
  SupplierOrder,
  SupplierRejection,
  SupplierStatusUpdate,
} from '../../../src/equipment/ports.js';
import { SUPPLIER_REJECTION_CODES } from '../../../src/equipment/ports.js';
import { GatewayError } from '../../../src/errors.js';
import { XmlRefusedError } from '../../../src/xml/safe-xml.js';
import {
  CANCELLATION_ACCEPTED_XML,
  CANCELLATION_REJECTED_XML,
  CANCELLATION_REQUEST_XML,
  CATALOGUE_XML,
  COLLECTION,
  COLLECTION_ACCEPTED_XML,
  COLLECTION_REJECTED_XML,
  COLLECTION_REQUEST_XML,
  HOSTILE_XML,
  ORDER,
  ORDER_ACCEPTED_XML,
  ORDER_ID,
  ORDER_REJECTED_XML,
  ORDER_REQUEST_XML,
  STATUS_UPDATE,
  STATUS_UPDATE_XML,
  UNKNOWN_ORDER_XML,
} from './contract-messages.js';

/** `xml` with `from` replaced; fails the test if `from` is not there, so that no edit is silently a no-op. */
function edit(xml: string, from: string | RegExp, to: string): string {
  const edited = xml.replace(from, to);
  if (edited === xml) throw new Error(`${String(from)} is not in the message`);
  return edited;
}

/** What `read` throws; a test failure if it returns. */
function thrown(read: () => unknown): unknown {
  try {
    read();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function xmlError(read: () => unknown): SupplierXmlError {
  const error = thrown(read);
  if (error instanceof SupplierXmlError) return error;
  throw error;
}

describe('the README messages, as the gateway reads them', () => {
  test('Catalogue', () => {
    expect(catalogueFromXml(CATALOGUE_XML)).toEqual<CatalogueItem[]>([
      {
        code: 'WF-001',
        name: 'Walking frame, folding, with wheels',
        category: 'Walking frames',
        isoClass: '12 06 06',
        unitPence: 4250,
        special: false,
        stock: 'IN_STOCK',
      },
    ]);
  });

  test('OrderAccepted and OrderRejected', () => {
    expect(orderAnswerFromXml(ORDER_ACCEPTED_XML)).toEqual({ ok: true, value: { supplierReference: 'SUP-000123' } });
    expect(orderAnswerFromXml(ORDER_REJECTED_XML)).toEqual({
      ok: false,
      rejection: { code: 'UNKNOWN_ITEM', message: 'No item BED-999 in the catalogue', line: 2 },
    });
  });

  test('CancellationAccepted and CancellationRejected', () => {
    expect(cancellationAnswerFromXml(CANCELLATION_ACCEPTED_XML)).toEqual({ ok: true, value: { cancelled: true } });
    expect(cancellationAnswerFromXml(CANCELLATION_REJECTED_XML)).toEqual({
      ok: false,
      rejection: { code: 'TOO_LATE_TO_CANCEL', message: 'Out for delivery', line: null },
    });
  });

  test('CollectionAccepted and CollectionRejected', () => {
    expect(collectionAnswerFromXml(COLLECTION_ACCEPTED_XML)).toEqual({ ok: true, value: { collectionReference: 'COL-000045' } });
    expect(collectionAnswerFromXml(COLLECTION_REJECTED_XML)).toEqual({
      ok: false,
      rejection: { code: 'NOT_DELIVERED', message: 'Nothing delivered yet', line: null },
    });
  });

  test('StatusUpdate', () => {
    expect(statusUpdateFromXml(STATUS_UPDATE_XML)).toEqual(STATUS_UPDATE);
  });

  test.each(['APPLIED', 'DUPLICATE', 'LATE', 'NOT_APPLICABLE'] as const)('CallbackReceived outcome="%s"', (outcome) => {
    expect(callbackReceivedFromXml(`<CallbackReceived outcome="${outcome}"/>`)).toBe(outcome);
  });

  test('Error, and null for a body that is another message', () => {
    expect(supplierErrorFromXml(UNKNOWN_ORDER_XML)).toEqual({ code: 'UNKNOWN_ORDER', message: `No order ${ORDER_ID}` });
    expect(supplierErrorFromXml('<Error><Code>MALFORMED</Code></Error>')).toEqual({ code: 'MALFORMED', message: '' });
    expect(supplierErrorFromXml(ORDER_ACCEPTED_XML)).toBeNull();
  });
});

describe('the README messages, as a supplier reads them', () => {
  test('OrderRequest', () => {
    expect(orderRequestFromXml(ORDER_REQUEST_XML)).toEqual(ORDER);
  });

  test('CancellationRequest', () => {
    expect(cancellationRequestFromXml(CANCELLATION_REQUEST_XML)).toEqual({ reason: 'Customer readmitted to hospital' });
  });

  test('CollectionRequest, with the order id from the URL', () => {
    expect(collectionRequestFromXml(COLLECTION_REQUEST_XML, ORDER_ID)).toEqual(COLLECTION);
  });
});

describe('building the messages', () => {
  test('each builder writes what the other side reads back', () => {
    const rejection: SupplierRejection = { code: 'UNKNOWN_ITEM', message: 'No item BED-999 in the catalogue', line: 2 };
    expect(orderRequestFromXml(orderRequestToXml(ORDER))).toEqual(ORDER);
    expect(orderAnswerFromXml(orderAcceptedToXml(ORDER_ID, 'SUP-000123'))).toEqual({ ok: true, value: { supplierReference: 'SUP-000123' } });
    expect(orderAnswerFromXml(orderRejectedToXml(ORDER_ID, rejection))).toEqual({ ok: false, rejection });
    expect(cancellationRequestFromXml(cancellationRequestToXml('Customer readmitted to hospital'))).toEqual({ reason: 'Customer readmitted to hospital' });
    expect(cancellationAnswerFromXml(cancellationAcceptedToXml(ORDER_ID))).toEqual({ ok: true, value: { cancelled: true } });
    const tooLate: SupplierRejection = { code: 'TOO_LATE_TO_CANCEL', message: 'Out for delivery', line: null };
    expect(cancellationAnswerFromXml(cancellationRejectedToXml(ORDER_ID, tooLate))).toEqual({ ok: false, rejection: tooLate });
    expect(collectionRequestFromXml(collectionRequestToXml(COLLECTION), ORDER_ID)).toEqual(COLLECTION);
    expect(collectionAnswerFromXml(collectionAcceptedToXml(ORDER_ID, 'COL-000045'))).toEqual({ ok: true, value: { collectionReference: 'COL-000045' } });
    const notDelivered: SupplierRejection = { code: 'NOT_DELIVERED', message: 'Nothing delivered yet', line: null };
    expect(collectionAnswerFromXml(collectionRejectedToXml(ORDER_ID, notDelivered))).toEqual({ ok: false, rejection: notDelivered });
    expect(statusUpdateFromXml(statusUpdateToXml(STATUS_UPDATE))).toEqual(STATUS_UPDATE);
    expect(callbackReceivedFromXml(callbackReceivedToXml('LATE'))).toBe('LATE');
    expect(supplierErrorFromXml(errorToXml('UNKNOWN_ORDER', 'No such order'))).toEqual({ code: 'UNKNOWN_ORDER', message: 'No such order' });
  });

  test('the catalogue carries its time and each item as the README shows', () => {
    const items = catalogueFromXml(CATALOGUE_XML);
    const xml = catalogueToXml(items, new Date('2026-11-24T09:30:00Z'));
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Catalogue generatedAt="2026-11-24T09:30:00.000Z">/);
    expect(xml).toContain('<Category iso="12 06 06">Walking frames</Category>');
    expect(xml).toContain('<UnitPricePence>4250</UnitPricePence>');
    expect(catalogueFromXml(xml)).toEqual(items);
    expect(catalogueToXml([{ ...items[0]!, isoClass: null }], new Date())).toContain('<Category>Walking frames</Category>');
    expect(catalogueFromXml(catalogueToXml([], new Date()))).toEqual([]);
  });

  test('order lines are numbered from 1 and rejections carry code and line as attributes', () => {
    const xml = orderRequestToXml(ORDER);
    expect(xml).toMatch(/<Line number="1">\s*<ItemCode>WF-001<\/ItemCode>\s*<Quantity>1<\/Quantity>\s*<Fitting>false<\/Fitting>/);
    expect(xml).toMatch(/<Line number="2">\s*<ItemCode>BED-010<\/ItemCode>/);
    expect(orderRejectedToXml(ORDER_ID, { code: 'UNKNOWN_ITEM', message: 'No item', line: 2 })).toContain('<Reason code="UNKNOWN_ITEM" line="2">No item</Reason>');
    expect(cancellationRejectedToXml(ORDER_ID, { code: 'TOO_LATE_TO_CANCEL', message: 'Out', line: null })).toContain('<Reason code="TOO_LATE_TO_CANCEL">Out</Reason>');
    expect(callbackReceivedToXml('APPLIED')).toContain('<CallbackReceived outcome="APPLIED"/>');
  });

  test('optional values that are null are left out, Access altogether when it has none', () => {
    const bare: SupplierOrder = {
      ...ORDER,
      customer: { ...ORDER.customer, nhsNumber: null, title: null, givenName: null, dateOfBirth: null },
      deliveryAddress: { ...ORDER.deliveryAddress, town: null },
      accessNotes: null,
      keySafeCode: null,
      contactPhone: null,
      prescriber: { ...ORDER.prescriber, name: null },
      clinicalReason: null,
    };
    const xml = orderRequestToXml(bare);
    for (const name of ['NhsNumber', 'Title', 'GivenName', 'DateOfBirth', 'Town', 'Access', 'Notes', 'KeySafeCode', 'ContactPhone', 'Name', 'ClinicalReason']) {
      expect(xml).not.toContain(`<${name}`);
    }
    expect(orderRequestFromXml(xml)).toEqual(bare);
    expect(orderRequestToXml({ ...bare, keySafeCode: '4821' })).toMatch(/<Access>\s*<KeySafeCode>4821<\/KeySafeCode>\s*<\/Access>/);
    expect(statusUpdateToXml({ ...STATUS_UPDATE, status: 'DELIVERED', slot: null })).not.toMatch(/<Slot|<Reason/);
  });

  test('text is escaped on the way out and decoded on the way in', () => {
    const awkward = `O'Brien & "Sons" <Ltd> café`;
    const xml = orderRequestToXml({ ...ORDER, customer: { ...ORDER.customer, familyName: awkward } });
    expect(xml).toContain('<FamilyName>O&apos;Brien &amp; &quot;Sons&quot; &lt;Ltd&gt; café</FamilyName>');
    expect(orderRequestFromXml(xml).customer.familyName).toBe(awkward);
    expect(supplierErrorFromXml('<Error><Code>X</Code><Message>Caf&#xE9; &#233; &lt;b&gt;</Message></Error>')?.message).toBe('Café é <b>');
  });
});

describe('reading leniently where the contract allows', () => {
  test('one Item or Line is still a list', () => {
    const order = orderRequestFromXml(edit(ORDER_REQUEST_XML, '<Line>Flat 2</Line>', ''));
    expect(order.deliveryAddress.lines).toEqual(['12 Church Lane']);
    expect(collectionRequestFromXml(COLLECTION_REQUEST_XML, ORDER_ID).lines).toHaveLength(1);
    expect(catalogueFromXml(CATALOGUE_XML)).toHaveLength(1);
  });

  test('text is trimmed, and an empty optional element is no value', () => {
    const order = orderRequestFromXml(
      edit(edit(ORDER_REQUEST_XML, '<FamilyName>Example</FamilyName>', '<FamilyName>\n   Example  </FamilyName>'), '<Title>Mrs</Title>', '<Title>  </Title>'),
    );
    expect(order.customer.familyName).toBe('Example');
    expect(order.customer.title).toBeNull();
  });

  test('elements the contract does not name are ignored, so that the supplier can add to it', () => {
    expect(statusUpdateFromXml(edit(STATUS_UPDATE_XML, '</StatusUpdate>', '<Driver>Van 7</Driver></StatusUpdate>'))).toEqual(STATUS_UPDATE);
  });

  test('no lines, a quantity of 0 and an empty postcode read, for the supplier to reject as INVALID_ORDER or BAD_ADDRESS', () => {
    expect(orderRequestFromXml(edit(ORDER_REQUEST_XML, /<Lines>[\s\S]*<\/Lines>/, '<Lines/>')).lines).toEqual([]);
    expect(orderRequestFromXml(edit(ORDER_REQUEST_XML, '<Quantity>1</Quantity><Fitting>true', '<Quantity>0</Quantity><Fitting>true')).lines[1]!.quantity).toBe(0);
    expect(orderRequestFromXml(edit(ORDER_REQUEST_XML, '<Postcode>LS1 4AB</Postcode>', '<Postcode/>')).deliveryAddress.postcode).toBe('');
  });

  test('instants keep the offset they were sent with', () => {
    const update = statusUpdateFromXml(edit(STATUS_UPDATE_XML, '2026-11-24T10:02:11Z', '2026-11-24T10:02:11.250+01:00'));
    expect(update.occurredAt).toBe('2026-11-24T10:02:11.250+01:00');
  });
});

describe('times in the hours the clocks change (src/time)', () => {
  const slot = (from: string, to: string) => edit(STATUS_UPDATE_XML, /<Slot>.*<\/Slot>/, `<Slot><From>${from}</From><To>${to}</To></Slot>`);

  test('a slot across the repeated hour is in order by instant, not by wall clock: 01:30 BST is before 01:15 GMT', () => {
    expect(statusUpdateFromXml(slot('2026-10-25T01:30:00+01:00', '2026-10-25T01:15:00+00:00')).slot).toEqual({ from: '2026-10-25T01:30:00+01:00', to: '2026-10-25T01:15:00+00:00' });
    expect(xmlError(() => statusUpdateFromXml(slot('2026-10-25T01:30:00+00:00', '2026-10-25T01:45:00+01:00')))).toMatchObject({ path: 'StatusUpdate/Slot/To' });
  });

  test('a date of birth in the first century is read as written, and the year 0000 refused', () => {
    expect(orderRequestFromXml(edit(ORDER_REQUEST_XML, '1938-04-12', '0050-06-20')).customer.dateOfBirth).toBe('0050-06-20');
    expect(xmlError(() => orderRequestFromXml(edit(ORDER_REQUEST_XML, '1938-04-12', '0000-06-20'))).message).toMatch(/DateOfBirth: is not a date \(YYYY-MM-DD\) in the years 0001 to 9999/);
  });

  test('an instant that falls outside the years kept in UTC is refused at its element', () => {
    expect(xmlError(() => statusUpdateFromXml(edit(STATUS_UPDATE_XML, '2026-11-24T10:02:11Z', '0001-01-01T00:30:00+01:00')))).toMatchObject({ path: 'StatusUpdate/OccurredAt' });
  });
});

describe('input that is not the contract', () => {
  const lines = (xml: string) => edit(xml, '<Line number="2"><ItemCode>BED-010</ItemCode><Quantity>1</Quantity>', '<Line number="2"><ItemCode>BED-010</ItemCode><Quantity>QTY</Quantity>');
  const withQuantity = (quantity: string) => lines(ORDER_REQUEST_XML).replace('QTY', quantity);

  test.each<[string, () => unknown, string, RegExp]>([
    ['the wrong root element', () => orderRequestFromXml(ORDER_ACCEPTED_XML), 'OrderAccepted', /root element is <OrderAccepted>, not <OrderRequest>/],
    ['the wrong root for an answer', () => orderAnswerFromXml(CANCELLATION_ACCEPTED_XML), 'CancellationAccepted', /not <OrderAccepted> or <OrderRejected>/],
    ['two root elements', () => callbackReceivedFromXml('<CallbackReceived outcome="LATE"/><CallbackReceived outcome="LATE"/>'), '/', /one root element/],
    ['a missing required element', () => orderRequestFromXml(edit(ORDER_REQUEST_XML, '<FamilyName>Example</FamilyName>', '')), 'OrderRequest/Customer/FamilyName', /is missing/],
    ['a missing required parent', () => orderRequestFromXml(edit(ORDER_REQUEST_XML, /<Prescriber>.*<\/Prescriber>/, '')), 'OrderRequest/Prescriber', /is missing/],
    ['an empty required element', () => orderRequestFromXml(edit(ORDER_REQUEST_XML, `<OrderId>${ORDER_ID}</OrderId>`, '<OrderId> </OrderId>')), 'OrderRequest/OrderId', /is empty/],
    ['a required element twice', () => orderAnswerFromXml(edit(ORDER_ACCEPTED_XML, '</OrderAccepted>', '<SupplierReference>SUP-2</SupplierReference></OrderAccepted>')), 'OrderAccepted/SupplierReference', /appears 2 times/],
    ['a quantity that is not a whole number', () => orderRequestFromXml(withQuantity('1.5')), 'OrderRequest/Lines/Line[2]/Quantity', /is not a whole number/],
    ['a negative quantity', () => orderRequestFromXml(withQuantity('-1')), 'OrderRequest/Lines/Line[2]/Quantity', /is not a whole number/],
    ['a quantity in words', () => orderRequestFromXml(withQuantity('one')), 'OrderRequest/Lines/Line[2]/Quantity', /is not a whole number/],
    ['a collection quantity that is not a number', () => collectionRequestFromXml(edit(COLLECTION_REQUEST_XML, '<Quantity>1</Quantity>', '<Quantity>1e3</Quantity>'), ORDER_ID), 'CollectionRequest/Lines/Line[1]/Quantity', /whole number/],
    ['pence with a decimal point', () => catalogueFromXml(edit(CATALOGUE_XML, '4250', '42.50')), 'Catalogue/Item[1]/UnitPricePence', /is not a whole number/],
    ['negative pence', () => catalogueFromXml(edit(CATALOGUE_XML, '4250', '-4250')), 'Catalogue/Item[1]/UnitPricePence', /is not a whole number/],
    ['a boolean that is not true or false', () => orderRequestFromXml(edit(ORDER_REQUEST_XML, '<Fitting>false</Fitting>', '<Fitting>no</Fitting>')), 'OrderRequest/Lines/Line[1]/Fitting', /is not true or false/],
    ['Special as a digit', () => catalogueFromXml(edit(CATALOGUE_XML, '<Special>false</Special>', '<Special>0</Special>')), 'Catalogue/Item[1]/Special', /true or false/],
    ['an unknown stock status', () => catalogueFromXml(edit(CATALOGUE_XML, 'IN_STOCK', 'PLENTY')), 'Catalogue/Item[1]/Stock', /is not one of IN_STOCK, LOW_STOCK, OUT_OF_STOCK, MADE_TO_ORDER/],
    ['an unknown service type', () => orderRequestFromXml(edit(ORDER_REQUEST_XML, '<ServiceType>DELIVERY', '<ServiceType>delivery')), 'OrderRequest/ServiceType', /is not one of DELIVERY, COLLECTION, EXCHANGE, REPAIR/],
    ['an unknown status', () => statusUpdateFromXml(edit(STATUS_UPDATE_XML, '<Status>SCHEDULED', '<Status>SHIPPED')), 'StatusUpdate/Status', /is not one of ACCEPTED, SCHEDULED/],
    ['an unknown rejection code', () => orderAnswerFromXml(edit(ORDER_REJECTED_XML, 'UNKNOWN_ITEM', 'NO_STOCK')), 'OrderRejected/Reason/@code', /is not one of UNKNOWN_ITEM/],
    ['a rejection with no code', () => cancellationAnswerFromXml(edit(CANCELLATION_REJECTED_XML, ' code="TOO_LATE_TO_CANCEL"', '')), 'CancellationRejected/Reason/@code', /is missing/],
    ['a rejection line of 0', () => orderAnswerFromXml(edit(ORDER_REJECTED_XML, 'line="2"', 'line="0"')), 'OrderRejected/Reason/@line', /at least 1/],
    ['a rejection with no Reason', () => collectionAnswerFromXml(edit(COLLECTION_REJECTED_XML, /<Reason.*<\/Reason>/, '')), 'CollectionRejected/Reason', /is missing/],
    ['an unknown callback outcome', () => callbackReceivedFromXml('<CallbackReceived outcome="IGNORED"/>'), 'CallbackReceived/@outcome', /is not one of APPLIED, DUPLICATE, LATE, NOT_APPLICABLE/],
    ['an instant with no offset', () => statusUpdateFromXml(edit(STATUS_UPDATE_XML, '2026-11-24T10:02:11Z', '2026-11-24T10:02:11')), 'StatusUpdate/OccurredAt', /ISO 8601 date and time with an offset/],
    ['an instant in another form', () => statusUpdateFromXml(edit(STATUS_UPDATE_XML, '2026-11-24T10:02:11Z', '24/11/2026 10:02')), 'StatusUpdate/OccurredAt', /ISO 8601/],
    ['an instant on a day that does not exist', () => statusUpdateFromXml(edit(STATUS_UPDATE_XML, '<From>2026-11-25T08', '<From>2026-11-31T08')), 'StatusUpdate/Slot/From', /ISO 8601/],
    ['an instant at hour 24', () => catalogueFromXml(edit(CATALOGUE_XML, '2026-11-24T09:30:00Z', '2026-11-24T24:30:00Z')), 'Catalogue/@generatedAt', /ISO 8601/],
    ['a catalogue with no time', () => catalogueFromXml(edit(CATALOGUE_XML, ' generatedAt="2026-11-24T09:30:00Z"', '')), 'Catalogue/@generatedAt', /is missing/],
    ['a date of birth that does not exist', () => orderRequestFromXml(edit(ORDER_REQUEST_XML, '1938-04-12', '1938-02-30')), 'OrderRequest/Customer/DateOfBirth', /is not a date \(YYYY-MM-DD\)/],
    ['a date of birth with a time', () => orderRequestFromXml(edit(ORDER_REQUEST_XML, '1938-04-12', '1938-04-12T00:00:00Z')), 'OrderRequest/Customer/DateOfBirth', /is not a date/],
    ['an NHS number with the wrong check digit', () => orderRequestFromXml(edit(ORDER_REQUEST_XML, '9990000018', '9990000019')), 'OrderRequest/Customer/NhsNumber', /is not an NHS number/],
    ['an NHS number with spaces', () => orderRequestFromXml(edit(ORDER_REQUEST_XML, '9990000018', '999 000 0018')), 'OrderRequest/Customer/NhsNumber', /no spaces/],
    ['lines numbered out of order', () => orderRequestFromXml(edit(ORDER_REQUEST_XML, 'number="2"', 'number="3"')), 'OrderRequest/Lines/Line[2]/@number', /is 3 but this is line 2/],
    ['a line with no number', () => collectionRequestFromXml(edit(COLLECTION_REQUEST_XML, ' number="1"', ''), ORDER_ID), 'CollectionRequest/Lines/Line[1]/@number', /is missing/],
    ['a callback for an order id the gateway never issues', () => statusUpdateFromXml(edit(STATUS_UPDATE_XML, ORDER_ID, 'not-a-uuid')), 'StatusUpdate/OrderId', /is not a UUID, as the gateway's own ids are/],
    ['a callback id too long to be a key', () => statusUpdateFromXml(edit(STATUS_UPDATE_XML, 'cb-000981', 'c'.repeat(201))), 'StatusUpdate/CallbackId', /is not text of at most 200 characters/],
    ['a supplier reference over its bound', () => statusUpdateFromXml(edit(STATUS_UPDATE_XML, 'SUP-000123', 'S'.repeat(201))), 'StatusUpdate/SupplierReference', /at most 200 characters/],
    ['a reason over its bound', () => statusUpdateFromXml(edit(STATUS_UPDATE_XML, '</StatusUpdate>', `<Reason>${'r'.repeat(2_001)}</Reason></StatusUpdate>`)), 'StatusUpdate/Reason', /at most 2000 characters/],
    ['SCHEDULED with no slot', () => statusUpdateFromXml(edit(STATUS_UPDATE_XML, /<Slot>.*<\/Slot>/, '')), 'StatusUpdate/Slot', /required when the status is SCHEDULED/],
    ['DELIVERY_FAILED with no reason', () => statusUpdateFromXml(edit(STATUS_UPDATE_XML, '<Status>SCHEDULED', '<Status>DELIVERY_FAILED')), 'StatusUpdate/Reason', /required when the status is DELIVERY_FAILED/],
    ['a slot that ends before it starts', () => statusUpdateFromXml(edit(STATUS_UPDATE_XML, '<To>2026-11-25T12:00:00Z', '<To>2026-11-25T07:59:59Z')), 'StatusUpdate/Slot/To', /is before From/],
    ['an Error with no code', () => supplierErrorFromXml('<Error><Message>Broken</Message></Error>'), 'Error/Code', /is missing/],
    ['an empty category', () => catalogueFromXml(edit(CATALOGUE_XML, 'Walking frames</Category>', '</Category>')), 'Catalogue/Item[1]/Category', /is empty/],
    ['a cancellation with no reason', () => cancellationRequestFromXml('<CancellationRequest/>'), 'CancellationRequest/Reason', /is missing/],
  ])('%s', (_what, read, path, message) => {
    const error = xmlError(read);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.code).toBe('SUPPLIER_XML_INVALID');
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
    expect(error.extensions).toEqual({ code: 'SUPPLIER_XML_INVALID', path });
  });

  test('the error names the place, never the value, as values are people’s details', () => {
    const error = xmlError(() => orderRequestFromXml(edit(ORDER_REQUEST_XML, '1938-04-12', '1938-13-12')));
    expect(error.message).not.toContain('1938');
  });

  test('malformed XML is refused with a line and column', () => {
    const error = thrown(() => statusUpdateFromXml('<StatusUpdate>\n<Status>SCHEDULED</Stat>\n</StatusUpdate>'));
    expect(error).toBeInstanceOf(XmlRefusedError);
    expect(error).toMatchObject({ line: 2, column: expect.any(Number) });
  });
});

describe('hostile XML', () => {
  const readers: [string, (xml: string) => unknown][] = [
    ['catalogueFromXml', catalogueFromXml],
    ['orderRequestFromXml', orderRequestFromXml],
    ['orderAnswerFromXml', orderAnswerFromXml],
    ['cancellationRequestFromXml', cancellationRequestFromXml],
    ['cancellationAnswerFromXml', cancellationAnswerFromXml],
    ['collectionRequestFromXml', (xml) => collectionRequestFromXml(xml, ORDER_ID)],
    ['collectionAnswerFromXml', collectionAnswerFromXml],
    ['statusUpdateFromXml', statusUpdateFromXml],
    ['supplierErrorFromXml', supplierErrorFromXml],
    ['callbackReceivedFromXml', callbackReceivedFromXml],
  ];

  test.each(HOSTILE_XML)('%s is refused by every reader, quickly and without expanding anything', (_what, xml) => {
    const started = Date.now();
    const notRefused = readers.filter(([, read]) => !(thrown(() => read(xml)) instanceof XmlRefusedError)).map(([name]) => name);
    expect(notRefused).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('the refusal says where and why', () => {
    const [, xxe] = HOSTILE_XML[0]!;
    expect(() => statusUpdateFromXml(xxe)).toThrow(/^XML line 2: DOCTYPE declarations are refused/);
    const [, deep] = HOSTILE_XML[2]!;
    expect(() => orderRequestFromXml(deep)).toThrow(/^XML line 2: elements are nested more than \d+ deep/);
    const [, entity] = HOSTILE_XML[3]!;
    expect(() => statusUpdateFromXml(entity)).toThrow(/^XML line 2 column 13: the entity &nbsp; is not one XML defines/);
  });
});

describe('round trips', () => {
  // What the gateway holds: trimmed, non-empty text (the reader trims and takes an empty optional element as none).
  const text = fc
    .string({ unit: fc.constantFrom(...'abcXYZ 019<>&"\'é£-/:.;\t'.split('')), minLength: 1, maxLength: 16 })
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const optionalText = fc.option(text, { nil: null });
  // Valid numbers from the 999 test range.
  const nhsNumber = fc
    .integer({ min: 0, max: 9_999_999 })
    .map((n) => `999${String(n).padStart(7, '0')}`)
    .filter((candidate) => parseNhsNumber(candidate).ok);
  const day = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
  const instant = fc
    .tuple(day, fc.constantFrom('Z', '+01:00', '-05:30'))
    .map(([date, offset]) => date.toISOString().replace('Z', offset));
  const slot = fc
    .tuple(day, day)
    .map(([a, b]) => (a <= b ? { from: a.toISOString(), to: b.toISOString() } : { from: b.toISOString(), to: a.toISOString() }));

  const order: fc.Arbitrary<SupplierOrder> = fc.record({
    orderId: text,
    customer: fc.record({
      id: text,
      nhsNumber: fc.option(nhsNumber, { nil: null }),
      title: optionalText,
      givenName: optionalText,
      familyName: text,
      dateOfBirth: fc.option(day.map((d) => d.toISOString().slice(0, 10)), { nil: null }),
    }),
    deliveryAddress: fc.record({ lines: fc.array(text, { maxLength: 4 }), town: optionalText, postcode: text }),
    accessNotes: optionalText,
    keySafeCode: optionalText,
    contactPhone: optionalText,
    deliverySpeed: text,
    serviceType: fc.constantFrom('DELIVERY', 'COLLECTION', 'EXCHANGE', 'REPAIR'),
    lines: fc.array(fc.record({ itemCode: text, quantity: fc.integer({ min: 0, max: 1_000_000 }), fittingRequired: fc.boolean() }), { maxLength: 5 }),
    prescriber: fc.record({ id: text, name: optionalText, role: text }),
    clinicalReason: optionalText,
  });

  const statusUpdate: fc.Arbitrary<SupplierStatusUpdate> = fc
    .constantFrom('ACCEPTED', 'SCHEDULED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'DELIVERY_FAILED', 'COLLECTED')
    .chain((status) =>
      fc.record({
        callbackId: text,
        orderId: fc.uuid(),
        supplierReference: text,
        status: fc.constant(status),
        occurredAt: instant,
        slot: status === 'SCHEDULED' ? slot : fc.option(slot, { nil: null }),
        reason: status === 'DELIVERY_FAILED' ? text : optionalText,
      }),
    );

  test('SupplierOrder -> OrderRequest -> SupplierOrder', () => {
    fc.assert(fc.property(order, (o) => expect(orderRequestFromXml(orderRequestToXml(o))).toEqual(o)));
  });

  test('SupplierStatusUpdate -> StatusUpdate -> SupplierStatusUpdate', () => {
    fc.assert(fc.property(statusUpdate, (u) => expect(statusUpdateFromXml(statusUpdateToXml(u))).toEqual(u)));
  });

  test('catalogue items', () => {
    const item: fc.Arbitrary<CatalogueItem> = fc.record({
      code: text,
      name: text,
      category: text,
      isoClass: optionalText,
      unitPence: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
      special: fc.boolean(),
      stock: fc.constantFrom('IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK', 'MADE_TO_ORDER'),
    });
    fc.assert(fc.property(fc.array(item, { maxLength: 5 }), day, (items, at) => expect(catalogueFromXml(catalogueToXml(items, at))).toEqual(items)));
  });

  test('collection requests', () => {
    const request: fc.Arbitrary<CollectionRequest> = fc.record({
      orderId: text,
      collectionId: text,
      lines: fc.array(fc.record({ itemCode: text, quantity: fc.nat() }), { maxLength: 5 }),
      reason: optionalText,
    });
    fc.assert(fc.property(request, (r) => expect(collectionRequestFromXml(collectionRequestToXml(r), r.orderId)).toEqual(r)));
  });

  test('rejections of every kind', () => {
    const codes = SUPPLIER_REJECTION_CODES;
    const rejection: fc.Arbitrary<SupplierRejection> = fc.record({
      code: fc.constantFrom(...codes),
      message: fc.oneof(text, fc.constant('')),
      line: fc.option(fc.integer({ min: 1, max: 999 }), { nil: null }),
    });
    fc.assert(
      fc.property(text, rejection, (orderId, r) => {
        expect(orderAnswerFromXml(orderRejectedToXml(orderId, r))).toEqual({ ok: false, rejection: r });
        expect(cancellationAnswerFromXml(cancellationRejectedToXml(orderId, r))).toEqual({ ok: false, rejection: r });
        expect(collectionAnswerFromXml(collectionRejectedToXml(orderId, r))).toEqual({ ok: false, rejection: r });
      }),
    );
  });

  test('errors and accepted answers', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(supplierErrorFromXml(errorToXml(a, b))).toEqual({ code: a, message: b });
        expect(orderAnswerFromXml(orderAcceptedToXml(a, b))).toEqual({ ok: true, value: { supplierReference: b } });
        expect(collectionAnswerFromXml(collectionAcceptedToXml(a, b))).toEqual({ ok: true, value: { collectionReference: b } });
        expect(cancellationRequestFromXml(cancellationRequestToXml(b))).toEqual({ reason: b });
      }),
    );
  });
});
