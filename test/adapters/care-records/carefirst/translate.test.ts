import fc from 'fast-check';
import type { ClientSummary } from '../../../../adapters/care-records/carefirst/contract.js';
import {
  CareFirstXmlError,
  clientSummariesResponseFromXml,
  clientSummariesResponseToXml,
  faultToXml,
  getClientSummariesRequestToXml,
  isContactDate,
  recordContactRequestToXml,
  recordContactResponseFromXml,
  recordContactResponseToXml,
  requestFromXml,
} from '../../../../adapters/care-records/carefirst/translate.js';
import { GatewayError } from '../../../../src/errors.js';
import { XmlRefusedError } from '../../../../src/xml/safe-xml.js';
import {
  API_KEY,
  CLIENT_SUMMARIES_RESPONSE_XML,
  CONTACT,
  FETCHED_AT,
  GET_CLIENT_SUMMARIES_XML,
  HOSTILE_XML,
  RECORD,
  RECORD_CONTACT_RESPONSE_XML,
  RECORD_CONTACT_XML,
  SERVICE_NAMESPACE,
  SOAP_NAMESPACE,
  UNKNOWN_CLIENT_FAULT_XML,
} from './contract-messages.js';

/** `xml` with `from` replaced; fails the test if `from` is not there, so that no edit is silently a no-op. */
function edit(xml: string, from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? xml.includes(from) : xml.search(from) !== -1;
  if (!found) throw new Error(`the message has no ${String(from)}`);
  return xml.replace(from, to);
}

/** Characters XML 1.0 allows in text: not the C0 controls other than tab and line ends, nor U+FFFE and U+FFFF. */
function isXmlCharacter(character: string): boolean {
  const code = character.codePointAt(0)!;
  return (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) && code !== 0xfffe && code !== 0xffff;
}

/** The builder's output without its XML declaration, to compare with the README's examples. */
function withoutDeclaration(xml: string): string {
  return xml.replace(/^<\?xml[^>]*\?>\n/, '').trim();
}

function summaries(xml: string) {
  return clientSummariesResponseFromXml(xml, FETCHED_AT);
}

function readsAs(xml: string) {
  const answer = summaries(xml);
  if (!answer.ok) throw new Error('expected a response, not a fault');
  return answer.value;
}

function contractError(read: () => unknown): CareFirstXmlError {
  try {
    read();
  } catch (error) {
    if (error instanceof CareFirstXmlError) return error;
    throw error;
  }
  throw new Error('expected a CareFirstXmlError');
}

const SUMMARY_PATH = 'Envelope/Body/GetClientSummariesResponse/ClientSummary[1]';

/** The README's summary in CareFirst's words, for the simulator's side. */
const SUMMARY: ClientSummary = {
  clientRef: 'CF0200002',
  forename: 'Joan',
  surname: 'Example',
  dateOfBirth: '1938-04-12',
  nhsNumber: '9990000018',
  case: {
    status: 'ALLOC',
    openDate: '2025-03-14',
    worker: { name: 'Fiona Ashworth', role: 'Social Worker', phone: '0113 496 0123' },
    team: { code: 'NG-ACN', name: 'Northgate Adult Care North' },
  },
  alerts: [{ category: 'ACCESS', priority: '3', description: 'Dog on premises: call before visiting', raisedDate: '2025-03-20' }],
  package: {
    status: 'LIVE',
    startDate: '2025-04-01',
    endDate: null,
    weeklyCostPence: 24_570,
    services: [{ serviceType: 'Home care', provider: 'Brackley Home Care Ltd', hoursPerWeek: 10.5 }],
  },
  carers: [{ name: 'Karen Example', relationship: 'Daughter', phone: '07700 900123', livesWithClient: false, mainCarer: true }],
};

