/**
 * The guard around a record system, on jest's fake clock (cockatiel times
 * its timeout with setTimeout and its open breaker with Date.now): a call
 * past the timeout, the breaker opening after consecutive failures and
 * answering without calling the system, and the one trial call that
 * closes it again.
 */
import { jest } from '@jest/globals';
import {
  RecordSystemRefusalError,
  RecordSystemUnavailableError,
  type TeamReferral,
  type TeamReferralState,
  type CareRecord,
  type CareRecordContact,
  type CareRecordSystem,
} from '../../src/care-records/ports.js';
import { guardRecordSystem, type GuardOptions } from '../../src/care-records/guarded-record-system.js';
import { OutsideCallMetrics, type CallOutcome } from '../../src/metrics/outside-call-metrics.js';

const OPTIONS: GuardOptions = { timeoutMs: 1_000, breakAfter: 3, halfOpenAfterMs: 30_000 };

type Answer = 'ok' | 'down' | 'refuse' | 'hang';

interface RecordedCall {
  operation: string;
  signal: AbortSignal | undefined;
  /** For a call told to hang: answers it now. */
  settle?: (ok: boolean) => void;
}

/** A record system that answers as told, call by call, and records what it was asked. */
class FakeRecordSystem implements CareRecordSystem {
  readonly system = 'LAS';
  readonly pageLimit = 25;
  readonly calls: RecordedCall[] = [];
  /** How the next calls answer; the last one repeats. */
  answers: Answer[] = ['ok'];
  readonly records = new Map<string, CareRecord>();

  fetchRecords(localIds: readonly string[], signal?: AbortSignal): Promise<Map<string, CareRecord>> {
    return this.answer(`fetchRecords ${localIds.join(',')}`, signal, () => this.records);
  }

  writeContact(localId: string, contact: CareRecordContact, signal?: AbortSignal): Promise<{ reference: string }> {
    return this.answer(`writeContact ${localId}`, signal, () => ({ reference: `LAS-${contact.contactId}` }));
  }

  referToTeam(localId: string, referral: TeamReferral, signal?: AbortSignal): Promise<TeamReferralState> {
    return this.answer(`referToTeam ${localId}`, signal, () => ({ reference: `LAS-${referral.teamReferralId}`, status: 'SENT' as const, reason: null }));
  }

  teamReferralStatus(reference: string, signal?: AbortSignal): Promise<TeamReferralState> {
    return this.answer(`teamReferralStatus ${reference}`, signal, () => ({ reference, status: 'ACCEPTED' as const, reason: null }));
  }

  private answer<T>(operation: string, signal: AbortSignal | undefined, value: () => T): Promise<T> {
    const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0]!;
    const call: RecordedCall = { operation, signal };
    this.calls.push(call);
    const name = operation.split(' ')[0]!;
    switch (answer) {
      case 'ok':
        return Promise.resolve(value());
      case 'down':
        return Promise.reject(new RecordSystemUnavailableError('LAS', name, 'HTTP 503', 503));
      case 'refuse':
        return Promise.reject(new RecordSystemRefusalError('LAS', name, 'unknown person'));
      case 'hang':
        // Settles only when the test says so (or never).
        return new Promise<T>((resolve, reject) => {
          call.settle = (ok) => (ok ? resolve(value()) : reject(new RecordSystemUnavailableError('LAS', name, 'HTTP 503', 503)));
        });
    }
  }
}

const CONTACT: CareRecordContact = {
  contactId: 'k1',
  referralId: 'r1',
  occurredAt: '2026-03-01T10:00:00Z',
  summary: 'Hospital discharge referral accepted',
  team: null,
  worker: null,
};

/** The calls counted so far, by outcome, whatever the operation. */
async function outcomes(metrics: OutsideCallMetrics): Promise<Partial<Record<CallOutcome, number>>> {
  const { values } = await metrics.registry.getSingleMetric('care_gateway_outside_calls_total')!.get();
  const counts: Partial<Record<CallOutcome, number>> = {};
  for (const { labels, value } of values) {
    const outcome = labels.outcome as CallOutcome;
    counts[outcome] = (counts[outcome] ?? 0) + value;
  }
  return counts;
}

/** Whether a promise has settled yet, without waiting for it. */
function watch(promise: Promise<unknown>): { settled: () => boolean } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled };
}

