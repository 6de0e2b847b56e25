/**
 * Patient.contact (R4 UK Core, DSTU2 CareConnect) as the port's contacts.
 * A contact's relationship codings are of two kinds: contact roles (v2-0131
 * `N` next of kin, `C` emergency contact; v3 RoleCode `NOK`), which say
 * whether they are next of kin, and kinships (v3 RoleCode `DAU`, UK Core
 * `Carer`, NHS codes), which say how they are related; the kinship is the
 * relationship shown, the role where there is none.
 */
import type { ContactDetails, PersonDetails } from '../../../src/referrals/ports.js';
import { contactRelationship, isContactRole, marksCarer, marksNextOfKin, type SentCode } from '../contact-relationships.js';
import { readAddress, readPhones } from './address-and-telecom.js';
import { type At, element, elements, joinedTexts, texts, textValue } from './element-reading.js';
import type { FhirElement } from './fhir-resource.js';

/** Left out where no contact has a name: a Patient without `contact` says nothing of the person's contacts. */
export function readContacts(patient: At<FhirElement>): Pick<PersonDetails, 'contacts'> {
  const contacts = elements(patient, 'contact').flatMap(readContact);
  return contacts.length > 0 ? { contacts } : {};
}

function readContact(contact: At<FhirElement>): ContactDetails[] {
  const name = nameOf(contact);
  if (name === null) return [];
  const codes = elements(contact, 'relationship').flatMap(sentCodes);
  const kinship = codes.find((code) => !isContactRole(code));
  const role = codes.find(isContactRole);
  return [
    {
      name,
      relationship: (kinship && contactRelationship(kinship)) ?? (role && contactRelationship(role)) ?? null,
      phones: readPhones(contact),
      address: readAddress(contact),
      isNextOfKin: codes.some(marksNextOfKin),
      isMainCarer: codes.some(marksCarer),
    },
  ];
}

/**
 * The contact's name: prefix, given and family names as the sender wrote
 * them, else HumanName.text (a PAS's display form, `JACKSON Jane (Miss)`),
 * else its organisation's.
 */
function nameOf(contact: At<FhirElement>): string | null {
  const name = element(contact, 'name');
  const written = name && (joinedTexts([...texts(name, 'prefix'), ...texts(name, 'given'), ...texts(name, 'family')]) ?? textValue(name, 'text'));
  if (written) return written;
  const organisation = element(contact, 'organization');
  return organisation ? textValue(organisation, 'display') : null;
}

/** Each coding of a concept, with the concept's text where a coding has no display; the text alone where it has no coding. */
function sentCodes(concept: At<FhirElement>): SentCode[] {
  const conceptText = textValue(concept, 'text');
  const codings = elements(concept, 'coding').map((coding) => ({
    code: textValue(coding, 'code'),
    codeSystem: textValue(coding, 'system'),
    text: textValue(coding, 'display') ?? conceptText,
  }));
  return codings.length > 0 ? codings : conceptText === null ? [] : [{ code: null, codeSystem: null, text: conceptText }];
}
