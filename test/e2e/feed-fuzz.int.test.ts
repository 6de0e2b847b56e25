/**
 * No input is a 5xx, as property tests (fast-check) through the real gateway.
 * Real messages (the adapter tests' synthetic ones and, when present, the
 * public samples in ../shared) are mutated the ways bytes go wrong on the
 * wire: bytes dropped, duplicated or replaced, NUL and invalid UTF-8
 * inserted, a format's own escape for NUL written in, segments shuffled,
 * fields lengthened past what an index can hold. They are sent as a trust's
 * engine would: HL7 v2 and FHIR JSON and XML over HTTP, HL7 v2 over one MLLP
 * connection kept open for the whole run.
 *
 * Every answer must be a 4xx or 2xx in the feed's own format, every message
 * must be in the inbox byte for byte, every MLLP frame must be ACKed on a
 * connection that stays open, and /readyz must still be 200 at the end.
 *
 * FUZZ_RUNS sets the total number of cases (default 400, shared out among
 * the four properties; their names say how many each runs). fast-check
 * prints the seed and path of a failing case; FUZZ_SEED=<seed> runs the same
 * cases again.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { parseFhirXml, toFhirXml } from '../../adapters/hospital-discharge/fhir/fhir-xml.js';
import { parseFhirJson } from '../../adapters/hospital-discharge/fhir/fhir-json.js';
import { readFhirMessageHeader } from '../../adapters/hospital-discharge/fhir/message-header.js';
import type { FhirResource } from '../../adapters/hospital-discharge/fhir/fhir-resource.js';
import { splitHl7Batch } from '../../adapters/hospital-discharge/hl7v2/split-hl7-batch.js';
import { defaultSenderProfile } from '../../adapters/hospital-discharge/sender-profile.js';
import { ADW_ASSESSMENT, ADW_DISCHARGE, ADW_WITHDRAW_ALL, adwNotice, r4EncounterMessage } from '../adapters/hospital-discharge/fhir/fixtures.js';
import { message, msh, PD1, PID, pv1, segment } from '../adapters/hospital-discharge/hl7v2/synthetic-messages.js';
import { freePort, MllpClient, mllpFrame, postHl7 } from '../support/feed-clients.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { readSample, sampleFiles } from '../support/shared-samples.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const TRUST = 'RXX';
const TOTAL_RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const RUNS = {
  hl7Http: Math.ceil(TOTAL_RUNS * 0.3),
  mllp: Math.ceil(TOTAL_RUNS * 0.25),
  fhirJson: Math.ceil(TOTAL_RUNS * 0.25),
  fhirXml: Math.ceil(TOTAL_RUNS * 0.2),
};
/** Generous: a loaded CI box on PostgreSQL takes far less than this per case. */
const timeoutFor = (runs: number) => 30_000 + runs * 500;

type Format = 'hl7' | 'json' | 'xml';

// Seeds ------------------------------------------------------------------

/** HL7 seeds are sent as from the test trust (MSH-4), so that mutations reach past the sender check. */
function asFromTrust(hl7: Buffer): Buffer {
  const text = hl7.toString('latin1');
  const lineEnd = text.search(/[\r\n]/);
  const first = lineEnd === -1 ? text : text.slice(0, lineEnd);
  const fields = first.split(first.charAt(3));
  fields[3] = TRUST;
  return Buffer.concat([Buffer.from(fields.join(first.charAt(3)), 'latin1'), hl7.subarray(Buffer.byteLength(first, 'latin1'))]);
}

const evn = (trigger: string) => segment('EVN', { 1: trigger, 2: '20261120100000', 6: '20261120100000' });
const HL7_SEEDS: Buffer[] = [
  ...[
    message(msh('A01', { 10: 'FUZZ-A01' }), evn('A01'), PID, PD1, pv1({ 19: 'FUZZ-SPELL-1' })),
    message(msh('A03', { 10: 'FUZZ-A03', 12: '2.5.1', 18: 'UNICODE UTF-8' }), evn('A03'), PID, pv1({ 19: 'FUZZ-SPELL-1', 36: '1', 37: '19', 45: '20261121143000' })),
    message(msh('A08', { 10: 'FUZZ-A08' }), evn('A08'), segment('PID', { 3: 'RXX7654321^^^RXX^MR', 5: 'O\\S\\NEILL^Br\\XED\\d', 7: '19420830' })),
    message(msh('A40', { 10: 'FUZZ-A40' }), evn('A40'), PID, segment('MRG', { 1: 'RXX0000001^^^RXX^MR' })),
  ].map((text) => Buffer.from(text)),
  ...sampleFiles('hl7v2').map((file) => asFromTrust(readSample('hl7v2', file))),
];

