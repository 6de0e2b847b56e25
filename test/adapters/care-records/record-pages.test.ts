import { getEventListeners } from 'node:events';
import { checkedPageLimit, fetchInPages } from '../../../adapters/care-records/record-pages.js';
import type { CareRecord } from '../../../src/care-records/ports.js';

const record = (localId: string) => ({ localId }) as CareRecord;
const ids = (count: number) => Array.from({ length: count }, (_, i) => `P${i + 1}`);

/** A page fetch the test settles by hand: each call's page, signal and settlers, in call order. */
function heldPages() {
  const calls: { page: string[]; signal: AbortSignal; succeed: () => void; fail: (error: Error) => void }[] = [];
  const fetchPage = (page: string[], signal: AbortSignal) =>
    new Promise<CareRecord[]>((resolve, reject) => {
      calls.push({ page, signal, succeed: () => resolve(page.map(record)), fail: reject });
    });
  return { calls, fetchPage };
}

describe('fetchInPages', () => {
  test('asks for every page at once, and maps the records by local id', async () => {
    const { calls, fetchPage } = heldPages();
    const fetching = fetchInPages(ids(5), 2, undefined, fetchPage);
    expect(calls.map((call) => call.page)).toEqual([['P1', 'P2'], ['P3', 'P4'], ['P5']]);
    calls.forEach((call) => call.succeed());
    expect([...(await fetching).keys()]).toEqual(ids(5));
  });

  test('one failed page fails the lot at once, and the pages still out are stopped', async () => {
    const { calls, fetchPage } = heldPages();
    const fetching = fetchInPages(ids(6), 2, undefined, fetchPage);
    const failure = new Error('page 2 failed');
    calls[1]!.fail(failure);
    await expect(fetching).rejects.toBe(failure);
    expect(calls.map((call) => call.signal.aborted)).toEqual([true, true, true]);
  });

  test('the pages follow the caller’s signal, which carries one listener however many pages', async () => {
    const { calls, fetchPage } = heldPages();
    const caller = new AbortController();
    const fetching = fetchInPages(ids(40), 2, caller.signal, fetchPage);
    expect(calls).toHaveLength(20);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    expect(calls.some((call) => call.signal.aborted)).toBe(false);
    caller.abort(new Error('the request ended'));
    expect(calls.every((call) => call.signal.aborted)).toBe(true);
    calls.forEach((call) => call.fail(call.signal.reason as Error));
    await expect(fetching).rejects.toThrow('the request ended');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  test('a caller’s signal already aborted stops the pages before they start', async () => {
    const { calls, fetchPage } = heldPages();
    const fetching = fetchInPages(ids(2), 1, AbortSignal.abort(), fetchPage);
    expect(calls.every((call) => call.signal.aborted)).toBe(true);
    calls.forEach((call) => call.succeed());
    await fetching;
  });

  test('a finished fetch leaves no listener on the caller’s signal', async () => {
    const { calls, fetchPage } = heldPages();
    const caller = new AbortController();
    const fetching = fetchInPages(ids(3), 1, caller.signal, fetchPage);
    calls.forEach((call) => call.succeed());
    await fetching;
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });
});

describe('checkedPageLimit', () => {
  test.each([0, -1, 1.5, Number.NaN])('refuses %p', (limit) => {
    expect(() => checkedPageLimit(limit)).toThrow(RangeError);
  });

  test('keeps a whole number of at least 1', () => {
    expect(checkedPageLimit(1)).toBe(1);
  });
});
