import { checkQueryString } from '../../../src/server/http/query-string.js';
import { HttpError } from '../../../src/server/http/http-error.js';

describe('checkQueryString', () => {
  test.each([
    ['?query=%7B%20viewer%20%7B%20role%20%7D%20%7D'],
    ['?query={viewer{role}}&operationName=A'],
    ['?query=%C3%A9+%E2%82%AC'],
    [''],
  ])('takes %p', (search) => {
    expect(() => checkQueryString(search)).not.toThrow();
  });

  test.each([
    ['?query=%7Bviewer%7D%FF', 'has %-encoded bytes that are not UTF-8 at offset 18 after the "?", in the "query" parameter'],
    ['?query=%E0%A4%A', 'has a "%" not followed by two hex digits at offset 12 after the "?", in the "query" parameter'],
    ['?operationName=A&query=%E0%A4', 'has %-encoded bytes that are not UTF-8 at offset 22 after the "?", in the "query" parameter'],
    ['?query={}&variables=%', 'has a "%" not followed by two hex digits at offset 19 after the "?", in the "variables" parameter'],
    ['?query=%zz', 'has a "%" not followed by two hex digits at offset 6 after the "?", in the "query" parameter'],
    ['?query=%ED%A0%80', 'has %-encoded bytes that are not UTF-8 at offset 6 after the "?", in the "query" parameter'],
  ])('refuses %p, saying where', (search, where) => {
    let refusal: unknown;
    try {
      checkQueryString(search);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(HttpError);
    expect(refusal).toMatchObject({ status: 400, code: 'BAD_REQUEST', message: `The query string ${where}` });
  });
});