const FHIR_MESSAGES: FhirResource[] = [
  adwNotice(ADW_ASSESSMENT),
  adwNotice(ADW_DISCHARGE),
  adwNotice(ADW_WITHDRAW_ALL),
  r4EncounterMessage('finished', { start: '2024-06-20T09:30:00+01:00', end: '2024-07-02T10:00:00+01:00' }),
];
const FHIR_SEEDS: Record<'json' | 'xml', Buffer[]> = {
  // Indented, so that there are lines to shuffle.
  json: [...FHIR_MESSAGES.map((m) => Buffer.from(JSON.stringify(m, null, 1))), ...sampleFiles('fhir-json').map((f) => readSample('fhir-json', f))],
  xml: [...FHIR_MESSAGES.map((m) => Buffer.from(toFhirXml(m))), ...sampleFiles('fhir-xml').map((f) => readSample('fhir-xml', f))],
};

/** The ODS codes the FHIR seeds that are messages are sent from: all the test trust's, for the same reason as asFromTrust. */
function fhirFacilities(): string[] {
  const bundles = [...FHIR_SEEDS.json.map((seed) => parseFhirJson(seed.toString('utf8'))), ...FHIR_SEEDS.xml.map((seed) => parseFhirXml(seed.toString('utf8')))];
  const sources = bundles.flatMap((bundle) => {
    try {
      return [readFhirMessageHeader(bundle).sourceOdsCode];
    } catch {
      // A lone resource among the samples: it is refused whoever sends it.
      return [];
    }
  });
  return [...new Set([TRUST, ...sources])];
}

// Mutations ----------------------------------------------------------------

/** Where in the bytes, as a fraction of their length, so that one mutation fits any message. */
const at = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const INVALID_UTF8 = [[0xff], [0xc3], [0xe9, 0x41], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];
/** Each format's own way of writing NUL into text. */
const NUL_ESCAPE: Record<Format, string> = { hl7: '\\X00\\', json: '\\u0000', xml: '&#0;' };
/** Where a field's value starts, for lengthening it. */
const FIELD_START: Record<Format, RegExp> = { hl7: /\|/g, json: /":\s*"/g, xml: /value="/g };

type Mutation =
  | { kind: 'drop'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'replace'; at: number; bytes: number[] }
  | { kind: 'insertNul'; at: number }
  | { kind: 'insertInvalidUtf8'; at: number; bytes: number[] }
  | { kind: 'insertEscapedNul'; at: number }
  | { kind: 'shuffleSegments'; keys: number[] }
  | { kind: 'lengthenField'; at: number; length: number; incompressible: boolean };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at, length: fc.integer({ min: 1, max: 256 }) }),
  fc.record({ kind: fc.constant('replace' as const), at, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('insertNul' as const), at }),
  fc.record({ kind: fc.constant('insertInvalidUtf8' as const), at, bytes: fc.constantFrom(...INVALID_UTF8) }),
  fc.record({ kind: fc.constant('insertEscapedNul' as const), at }),
  fc.record({ kind: fc.constant('shuffleSegments' as const), keys: fc.array(fc.nat(), { minLength: 2, maxLength: 40 }) }),
  fc.record({ kind: fc.constant('lengthenField' as const), at, length: fc.integer({ min: 100, max: 12_000 }), incompressible: fc.boolean() }),
);

function insert(bytes: Buffer, offset: number, inserted: Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, offset), inserted, bytes.subarray(offset)]);
}

/** Text that a compressing index could shrink (one repeated letter) or could not (hex of a hash chain). */
function filler(length: number, incompressible: boolean): Buffer {
  if (!incompressible) return Buffer.alloc(length, 'W');
  const hex: string[] = [];
  for (let block = createHash('sha256').update(String(length)).digest(); hex.join('').length < length; block = createHash('sha256').update(block).digest()) {
    hex.push(block.toString('hex'));
  }
  return Buffer.from(hex.join('').slice(0, length));
}

