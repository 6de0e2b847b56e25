import { renewForEvent, type GatewayContext } from '../../../src/server/request/context.js';

const subscriberContext = () => ({ repositories: {}, careRecordSystems: [] }) as unknown as GatewayContext;

describe('renewForEvent', () => {
  test("the subscribers hearing one event share its loaders, each with an audit trail of its own", () => {
    const event = { kind: 'referral.changed' };
    const [first, second] = [subscriberContext(), subscriberContext()];
    renewForEvent(first, event);
    renewForEvent(second, event);
    expect(second.loaders).toBe(first.loaders);
    expect(second.auditTrail).not.toBe(first.auditTrail);
  });

  test('the next event, or a tick that is no event, reads afresh', () => {
    const ctx = subscriberContext();
    renewForEvent(ctx, { kind: 'referral.changed' });
    const before = ctx.loaders;
    renewForEvent(ctx, { kind: 'referral.changed' });
    expect(ctx.loaders).not.toBe(before);
    const again = ctx.loaders;
    renewForEvent(ctx);
    expect(ctx.loaders).not.toBe(again);
  });
});
