/**
 * The discharge tracker's exports end to end: the real gateway over HTTP on
 * the seeded hub. The CSV and the XLSX for a period hold the referrals the
 * hub's own list shows for it; the XLSX, read back by an independent reader
 * (Debian's openpyxl, as a child process), has the CSV's rows with real
 * numbers and dates, a bold frozen header and an autofilter; the export is
 * one EXPORT look naming everyone in it. A hospital team is refused, a
 * stranger unauthenticated, a bad parameter named. On both stores.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TRACKER_COLUMNS, type TrackerRow } from '../../src/referrals/discharge-tracker.js';
import { ukDayOf, ukWallClockToUtc } from '../../src/time/uk-time.js';
import { jsonOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestStorePlace, describeEachStore, type TestStorePlace } from '../support/stores.js';

const PYTHON = '/usr/bin/python3';
const READER = join(import.meta.dirname, '../support/read-spreadsheets.py');
const DAY_MS = 86_400_000;

function hasOpenpyxl(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import openpyxl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const OPENPYXL = hasOpenpyxl();
if (!OPENPYXL) console.warn(`${PYTHON} has no openpyxl (Debian's python3-openpyxl): the XLSX read-back test is skipped`);

interface Read {
  csv: string[][];
  xlsx: (string | number | { date: string } | null)[][];
  frozen: string | null;
  autoFilter: string | null;
  headerBold: boolean;
}

describeEachStore('discharge tracker exports end to end', (kind) => {
  let place: TestStorePlace;
  let gw: TestGateway;
  let coordinator: string;
  let files: string;
  const today = ukDayOf(new Date());
  const from = ukDayOf(Date.now() - 60 * DAY_MS);
  const period = `from=${from}&to=${today}`;

  beforeAll(async () => {
    place = await createTestStorePlace(kind);
    gw = await startTestGateway(place);
    coordinator = await gw.token('HUB_COORDINATOR', { subject: 'tracker-coordinator' });
    files = await mkdtemp(join(tmpdir(), 'tracker-'));
  }, 90_000);
  afterAll(async () => {
    await gw?.stop();
    await place?.remove();
    if (files) await rm(files, { recursive: true, force: true });
  });

  const get = (path: string, token: string | null = coordinator) =>
    fetch(`${gw.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  /** The hub's own list of the period's referrals, as the GraphQL API gives it: what the tracker should hold. */
  async function listedForPeriod() {
    const since = new Date(ukWallClockToUtc(Date.parse(from))).toISOString();
    const before = new Date(ukWallClockToUtc(Date.parse(today) + DAY_MS)).toISOString();
    const listed = await gw.graphql<any>(
      `query($since: DateTime, $before: DateTime) { referrals(filter: { receivedSince: $since, receivedBefore: $before }, first: 2000) {
         edges { node { status receivedAt customer { id nhsNumber } } } } }`,
      { since, before },
      coordinator,
    );
    expect(listed.body.errors).toBeUndefined();
    return listed.body.data.referrals.edges.map((edge: any) => edge.node) as {
      status: string;
      receivedAt: string;
      customer: { id: string; nhsNumber: string | null };
    }[];
  }

  async function readBack(csv: Buffer, xlsx: Buffer): Promise<Read> {
    const csvPath = join(files, 'tracker.csv');
    const xlsxPath = join(files, 'tracker.xlsx');
    await writeFile(csvPath, csv);
    await writeFile(xlsxPath, xlsx);
    const { stdout } = await promisify(execFile)(PYTHON, [READER, csvPath, xlsxPath], { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as Read;
  }

  it('exports the period as CSV and XLSX with the same rows, types and dates, audited as one EXPORT of everyone in it', async () => {
    const listed = await listedForPeriod();
    expect(listed.length).toBeGreaterThan(0);
    const csvResponse = await get(`/reports/discharge-tracker.csv?${period}`);
    expect(csvResponse.status).toBe(200);
    expect(csvResponse.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csvResponse.headers.get('content-disposition')).toBe(`attachment; filename="discharge-tracker_${from}-to-${today}.csv"`);
    expect(csvResponse.headers.get('cache-control')).toBe('no-store');
    const csv = Buffer.from(await csvResponse.arrayBuffer());
    const xlsxResponse = await get(`/reports/discharge-tracker.xlsx?${period}`);
    expect(xlsxResponse.status).toBe(200);
    expect(xlsxResponse.headers.get('content-disposition')).toBe(`attachment; filename="discharge-tracker_${from}-to-${today}.xlsx"`);
    const xlsx = Buffer.from(await xlsxResponse.arrayBuffer());
    if (!OPENPYXL) return;

    const read = await readBack(csv, xlsx);
    const headers = TRACKER_COLUMNS.map((column) => column.header);
    expect(read.csv[0]).toEqual(headers);
    const rows = read.csv.slice(1);
    // The same referrals the hub's list shows for the period: their people, statuses and days.
    const column = (name: string) => headers.indexOf(name);
    const summary = (nhs: string | null, status: string, day: string) => `${nhs ?? ''}|${status}|${day}`;
    expect(rows.map((row) => summary(row[column('NHS number')]!, row[column('Status')]!, row[column('Date received')]!)).sort()).toEqual(
      listed.map((referral) => summary(referral.customer.nhsNumber, referral.status, ukDayOf(new Date(referral.receivedAt)))).sort(),
    );
    for (const row of rows) expect(row[column('Date received')]! >= from && row[column('Date received')]! <= today).toBe(true);

    // The XLSX: the CSV's rows, each cell of its column's type.
    expect(read.xlsx[0]).toEqual(headers);
    expect(read.xlsx.length).toBe(read.csv.length);
    const asCsv = (value: Read['xlsx'][number][number], kind: string) => {
      if (value === null) return '';
      if (typeof value === 'object') return kind === 'date' ? value.date.slice(0, 10) : value.date.slice(0, 16).replace('T', ' ');
      return String(value);
    };
    read.xlsx.slice(1).forEach((row, r) => {
      row.forEach((value, c) => {
        const { kind: cellKind } = TRACKER_COLUMNS[c]!;
        if (value !== null) {
          if (cellKind === 'date' || cellKind === 'datetime') expect(value).toEqual({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00$/) });
          else expect(typeof value).toBe(cellKind === 'number' ? 'number' : 'string');
        }
        expect(asCsv(value, cellKind)).toBe(rows[r]![c]);
      });
    });
    expect(rows.some((row) => row[column('Delay days')] !== '')).toBe(true);
    expect(read.frozen).toBe('A2');
    expect(read.autoFilter).toBe(`A1:Z${read.xlsx.length}`);
    expect(read.headerBold).toBe(true);

    // Each export is one look naming every person in it.
    const admin = await gw.token('ADMIN');
    const events: { lookId: string; operation: string; purpose: string; customerId: string }[] = [];
    for (let after: string | null = null, more = true; more; ) {
      const audit: any = await gw.graphql<any>(
        `query($after: String) { auditEvents(filter: { action: EXPORT, actor: "tracker-coordinator" }, first: 500, after: $after) {
           edges { node { lookId operation purpose customerId } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        admin,
      );
      expect(audit.body.errors).toBeUndefined();
      events.push(...audit.body.data.auditEvents.edges.map((edge: any) => edge.node));
      ({ hasNextPage: more, endCursor: after } = audit.body.data.auditEvents.pageInfo);
    }
    const people = [...new Set(listed.map((referral) => referral.customer.id))].sort();
    for (const operation of ['dischargeTracker.csv', 'dischargeTracker.xlsx']) {
      const look = events.filter((event) => event.operation === operation);
      expect(new Set(look.map((event) => event.lookId)).size).toBe(1);
      expect(look.every((event) => event.purpose === 'CASEWORK')).toBe(true);
      expect(look.map((event) => event.customerId).sort()).toEqual(people);
    }
  }, 90_000);

  it('pages the same rows as the CSV through GraphQL (dischargeTracker), and refuses it to a hospital team', async () => {
    const csv = (await (await get(`/reports/discharge-tracker.csv?${period}&trust=R1B`)).text()).replace(/^\uFEFF/, '');
    const fields = 'id receivedOn source trustOdsCode trustName ward nhsNumber name dateOfBirth postcode pathway priority status expectedDischargeOn dischargeReadyOn dischargedOn delayDays triagedBy triagedAt decision decidedAt team worker equipmentOrders equipmentStatuses onwardReferrals onwardStatuses daysOpen';
    const query = `query($filter: DischargeTrackerFilter, $after: String) { dischargeTracker(filter: $filter, first: 7, after: $after) {
      totalCount edges { cursor node { ${fields} } } pageInfo { hasNextPage endCursor } } }`;
    const nodes: TrackerRow[] = [];
    let totalCount = -1;
    let pages = 0;
    for (let after: string | null = null, more = true; more; pages++) {
      const response: any = await gw.graphql<any>(query, { filter: { from, to: today, trustOdsCode: 'R1B' }, after }, coordinator);
      expect(response.body.errors).toBeUndefined();
      const connection = response.body.data.dischargeTracker;
      totalCount = connection.totalCount;
      nodes.push(...connection.edges.map((edge: any) => edge.node));
      ({ hasNextPage: more, endCursor: after } = connection.pageInfo);
    }
    expect(pages).toBeGreaterThan(1);
    expect(nodes.length).toBe(totalCount);
    // The CSV's cells, column by column, from the rows GraphQL gave (the seeded names hold no commas or quotes).
    const asCsv = (value: string | number | null) => (value === null ? '' : /[",]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));
    expect(nodes.map((node) => TRACKER_COLUMNS.map((column) => asCsv(column.value(node))).join(','))).toEqual(csv.trim().split('\r\n').slice(1));

    const hospital = await gw.graphql<any>('{ dischargeTracker(first: 1) { edges { node { name } } } }', undefined, await gw.token('HOSPITAL_DISCHARGE', { trust: 'R1B' }));
    expect(hospital.body.data).toBeNull();
    expect(hospital.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }, 90_000);

  it('filters by trust and status', async () => {
    const response = await get(`/reports/discharge-tracker.csv?trust=R1A&status=ACCEPTED`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="discharge-tracker_R1A_accepted_to-${today}.csv"`);
    const lines = (await response.text()).trim().split('\r\n').slice(1);
    expect(lines.length).toBeGreaterThan(0);
    const trust = TRACKER_COLUMNS.findIndex((column) => column.header === 'Trust');
    const status = TRACKER_COLUMNS.findIndex((column) => column.header === 'Status');
    // Seeded trust names have no commas, so a plain split finds the columns.
    for (const line of lines) {
      const cells = line.split(',');
      expect(cells[trust]).toMatch(/\(R1A\)$/);
      expect(cells[status]).toBe('ACCEPTED');
    }
  }, 90_000);

  it('refuses a hospital team (403), a caller without a token (401) and bad parameters (400), naming the parameter', async () => {
    const hospital = await get('/reports/discharge-tracker.csv', await gw.token('HOSPITAL_DISCHARGE', { trust: 'R1A' }));
    expect(hospital.status).toBe(403);
    expect(await jsonOf(hospital)).toEqual({ errors: [{ message: 'The HOSPITAL_DISCHARGE role may not read or export the discharge tracker', extensions: { code: 'FORBIDDEN' } }] });
    const feed = await get('/reports/discharge-tracker.xlsx', await gw.token('SYSTEM', { trust: 'R1A' }));
    expect(feed.status).toBe(403);

    const anonymous = await get('/reports/discharge-tracker.xlsx', null);
    expect(anonymous.status).toBe(401);
    expect((await jsonOf(anonymous)).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    for (const [query, parameter] of [
      ['from=2026-13-01', 'from'],
      ['to=yesterday', 'to'],
      ['from=2026-05-02&to=2026-05-01', 'to'],
      ['trust=r1a', 'trust'],
      ['status=OPEN', 'status'],
      ['ward=7', 'ward'],
      ['status=ACCEPTED&status=CLOSED', 'status'],
    ] as const) {
      const bad = await get(`/reports/discharge-tracker.csv?${query}`);
      expect(bad.status).toBe(400);
      const body = await jsonOf(bad);
      expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(body.errors[0].message).toContain(`"${parameter}" parameter`);
    }
  }, 90_000);
});
