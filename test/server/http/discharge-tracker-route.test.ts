import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import type { TokenVerifier } from '../../../src/auth/token-verifier.js';
import type { Database } from '../../../src/store/database.js';
import { handleDischargeTracker } from '../../../src/server/http/discharge-tracker-route.js';

const PERSON = '00000000-0000-4000-8000-0000000000c1';

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
    const verifier = { verify: async () => ({ subject: 'c', name: null, role: 'HUB_COORDINATOR', trustOdsCode: null }) } as unknown as TokenVerifier;
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
