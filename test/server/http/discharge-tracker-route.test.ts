import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { TokenVerifier } from '../../../src/auth/token-verifier.js';
import type { Database } from '../../../src/store/database.js';
import { handleDischargeTracker } from '../../../src/server/http/discharge-tracker-route.js';

const PERSON = '00000000-0000-4000-8000-0000000000c1';

const VIEWER = { subject: 'c', name: null, role: 'HUB_COORDINATOR', trustOdsCode: null };
const ROW = {
  id: '00000000-0000-4000-8000-000000000001', customer_id: PERSON, received_at: new Date('2026-06-09T10:00:00Z'), source: 'GP',
  referring_trust_ods_code: null, trust_name: null, ward: null, nhs_number: '9990000018', given_name: 'Ada', family_name: 'Tester',
  date_of_birth: '1938-02-14', postcode: null, pathway: null, priority: null, status: 'RECEIVED', expected_discharge_on: null,
  discharge_ready_on: null, discharged_at: null, triaged_by: null, triaged_at: null, decision: null, decided_at: null, ended_at: null,
  assigned_team: null, assigned_worker: null, equipment_orders: 0, equipment_statuses: null, onward_referrals: 0, onward_statuses: null,
};

describe('a discharge tracker export whose client goes away', () => {
  it.each(['csv', 'xlsx'] as const)('stops reading the tracker (%s) when the client disconnects, however many rows remain', async (format) => {
    let pagesRead = 0;
    // A tracker without end: every page is full, so only the client leaving can stop the reading.
    const db = {
      async query(text: string, params: unknown[]) {
        if (text.includes('SELECT DISTINCT')) return [{ customer_id: PERSON }];
        if (!text.includes('LATERAL')) return [];
        pagesRead++;
        return Array.from({ length: params[params.length - 1] as number }, () => ROW);
      },
    } as unknown as Database;
    const verifier = { verify: async () => VIEWER } as unknown as TokenVerifier;
    let handled!: Promise<void>;
    const server = createServer((req, res) => {
      handled = handleDischargeTracker({ verifier, db, logger: pino({ level: 'silent' }) }, format, req, res, { requestId: 'r-2', url: new URL(`http://gateway${req.url}`) });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await new Promise<void>((resolve) => {
        const request = get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/reports/discharge-tracker.${format}`, (response) => {
          response.once('data', () => {
            request.destroy();
            resolve();
          });
        });
      });
      await handled;
      const afterLeaving = pagesRead;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(pagesRead).toBe(afterLeaving);
      // Some pages go before the client's leave is seen (the loopback socket's kernel buffer takes megabytes); none after.
      expect(pagesRead).toBeLessThan(500);
    } finally {
      server.close();
    }
  }, 30_000);
});

describe('a discharge tracker export never waits for a client that has gone', () => {
  /** A tracker without end, whose first query (the people to audit) takes `auditDelayMs`. */
  function endlessStore(auditDelayMs: number) {
    const read = { pages: 0 };
    const db = {
      async query(text: string, params: unknown[]) {
        if (text.includes('SELECT DISTINCT')) {
          await new Promise((resolve) => setTimeout(resolve, auditDelayMs));
          return [{ customer_id: PERSON }];
        }
        if (!text.includes('LATERAL')) return [];
        read.pages++;
        return Array.from({ length: params[params.length - 1] as number }, () => ROW);
      },
    } as unknown as Database;
    return { db, read };
  }

  async function serve(db: Database, format: 'csv' | 'xlsx', client: (url: string) => Promise<void>): Promise<void> {
    const verifier = { verify: async () => VIEWER } as unknown as TokenVerifier;
    let handled!: Promise<void>;
    const server = createServer((req, res) => {
      handled = handleDischargeTracker({ verifier, db, logger: pino({ level: 'silent' }) }, format, req, res, { requestId: 'r-3', url: new URL(`http://gateway${req.url}`) });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await client(`http://127.0.0.1:${(server.address() as AddressInfo).port}/reports/discharge-tracker.${format}`);
      // The handler must end on its own: a wait for a client that left would hold it (and its memory) for ever.
      await Promise.race([handled, new Promise((_, reject) => setTimeout(() => reject(new Error('the export is still waiting for a client that left')), 5_000))]);
    } finally {
      server.close();
    }
  }

  it.each(['csv', 'xlsx'] as const)('a client that leaves while the export is being audited (%s): nothing of the tracker is read', async (format) => {
    const { db, read } = endlessStore(300);
    await serve(db, format, async (url) => {
      const request = get(url);
      request.on('error', () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      request.destroy();
    });
    expect(read.pages).toBe(0);
  }, 30_000);

  it.each(['csv', 'xlsx'] as const)('a client that stops reading, then leaves (%s): the export ends', async (format) => {
    const { db, read } = endlessStore(0);
    await serve(db, format, async (url) => {
      const request = get(url, (response) => response.pause());
      request.on('error', () => undefined);
      // Long enough for every buffer between the export and the paused client to fill.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      request.destroy();
    });
    const afterLeaving = read.pages;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(read.pages).toBe(afterLeaving);
  }, 30_000);
});

describe('the discharge tracker export when the audit cannot be written', () => {
  it('answers 503 AUDIT_UNAVAILABLE and reads and sends nothing of the tracker', async () => {
    const statements: string[] = [];
    const db = {
      async query(text: string) {
        statements.push(text);
        if (text.includes('INSERT INTO audit_events')) throw new Error('audit partition unavailable');
        return [{ customer_id: PERSON }];
      },
    } as unknown as Database;
    const verifier = { verify: async () => VIEWER } as unknown as TokenVerifier;
    const written: unknown[] = [];
    const res = {
      write: (chunk: unknown) => written.push(chunk),
      writeHead: (status: number) => written.push(status),
      setHeader: (name: string) => written.push(name),
      once: () => undefined,
    } as unknown as ServerResponse;
    const request = { requestId: 'r-1', url: new URL('http://gateway/reports/discharge-tracker.csv?status=ACCEPTED') };

    await expect(handleDischargeTracker({ verifier, db, logger: pino({ level: 'silent' }) }, 'csv', { headers: {} } as IncomingMessage, res, request)).rejects.toMatchObject({
      status: 503,
      code: 'AUDIT_UNAVAILABLE',
    });
    expect(written).toEqual([]);
    // The people were listed to audit them; no row of the tracker itself was read.
    expect(statements.some((text) => text.includes('SELECT DISTINCT r.customer_id'))).toBe(true);
    expect(statements.some((text) => text.includes('LATERAL'))).toBe(false);
  });
});