function mutate(bytes: Buffer, m: Mutation, format: Format): Buffer {
  const offset = (fraction: number) => Math.floor(fraction * (bytes.length + 1));
  switch (m.kind) {
    case 'drop':
      return Buffer.concat([bytes.subarray(0, offset(m.at)), bytes.subarray(offset(m.at) + m.length)]);
    case 'duplicate':
      return insert(bytes, offset(m.at), bytes.subarray(offset(m.at), offset(m.at) + m.length));
    case 'replace':
      return Buffer.concat([bytes.subarray(0, offset(m.at)), Buffer.from(m.bytes), bytes.subarray(offset(m.at) + m.bytes.length)]);
    case 'insertNul':
      return insert(bytes, offset(m.at), Buffer.of(0));
    case 'insertInvalidUtf8':
      return insert(bytes, offset(m.at), Buffer.from(m.bytes));
    case 'insertEscapedNul':
      return insert(bytes, offset(m.at), Buffer.from(NUL_ESCAPE[format]));
    case 'shuffleSegments': {
      const segments = bytes.toString('latin1').split(/(?<=\r\n|\r(?!\n)|\n)/);
      const keyOf = (index: number) => m.keys[index % m.keys.length]! + index / segments.length;
      const order = segments.map((_, index) => index).sort((a, b) => keyOf(a) - keyOf(b));
      return Buffer.from(order.map((index) => segments[index]).join(''), 'latin1');
    }
    case 'lengthenField': {
      const starts = [...bytes.toString('latin1').matchAll(FIELD_START[format])].map((match) => match.index + match[0].length);
      const where = starts.length === 0 ? offset(m.at) : starts[Math.floor(m.at * starts.length)]!;
      return insert(bytes, where, filler(m.length, m.incompressible));
    }
  }
}

/** One case: a seed (by its index, so that a failing case prints readably) and what is done to it. */
interface Mutated {
  seed: number;
  mutations: Mutation[];
}

