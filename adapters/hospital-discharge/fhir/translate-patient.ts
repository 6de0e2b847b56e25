/**
 * A FHIR Patient (DSTU2 CareConnect-Patient-1, R4 UK Core Patient) as the
 * port's PersonDetails.
 */
import { parseNhsNumber, type Sex } from '../../../src/customers/ports.js';
import {
  MAX_IDENTIFIER_LENGTH,
  MAX_IDENTIFIER_SYSTEM_LENGTH,
  MAX_NAME_LENGTH,
  type PersonDetails,
  type PersonIdentifier,
} from '../../../src/referrals/ports.js';
import { preferred, readAddress, readPhones } from './address-and-telecom.js';
import { type ResolveReference, resolveNothing } from './bundle-references.js';
import { hasCode, extensionConcept } from './codeable-concepts.js';
import { type At, elements, failAt, joinedTexts, keyText, refuseAt, requireType, text, texts, textValue } from './element-reading.js';
import { calendarDayOf } from './fhir-dates.js';
import { readContacts } from './translate-patient-contacts.js';
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

/** Which name to take: the sender's marked current one first; `old` ones never. */
const NAME_PREFERENCE = ['official', 'usual', undefined];
/** HumanName.use `usual`, "known as": beside an official name, the name the person likes to be called by. */
const CALL_ME_NAME = 'usual';

export function translatePatient(patient: FhirResource, path: string, resolve: ResolveReference = resolveNothing): PersonDetails {
  const at = requireType({ value: patient, path }, 'Patient');
  const name = preferred(elements(at, 'name'), NAME_PREFERENCE);
  const family = name && text(name, 'family');
  if (!name || !family) failAt(name ? `${name.path}.family` : `${path}.name`, 'the Patient has no family name');
  // Family and given names key the hub's searches and matches: the given names as they are kept, joined.
  keyText(family, MAX_NAME_LENGTH, 'the name');
  const givenName = joinedTexts(texts(name, 'given'));
  if (givenName !== null) keyText({ value: givenName, path: `${name.path}.given` }, MAX_NAME_LENGTH, 'the given names together');
  const birthDate = text(at, 'birthDate');
  const { nhsNumber, nhsNumberVerified, localIds, setAsideNhsNumbers } = readIdentifiers(at);
  const death = readDeceased(at);
  return {
    nhsNumber,
    nhsNumberVerified,
    localIds,
    ...(setAsideNhsNumbers && { setAsideNhsNumbers }),
    title: joinedTexts(texts(name, 'prefix')),
    givenName,
    familyName: family.value,
    dateOfBirth: birthDate ? calendarDayOf(birthDate) : null,
    sex: readSex(at),
    address: readAddress(at),
    phones: readPhones(at),
    gpPracticeOdsCode: readGpPractice(at, resolve),
    ...readPreferredName(at, name),
    ...readContacts(at),
    ...(death === undefined ? {} : { death }),
  };
}

/** The given names of the `usual` name, where the name of record is another (the sender's official one). */
function readPreferredName(patient: At<FhirElement>, chosen: At<FhirElement>): Pick<PersonDetails, 'preferredName'> {
  const usual = elements(patient, 'name').find((name) => name.path !== chosen.path && textValue(name, 'use') === CALL_ME_NAME);
  const preferredName = usual && joinedTexts(texts(usual, 'given'));
  return preferredName ? { preferredName } : {};
}

interface SentNhsNumber {
  value: string;
  path: string;
  verified: boolean;
}

/**
 * UK Core allows a Patient one NHS number. Where a sender puts two different
 * ones on a Patient and exactly one is verified (traced against PDS), that
 * one is the person's and the other is set aside for the hub to check:
 * never matched, never made a customer of. Where neither or both are
 * verified there is no telling which is the person's, so the message is
 * refused at the second. The same number twice is one number.
 */
function readIdentifiers(patient: At<FhirElement>): Pick<PersonDetails, 'nhsNumber' | 'nhsNumberVerified' | 'localIds' | 'setAsideNhsNumbers'> {
  const sent: SentNhsNumber[] = [];
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
    const parsed = parseNhsNumber(value.value);
    // Source systems fill the field with one repeated digit when they have no
    // number; that is "no NHS number", not a wrong one to fail on.
    if (!parsed.ok && parsed.reason === 'NHS_NUMBER_REPEATED_DIGIT') continue;
    if (!parsed.ok) failAt(value.path, `not a valid NHS number: ${parsed.message}`);
    const verified = VERIFICATION_STATUS_EXTENSIONS.some((url) => {
      const status = extensionConcept(identifier, url);
      return status !== undefined && hasCode(status, NUMBER_PRESENT_AND_VERIFIED);
    });
    const same = sent.find((number) => number.value === parsed.value);
    if (same) same.verified ||= verified;
    else sent.push({ value: parsed.value, path: identifier.path, verified });
  }
  const [first, second] = sent;
  if (first === undefined) return { nhsNumber: null, nhsNumberVerified: false, localIds };
  if (second === undefined) return { nhsNumber: first.value, nhsNumberVerified: first.verified, localIds };
  const verified = sent.filter((number) => number.verified);
  if (verified.length !== 1) {
    refuseAt(
      second.path,
      `the Patient carries ${sent.length} different NHS numbers (${sent.map((number) => number.path).join(', ')}) and UK Core allows one; ` +
        `${verified.length === 0 ? 'none is' : 'more than one is'} verified, so there is no telling which is the person's`,
      '205',
    );
  }
  const [known] = verified;
  const setAside = sent.filter((number) => number !== known).map((number) => ({ path: number.path }));
  return { nhsNumber: known!.value, nhsNumberVerified: true, localIds, setAsideNhsNumbers: setAside };
}

function readSex(patient: At<FhirElement>): Sex {
  const gender = text(patient, 'gender');
  if (gender === undefined) return 'UNKNOWN';
  return SEX_BY_GENDER[gender.value] ?? failAt(gender.path, `${gender.value} is not a FHIR administrative gender (male, female, other, unknown)`);
}

/** R4 Patient.generalPractitioner, DSTU2 Patient.careProvider: the first that names an ODS organisation. */
function readGpPractice(patient: At<FhirElement>, resolve: ResolveReference): string | null {
  const references = [...elements(patient, 'generalPractitioner'), ...elements(patient, 'careProvider')];
  return references.map((reference) => odsCodeOfReference(reference, resolve)).find((code) => code !== null) ?? null;
}
