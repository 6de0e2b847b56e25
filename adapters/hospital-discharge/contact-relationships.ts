/**
 * What the codes trusts send for a contact mean, in HL7 v2 (NK1-3, NK1-7) and
 * FHIR (Patient.contact.relationship) alike: how the contact is related to
 * the person, and whether the sender marks them next of kin or carer.
 *
 * Trusts send four code lists, often without naming which:
 * - HL7 table 0063 (Relationship): `SPO`, `CHD`, `CGV` (v2.x appendix A);
 * - the NHS Data Dictionary PERSON RELATIONSHIP TYPE, `01` Spouse to `21`
 *   Self, `98`, `99`; ITK's HL7 v2 tables send the same numbers without the
 *   leading zero, and `61` / `62` for step parent and polygamous partner;
 * - HL7 table 0131 (Contact Role, NK1-7): `N` next of kin, `C` emergency
 *   contact; UK PASes send `NOK`;
 * - in FHIR, v2-0131 and v3 RoleCode codings, UK Core's
 *   UKCore-AdditionalPersonRelationshipRole (`Carer`, `Guardian`), and
 *   CareConnect-PersonRelationshipType-1 (the NHS list, ADW notices).
 * A code with no list named is read by its shape: digits are the NHS list,
 * letters HL7's.
 */
import type { ContactRelationship } from '../../src/referrals/ports.js';

const HL7_0063: Readonly<Record<string, string>> = {
  ASC: 'Associate',
  BRO: 'Brother',
  CGV: 'Care giver',
  CHD: 'Child',
  DEP: 'Handicapped dependent',
  DOM: 'Life partner',
  EMC: 'Emergency contact',
  EME: 'Employee',
  EMR: 'Employer',
  EXF: 'Extended family',
  FCH: 'Foster child',
  FND: 'Friend',
  FTH: 'Father',
  GCH: 'Grandchild',
  GRD: 'Guardian',
  GRP: 'Grandparent',
  MGR: 'Manager',
  MTH: 'Mother',
  NCH: 'Natural child',
  NON: 'None',
  OAD: 'Other adult',
  OTH: 'Other',
  OWN: 'Owner',
  PAR: 'Parent',
  SCH: 'Stepchild',
  SEL: 'Self',
  SIB: 'Sibling',
  SIS: 'Sister',
  SPO: 'Spouse',
  TRA: 'Trainer',
  UNK: 'Unknown',
  WRD: 'Ward of court',
};

/** Keyed by the number without its leading zero, as ITK sends it. */
const NHS_PERSON_RELATIONSHIP: Readonly<Record<string, string>> = {
  '1': 'Spouse',
  '2': 'Partner',
  '3': 'Parent',
  '4': 'Next of kin',
  '5': 'Guardian',
  '6': 'Foster parent',
  '7': 'Step parent',
  '8': 'Polygamous partner',
  '9': 'Child',
  '10': 'Dependant',
  '11': 'Non-dependant',
  '12': 'Mother',
  '13': 'Father',
  '14': 'Sister',
  '15': 'Brother',
  '16': 'Relative',
  '17': 'Proxy - contact',
  '18': 'Proxy - communication',
  '19': 'Proxy - contact and communication',
  '20': 'Carer',
  '21': 'Self',
  '61': 'Step parent',
  '62': 'Polygamous partner',
  '98': 'Not known',
  '99': 'Not specified',
};

const HL7_0131: Readonly<Record<string, string>> = {
  C: 'Emergency contact',
  E: 'Employer',
  F: 'Federal agency',
  I: 'Insurance company',
  N: 'Next of kin',
  NOK: 'Next of kin',
  O: 'Other',
  S: 'State agency',
  U: 'Unknown',
};

type CodeList = 'HL7_0063' | 'NHS' | 'HL7_0131' | 'UK_CORE' | 'V3_ROLE' | 'OTHER';

