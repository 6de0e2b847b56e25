import pino from 'pino';
import { signCallback } from '../../../adapters/equipment-supplier/callback-signature.js';
import { createSupplierConnection } from '../../../adapters/equipment-supplier/supplier-connection.js';
import { supplierErrorFromXml } from '../../../adapters/equipment-supplier/translate.js';
import type { ApplySupplierUpdate } from '../../../src/equipment/ports.js';
import { ORDER_ID, STATUS_UPDATE_XML } from './contract-messages.js';

const SECRET = 'connection-test-secret-0123456789';
const NOW = new Date('2026-11-24T10:05:00Z');

describe('the status callback endpoint', () => {
  const connection = createSupplierConnection({ baseUrl: 'http://127.0.0.1:9', apiKey: null, timeoutMs: 100, callbackSecret: SECRET, logger: pino({ level: 'silent' }), now: () => NOW });
  const applied: string[] = [];
  const apply: ApplySupplierUpdate = async (update) => {
    applied.push(update.callbackId);
    return { outcome: 'APPLIED', why: null };
  };
  const receive = (body: Buffer) => connection.receiveCallback(body, signCallback(SECRET, body, Math.floor(NOW.getTime() / 1000)), apply);

  beforeEach(() => (applied.length = 0));

  test('applies a signed callback as the contract writes it', async () => {
    expect((await receive(Buffer.from(STATUS_UPDATE_XML))).status).toBe(200);
    expect(applied).toEqual(['cb-000981']);
  });

  test.each([
    ['an OrderId that is not a UUID', Buffer.from(STATUS_UPDATE_XML.replace(ORDER_ID, 'not-a-uuid')), /^StatusUpdate\/OrderId: is not a UUID/],
    ['a CallbackId longer than a key may be', Buffer.from(STATUS_UPDATE_XML.replace('cb-000981', 'c'.repeat(10_000))), /^StatusUpdate\/CallbackId: is not text of at most 200 characters/],
    ['bytes that are not UTF-8', Buffer.from(STATUS_UPDATE_XML.replace('SUP-000123', 'SUP-Ä'), 'latin1'), /^XML line \d+ column \d+: byte 0xC4 at offset \d+ is not UTF-8/],
    ['a NUL character', Buffer.from(STATUS_UPDATE_XML.replace('SUP-000123', 'SUP-\u0000')), /^XML line \d+ column \d+: U\+0000 is not a character XML may hold/],
  ])('a signed callback with %s is 400 MALFORMED, and nothing is applied', async (_case, body, message) => {
    const reply = await receive(body);
    expect(reply).toMatchObject({ status: 400, contentType: 'application/xml; charset=utf-8' });
    expect(supplierErrorFromXml(reply.body)).toEqual({ code: 'MALFORMED', message: expect.stringMatching(message) });
    expect(applied).toEqual([]);
  });

  test('a callback refused before it was read is answered with the contract’s <Error>', () => {
    const reply = connection.refuseCallback(413, 'PAYLOAD_TOO_LARGE', 'The request body is over the limit of 65536 bytes');
    expect(reply).toMatchObject({ status: 413, contentType: 'application/xml; charset=utf-8' });
    expect(supplierErrorFromXml(reply.body)).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is over the limit of 65536 bytes' });
  });
});
