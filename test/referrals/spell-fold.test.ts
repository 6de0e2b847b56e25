import fc from 'fast-check';
import type { SpellEvent, SpellEventKind } from '../../src/referrals/discharge-message.js';
import { foldSpell, type FoldableEvent } from '../../src/referrals/spell-fold.js';

const KINDS: SpellEventKind[] = [
  'ADMITTED',
  'REFERRED',
  'DISCHARGE_PLANNED',
  'DISCHARGE_PLAN_CANCELLED',
  'DISCHARGED',
  'DISCHARGE_CANCELLED',
  'ADMISSION_CANCELLED',
  'WITHDRAWN',
  'UPDATED',
  'TRANSFERRED',
];

function at(hour: number): string {
  return new Date(Date.UTC(2026, 10, 20, hour)).toISOString();
}

function event(kind: SpellEventKind, hour: number, details: SpellEvent['details'] = {}, id = `${kind}-${hour}`): FoldableEvent {
  return { messageId: id, sentAt: at(hour), tieBreak: id, event: { spellId: 'S1', kind, occurredAt: at(hour), details, reason: null } };
}

/** An event the PAS recorded (EVN-2) at `recordedHour`, reporting `hour` as when it happened. */
function recorded(kind: SpellEventKind, hour: number, recordedHour: number, details: SpellEvent['details'] = {}, id = `${kind}-${hour}-${recordedHour}`): FoldableEvent {
  const made = event(kind, hour, details, id);
  return { ...made, sentAt: at(recordedHour), event: { ...made.event, recordedAt: at(recordedHour) } };
}

const anEvent = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    hour: fc.integer({ min: 0, max: 48 }),
    sentLag: fc.integer({ min: 0, max: 3 }),
    ward: fc.option(fc.constantFrom('WARD1', 'WARD2'), { nil: undefined }),
    readyDay: fc.option(fc.constantFrom('2026-11-21', '2026-11-23'), { nil: undefined }),
  })
  .map(({ kind, hour, sentLag, ward, readyDay }) => ({ kind, hour, sentLag, ward, readyDay }));