describe('the README messages, both ways', () => {
  test('the gateway writes GetClientSummaries exactly as the README has it', () => {
    expect(withoutDeclaration(getClientSummariesRequestToXml(API_KEY, ['CF0200002', 'CF0299999']))).toBe(GET_CLIENT_SUMMARIES_XML);
  });

  test('the gateway writes RecordContact exactly as the README has it', () => {
    expect(withoutDeclaration(recordContactRequestToXml(API_KEY, 'CF0200002', CONTACT))).toBe(RECORD_CONTACT_XML);
  });

  test('the service writes the response, the contact id and the fault exactly as the README has them', () => {
    expect(withoutDeclaration(clientSummariesResponseToXml([SUMMARY], ['CF0299999']))).toBe(CLIENT_SUMMARIES_RESPONSE_XML);
    expect(withoutDeclaration(recordContactResponseToXml('CON00000001'))).toBe(RECORD_CONTACT_RESPONSE_XML);
    expect(withoutDeclaration(faultToXml({ faultCode: 'Client', faultString: 'No client has this ClientRef', detailCode: 'UnknownClient' }))).toBe(UNKNOWN_CLIENT_FAULT_XML);
  });

  test('the response reads into a CareRecord, every field, with the fetchedAt given', () => {
    expect(summaries(CLIENT_SUMMARIES_RESPONSE_XML)).toEqual({ ok: true, value: { records: [RECORD], unknownClientRefs: ['CF0299999'] } });
  });

  test('the service reads both requests', () => {
    expect(requestFromXml(GET_CLIENT_SUMMARIES_XML)).toEqual({ operation: 'GetClientSummaries', apiKey: API_KEY, clientRefs: ['CF0200002', 'CF0299999'] });
    expect(requestFromXml(RECORD_CONTACT_XML)).toEqual({
      operation: 'RecordContact',
      apiKey: API_KEY,
      contact: { clientRef: 'CF0200002', contactRef: CONTACT.contactId, date: CONTACT.occurredAt, summary: CONTACT.summary, team: 'Reablement South', worker: 'Alex Morgan' },
    });
  });

  test('the contact id and the fault read', () => {
    expect(recordContactResponseFromXml(RECORD_CONTACT_RESPONSE_XML)).toEqual({ ok: true, value: { contactId: 'CON00000001' } });
    expect(recordContactResponseFromXml(UNKNOWN_CLIENT_FAULT_XML)).toEqual({
      ok: false,
      fault: { faultCode: 'Client', faultString: 'No client has this ClientRef', detailCode: 'UnknownClient' },
    });
  });

  test('optional elements are left out when null and read back as null', () => {
    const bare: ClientSummary = {
      ...SUMMARY,
      forename: null,
      dateOfBirth: null,
      nhsNumber: null,
      case: { status: 'UNALLOC', openDate: null, worker: null, team: null },
      alerts: [],
      package: null,
      carers: [],
    };
    const xml = clientSummariesResponseToXml([bare], []);
    expect(xml).not.toMatch(/Forename|Worker|Team|Alerts|Package|Carers|UnknownClientRef/);
    expect(readsAs(xml).records[0]).toEqual({
      ...RECORD,
      person: { familyName: 'Example', givenName: null, dateOfBirth: null, nhsNumber: null },
      caseStatus: 'AWAITING_ALLOCATION',
      caseOpenedOn: null,
      allocatedWorker: null,
      team: null,
      alerts: [],
      carePackage: null,
      carers: [],
    });
    const contact = requestFromXml(recordContactRequestToXml(API_KEY, 'CF0200002', { ...CONTACT, team: null, worker: null }));
    expect(contact).toMatchObject({ contact: { team: null, worker: null } });
  });

  test('any text the gateway holds reads back the same (escaping, unicode)', () => {
    const text = fc.string({ unit: 'grapheme', minLength: 1 }).map((s) => s.trim()).filter((s) => s !== '' && [...s].every(isXmlCharacter));
    fc.assert(
      fc.property(text, text, (surname, description) => {
        const xml = clientSummariesResponseToXml([{ ...SUMMARY, surname, alerts: [{ ...SUMMARY.alerts[0]!, description }] }], []);
        const [record] = readsAs(xml).records;
        expect(record!.person.familyName).toBe(surname);
        expect(record!.alerts[0]!.description).toBe(description);
      }),
    );
  });

  test('money reads into whole pence exactly', () => {
    for (const [pounds, pence] of [['245.70', 24_570], ['0.05', 5], ['12', 1_200], ['1.5', 150], ['99999.99', 9_999_999]] as const) {
      expect(readsAs(edit(CLIENT_SUMMARIES_RESPONSE_XML, '245.70', pounds)).records[0]!.carePackage!.weeklyCostPence).toBe(pence);
    }
  });
});

