import { decodeUtf8, describeByte, positionOfByte } from '../../adapters/utf8-text.js';

describe('decodeUtf8', () => {
  test('decodes UTF-8, a real U+FFFD included', () => {
    expect(decodeUtf8(Buffer.from('Zoë \uFFFD \u{1F600}'))).toEqual({ text: 'Zoë \uFFFD \u{1F600}' });
  });

  test.each([
    ['a Latin-1 byte', Buffer.concat([Buffer.from('Zo'), Buffer.from([0xeb, 0x21])]), 2],
    ['after a real U+FFFD', Buffer.concat([Buffer.from('\uFFFD!'), Buffer.from([0xc3])]), 4],
    ['an overlong NUL', Buffer.from([0x41, 0xc0, 0x80]), 1],
    ['a UTF-16 surrogate written as UTF-8', Buffer.from([0xed, 0xa0, 0x80]), 0],
  ])('gives the offset of the first byte that is not UTF-8: %s', (_case, bytes, offset) => {
    expect(decodeUtf8(bytes)).toEqual({ invalidAt: offset });
  });
});

test('finds the bad byte after 3 MB of real U+FFFD in time linear in the length', () => {
  const bytes = Buffer.concat([Buffer.from('\uFFFD'.repeat(1_000_000)), Buffer.from([0xff])]);
  const started = Date.now();
  expect(decodeUtf8(bytes)).toEqual({ invalidAt: bytes.length - 1 });
  expect(Date.now() - started).toBeLessThan(2_000);
});

describe('positionOfByte and describeByte', () => {
  test('give the line and the column in characters, and the byte with its offset', () => {
    const bytes = Buffer.concat([Buffer.from('{\n  "name": "Zoë'), Buffer.from([0xff])]);
    const offset = bytes.length - 1;
    expect(positionOfByte(bytes, offset)).toEqual({ line: 2, column: 15 });
    expect(describeByte(bytes, offset)).toBe(`byte 0xFF at offset ${offset}`);
  });

  test('the first byte is line 1 column 1', () => {
    expect(positionOfByte(Buffer.from([0xff]), 0)).toEqual({ line: 1, column: 1 });
  });
});