describe('the spell fold', () => {
  test('any permutation of a spell\'s events ends in the same state (property)', () => {
    fc.assert(
      fc.property(fc.array(anEvent, { minLength: 1, maxLength: 8 }), fc.nat(), (drawn, seed) => {
        const events = drawn.map((e, i) =>
          recorded(e.kind, e.hour, e.hour + e.sentLag, { ward: e.ward, dischargeReadyOn: e.readyDay, dischargedAt: e.kind === 'DISCHARGED' ? at(e.hour) : undefined }, `m${i}`),
        );
        const shuffled = [...events].sort((a, b) => ((hash(a.messageId, seed) - hash(b.messageId, seed)) | 0));
        expect(foldSpell(shuffled)).toEqual(foldSpell(events));
      }),
      { numRuns: 500 },
    );
  });

  test('a discharge, its cancel and a re-discharge end discharged at the second time, whatever the order', () => {
    const first = event('DISCHARGED', 10, { dischargedAt: at(10), dischargeMethod: '1: clinical advice' }, 'a03-1');
    const cancel = { ...event('DISCHARGE_CANCELLED', 10, {}, 'a13'), sentAt: at(11) };
    const second = event('DISCHARGED', 12, { dischargedAt: at(12) }, 'a03-2');
    for (const order of permutations([first, cancel, second])) {
      expect(foldSpell(order)).toMatchObject({ opened: true, dischargedAt: at(12), parkedMessageIds: [], correctionMessageIds: [] });
    }
  });

  describe('corrections: of two messages about one event, the later recorded stands', () => {
    test('a second A03 recorded later with an earlier discharge time corrects the first, whatever the arrival order', () => {
      const stale = recorded('DISCHARGED', 12, 12, { dischargedAt: at(12), dischargeMethod: '1: clinical advice' }, 'a03');
      const fix = recorded('DISCHARGED', 11, 13, { dischargedAt: at(11) }, 'a03-fix');
      for (const order of permutations([stale, fix])) {
        expect(foldSpell(order)).toMatchObject({ dischargedAt: at(11), dischargeMethod: '1: clinical advice', correctionMessageIds: ['a03-fix'] });
      }
    });

    test('an A08 recorded later restates the spell even when its event time is earlier', () => {
      const first = recorded('UPDATED', 10, 10, { ward: 'WARD1' }, 'a08-1');
      const second = recorded('UPDATED', 9, 11, { ward: 'WARD2' }, 'a08-2');
      expect(foldSpell([second, first])).toMatchObject({ ward: 'WARD2', correctionMessageIds: ['a08-2'] });
    });

    test('two transfers are two moves: a back-dated one recorded later does not move the person back', () => {
      const latest = recorded('TRANSFERRED', 10, 10, { ward: 'WARD-X' }, 'a02-1');
      const backDated = recorded('TRANSFERRED', 9, 11, { ward: 'WARD-Y' }, 'a02-2');
      expect(foldSpell([latest, backDated])).toMatchObject({ ward: 'WARD-X', correctionMessageIds: [] });
    });

    test('a correction takes the corrected event\'s place, not the end of the spell', () => {
      const admitted = recorded('ADMITTED', 8, 8, { admittedAt: at(8), ward: 'AMU' }, 'a01');
      const moved = recorded('TRANSFERRED', 10, 10, { ward: 'WARD7' }, 'a02');
      const fixedAdmission = recorded('ADMITTED', 7, 14, { admittedAt: at(7), ward: 'AMU' }, 'a01-fix');
      expect(foldSpell([admitted, moved, fixedAdmission])).toMatchObject({ admittedAt: at(7), ward: 'WARD7', correctionMessageIds: ['a01-fix'] });
    });

    test('an event of the same kind recorded after a cancel of it is a new event after the cancel, not a correction', () => {
      const first = recorded('DISCHARGED', 12, 12, { dischargedAt: at(12) }, 'a03-1');
      const cancel = recorded('DISCHARGE_CANCELLED', 12, 13, {}, 'a13');
      const again = recorded('DISCHARGED', 11, 14, { dischargedAt: at(11) }, 'a03-2');
      for (const order of permutations([first, cancel, again])) {
        expect(foldSpell(order)).toMatchObject({ dischargedAt: at(11), correctionMessageIds: [], parkedMessageIds: [] });
      }
    });

    test('a cancel recorded after what it cancels cancels it, whatever time it reports', () => {
      const discharged = recorded('DISCHARGED', 12, 12, { dischargedAt: at(12) }, 'a03');
      const cancel = recorded('DISCHARGE_CANCELLED', 10, 13, {}, 'a13');
      expect(foldSpell([cancel, discharged])).toMatchObject({ dischargedAt: null, parkedMessageIds: [] });
    });

    test('without EVN-2 the message time decides which was recorded later', () => {
      const stale = event('DISCHARGED', 12, { dischargedAt: at(12) }, 'a03');
      const fix = { ...event('DISCHARGED', 11, { dischargedAt: at(11) }, 'a03-fix'), sentAt: at(13) };
      expect(foldSpell([fix, stale])).toMatchObject({ dischargedAt: at(11), correctionMessageIds: ['a03-fix'] });
    });
  });

  test('a cancel of something never seen is parked, and applies once what it cancels arrives', () => {
    const cancel = { ...event('DISCHARGE_CANCELLED', 10, {}, 'a13'), sentAt: at(11) };
    expect(foldSpell([cancel])).toMatchObject({ opened: false, parkedMessageIds: ['a13'] });
    const discharge = event('DISCHARGED', 10, { dischargedAt: at(10) }, 'a03');
    expect(foldSpell([cancel, discharge])).toMatchObject({ opened: true, dischargedAt: null, parkedMessageIds: [] });
  });

  test('a cancelled admission withdraws; a later admission re-opens; the latest ready date wins', () => {
    const state = foldSpell([
      event('ADMITTED', 1),
      event('DISCHARGE_PLANNED', 2, { dischargeReadyOn: '2026-11-22', expectedDischargeOn: '2026-11-23' }),
      event('ADMISSION_CANCELLED', 3),
    ]);
    expect(state).toMatchObject({ withdrawn: true, dischargeReadyOn: '2026-11-22', expectedDischargeOn: '2026-11-23' });
    const reopened = foldSpell([event('ADMITTED', 1), event('ADMISSION_CANCELLED', 3), event('ADMITTED', 4), event('DISCHARGE_PLANNED', 5, { dischargeReadyOn: '2026-11-25' })]);
    expect(reopened).toMatchObject({ withdrawn: false, dischargeReadyOn: '2026-11-25', admittedAt: at(4) });
  });

  test('an A25 cancels a planned discharge that named no day, and "" clears a day', () => {
    expect(foldSpell([event('DISCHARGE_PLANNED', 1), event('DISCHARGE_PLAN_CANCELLED', 2, {}, 'a25')])).toMatchObject({ dischargePlanned: false, parkedMessageIds: [] });
    expect(foldSpell([event('DISCHARGE_PLAN_CANCELLED', 2, {}, 'a25'), event('ADMITTED', 1)])).toMatchObject({ parkedMessageIds: ['a25'] });
    const cleared = foldSpell([event('DISCHARGE_PLANNED', 1, { dischargeReadyOn: '2026-11-22' }), event('UPDATED', 2, { dischargeReadyOn: null })]);
    expect(cleared.dischargeReadyOn).toBeNull();
  });

  test('a cancelled planned discharge clears the expected date; method and destination come only with a discharge', () => {
    const state = foldSpell([
      event('DISCHARGE_PLANNED', 1, { expectedDischargeOn: '2026-11-22' }),
      event('DISCHARGE_PLAN_CANCELLED', 2),
      event('UPDATED', 3, { dischargeMethod: 'ignored', ward: 'WARD3' }),
    ]);
    expect(state).toMatchObject({ expectedDischargeOn: null, dischargeMethod: null, ward: 'WARD3' });
  });
});

function hash(text: string, seed: number): number {
  let h = seed | 0;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 2654435761);
  return h;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