function mutated(seeds: readonly Buffer[]): fc.Arbitrary<Mutated> {
  return fc.record({ seed: fc.nat({ max: seeds.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) });
}

function bytesOf({ seed, mutations }: Mutated, seeds: readonly Buffer[], format: Format): Buffer {
  return mutations.reduce((bytes, m) => mutate(bytes, m, format), seeds[seed]!);
}

// Checks -------------------------------------------------------------------

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describeEachStore('feeds under mutated messages: no input is a 5xx', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let token: string;
  let mllp: MllpClient;
  let mllpAcks = 0;
  /** Every body sent so far, by SHA-256: a body sent again is one inbox row, not two. */
  const sent = new Set<string>();

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    const mllpPort = await freePort();
    gw = await startTestGateway(place, { MLLP_PORT: String(mllpPort), SEED_ON_EMPTY_STORE: 'false' }, [
      { ...defaultSenderProfile(TRUST), facilities: fhirFacilities(), mllp: true },
    ]);
    token = await gw.token('SYSTEM', { trust: TRUST });
    mllp = await MllpClient.connect(mllpPort);
  });
  afterAll(async () => {
    mllp?.close();
    await gw.stop();
    await place.remove();
  });

  async function inboxCount(): Promise<number> {
    const [row] = await gw.gateway.db.query<{ count: string | number }>('SELECT count(*) AS count FROM inbox_messages');
    return Number(row!.count);
  }

  /** Each message is in the inbox byte for byte, and the inbox grew by at least the messages never sent before. */
  async function expectStored(messages: readonly Buffer[], countBefore: number): Promise<void> {
    const digests = messages.map(sha256);
    const rows = await gw.gateway.db.query<{ sha: string; body: Uint8Array }>(
      `SELECT encode(body_sha256, 'hex') AS sha, body FROM inbox_messages WHERE encode(body_sha256, 'hex') = ANY($1::text[])`,
      [digests],
    );
    messages.forEach((bytes, i) => {
      const row = rows.find((r) => r.sha === digests[i]);
      expect(row && Buffer.from(row.body).equals(bytes)).toBe(true);
    });
    const fresh = new Set(digests.filter((digest) => !sent.has(digest)));
    expect(await inboxCount()).toBeGreaterThanOrEqual(countBefore + fresh.size);
    for (const digest of digests) sent.add(digest);
  }

  function assertOptions(runs: number): { numRuns: number; seed?: number } {
    return { numRuns: runs, ...(SEED === undefined ? {} : { seed: SEED }) };
  }

  /** What a body's messages are: the pieces of a batch, or the whole body as one refused message when it holds none. */
  function hl7MessagesOf(body: Buffer): Buffer[] {
    const pieces = splitHl7Batch(body);
    return pieces.length > 0 ? pieces : [body];
  }

  /** A body of one to three mutated messages, in a batch envelope or not. */
  const hl7Body = fc.record({ messages: fc.array(mutated(HL7_SEEDS), { minLength: 1, maxLength: 3 }), batch: fc.boolean() });

  test(`HL7 v2 over HTTP: ${RUNS.hl7Http} mutated bodies, each answered with an ACK per message and stored`, async () => {
    await fc.assert(
      fc.asyncProperty(hl7Body, async ({ messages, batch }) => {
        const body = Buffer.concat(messages.map((m) => bytesOf(m, HL7_SEEDS, 'hl7')));
        const sent = batch ? Buffer.concat([Buffer.from('FHS|^~\\&\rBHS|^~\\&\r'), body, Buffer.from('BTS|1\rFTS|1\r')]) : body;
        const before = await inboxCount();
        const reply = await postHl7(gw.url, token, sent);
        expect(reply.status).toBeLessThan(500);
        const stored = hl7MessagesOf(sent);
        expect(reply.acks.map((ack) => ['AA', 'AE', 'AR'].includes(ack.code))).toEqual(stored.map(() => true));
        await expectStored(stored, before);
      }),
      assertOptions(RUNS.hl7Http),
    );
  }, timeoutFor(RUNS.hl7Http));

  test(`HL7 v2 over MLLP: ${RUNS.mllp} batches of mutated frames on one connection, each frame ACKed and stored`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutated(HL7_SEEDS), { minLength: 1, maxLength: 3 }), async (cases) => {
        // A frame cannot hold MLLP's own start and end bytes (VT 0x0B, FS 0x1C) by definition: each becomes a space.
        const frames = cases.map((m) => Buffer.from(bytesOf(m, HL7_SEEDS, 'hl7').map((byte) => (byte === 0x0b || byte === 0x1c ? 0x20 : byte))));
        const before = await inboxCount();
        await mllp.write(Buffer.concat(frames.map(mllpFrame)));
        mllpAcks += frames.length;
        const acks = await mllp.acksReceived(mllpAcks);
        expect(acks.slice(-frames.length).map((ack) => ['AA', 'AE', 'AR'].includes(ack.code))).toEqual(frames.map(() => true));
        expect(mllp.socket.destroyed).toBe(false);
        await expectStored(frames, before);
      }),
      assertOptions(RUNS.mllp),
    );
    // Still the same connection, still taking messages.
    await mllp.write(mllpFrame(message(msh('A28', { 10: 'FUZZ-AFTER' }), evn('A28'), PID)));
    expect((await mllp.acksReceived(mllpAcks + 1)).at(-1)).toMatchObject({ code: 'AA', acknowledges: 'FUZZ-AFTER' });
  }, timeoutFor(RUNS.mllp));

  test.each([
    ['json', RUNS.fhirJson],
    ['xml', RUNS.fhirXml],
  ] as const)('FHIR %s over HTTP: %i mutated messages, each answered with an OperationOutcome and stored', async (format, runs) => {
    await fc.assert(
      fc.asyncProperty(mutated(FHIR_SEEDS[format]), async (m) => {
        const body = bytesOf(m, FHIR_SEEDS[format], format);
        const before = await inboxCount();
        const response = await fetch(`${gw.url}/feeds/fhir`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': `application/fhir+${format}` },
          body,
        });
        const text = await response.text();
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('content-type')).toContain(`application/fhir+${format}`);
        if (format === 'json') expect(JSON.parse(text)).toMatchObject({ resourceType: 'OperationOutcome' });
        else expect(text).toContain('<OperationOutcome xmlns="http://hl7.org/fhir">');
        await expectStored([body], before);
      }),
      assertOptions(runs),
    );
  }, timeoutFor(Math.max(RUNS.fhirJson, RUNS.fhirXml)));

  test('afterwards the gateway is ready and the MLLP connection is still open', async () => {
    expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
    expect(mllp.socket.destroyed).toBe(false);
  });
});
