import fc from 'fast-check';
import { DEFAULT_ENCODING, type EncodingCharacters } from '../../../../adapters/hospital-discharge/hl7v2/encoding-characters.js';
import { decodeEscapes, encodeEscapes } from '../../../../adapters/hospital-discharge/hl7v2/escapes.js';

describe('decodeEscapes', () => {
  test.each([
    ['A\\T\\E', 'A&E'],
    ['pipe \\F\\ hat \\S\\ tilde \\R\\ backslash \\E\\', 'pipe | hat ^ tilde ~ backslash \\'],
    ['line one\\.br\\line two', 'line one\nline two'],
    ['\\H\\bold\\N\\ text', 'bold text'],
    ['caf\\XC3A9\\', 'café'],
    ['\\X0D\\', '\r'],
  ])('%p -> %p', (text, decoded) => {
    expect(decodeEscapes(text, DEFAULT_ENCODING)).toBe(decoded);
  });

  test('reads \\X..\\ bytes in the message character set', () => {
    expect(decodeEscapes('caf\\XE9\\', DEFAULT_ENCODING, '8859/1')).toBe('café');
  });

  test.each([
    ['C:\\temp\\file', 'an unknown sequence'],
    ['ends with \\', 'an escape character with no closing one'],
    ['\\XZZ\\', 'hex that is not hex'],
    ['\\XC3\\', 'bytes that are not UTF-8'],
    ['\\P\\', 'a truncation escape before v2.7'],
  ])('keeps %p as sent: %s', (text) => {
    expect(decodeEscapes(text, DEFAULT_ENCODING)).toBe(text);
  });

  test('uses the message own escape character', () => {
    const encoding: EncodingCharacters = { ...DEFAULT_ENCODING, escape: '#', truncation: '*' };
    expect(decodeEscapes('A#T#E #P# \\T\\', encoding)).toBe('A&E * \\T\\');
  });
});

describe('encodeEscapes', () => {
  test('escapes the delimiters and line ends', () => {
    expect(encodeEscapes('A&E | x^y ~ \\ \n\r', DEFAULT_ENCODING)).toBe('A\\T\\E \\F\\ x\\S\\y \\R\\ \\E\\ \\X0A\\\\X0D\\');
  });
});

/** Five or six distinct characters that may be delimiters: printable, not letters, digits or white space. */
const encodingCharacters: fc.Arbitrary<EncodingCharacters> = fc
  .uniqueArray(fc.constantFrom(...'|^~\\&#!$%*+,-./:;<=>?@[]_`{}\'"'.split('')), { minLength: 6, maxLength: 6 })
  .chain((chars) =>
    fc.boolean().map((withTruncation) => {
      const [field, component, repetition, escape, subcomponent, truncation] = chars as [string, string, string, string, string, string];
      return { field, component, repetition, escape, subcomponent, truncation: withTruncation ? truncation : null };
    }),
  );

describe('escape property', () => {
  test('encoding then decoding gives back any text, whatever the delimiters', () => {
    const text = fc.string({ unit: fc.oneof(fc.constantFrom(...'|^~\\&#\r\n.XHNPFSTRE'.split('')), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) });
    fc.assert(
      fc.property(text, encodingCharacters, (value, encoding) => {
        expect(decodeEscapes(encodeEscapes(value, encoding), encoding)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  test('an encoded value holds no delimiter and no line end, so it cannot break the message', () => {
    fc.assert(
      fc.property(fc.string(), encodingCharacters, (value, encoding) => {
        const encoded = encodeEscapes(value, encoding);
        for (const delimiter of [encoding.field, encoding.component, encoding.repetition, encoding.subcomponent, '\r', '\n']) {
          expect(encoded.includes(delimiter)).toBe(false);
        }
      }),
    );
  });
});
