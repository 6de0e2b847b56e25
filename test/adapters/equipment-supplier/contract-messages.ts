/**
 * The messages of adapters/equipment-supplier/README.md as written there, and
 * the values they stand for. Synthetic people only: the NHS number is from
 * the 999 test range, the phone number from Ofcom's drama range.
 */
import type { CollectionRequest, SupplierOrder, SupplierStatusUpdate } from '../../../src/equipment/ports.js';

export const ORDER_ID = '3f0c6a52-8d0e-4c55-9a4e-1d2b3c4d5e6f';

export const CATALOGUE_XML = `<Catalogue generatedAt="2026-11-24T09:30:00Z">
  <Item>
    <Code>WF-001</Code>
    <Name>Walking frame, folding, with wheels</Name>
    <Category iso="12 06 06">Walking frames</Category>
    <UnitPricePence>4250</UnitPricePence>
    <Special>false</Special>
    <Stock>IN_STOCK</Stock>
  </Item>
</Catalogue>`;

export const ORDER_REQUEST_XML = `<OrderRequest>
  <OrderId>3f0c6a52-8d0e-4c55-9a4e-1d2b3c4d5e6f</OrderId>
  <ServiceType>DELIVERY</ServiceType>
  <DeliverySpeed>NEXT_DAY</DeliverySpeed>
  <Customer>
    <Id>9a1b2c3d-0000-4000-8000-000000000001</Id>
    <NhsNumber>9990000018</NhsNumber>
    <Title>Mrs</Title>
    <GivenName>Joan</GivenName>
    <FamilyName>Example</FamilyName>
    <DateOfBirth>1938-04-12</DateOfBirth>
  </Customer>
  <DeliveryAddress>
    <Line>12 Church Lane</Line>
    <Line>Flat 2</Line>
    <Town>Leeds</Town>
    <Postcode>LS1 4AB</Postcode>
  </DeliveryAddress>
  <Access>
    <Notes>Daughter in after 2pm; park on the drive</Notes>
    <KeySafeCode>4821</KeySafeCode>
    <ContactPhone>07700900123</ContactPhone>
  </Access>
  <Lines>
    <Line number="1"><ItemCode>WF-001</ItemCode><Quantity>1</Quantity><Fitting>false</Fitting></Line>
    <Line number="2"><ItemCode>BED-010</ItemCode><Quantity>1</Quantity><Fitting>true</Fitting></Line>
  </Lines>
  <Prescriber><Id>ot-0042</Id><Name>Olu Therapist</Name><Role>OCCUPATIONAL_THERAPIST</Role></Prescriber>
  <ClinicalReason>Unsafe on stairs after hip fracture</ClinicalReason>
</OrderRequest>`;

export const ORDER: SupplierOrder = {
  orderId: ORDER_ID,
  customer: {
    id: '9a1b2c3d-0000-4000-8000-000000000001',
    nhsNumber: '9990000018',
    title: 'Mrs',
    givenName: 'Joan',
    familyName: 'Example',
    dateOfBirth: '1938-04-12',
  },
  deliveryAddress: { lines: ['12 Church Lane', 'Flat 2'], town: 'Leeds', postcode: 'LS1 4AB' },
  accessNotes: 'Daughter in after 2pm; park on the drive',
  keySafeCode: '4821',
  contactPhone: '07700900123',
  deliverySpeed: 'NEXT_DAY',
  serviceType: 'DELIVERY',
  lines: [
    { itemCode: 'WF-001', quantity: 1, fittingRequired: false },
    { itemCode: 'BED-010', quantity: 1, fittingRequired: true },
  ],
  prescriber: { id: 'ot-0042', name: 'Olu Therapist', role: 'OCCUPATIONAL_THERAPIST' },
  clinicalReason: 'Unsafe on stairs after hip fracture',
};

export const ORDER_ACCEPTED_XML = `<OrderAccepted>
  <OrderId>3f0c6a52-8d0e-4c55-9a4e-1d2b3c4d5e6f</OrderId>
  <SupplierReference>SUP-000123</SupplierReference>
</OrderAccepted>`;

