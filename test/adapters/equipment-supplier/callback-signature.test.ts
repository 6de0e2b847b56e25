import { createHmac } from 'node:crypto';
import { signCallback, verifyCallback } from '../../../adapters/equipment-supplier/callback-signature.js';

const SECRET = 'test-callback-secret';
const BODY = Buffer.from('<StatusUpdate><CallbackId>cb-1</CallbackId><Status>DELIVERED</Status></StatusUpdate>\n', 'utf8');
const NOW = new Date('2026-11-24T10:02:11Z');
const NOW_SECONDS = NOW.getTime() / 1000;

function headersOf(signed: ReturnType<typeof signCallback>) {
  return { timestamp: signed['x-supplier-timestamp'], signature: signed['x-supplier-signature'] };
}

describe('signCallback', () => {
  test('signs the timestamp, a full stop and the body with HMAC-SHA256, as sha256=<hex>', () => {
    const expected = createHmac('sha256', SECRET).update(`${NOW_SECONDS}.${BODY.toString('utf8')}`).digest('hex');
    expect(signCallback(SECRET, BODY, NOW_SECONDS)).toEqual({
      'x-supplier-timestamp': String(NOW_SECONDS),
      'x-supplier-signature': `sha256=${expected}`,
    });
  });

  test('signs a string as its UTF-8 bytes', () => {
    const body = '<Reason>Café closed</Reason>';
    expect(signCallback(SECRET, body, NOW_SECONDS)).toEqual(signCallback(SECRET, Buffer.from(body, 'utf8'), NOW_SECONDS));
  });

  test.each([1.5, -1, NaN])('refuses a timestamp of %p', (timestamp) => {
    expect(() => signCallback(SECRET, BODY, timestamp)).toThrow(RangeError);
  });
});

describe('verifyCallback', () => {
  const signed = headersOf(signCallback(SECRET, BODY, NOW_SECONDS));

  test('accepts a callback signed with the secret over these exact bytes', () => {
    expect(verifyCallback(SECRET, BODY, signed, NOW)).toEqual({ ok: true });
  });

  test('accepts the hex in upper case', () => {
    expect(verifyCallback(SECRET, BODY, { ...signed, signature: `sha256=${signed.signature.slice(7).toUpperCase()}` }, NOW)).toEqual({ ok: true });
  });

  test.each<[string, () => ReturnType<typeof verifyCallback>]>([
    ['a body changed by one byte', () => verifyCallback(SECRET, Buffer.from(BODY.toString().replace('cb-1', 'cb-2')), signed, NOW)],
    ['white space added to the body', () => verifyCallback(SECRET, Buffer.concat([BODY, Buffer.from(' ')]), signed, NOW)],
    ['another secret', () => verifyCallback('another-secret', BODY, signed, NOW)],
    ['a timestamp changed after signing', () => verifyCallback(SECRET, BODY, { ...signed, timestamp: String(NOW_SECONDS - 1) }, NOW)],
  ])('refuses %s', (_what, verify) => {
    expect(verify()).toEqual({ ok: false, reason: 'X-Supplier-Signature does not match the body and timestamp' });
  });

  test.each<[string, { timestamp: string | undefined; signature: string | undefined }, RegExp]>([
    ['no timestamp', { timestamp: undefined, signature: signed.signature }, /X-Supplier-Timestamp is missing/],
    ['no signature', { timestamp: signed.timestamp, signature: undefined }, /X-Supplier-Signature is missing/],
    ['a timestamp in milliseconds as a decimal', { timestamp: `${NOW_SECONDS}.5`, signature: signed.signature }, /not Unix seconds/],
    ['a timestamp as a date', { timestamp: NOW.toISOString(), signature: signed.signature }, /not Unix seconds/],
    ['a negative timestamp', { timestamp: '-1', signature: signed.signature }, /not Unix seconds/],
    ['an empty timestamp', { timestamp: '', signature: signed.signature }, /not Unix seconds/],
    ['a signature with no prefix', { timestamp: signed.timestamp, signature: signed.signature.slice(7) }, /not sha256=<64 hex digits>/],
    ['a sha1 signature', { timestamp: signed.timestamp, signature: `sha1=${'0'.repeat(40)}` }, /not sha256=/],
    ['a signature one digit short', { timestamp: signed.timestamp, signature: signed.signature.slice(0, -1) }, /not sha256=/],
    ['a signature that is not hex', { timestamp: signed.timestamp, signature: `sha256=${'z'.repeat(64)}` }, /not sha256=/],
    ['an empty signature', { timestamp: signed.timestamp, signature: '' }, /not sha256=/],
  ])('refuses %s', (_what, headers, reason) => {
    const result = verifyCallback(SECRET, BODY, headers, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  test('allows five minutes either way by default, and no more', () => {
    const at = (offsetSeconds: number) => headersOf(signCallback(SECRET, BODY, NOW_SECONDS + offsetSeconds));
    expect(verifyCallback(SECRET, BODY, at(-300), NOW)).toEqual({ ok: true });
    expect(verifyCallback(SECRET, BODY, at(300), NOW)).toEqual({ ok: true });
    expect(verifyCallback(SECRET, BODY, at(-301), NOW)).toEqual({ ok: false, reason: 'X-Supplier-Timestamp is 301 s old, beyond the 300 s allowed' });
    expect(verifyCallback(SECRET, BODY, at(301), NOW)).toEqual({ ok: false, reason: 'X-Supplier-Timestamp is 301 s ahead, beyond the 300 s allowed' });
  });

  test('refuses a replay of a correctly signed callback once it is old', () => {
    const later = new Date(NOW.getTime() + 60 * 60_000);
    expect(verifyCallback(SECRET, BODY, signed, later)).toMatchObject({ ok: false, reason: expect.stringMatching(/3600 s old/) });
  });

  test('takes another tolerance', () => {
    const old = headersOf(signCallback(SECRET, BODY, NOW_SECONDS - 31));
    expect(verifyCallback(SECRET, BODY, old, NOW, 30)).toMatchObject({ ok: false });
    expect(verifyCallback(SECRET, BODY, old, NOW, 31)).toEqual({ ok: true });
  });
});
