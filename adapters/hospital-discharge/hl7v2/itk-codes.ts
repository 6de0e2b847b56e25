/**
 * PV1-36 and PV1-37 as the hub shows them. ITK senders use the NHS Data
 * Dictionary codes (Discharge Method, Discharge Destination, Hospital
 * Provider Spell), which are given their names here so that nobody has to
 * look a number up; other senders put free text there, which is kept.
 */
import type { SenderProfile } from '../sender-profile.js';

/** NHS Data Dictionary "Discharge Method Code (Hospital Provider Spell)"; 2 is the pre-2021 code since split into 6 and 7. */
export const DISCHARGE_METHODS: Readonly<Record<string, string>> = {
  '1': 'Patient discharged on clinical advice or with clinical consent',
  '2': 'Patient discharged him/herself or was discharged by a relative or advocate',
  '3': 'Patient discharged by mental health review tribunal, Home Secretary or Court',
  '4': 'Patient died',
  '5': 'Stillbirth',
  '6': 'Patient discharged him/herself',
  '7': 'Patient discharged by a relative or advocate',
  '8': 'Not applicable - Hospital Provider Spell not finished',
  '9': 'Method of discharge not known',
};

/** NHS Data Dictionary "Discharge Destination Code (Hospital Provider Spell)". */
export const DISCHARGE_DESTINATIONS: Readonly<Record<string, string>> = {
  '19': 'Usual place of residence',
  '29': 'Temporary place of residence when usually resident elsewhere',
  '30': 'Repatriation from high security psychiatric accommodation in an NHS Hospital Provider',
  '37': 'Court',
  '38': 'Penal establishment or police station',
  '48': 'High Security Psychiatric Hospital, Scotland',
  '49': 'NHS other Hospital Provider - high security psychiatric accommodation',
  '50': 'NHS other Hospital Provider - medium secure unit',
  '51': 'NHS other Hospital Provider - Ward for general patients or the younger physically disabled',
  '52': 'NHS other Hospital Provider - Ward for maternity patients or Neonates',
  '53': 'NHS other Hospital Provider - Ward for patients who are mentally ill or have Learning Disabilities',
  '54': 'NHS run Care Home',
  '65': 'Local Authority residential accommodation i.e. where care is provided',
  '66': 'Local Authority foster care',
  '79': 'Not applicable - Patient died or stillbirth',
  '84': 'Non-NHS run hospital - medium secure unit',
  '85': 'Non-NHS (other than Local Authority) run Care Home',
  '87': 'Non-NHS run hospital',
  '88': 'Non-NHS (other than Local Authority) run Hospice',
  '98': 'Not applicable - Hospital Provider Spell not finished',
  '99': 'Not known',
};

/**
 * `code: display` for an ITK code; a code the table lacks is kept bare (a
 * newer Data Dictionary release must not fail a discharge), and TEXT senders'
 * words are kept as they are.
 */
export function describeDischargeCode(
  value: string,
  table: Readonly<Record<string, string>>,
  codes: SenderProfile['dischargeCodes'],
): string {
  if (codes === 'TEXT') return value;
  const display = table[value];
  return display === undefined ? value : `${value}: ${display}`;
}
