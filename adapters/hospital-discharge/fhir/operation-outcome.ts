/**
 * OperationOutcome replies to FHIR feed messages
 * (https://hl7.org/fhir/R4/operationoutcome.html): one informational issue
 * when a message is taken, one error issue naming where a refused or failed
 * message went wrong. A FHIRPath location goes in `expression` (R4) and
 * `location`; an `XML line 3` or `JSON line 1 column 9` position only in
 * `location`, as FHIR servers do for parse errors. DSTU2 has no
 * `expression`, so its replies carry `location` alone.
 */
import type { FeedMessageError, Hl7ErrorCode } from '../../../src/inbox/ports.js';
import type { FhirResource } from './fhir-resource.js';
import type { FhirVersion } from './message-header.js';

/** The IssueType codes these replies use (https://hl7.org/fhir/R4/valueset-issue-type.html). */
export type OutcomeIssueCode = 'informational' | 'invalid' | 'structure' | 'not-supported' | 'forbidden' | 'login' | 'required' | 'value';

export interface OutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: OutcomeIssueCode;
  diagnostics: string;
  /** Where: a FHIRPath or a position in the text. */
  path?: string;
}

/** HL7 0357 codes that say the message is of a kind the hub does not take. */
const NOT_SUPPORTED: ReadonlySet<Hl7ErrorCode> = new Set(['200', '201', '202', '203']);
const POSITION_IN_TEXT = /^(XML|JSON)\b/;

export function acceptedIssue(diagnostics: string): OutcomeIssue {
  return { severity: 'information', code: 'informational', diagnostics };
}

/** Something the hub noted about a message it took (a second NHS number set aside). */
export function warningIssue(path: string, diagnostics: string): OutcomeIssue {
  return { severity: 'warning', code: 'informational', diagnostics, path };
}

/**
 * The issue for a refused or failed message. `code` overrides the default
 * (`structure` for text that is not well-formed JSON or XML, found at a
 * position in the text; `not-supported` for an unsupported type, version or
 * event; else `invalid`): the server passes `forbidden` for a trust the
 * caller may not speak for.
 */
export function issueForFeedError(error: FeedMessageError, code?: OutcomeIssueCode): OutcomeIssue {
  const inText = POSITION_IN_TEXT.test(error.location.path);
  return {
    severity: 'error',
    code: code ?? (inText ? 'structure' : NOT_SUPPORTED.has(error.hl7ErrorCode) ? 'not-supported' : 'invalid'),
    diagnostics: error.reason,
    path: error.location.path,
  };
}

export function operationOutcome(issues: readonly OutcomeIssue[], fhirVersion: FhirVersion = 'R4'): FhirResource {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map(({ severity, code, diagnostics, path }) => {
      const where = path === undefined ? {} : locate(path, fhirVersion);
      return { severity, code, diagnostics, ...where };
    }),
  };
}

function locate(path: string, fhirVersion: FhirVersion): { expression?: string[]; location: string[] } {
  if (POSITION_IN_TEXT.test(path) || fhirVersion === 'DSTU2') return { location: [path] };
  return { expression: [path], location: [path] };
}