/** Code systems by the names senders give them: HL7 v2 CWE-3 table names and FHIR system URIs. */
const LISTS_BY_SYSTEM: Readonly<Record<string, CodeList>> = {
  HL70063: 'HL7_0063',
  'http://terminology.hl7.org/CodeSystem/v2-0063': 'HL7_0063',
  'http://hl7.org/fhir/v2/0063': 'HL7_0063',
  HL70131: 'HL7_0131',
  'http://terminology.hl7.org/CodeSystem/v2-0131': 'HL7_0131',
  'http://hl7.org/fhir/v2/0131': 'HL7_0131',
  'http://terminology.hl7.org/CodeSystem/v3-RoleCode': 'V3_ROLE',
  'http://hl7.org/fhir/v3/RoleCode': 'V3_ROLE',
  'https://fhir.hl7.org.uk/CodeSystem/UKCore-AdditionalPersonRelationshipRole': 'UK_CORE',
  // CareConnect (DSTU2, the ADW notices) names the NHS list as a system of its own.
  'https://fhir.hl7.org.uk/CareConnect-PersonRelationshipType-1': 'NHS',
};

/** One code as a sender gave it. */
export interface SentCode {
  code: string | null;
  codeSystem: string | null;
  /** The sender's own words for it (CWE-2, Coding.display, CodeableConcept.text). */
  text: string | null;
  /** Sent in a contact role field (NK1-7), where a code of letters with no list named is table 0131's. */
  inRoleField?: boolean;
}

function listOf({ code, codeSystem, inRoleField }: SentCode): CodeList {
  const named = codeSystem === null ? undefined : LISTS_BY_SYSTEM[codeSystem];
  if (named !== undefined) return named;
  // A list named but not known here (a PAS's local table) is the sender's own.
  if (codeSystem !== null || code === null) return 'OTHER';
  // ITK's HL7 v2 tables put the NHS numbers in NK1-7 as well as NK1-3.
  if (/^\d+$/.test(code)) return 'NHS';
  return inRoleField ? 'HL7_0131' : 'HL7_0063';
}

/** Each list's names, keyed as `keyOf` keys them. */
const NAMES: Readonly<Record<CodeList, Readonly<Record<string, string>>>> = {
  HL7_0063,
  NHS: NHS_PERSON_RELATIONSHIP,
  HL7_0131,
  // FHIR codings carry their own display; the gateway names none of these itself.
  UK_CORE: {},
  V3_ROLE: {},
  OTHER: {},
};

/** Codes that mark a contact next of kin, and carer, by list. */
const NEXT_OF_KIN: Readonly<Partial<Record<CodeList, readonly string[]>>> = { NHS: ['4'], HL7_0131: ['N', 'NOK'], V3_ROLE: ['NOK'] };
const CARER: Readonly<Partial<Record<CodeList, readonly string[]>>> = { NHS: ['20'], HL7_0063: ['CGV'], UK_CORE: ['CARER'] };

/** A code as its list keys it: an NHS number without its leading zero (`04` and `4` are one code, as ITK sends it), letters in capitals. */
function keyOf(list: CodeList, code: string): string {
  return list === 'NHS' && /^\d+$/.test(code) ? String(Number(code)) : code.toUpperCase();
}

function isOneOf(sent: SentCode, codes: Readonly<Partial<Record<CodeList, readonly string[]>>>): boolean {
  const list = listOf(sent);
  return sent.code !== null && (codes[list] ?? []).includes(keyOf(list, sent.code));
}

/** The relationship as the port keeps it; null where the sender said nothing of it. */
export function contactRelationship(sent: SentCode): ContactRelationship | null {
  const list = listOf(sent);
  const known = sent.code === null ? undefined : NAMES[list][keyOf(list, sent.code)];
  const display = known ?? sent.text ?? sent.code;
  return display === null ? null : { code: sent.code, codeSystem: sent.codeSystem, display };
}

/** A contact role (who they are to the person's care), as opposed to a kinship. */
export function isContactRole(sent: SentCode): boolean {
  return listOf(sent) === 'HL7_0131' || (listOf(sent) === 'V3_ROLE' && ['NOK', 'ECON'].includes(sent.code ?? ''));
}

/** The code says the contact is the person's next of kin. */
export function marksNextOfKin(sent: SentCode): boolean {
  return isOneOf(sent, NEXT_OF_KIN);
}

/** The code says the contact is the person's carer. */
export function marksCarer(sent: SentCode): boolean {
  return isOneOf(sent, CARER);
}
