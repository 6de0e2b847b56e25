/**
 * A FHIR Patient (DSTU2 CareConnect-Patient-1, R4 UK Core Patient) as the
 * port's PersonDetails.
 */
import type { Phone, PhoneUse, Sex } from '../../../src/generated/graphql.js';
import { parseNhsNumber } from '../../../src/customers/nhs-number.js';
import { normalisePostcode } from '../../../src/customers/postcode.js';
import { MAX_IDENTIFIER_LENGTH, MAX_IDENTIFIER_SYSTEM_LENGTH, MAX_NAME_LENGTH, type PersonDetails, type PersonIdentifier } from '../../../src/referrals/discharge-message.js';
import { type ResolveReference, resolveNothing } from './bundle-references.js';
import { hasCode, extensionConcept } from './codeable-concepts.js';
import { type At, elements, failAt, keyText, requireType, text, texts, textValue } from './element-reading.js';
import { calendarDayOf } from './fhir-dates.js';
import type { FhirElement, FhirResource } from './fhir-resource.js';
import { odsCodeOfReference } from './ods-codes.js';
import { readDeceased } from './read-deceased.js';

/** The NHS number's system: NHS Digital's since CareConnect, and the older `fhir.nhs.net` one. */
const NHS_NUMBER_SYSTEMS: ReadonlySet<string> = new Set(['https://fhir.nhs.uk/Id/nhs-number', 'http://fhir.nhs.net/Id/nhs-number']);

const VERIFICATION_STATUS_EXTENSIONS = [
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1',
];
/** NHS Number Status Indicator `01`: "Number present and verified" (traced against PDS). */
const NUMBER_PRESENT_AND_VERIFIED = '01';

const SEX_BY_GENDER: Readonly<Record<string, Sex>> = { male: 'MALE', female: 'FEMALE', other: 'OTHER', unknown: 'UNKNOWN' };
const PHONE_USE: Readonly<Record<string, PhoneUse>> = { mobile: 'MOBILE', home: 'HOME', work: 'WORK' };

/** Which name and address to take: the sender's marked current one first; `old` ones never. */
const NAME_PREFERENCE = ['official', 'usual', undefined];
const ADDRESS_PREFERENCE = ['home', undefined];
const NEVER_CURRENT = new Set(['old']);

export function translatePatient(patient: FhirResource, path: string, resolve: ResolveReference = resolveNothing): PersonDetails {
  const at = requireType({ value: patient, path }, 'Patient');
  const name = preferred(elements(at, 'name'), NAME_PREFERENCE);
  const family = name && text(name, 'family');
  if (!name || !family) failAt(name ? `${name.path}.family` : `${path}.name`, 'the Patient has no family name');
  // Family and given names key the hub's searches and matches: the given names as they are kept, joined.
  keyText(family, MAX_NAME_LENGTH, 'the name');
  const givenName = joined(texts(name, 'given'));
  if (givenName !== null) keyText({ value: givenName, path: `${name.path}.given` }, MAX_NAME_LENGTH, 'the given names together');
  const birthDate = text(at, 'birthDate');
  const { nhsNumber, nhsNumberVerified, localIds } = readIdentifiers(at);
  const death = readDeceased(at);
  return {
    nhsNumber,
    nhsNumberVerified,
    localIds,
    title: joined(texts(name, 'prefix')),
    givenName,
    familyName: family.value,
    dateOfBirth: birthDate ? calendarDayOf(birthDate) : null,
    sex: readSex(at),
    address: readAddress(at),
    phones: readPhones(at),
    gpPracticeOdsCode: readGpPractice(at, resolve),
    ...(death === undefined ? {} : { death }),
  };
}

function readIdentifiers(patient: At<FhirElement>): Pick<PersonDetails, 'nhsNumber' | 'nhsNumberVerified' | 'localIds'> {
  let nhsNumber: string | null = null;
  let nhsNumberVerified = false;
  const localIds: PersonIdentifier[] = [];
  for (const identifier of elements(patient, 'identifier')) {
    const system = text(identifier, 'system');
    const value = text(identifier, 'value');
    if (system === undefined || value === undefined) continue;
    if (!NHS_NUMBER_SYSTEMS.has(system.value)) {
      // The identifier system as sent (a URI); the feed puts it in the sender's own namespace.
      localIds.push({ system: keyText(system, MAX_IDENTIFIER_SYSTEM_LENGTH, 'the identifier system'), value: keyText(value, MAX_IDENTIFIER_LENGTH, 'the identifier') });
      continue;
    }
    if (nhsNumber !== null) continue;
    const parsed = parseNhsNumber(value.value);
    // Source systems fill the field with one repeated digit when they have no
    // number; that is "no NHS number", not a wrong one to fail on.
    if (!parsed.ok && parsed.reason === 'NHS_NUMBER_REPEATED_DIGIT') continue;
    if (!parsed.ok) failAt(value.path, `not a valid NHS number: ${parsed.message}`);
    nhsNumber = parsed.value;
    nhsNumberVerified = VERIFICATION_STATUS_EXTENSIONS.some((url) => {
      const status = extensionConcept(identifier, url);
      return status !== undefined && hasCode(status, NUMBER_PRESENT_AND_VERIFIED);
    });
  }
  return { nhsNumber, nhsNumberVerified, localIds };
}

function readSex(patient: At<FhirElement>): Sex {
  const gender = text(patient, 'gender');
  if (gender === undefined) return 'UNKNOWN';
  return SEX_BY_GENDER[gender.value] ?? failAt(gender.path, `${gender.value} is not a FHIR administrative gender (male, female, other, unknown)`);
}

function readAddress(patient: At<FhirElement>): PersonDetails['address'] {
  const address = preferred(elements(patient, 'address'), ADDRESS_PREFERENCE);
  if (!address) return null;
  const postalCode = textValue(address, 'postalCode');
  return {
    lines: texts(address, 'line').map((line) => line.value),
    town: textValue(address, 'city'),
    // A postcode that is not a UK one (an address abroad) is not one the hub can use.
    postcode: postalCode === null ? null : normalisePostcode(postalCode),
  };
}

function readPhones(patient: At<FhirElement>): Phone[] {
  return elements(patient, 'telecom').flatMap((telecom) => {
    const number = textValue(telecom, 'value');
    const use = textValue(telecom, 'use');
    if (textValue(telecom, 'system') !== 'phone' || number === null || (use !== null && NEVER_CURRENT.has(use))) return [];
    return [{ number, use: (use !== null ? PHONE_USE[use] : undefined) ?? 'OTHER' }];
  });
}

/** R4 Patient.generalPractitioner, DSTU2 Patient.careProvider: the first that names an ODS organisation. */
function readGpPractice(patient: At<FhirElement>, resolve: ResolveReference): string | null {
  const references = [...elements(patient, 'generalPractitioner'), ...elements(patient, 'careProvider')];
  return references.map((reference) => odsCodeOfReference(reference, resolve)).find((code) => code !== null) ?? null;
}

/** The first element whose `use` comes earliest in `order`, else the first not marked old. */
function preferred(candidates: At<FhirElement>[], order: readonly (string | undefined)[]): At<FhirElement> | undefined {
  const current = candidates.filter((candidate) => !NEVER_CURRENT.has(textValue(candidate, 'use') ?? ''));
  for (const use of order) {
    const found = current.find((candidate) => (textValue(candidate, 'use') ?? undefined) === use);
    if (found) return found;
  }
  return current[0];
}

function joined(parts: At<string>[]): string | null {
  return parts.length === 0 ? null : parts.map((part) => part.value).join(' ');
}