export const ORDER_REJECTED_XML = `<OrderRejected>
  <OrderId>3f0c6a52-8d0e-4c55-9a4e-1d2b3c4d5e6f</OrderId>
  <Reason code="UNKNOWN_ITEM" line="2">No item BED-999 in the catalogue</Reason>
</OrderRejected>`;

export const CANCELLATION_REQUEST_XML = '<CancellationRequest><Reason>Customer readmitted to hospital</Reason></CancellationRequest>';
export const CANCELLATION_ACCEPTED_XML = `<CancellationAccepted><OrderId>${ORDER_ID}</OrderId></CancellationAccepted>`;
export const CANCELLATION_REJECTED_XML = `<CancellationRejected><OrderId>${ORDER_ID}</OrderId><Reason code="TOO_LATE_TO_CANCEL">Out for delivery</Reason></CancellationRejected>`;

export const COLLECTION_REQUEST_XML = `<CollectionRequest>
  <CollectionId>c-3f0c6a52-1</CollectionId>
  <Lines>
    <Line number="1"><ItemCode>WF-001</ItemCode><Quantity>1</Quantity></Line>
  </Lines>
  <Reason>No longer needed</Reason>
</CollectionRequest>`;

export const COLLECTION: CollectionRequest = {
  orderId: ORDER_ID,
  collectionId: 'c-3f0c6a52-1',
  lines: [{ itemCode: 'WF-001', quantity: 1 }],
  reason: 'No longer needed',
};

export const COLLECTION_ACCEPTED_XML = `<CollectionAccepted><OrderId>${ORDER_ID}</OrderId><CollectionReference>COL-000045</CollectionReference></CollectionAccepted>`;
export const COLLECTION_REJECTED_XML = `<CollectionRejected><OrderId>${ORDER_ID}</OrderId><Reason code="NOT_DELIVERED">Nothing delivered yet</Reason></CollectionRejected>`;

export const STATUS_UPDATE_XML = `<StatusUpdate>
  <CallbackId>cb-000981</CallbackId>
  <OrderId>3f0c6a52-8d0e-4c55-9a4e-1d2b3c4d5e6f</OrderId>
  <SupplierReference>SUP-000123</SupplierReference>
  <Status>SCHEDULED</Status>
  <OccurredAt>2026-11-24T10:02:11Z</OccurredAt>
  <Slot><From>2026-11-25T08:00:00Z</From><To>2026-11-25T12:00:00Z</To></Slot>
</StatusUpdate>`;

export const STATUS_UPDATE: SupplierStatusUpdate = {
  callbackId: 'cb-000981',
  orderId: ORDER_ID,
  supplierReference: 'SUP-000123',
  status: 'SCHEDULED',
  occurredAt: '2026-11-24T10:02:11Z',
  slot: { from: '2026-11-25T08:00:00Z', to: '2026-11-25T12:00:00Z' },
  reason: null,
};

export const UNKNOWN_ORDER_XML = '<Error><Code>UNKNOWN_ORDER</Code><Message>No order 3f0c6a52-8d0e-4c55-9a4e-1d2b3c4d5e6f</Message></Error>';

/** Hostile XML of the kinds safe-xml refuses: an external entity, entity expansion, deep nesting and an entity XML does not define. */
export const HOSTILE_XML: readonly [string, string][] = [
  [
    'a DOCTYPE with an external entity (XXE)',
    '<?xml version="1.0"?>\n<!DOCTYPE StatusUpdate [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<StatusUpdate><CallbackId>&xxe;</CallbackId></StatusUpdate>',
  ],
  [
    'billion laughs',
    `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 "lol">\n${Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n')}\n]>\n<Error><Code>&lol10;</Code></Error>`,
  ],
  ['10,000-deep nesting', `<OrderRequest>\n${'<Lines>'.repeat(10_000)}${'</Lines>'.repeat(10_000)}</OrderRequest>`],
  ['an HTML entity (&nbsp;)', '<StatusUpdate>\n  <Reason>No&nbsp;answer</Reason>\n</StatusUpdate>'],
];
