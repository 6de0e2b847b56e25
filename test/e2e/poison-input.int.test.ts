/**
 * No input is a 5xx: what an attacker, or a broken engine, sends through the
 * real gateway. Each message is answered with a refusal that names where it
 * went wrong, is in the inbox byte for byte, and an MLLP connection carries
 * on with the next frame. Synthetic people only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { toFhirXml } from '../../adapters/hospital-discharge/fhir/fhir-xml.js';
import { defaultSenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { ADW_ASSESSMENT, adwNotice } from '../adapters/hospital-discharge/fhir/fixtures.js';
import { message, msh, PID, pv1, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { freePort, MllpClient, mllpFrame, postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const TRUST = 'RXX';

/** An A01 of its own spell, with MSH and PID changed as a case needs. */
function a01(control: string, fields: Record<number, string> = {}, pid = PID): Buffer {
  return Buffer.from(
    message(msh('A01', { 10: control, ...fields }), segment('EVN', { 1: 'A01', 2: '20261120100000' }), pid, pv1({ 19: `SPELL-${control.slice(0, 20)}` })),
  );
}

interface StoredMessage {
  status: string;
  sender: string;
  control_id: string | null;
  error: { path: string; reason: string; hl7ErrorCode: string } | null;
  body: Uint8Array;
}

