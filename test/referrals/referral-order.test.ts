/**
 * The referral list's orders as SQL and cursors, without a store: what a
 * cursor holds, what it refuses, and the keyset condition for a null key.
 */
import type { ReferralOrder } from '../../src/generated/graphql.js';
import { afterPositionSql, isReferralPosition, orderBySql, positionIn, referralPosition } from '../../src/referrals/referral-order.js';
import type { ReferralRecord } from '../../src/referrals/referral.js';

const ID = '0b9f1a52-5a3c-4d6e-9b1f-2c3d4e5f6a7b';
const referral = {
  id: ID,
  receivedAt: new Date('2026-11-20T08:15:00.123Z'),
  updatedAt: new Date('2026-11-21T10:00:00.000Z'),
  expectedDischargeOn: null,
  priority: 'URGENT',
} as unknown as ReferralRecord;
const render = (fragment: ReturnType<typeof afterPositionSql>) => fragment.render(() => '?');

describe('referral orders', () => {
  test('a cursor holds its order, the key the edge shows, and the id; a missing key is empty', () => {
    expect(referralPosition({ field: 'RECEIVED', direction: 'DESC' }, referral)).toBe(`RECEIVED/DESC/2026-11-20T08:15:00.123Z/${ID}`);
    expect(referralPosition({ field: 'PRIORITY', direction: 'ASC' }, referral)).toBe(`PRIORITY/ASC/URGENT/${ID}`);
    expect(referralPosition({ field: 'EXPECTED_DISCHARGE', direction: 'ASC' }, referral)).toBe(`EXPECTED_DISCHARGE/ASC//${ID}`);
  });

  test.each([
    [`RECEIVED/DESC//${ID}`, 'a never-null key left empty'],
    [`RECEIVED/DESC/2026-11-20T08:15:00Z/${ID}`, 'an instant not as the list writes it'],
    [`EXPECTED_DISCHARGE/ASC/2026-02-29/${ID}`, 'a day that does not exist'],
    [`PRIORITY/ASC/LOW/${ID}`, 'no such priority'],
    [`PRIORITY/UP/URGENT/${ID}`, 'no such direction'],
    [`PRIORITY/ASC/URGENT/${ID.toUpperCase()}`, 'an id not as the gateway writes it'],
    [ID, 'an id alone'],
  ])('%s is no position (%s)', (position) => {
    expect(isReferralPosition(position)).toBe(false);
  });

  test('a position used with another order is refused, naming both', () => {
    const asked: ReferralOrder = { field: 'PRIORITY', direction: 'ASC' };
    expect(() => positionIn(asked, `PRIORITY/DESC/URGENT/${ID}`)).toThrow('ordered by PRIORITY DESC, not PRIORITY ASC');
    expect(positionIn(asked, `PRIORITY/ASC/URGENT/${ID}`)).toEqual({ order: asked, key: 'URGENT', id: ID });
  });

  test('nullable keys sort nulls last both ways; after a null only later nulls follow', () => {
    expect(orderBySql({ field: 'EXPECTED_DISCHARGE', direction: 'DESC' })).toBe('ORDER BY expected_discharge_on DESC NULLS LAST, id DESC');
    expect(orderBySql({ field: 'RECEIVED', direction: 'ASC' })).toBe('ORDER BY received_at ASC, id ASC');
    const order: ReferralOrder = { field: 'EXPECTED_DISCHARGE', direction: 'ASC' };
    expect(render(afterPositionSql({ order, key: null, id: ID }))).toBe('(expected_discharge_on IS NULL AND id > ?::uuid)');
    expect(render(afterPositionSql({ order, key: '2026-11-30', id: ID }))).toBe(
      '((expected_discharge_on, id) > (?::date, ?::uuid) OR expected_discharge_on IS NULL)',
    );
    expect(render(afterPositionSql({ order: { field: 'UPDATED', direction: 'DESC' }, key: '2026-11-21T10:00:00.000Z', id: ID }))).toBe(
      '(updated_at, id) < (?::timestamptz, ?::uuid)',
    );
  });
});