describe('vocabularies', () => {
  test.each([
    ['OPEN', 'OPEN'],
    ['REVW', 'OPEN'],
    ['ALLOC', 'ALLOCATED'],
    ['UNALLOC', 'AWAITING_ALLOCATION'],
    ['CLOSED', 'CLOSED'],
  ])('case status %s is %s', (code, status) => {
    expect(readsAs(edit(CLIENT_SUMMARIES_RESPONSE_XML, '<cf:Status>ALLOC', `<cf:Status>${code}`)).records[0]!.caseStatus).toBe(status);
  });

  test('an unknown case status is not the contract, with its path', () => {
    const error = contractError(() => summaries(edit(CLIENT_SUMMARIES_RESPONSE_XML, '<cf:Status>ALLOC', '<cf:Status>PENDING')));
    expect(error.path).toBe(`${SUMMARY_PATH}/Case/Status`);
    expect(error.message).toMatch(/is not one of OPEN, REVW, ALLOC, UNALLOC, CLOSED$/);
  });

  test.each([
    ['RSKSELF', 'RISK_TO_SELF'],
    ['RSKOTH', 'RISK_TO_OTHERS'],
    ['RSKWKR', 'RISK_TO_STAFF'],
    ['LONEWKR', 'RISK_TO_STAFF'],
    ['SAFEG', 'SAFEGUARDING'],
    ['ACCESS', 'ACCESS'],
    ['KEYSAFE', 'ACCESS'],
    ['MEDIC', 'HEALTH'],
    ['DNACPR', 'HEALTH'],
    ['INTERP', 'OTHER'],
    ['toString', 'OTHER'],
  ])('alert category %s is %s', (code, category) => {
    expect(readsAs(edit(CLIENT_SUMMARIES_RESPONSE_XML, '<cf:Category>ACCESS', `<cf:Category>${code}`)).records[0]!.alerts[0]!.category).toBe(category);
  });

  test.each([
    ['1', 'HIGH'],
    ['2', 'MEDIUM'],
    ['3', 'LOW'],
  ])('alert priority %s is %s', (priority, severity) => {
    expect(readsAs(edit(CLIENT_SUMMARIES_RESPONSE_XML, '<cf:Priority>3', `<cf:Priority>${priority}`)).records[0]!.alerts[0]!.severity).toBe(severity);
  });

  test.each([
    ['PROPOSED', 'PLANNED'],
    ['LIVE', 'ACTIVE'],
    ['ONHOLD', 'SUSPENDED'],
    ['ENDED', 'ENDED'],
  ])('package status %s is %s', (code, status) => {
    expect(readsAs(edit(CLIENT_SUMMARIES_RESPONSE_XML, '<cf:Status>LIVE', `<cf:Status>${code}`)).records[0]!.carePackage!.status).toBe(status);
  });

  test('an unknown package status or priority is not the contract', () => {
    expect(contractError(() => summaries(edit(CLIENT_SUMMARIES_RESPONSE_XML, '<cf:Status>LIVE', '<cf:Status>ACTIVE'))).path).toBe(`${SUMMARY_PATH}/Package/Status`);
    expect(contractError(() => summaries(edit(CLIENT_SUMMARIES_RESPONSE_XML, '<cf:Priority>3', '<cf:Priority>4'))).path).toBe(`${SUMMARY_PATH}/Alerts/Alert[1]/Priority`);
  });
});

