import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { firstInvalidUtf8Byte } from '../../../src/server/http/utf8.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('firstInvalidUtf8Byte', () => {
  test.each([
    ['ASCII', Buffer.from('{ viewer { role } }')],
    ['two, three and four byte characters', Buffer.from('é € 😀')],
    ['U+FFFD itself, sent on purpose', Buffer.from('\uFFFD')],
    ['nothing', bytes()],
  ])('%s: none', (_name, text) => {
    expect(firstInvalidUtf8Byte(text)).toBe(-1);
  });

  test.each([
    ['a byte no character starts with', bytes(0x41, 0xff, 0x41), 1],
    ['a continuation byte with no lead', bytes(0x41, 0x42, 0x80), 2],
    ['an overlong "/" (C0 AF)', bytes(0x41, 0xc0, 0xaf), 1],
    ['an overlong three-byte form (E0 80 AF)', bytes(0xe0, 0x80, 0xaf), 0],
    ['a surrogate (ED A0 80)', bytes(0x41, 0xed, 0xa0, 0x80), 1],
    ['above U+10FFFF (F4 90 80 80)', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['a character cut short by the end', bytes(0x41, 0xe0, 0xa4), 1],
    ['a character cut short by ASCII', bytes(0xe0, 0xa4, 0x41, 0x41), 0],
    ['the first of two faults', Buffer.concat([Buffer.from('é'), bytes(0xff), Buffer.from('é'), bytes(0xfe)]), 2],
  ])('%s: its offset', (_name, text, offset) => {
    expect(firstInvalidUtf8Byte(text)).toBe(offset);
  });

  test('agrees with Node\'s own check on any bytes, and everything before the fault is well-formed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (text) => {
        const offset = firstInvalidUtf8Byte(text);
        expect(offset === -1).toBe(isUtf8(text));
        if (offset >= 0) expect(isUtf8(text.subarray(0, offset))).toBe(true);
      }),
    );
  });
});