describeEachStore('poison input: stored, refused where it is, never a 5xx', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let system: string;
  let mllpPort: number;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    mllpPort = await freePort();
    gw = await startTestGateway(place, { MLLP_PORT: String(mllpPort), SEED_ON_EMPTY_STORE: 'false' }, [
      { ...defaultSenderProfile(TRUST), facilities: [TRUST, 'RXX01'], mllp: true },
    ]);
    system = await gw.token('SYSTEM', { trust: TRUST });
  });
  afterAll(async () => {
    await gw.stop();
    await place.remove();
  });

  /** The inbox rows holding exactly these bytes. */
  async function stored(bytes: Buffer): Promise<StoredMessage[]> {
    const rows = await gw.gateway.db.query<StoredMessage>(
      `SELECT status, sender, control_id, error, body FROM inbox_messages WHERE body_sha256 = decode($1, 'hex')`,
      [createHash('sha256').update(bytes).digest('hex')],
    );
    for (const row of rows) expect(Buffer.from(row.body).equals(bytes)).toBe(true);
    return rows;
  }

  describe('HL7 v2 over HTTP', () => {
    test('a NUL in MSH-10 is refused at MSH-10, its ACK echoing the control id as sent', async () => {
      const body = a01('CTRL\u0000NUL');
      const { status, acks } = await postHl7(gw.url, system, body);
      expect(status).toBe(400);
      expect(acks[0]).toMatchObject({ code: 'AR', acknowledges: 'CTRL\u0000NUL' });
      expect(acks[0]!.field('MSA', 3)).toBe('MSH-10: byte 0x00 (NUL) is not text in any HL7 character set');
      expect(acks[0]!.field('ERR', 1)).toBe('MSH^1^10^102&Data type error&HL70357');
      expect(await stored(body)).toEqual([expect.objectContaining({ status: 'REFUSED', sender: TRUST, control_id: 'CTRL\uFFFDNUL' })]);
    });

    test('a NUL in PID-5 is refused at PID-5', async () => {
      const body = a01('CTRL-NUL-PID5', {}, PID.replace('TESTER', 'TES\u0000TER'));
      const { status, acks } = await postHl7(gw.url, system, body);
      expect([status, acks[0]!.code, acks[0]!.field('ERR', 1)]).toEqual([400, 'AR', 'PID^1^5^102&Data type error&HL70357']);
      expect(await stored(body)).toEqual([expect.objectContaining({ status: 'REFUSED', error: expect.objectContaining({ path: 'PID-5', hl7ErrorCode: '102' }) })]);
    });

    test('an \\X00\\ escape is refused at the component it is in (v2.5 ERR-2)', async () => {
      const body = a01('CTRL-X00', { 12: '2.5' }, PID.replace('TESTER', 'TES\\X00\\TER'));
      const { status, acks } = await postHl7(gw.url, system, body);
      expect([status, acks[0]!.code]).toEqual([400, 'AR']);
      expect(acks[0]!.field('ERR', 2)).toBe('PID^1^5^1^1');
      expect(acks[0]!.field('ERR', 3)).toBe('102^Data type error^HL70357');
      expect(await stored(body)).toEqual([expect.objectContaining({ status: 'REFUSED', error: expect.objectContaining({ path: 'PID-5[1].1' }) })]);
    });

    test('a 10 kB control id is taken and echoed in full, stored cut to fit the index, and a resend is still recognised', async () => {
      // Random hex: an index entry could not compress it.
      const control = randomBytes(5_000).toString('hex');
      const body = a01(control);
      for (let attempt = 0; attempt < 2; attempt++) {
        const { status, acks } = await postHl7(gw.url, system, body);
        expect([status, acks[0]!.code, acks[0]!.acknowledges]).toEqual([200, 'AA', control]);
      }
      const [row, ...more] = await stored(body);
      expect(more).toEqual([]);
      expect(row).toMatchObject({ status: 'APPLIED', control_id: expect.stringMatching(new RegExp(`^${control.slice(0, 199)}\u2026$`)) });
    });
  });

  describe('HL7 v2 bodies that hold no message', () => {
    test.each([
      ['white space alone', Buffer.from(' \r\n\t\r\n')],
      ['a batch envelope alone', Buffer.from('FHS|^~\\&|PAS|RXX\rBHS|^~\\&|PAS|RXX\rBTS|0\rFTS|1\r')],
      ['binary junk', Buffer.from([0x00, 0xff, 0xfe, 0x0d, 0x00])],
    ])('%s is stored whole and refused as not HL7', async (_case, body) => {
      const { status, acks } = await postHl7(gw.url, system, body);
      expect(status).toBe(400);
      expect(acks).toHaveLength(1);
      expect(acks[0]).toMatchObject({ code: 'AR', acknowledges: '' });
      expect(acks[0]!.field('MSA', 3)).toBe('MSH: not an HL7 v2 message: it does not start with an MSH segment');
      expect(await stored(body)).toEqual([expect.objectContaining({ status: 'REFUSED', sender: TRUST, control_id: null })]);
    });

    test('junk before the first MSH is a refused message of its own, and the message after it is taken', async () => {
      const junk = Buffer.from('GET / HTTP/1.1\r');
      const good = a01('AFTER-JUNK');
      const { status, acks } = await postHl7(gw.url, system, Buffer.concat([junk, good]));
      expect(status).toBe(400);
      expect(acks.map((ack) => [ack.code, ack.acknowledges])).toEqual([
        ['AR', ''],
        ['AA', 'AFTER-JUNK'],
      ]);
      expect(await stored(junk)).toEqual([expect.objectContaining({ status: 'REFUSED' })]);
      expect(await stored(good)).toEqual([expect.objectContaining({ status: 'APPLIED' })]);
    });

    test('an empty body is refused, and there is nothing to store', async () => {
      const [before] = await gw.gateway.db.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox_messages');
      const { status, acks } = await postHl7(gw.url, system, Buffer.alloc(0));
      expect([status, acks[0]!.code, acks[0]!.field('MSA', 3)]).toEqual([400, 'AR', 'MSH: the body is empty: it holds no HL7 v2 message']);
      expect(await gw.gateway.db.query('SELECT count(*)::int AS n FROM inbox_messages')).toEqual([before]);
    });
  });

  describe('HL7 v2 over MLLP', () => {
    test('a poison frame is ACKed AR and the next frame on the same connection is taken', async () => {
      const client = await MllpClient.connect(mllpPort);
      try {
        const poison = a01('MLLP\u0000POISON');
        const good = a01('MLLP-GOOD');
        await client.write(Buffer.concat([mllpFrame(poison), mllpFrame(good)]));
        const acks = await client.acksReceived(2);
        expect(acks.map((ack) => [ack.code, ack.acknowledges])).toEqual([
          ['AR', 'MLLP\u0000POISON'],
          ['AA', 'MLLP-GOOD'],
        ]);
        expect(client.socket.destroyed).toBe(false);
        expect((await stored(poison))[0]).toMatchObject({ status: 'REFUSED', error: { path: 'MSH-10' } });
        expect((await stored(good))[0]).toMatchObject({ status: 'APPLIED' });
      } finally {
        client.close();
      }
    });
  });

  describe('FHIR', () => {
    const notice = adwNotice(ADW_ASSESSMENT);

    async function postFhirBytes(body: Buffer, format: 'json' | 'xml') {
      const response = await fetch(`${gw.url}/feeds/fhir`, {
        method: 'POST',
        headers: { authorization: `Bearer ${system}`, 'content-type': `application/fhir+${format}` },
        body,
      });
      return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
    }

    test('JSON that is not UTF-8 (a Latin-1 name) is refused at its line and column, with the byte offset', async () => {
      const text = JSON.stringify(notice, null, 1).replace('Testwoman', 'Testwöman');
      const body = Buffer.from(text, 'latin1');
      const offset = body.indexOf(0xf6);
      const line = text.slice(0, text.indexOf('ö')).split('\n').length;
      const column = text.indexOf('ö') - text.lastIndexOf('\n', text.indexOf('ö'));
      const reply = await postFhirBytes(body, 'json');
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.text).issue).toEqual([
        { severity: 'error', code: 'invalid', diagnostics: `byte 0xF6 at offset ${offset} is not UTF-8, which FHIR JSON must be.`, location: [`JSON line ${line} column ${column}`] },
      ]);
      expect(await stored(body)).toEqual([expect.objectContaining({ status: 'REFUSED' })]);
    });

    test('XML that is not UTF-8 is refused in XML, at its line and column', async () => {
      const body = Buffer.from(toFhirXml(notice).replace('Testwoman', 'Testwöman'), 'latin1');
      const reply = await postFhirBytes(body, 'xml');
      expect(reply.status).toBe(400);
      expect(reply.contentType).toContain('application/fhir+xml');
      expect(reply.text).toMatch(/<diagnostics value="byte 0xF6 at offset \d+ is not UTF-8, which FHIR XML must be."\/>\s*<location value="XML line \d+ column \d+"\/>/);
      expect(await stored(body)).toEqual([expect.objectContaining({ status: 'REFUSED' })]);
    });

    test('a NUL in a JSON string is refused naming the element', async () => {
      const body = Buffer.from(JSON.stringify(notice).replace('"Testwoman"', '"Test\\u0000woman"'));
      const reply = await postFhirBytes(body, 'json');
      expect(reply.status).toBe(400);
      const [issue] = JSON.parse(reply.text).issue;
      expect(issue).toMatchObject({ code: 'invalid', expression: ['Bundle.entry[3].resource.name[1].family'], location: ['Bundle.entry[3].resource.name[1].family'] });
      expect(await stored(body)).toEqual([expect.objectContaining({ status: 'REFUSED', control_id: null })]);
    });

    test.each([
      ['a NUL', 'Test\u0000woman'],
      ['a character reference to NUL', 'Test&#0;woman'],
    ])('%s in XML is refused at its line and column', async (_case, family) => {
      const body = Buffer.from(toFhirXml(notice).replace('Testwoman', family));
      const reply = await postFhirBytes(body, 'xml');
      expect(reply.status).toBe(400);
      expect(reply.text).toMatch(/<location value="XML line \d+ column \d+"\/>/);
      expect(reply.text).toContain('U+0000');
      expect(await stored(body)).toEqual([expect.objectContaining({ status: 'REFUSED' })]);
    });
  });

  test('afterwards the gateway is ready', async () => {
    expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
  });
});