describe('namespaces are read by URI, not by prefix', () => {
  const expected = { ok: true, value: { records: [RECORD], unknownClientRefs: ['CF0299999'] } };

  test('other prefixes read the same', () => {
    const renamed = CLIENT_SUMMARIES_RESPONSE_XML.replace(/(<\/?|xmlns:)soap(?=:|=)/g, '$1SOAP-ENV').replace(/(<\/?|xmlns:)cf(?=:|=)/g, '$1a');
    expect(renamed).not.toMatch(/soap:|cf:/);
    expect(renamed).toContain('<SOAP-ENV:Envelope xmlns:SOAP-ENV=');
    expect(summaries(renamed)).toEqual(expected);
  });

  test('a default namespace, declared on the response element, reads the same', () => {
    const defaulted = edit(
      CLIENT_SUMMARIES_RESPONSE_XML.replace(/cf:/g, '').replace(` xmlns:cf="${SERVICE_NAMESPACE}"`, ''),
      '<GetClientSummariesResponse>',
      `<GetClientSummariesResponse xmlns="${SERVICE_NAMESPACE}">`,
    );
    expect(defaulted).not.toContain('cf:');
    expect(summaries(defaulted)).toEqual(expected);
  });

  test('a prefix declared on the element itself, and a prefix rebound deeper down, read the same', () => {
    const local = edit(CLIENT_SUMMARIES_RESPONSE_XML.replace(` xmlns:cf="${SERVICE_NAMESPACE}"`, ''), '<cf:GetClientSummariesResponse>', `<cf:GetClientSummariesResponse xmlns:cf="${SERVICE_NAMESPACE}">`);
    expect(summaries(local)).toEqual(expected);
    const rebound = edit(CLIENT_SUMMARIES_RESPONSE_XML, '<cf:ClientSummary>', `<cf:ClientSummary xmlns:cf="${SERVICE_NAMESPACE}" xmlns:soap="urn:something-else">`);
    expect(summaries(rebound)).toEqual(expected);
  });

  test('the right prefix bound to another namespace is not the contract', () => {
    const wrong = CLIENT_SUMMARIES_RESPONSE_XML.replace(SERVICE_NAMESPACE, 'http://schemas.olm-style.example/carefirst/client/2015');
    expect(contractError(() => summaries(wrong)).path).toBe('Envelope/Body/GetClientSummariesResponse');
    const soap12 = CLIENT_SUMMARIES_RESPONSE_XML.replace(SOAP_NAMESPACE, 'http://www.w3.org/2003/05/soap-envelope');
    expect(contractError(() => summaries(soap12)).message).toBe(`Envelope: is not a SOAP 1.1 Envelope (${SOAP_NAMESPACE})`);
  });

  test('an undeclared prefix is not the contract', () => {
    const undeclared = CLIENT_SUMMARIES_RESPONSE_XML.replace(` xmlns:cf="${SERVICE_NAMESPACE}"`, '');
    expect(contractError(() => summaries(undeclared)).message).toBe('Envelope/Body/GetClientSummariesResponse: uses the namespace prefix cf, which is not declared');
  });

  test('a fault written with other prefixes, its faultcode resolved in its own scope, reads the same', () => {
    const fault = `<e:Envelope xmlns:e="${SOAP_NAMESPACE}"><e:Body><e:Fault><faultcode xmlns:x="${SOAP_NAMESPACE}">x:Server</faultcode><faultstring>Down</faultstring><detail><CareFirstFault xmlns="${SERVICE_NAMESPACE}"><Code>ServiceUnavailable</Code></CareFirstFault></detail></e:Fault></e:Body></e:Envelope>`;
    expect(recordContactResponseFromXml(fault)).toEqual({ ok: false, fault: { faultCode: 'Server', faultString: 'Down', detailCode: 'ServiceUnavailable' } });
  });

  test('the service reads a request under a default namespace', () => {
    const defaulted = GET_CLIENT_SUMMARIES_XML.replace(/cf:/g, '').replace('xmlns:cf=', 'xmlns=');
    expect(requestFromXml(defaulted)).toEqual(requestFromXml(GET_CLIENT_SUMMARIES_XML));
  });
});

