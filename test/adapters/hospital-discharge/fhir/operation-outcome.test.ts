import { acceptedIssue, issueForFeedError, operationOutcome } from '../../../../adapters/hospital-discharge/fhir/operation-outcome.js';
import { parseFhirXml, toFhirXml } from '../../../../adapters/hospital-discharge/fhir/fhir-xml.js';
import { FeedMessageError } from '../../../../src/inbox/feed-message-error.js';

describe('operationOutcome', () => {
  test('a taken message: one informational issue', () => {
    expect(operationOutcome([acceptedIssue('message 123 accepted')])).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'information', code: 'informational', diagnostics: 'message 123 accepted' }],
    });
  });

  test('a failed field: invalid, with the FHIRPath as expression and location', () => {
    const error = new FeedMessageError('FAIL', { path: 'Bundle.entry[3].resource.birthDate' }, '1938-02-30 is not a date on the calendar');
    expect(operationOutcome([issueForFeedError(error)])).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'invalid',
          diagnostics: '1938-02-30 is not a date on the calendar',
          expression: ['Bundle.entry[3].resource.birthDate'],
          location: ['Bundle.entry[3].resource.birthDate'],
        },
      ],
    });
  });

  test('an unsupported event is not-supported; a position in the text is a location only', () => {
    const unsupported = new FeedMessageError('REFUSE', { path: 'Bundle.entry[0].resource.event.code' }, 'not an ADW notice', '201');
    expect(issueForFeedError(unsupported).code).toBe('not-supported');
    const malformed = new FeedMessageError('REFUSE', { path: 'XML line 3 column 4' }, 'not well-formed XML', '102');
    expect(operationOutcome([issueForFeedError(malformed)]).issue).toEqual([
      { severity: 'error', code: 'invalid', diagnostics: 'not well-formed XML', location: ['XML line 3 column 4'] },
    ]);
  });

  test('the server can say forbidden for a trust the caller may not speak for', () => {
    const wrongTrust = new FeedMessageError('REFUSE', { path: 'Bundle.entry[0].resource.source.endpoint' }, 'the token is for another trust');
    expect(issueForFeedError(wrongTrust, 'forbidden').code).toBe('forbidden');
  });

  test('DSTU2 replies have location only, and serialise to FHIR XML', () => {
    const error = new FeedMessageError('FAIL', { path: 'Bundle.entry[1].resource.patient' }, 'the notice carries no Patient');
    const outcome = operationOutcome([issueForFeedError(error)], 'DSTU2');
    expect(outcome.issue).toEqual([{ severity: 'error', code: 'invalid', diagnostics: 'the notice carries no Patient', location: ['Bundle.entry[1].resource.patient'] }]);
    expect(parseFhirXml(toFhirXml(outcome))).toEqual(outcome);
  });
});
