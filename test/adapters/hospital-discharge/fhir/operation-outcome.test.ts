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

  test('an unsupported event is not-supported; text that is not well-formed is a structure issue, its position a location only', () => {
    const unsupported = new FeedMessageError('REFUSE', { path: 'Bundle.entry[0].resource.event.code' }, 'not an ADW notice', '201');
    expect(issueForFeedError(unsupported).code).toBe('not-supported');
    // As the readers make them: refused with no code of their own.
    const malformed = new FeedMessageError('REFUSE', { path: 'XML line 3 column 4' }, 'the entity &nbsp; is not one XML defines');
    expect(operationOutcome([issueForFeedError(malformed)]).issue).toEqual([
      { severity: 'error', code: 'structure', diagnostics: 'the entity &nbsp; is not one XML defines', location: ['XML line 3 column 4'] },
    ]);
    expect(issueForFeedError(new FeedMessageError('REFUSE', { path: 'JSON line 1 column 9' }, 'not valid JSON')).code).toBe('structure');
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