describe('bodies that are not the contract name the place', () => {
  test.each([
    ['no Surname', (xml: string) => edit(xml, /<cf:Surname>.*<\/cf:Surname>/, ''), `${SUMMARY_PATH}/Surname: is missing`],
    ['an empty Surname', (xml: string) => edit(xml, '>Example</cf:Surname>', '></cf:Surname>'), `${SUMMARY_PATH}/Surname: is empty`],
    ['no Case', (xml: string) => edit(xml, /<cf:Case>[\s\S]*<\/cf:Case>/, ''), `${SUMMARY_PATH}/Case: is missing`],
    ['two Surnames', (xml: string) => edit(xml, '<cf:Surname>', '<cf:Surname>Twice</cf:Surname><cf:Surname>'), `${SUMMARY_PATH}/Surname: appears 2 times where the contract has it once`],
    ['a bad NHS number', (xml: string) => edit(xml, '9990000018', '9990000019'), `${SUMMARY_PATH}/NHSNumber: is not an NHS number (ten digits, no spaces, with a valid check digit)`],
    ['an impossible date', (xml: string) => edit(xml, '1938-04-12', '1938-02-30'), `${SUMMARY_PATH}/DateOfBirth: is not a date (YYYY-MM-DD) in the years 0001 to 9999`],
    ['money with a pound sign', (xml: string) => edit(xml, '245.70', '£245.70'), `${SUMMARY_PATH}/Package/WeeklyCost: is not an amount in pounds (245.50)`],
    ['hours as words', (xml: string) => edit(xml, '10.5', 'ten'), `${SUMMARY_PATH}/Package/Services/Service[1]/HoursPerWeek: is not a number of hours (10.5)`],
    ['a yes for a boolean', (xml: string) => edit(xml, '<cf:MainCarer>true', '<cf:MainCarer>yes'), `${SUMMARY_PATH}/Carers/Carer[1]/MainCarer: is not true or false`],
    ['an empty UnknownClientRef', (xml: string) => edit(xml, '>CF0299999<', '><'), 'Envelope/Body/GetClientSummariesResponse/UnknownClientRef[1]: is empty'],
    ['no Body', (xml: string) => edit(xml, /<soap:Body>[\s\S]*<\/soap:Body>/, ''), 'Envelope/Body: is missing'],
    ['two entries in the Body', (xml: string) => edit(xml, '</soap:Body>', '<cf:Extra/></soap:Body>'), 'Envelope/Body: holds 2 elements where the contract has one'],
    ['another operation’s response', (xml: string) => edit(xml, /GetClientSummariesResponse/g, 'RecordContactResponse'), `Envelope/Body/RecordContactResponse: is not a GetClientSummariesResponse in ${SERVICE_NAMESPACE}, nor a SOAP Fault`],
  ])('%s', (_name, change, message) => {
    expect(contractError(() => summaries(change(CLIENT_SUMMARIES_RESPONSE_XML))).message).toBe(message);
  });

  test('not a value, only the place and what was expected, is in the message', () => {
    const error = contractError(() => summaries(edit(CLIENT_SUMMARIES_RESPONSE_XML, '9990000018', '9990000019')));
    expect(error.message).not.toContain('9990000019');
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.code).toBe('CAREFIRST_XML_INVALID');
  });

  test('elements the contract does not name are ignored', () => {
    const extended = edit(CLIENT_SUMMARIES_RESPONSE_XML, '<cf:Surname>', '<cf:MiddleName>Ann</cf:MiddleName><x:Audit xmlns:x="urn:ext">1</x:Audit><cf:Surname>');
    expect(readsAs(extended).records).toEqual([RECORD]);
  });

  test('a request that is no operation of the service, or lacks its refs', () => {
    expect(contractError(() => requestFromXml(edit(GET_CLIENT_SUMMARIES_XML, /GetClientSummaries>/g, 'GetClientHistory>'))).message).toBe(
      `Envelope/Body/GetClientHistory: is not an operation of this service (GetClientSummaries, RecordContact, RecordTeamReferral, GetTeamReferralStatus) in ${SERVICE_NAMESPACE}`,
    );
    expect(contractError(() => requestFromXml(edit(GET_CLIENT_SUMMARIES_XML, /ClientRefs>/g, 'Refs>'))).message).toBe('Envelope/Body/GetClientSummaries/ClientRefs: is missing');
    expect(requestFromXml(edit(GET_CLIENT_SUMMARIES_XML, /<soap:Header>[\s\S]*<\/soap:Header>/, ''))).toMatchObject({ apiKey: null });
  });
});

