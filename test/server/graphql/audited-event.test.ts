import pino from 'pino';
import { AuditTrail } from '../../../src/audit/audit-trail.js';
import { AUDIT_UNAVAILABLE_EVENT, auditedEvent } from '../../../src/server/graphql/audited-event.js';
import type { GatewayContext } from '../../../src/server/request/context.js';

function contextWith(record: (looks: unknown[]) => Promise<void>, noted: string[]): GatewayContext {
  const auditTrail = new AuditTrail();
  for (const customerId of noted) auditTrail.noteRead(customerId);
  return {
    auditTrail,
    requestId: 'req-live',
    viewer: { subject: 's', name: null, role: 'HUB_COORDINATOR', trustOdsCode: null },
    now: () => new Date('2026-12-01T10:00:00Z'),
    eventAudit: { record },
  } as unknown as GatewayContext;
}

const event = { data: { referralChanged: { changes: ['RECEIVED'] } } };
const silent = pino({ level: 'silent' });

describe('auditedEvent', () => {
  test("writes the event's looks, then lets it through", async () => {
    const written: unknown[][] = [];
    const result = await auditedEvent(contextWith(async (looks) => void written.push(looks), ['c1']), undefined, event, silent);
    expect(result).toEqual(event);
    expect(written).toHaveLength(1);
    expect(written[0]).toEqual([expect.objectContaining({ action: 'READ', customerIds: ['c1'], requestId: 'req-live' })]);
  });

  test('withholds the event when its looks cannot be written', async () => {
    const failing = contextWith(async () => {
      throw new Error('store down');
    }, ['c1']);
    expect(await auditedEvent(failing, undefined, event, silent)).toEqual(AUDIT_UNAVAILABLE_EVENT);
  });

  test('an event that showed nobody writes nothing', async () => {
    let calls = 0;
    expect(await auditedEvent(contextWith(async () => void calls++, []), undefined, event, silent)).toEqual(event);
    expect(calls).toBe(0);
  });
});
