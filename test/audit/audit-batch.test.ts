import { AuditBatch } from '../../src/audit/audit-batch.js';
import type { AuditLook } from '../../src/audit/audit-log.js';

const look = (customerId: string): AuditLook => ({
  at: new Date('2026-12-01T10:00:00Z'),
  requestId: `req-${customerId}`,
  viewer: { subject: 's', name: null, role: 'HUB_COORDINATOR', trustOdsCode: null },
  operation: 'subscription',
  action: 'READ',
  purpose: 'CASEWORK',
  customerIds: [customerId],
});

describe('AuditBatch', () => {
  test('looks recorded in the same turn are one write, and each caller hears when it is done', async () => {
    const writes: string[][] = [];
    const batch = new AuditBatch(async (looks) => void writes.push(looks.map((each) => each.customerIds[0]!)));
    await Promise.all([batch.record([look('a')]), batch.record([look('b'), look('c')]), batch.record([look('d')])]);
    expect(writes).toEqual([['a', 'b', 'c', 'd']]);
    await batch.record([look('e')]);
    expect(writes).toEqual([['a', 'b', 'c', 'd'], ['e']]);
  });

  test("a failed write fails every caller whose looks were in it, and the next turn's write goes ahead", async () => {
    let fail = true;
    const batch = new AuditBatch(async () => {
      if (fail) throw new Error('store down');
    });
    const results = await Promise.allSettled([batch.record([look('a')]), batch.record([look('b')])]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batch.record([look('c')])).resolves.toBeUndefined();
  });

  test("a large turn is split between writes, never within one caller's looks", async () => {
    const sizes: number[] = [];
    const batch = new AuditBatch(async (looks) => void sizes.push(looks.length));
    const callers = Array.from({ length: 7 }, (_, i) => batch.record(Array.from({ length: 100 }, (__, j) => look(`${i}-${j}`))));
    await Promise.all(callers);
    expect(sizes).toEqual([500, 200]);
  });
});