describe('faults', () => {
  test('a Server fault without detail reads with no detail code', () => {
    const fault = faultToXml({ faultCode: 'Server', faultString: 'Object reference not set to an instance of an object.', detailCode: null });
    expect(fault).not.toContain('detail');
    expect(summaries(fault)).toEqual({ ok: false, fault: { faultCode: 'Server', faultString: 'Object reference not set to an instance of an object.', detailCode: null } });
  });

  test.each(['Client', 'Server', 'VersionMismatch', 'MustUnderstand'] as const)('faultcode %s reads', (faultCode) => {
    expect(summaries(faultToXml({ faultCode, faultString: 'x', detailCode: null }))).toMatchObject({ ok: false, fault: { faultCode } });
  });

  test('each detail code reads', () => {
    for (const detailCode of ['UnknownClient', 'InvalidContact', 'TooManyClients', 'InvalidApiKey', 'InvalidRequest', 'ServiceUnavailable'] as const) {
      expect(recordContactResponseFromXml(faultToXml({ faultCode: 'Client', faultString: 'x', detailCode }))).toMatchObject({ ok: false, fault: { detailCode } });
    }
  });

  test('a faultcode outside the envelope namespace, an unknown one, or an unknown detail code is not the contract', () => {
    expect(contractError(() => summaries(edit(UNKNOWN_CLIENT_FAULT_XML, 'soap:Client', 'cf:Client'))).message).toMatch(/^Envelope\/Body\/Fault\/faultcode: is not one of SOAP 1\.1's fault codes/);
    expect(contractError(() => summaries(edit(UNKNOWN_CLIENT_FAULT_XML, 'soap:Client', 'soap:Whatever'))).path).toBe('Envelope/Body/Fault/faultcode');
    expect(contractError(() => summaries(edit(UNKNOWN_CLIENT_FAULT_XML, 'soap:Client', 'q:Client'))).message).toBe('Envelope/Body/Fault/faultcode: uses the namespace prefix q, which is not declared');
    expect(contractError(() => summaries(edit(UNKNOWN_CLIENT_FAULT_XML, '>UnknownClient<', '>NoSuchThing<'))).path).toBe('Envelope/Body/Fault/detail/CareFirstFault/Code');
    expect(contractError(() => summaries(edit(UNKNOWN_CLIENT_FAULT_XML, /<faultstring>.*<\/faultstring>/, ''))).path).toBe('Envelope/Body/Fault/faultstring');
  });
});

describe('hostile XML is refused before it is read', () => {
  test.each(HOSTILE_XML)('%s', (_name, xml) => {
    expect(() => summaries(xml)).toThrow(XmlRefusedError);
    expect(() => requestFromXml(xml)).toThrow(XmlRefusedError);
    expect(() => recordContactResponseFromXml(xml)).toThrow(XmlRefusedError);
  });

  test('an HTML error page and plain text are not read as the contract', () => {
    expect(() => summaries('<!DOCTYPE html><html><body>502 Bad Gateway</body></html>')).toThrow(XmlRefusedError);
    expect(() => summaries('Service Unavailable')).toThrow(XmlRefusedError);
    expect(contractError(() => summaries('<html><body><h1>Error</h1></body></html>')).path).toBe('html');
  });
});

describe('times (src/time)', () => {
  test('a contact Date in the repeated hour needs the offset that says which occurrence it was', () => {
    expect(['2026-10-25T01:30:00+01:00', '2026-10-25T01:30:00+00:00', '2026-10-25T01:30:00'].map(isContactDate)).toEqual([true, true, false]);
  });

  test('a date of birth in the first century is read as written, and the year 0000 refused at its element', () => {
    expect(readsAs(edit(CLIENT_SUMMARIES_RESPONSE_XML, '1938-04-12', '0050-06-20')).records[0]!.person.dateOfBirth).toBe('0050-06-20');
    expect(contractError(() => summaries(edit(CLIENT_SUMMARIES_RESPONSE_XML, '1938-04-12', '0000-06-20'))).path).toBe(`${SUMMARY_PATH}/DateOfBirth`);
  });
});
