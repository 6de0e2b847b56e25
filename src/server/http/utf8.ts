import { isUtf8 } from 'node:buffer';

/**
 * The offset of the first byte that is not part of well-formed UTF-8, or -1
 * when every byte is. Well-formed as RFC 3629 §4 says: no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF. Node's native check
 * answers the common case; only text that fails it is walked to find where.
 */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let at = 0;
  while (at < bytes.length) {
    const length = sequenceLength(bytes, at);
    if (length === 0) return at;
    at += length;
  }
  return -1;
}

/** The length of the well-formed sequence starting at `at`, or 0 if there is none. */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at]!;
  if (lead < 0x80) return 1;
  // RFC 3629 §4: the lead byte fixes the length and the range of the second byte.
  const [length, secondMin, secondMax] =
    lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
    : lead === 0xe0 ? [3, 0xa0, 0xbf]
    : lead === 0xed ? [3, 0x80, 0x9f]
    : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
    : lead === 0xf0 ? [4, 0x90, 0xbf]
    : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
    : lead === 0xf4 ? [4, 0x80, 0x8f]
    : [0, 0, 0];
  if (length === 0 || at + length > bytes.length) return 0;
  const second = bytes[at + 1]!;
  if (second < secondMin || second > secondMax) return 0;
  for (let next = at + 2; next < at + length; next++) {
    if (bytes[next]! < 0x80 || bytes[next]! > 0xbf) return 0;
  }
  return length;
}