describe('guardRecordSystem', () => {
  let fake: FakeRecordSystem;
  let metrics: OutsideCallMetrics;
  let guarded: CareRecordSystem;

  beforeEach(() => {
    jest.useFakeTimers();
    fake = new FakeRecordSystem();
    metrics = new OutsideCallMetrics();
    guarded = guardRecordSystem(fake, OPTIONS, metrics);
  });
  afterEach(() => jest.useRealTimers());

  /** Fails `breakAfter` calls in a row, which opens the breaker. */
  async function openBreaker(): Promise<void> {
    fake.answers = ['down'];
    for (let i = 0; i < OPTIONS.breakAfter; i++) await expect(guarded.fetchRecords(['L1'])).rejects.toThrow('HTTP 503');
  }

  test('passes the call and its answer through, under the system it guards', async () => {
    expect(guarded.system).toBe('LAS');
    expect(guarded.pageLimit).toBe(25);
    await expect(guarded.fetchRecords(['L1', 'L2'])).resolves.toBe(fake.records);
    await expect(guarded.writeContact('L1', CONTACT)).resolves.toEqual({ reference: 'LAS-k1' });
    expect(fake.calls.map((call) => call.operation)).toEqual(['fetchRecords L1,L2', 'writeContact L1']);
    expect(await outcomes(metrics)).toEqual({ ok: 2 });
  });

  test('a call with no answer within the timeout fails with RecordSystemUnavailableError, and the system is told to stop', async () => {
    fake.answers = ['hang'];
    const call = guarded.fetchRecords(['L1']);
    const progress = watch(call);
    await jest.advanceTimersByTimeAsync(OPTIONS.timeoutMs - 1);
    expect(progress.settled()).toBe(false);
    expect(fake.calls[0]!.signal!.aborted).toBe(false);
    const failure = call.catch((error: unknown) => error);
    await jest.advanceTimersByTimeAsync(1);
    expect(await failure).toBeInstanceOf(RecordSystemUnavailableError);
    expect(await failure).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      system: 'LAS',
      operation: 'fetchRecords',
      message: 'LAS fetchRecords: no answer within 1000 ms',
    });
    expect(fake.calls[0]!.signal!.aborted).toBe(true);
    expect(await outcomes(metrics)).toEqual({ timeout: 1 });
  });

  test('an answer just within the timeout is taken', async () => {
    fake.answers = ['hang'];
    const call = guarded.fetchRecords(['L1']);
    await jest.advanceTimersByTimeAsync(OPTIONS.timeoutMs - 1);
    fake.calls[0]!.settle!(true);
    await expect(call).resolves.toBe(fake.records);
  });

  test("the system's own failure is passed on as it was thrown", async () => {
    fake.answers = ['down'];
    const failure = await guarded.writeContact('L1', CONTACT).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RecordSystemUnavailableError);
    expect(failure).toMatchObject({ message: 'LAS writeContact: HTTP 503', status: 503 });
    expect(await outcomes(metrics)).toEqual({ unavailable: 1 });
  });

  test('after breakAfter consecutive failures the breaker answers at once, without calling the system', async () => {
    await openBreaker();
    fake.answers = ['ok'];
    const failure = await guarded.fetchRecords(['L1']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RecordSystemUnavailableError);
    expect(failure).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: 'LAS fetchRecords: circuit open after repeated failures' });
    // One breaker per system: writes are stopped too.
    await expect(guarded.writeContact('L1', CONTACT)).rejects.toThrow('LAS writeContact: circuit open after repeated failures');
    expect(fake.calls).toHaveLength(OPTIONS.breakAfter);
    expect(await outcomes(metrics)).toEqual({ unavailable: 3, circuit_open: 2 });
  });

  test('timeouts count as failures towards opening the breaker', async () => {
    fake.answers = ['hang'];
    for (let i = 0; i < OPTIONS.breakAfter; i++) {
      const failed = expect(guarded.fetchRecords(['L1'])).rejects.toThrow('no answer within');
      await jest.advanceTimersByTimeAsync(OPTIONS.timeoutMs);
      await failed;
    }
    // Were the breaker still closed, this call would time out rather than hang the test.
    const stopped = expect(guarded.fetchRecords(['L1'])).rejects.toThrow('circuit open');
    await jest.advanceTimersByTimeAsync(OPTIONS.timeoutMs);
    await stopped;
    expect(fake.calls).toHaveLength(OPTIONS.breakAfter);
  });

  test('failures broken by a success do not open the breaker', async () => {
    fake.answers = ['down', 'down', 'ok', 'down', 'down', 'ok'];
    for (const expected of fake.answers.slice(0, -1)) {
      const call = guarded.fetchRecords(['L1']);
      if (expected === 'ok') await expect(call).resolves.toBe(fake.records);
      else await expect(call).rejects.toThrow('HTTP 503');
    }
    await expect(guarded.fetchRecords(['L1'])).resolves.toBe(fake.records);
    expect(fake.calls).toHaveLength(6);
  });

  test('refusals are the system answering: any number of them leaves the breaker closed', async () => {
    fake.answers = ['refuse'];
    for (let i = 0; i < OPTIONS.breakAfter * 2; i++) {
      await expect(guarded.writeContact('L1', CONTACT)).rejects.toBeInstanceOf(RecordSystemRefusalError);
    }
    fake.answers = ['ok'];
    await expect(guarded.writeContact('L1', CONTACT)).resolves.toEqual({ reference: 'LAS-k1' });
    expect(await outcomes(metrics)).toEqual({ refused: 6, ok: 1 });
  });

  test("a caller that stops waiting is not the system failing: it leaves the breaker closed and is counted as cancelled", async () => {
    fake.answers = ['hang'];
    for (let i = 0; i < OPTIONS.breakAfter * 2; i++) {
      const caller = new AbortController();
      const call = guarded.fetchRecords(['L1'], caller.signal);
      caller.abort();
      await expect(call).rejects.toThrow('LAS fetchRecords: the caller stopped waiting');
      expect(fake.calls[i]!.signal!.aborted).toBe(true);
    }
    fake.answers = ['ok'];
    await expect(guarded.fetchRecords(['L1'])).resolves.toBe(fake.records);
    expect(await outcomes(metrics)).toEqual({ cancelled: OPTIONS.breakAfter * 2, ok: 1 });
  });

  test('after halfOpenAfterMs one trial call goes through, the others wait for it, and its success closes the breaker', async () => {
    await openBreaker();
    await jest.advanceTimersByTimeAsync(OPTIONS.halfOpenAfterMs - 1);
    await expect(guarded.fetchRecords(['L1'])).rejects.toThrow('circuit open');
    await jest.advanceTimersByTimeAsync(1);

    fake.answers = ['hang', 'ok'];
    const trial = guarded.fetchRecords(['trial']);
    const waiting = guarded.fetchRecords(['waiting']);
    const waited = watch(waiting);
    await jest.advanceTimersByTimeAsync(OPTIONS.timeoutMs / 2);
    expect(fake.calls.slice(OPTIONS.breakAfter).map((call) => call.operation)).toEqual(['fetchRecords trial']);
    expect(waited.settled()).toBe(false);

    fake.calls.at(-1)!.settle!(true);
    await expect(trial).resolves.toBe(fake.records);
    await expect(waiting).resolves.toBe(fake.records);
    // Closed: the failures count from nothing again.
    fake.answers = ['down', 'down', 'ok'];
    await expect(guarded.fetchRecords(['L1'])).rejects.toThrow('HTTP 503');
    await expect(guarded.fetchRecords(['L1'])).rejects.toThrow('HTTP 503');
    await expect(guarded.fetchRecords(['L1'])).resolves.toBe(fake.records);
    expect(fake.calls.slice(OPTIONS.breakAfter).map((call) => call.operation)).toEqual([
      'fetchRecords trial',
      'fetchRecords waiting',
      'fetchRecords L1',
      'fetchRecords L1',
      'fetchRecords L1',
    ]);
  });

  test('a trial call that fails opens the breaker again for another halfOpenAfterMs', async () => {
    await openBreaker();
    await jest.advanceTimersByTimeAsync(OPTIONS.halfOpenAfterMs);
    await expect(guarded.fetchRecords(['trial'])).rejects.toThrow('HTTP 503');
    fake.answers = ['ok'];
    await jest.advanceTimersByTimeAsync(OPTIONS.halfOpenAfterMs - 1);
    await expect(guarded.fetchRecords(['L1'])).rejects.toThrow('circuit open');
    expect(fake.calls).toHaveLength(OPTIONS.breakAfter + 1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(guarded.fetchRecords(['L1'])).resolves.toBe(fake.records);
  });

  test("the caller's signal reaches the system: aborting it aborts the call", async () => {
    fake.answers = ['hang'];
    const caller = new AbortController();
    const call = guarded.fetchRecords(['L1'], caller.signal);
    const failed = expect(call).rejects.toBeInstanceOf(RecordSystemUnavailableError);
    expect(fake.calls[0]!.signal!.aborted).toBe(false);
    caller.abort();
    await failed;
    expect(fake.calls[0]!.signal!.aborted).toBe(true);
  });
});
