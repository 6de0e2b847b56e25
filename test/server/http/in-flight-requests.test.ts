import { InFlightRequests } from '../../../src/server/http/in-flight-requests.js';

describe('InFlightRequests', () => {
  test('settles when the last tracked request finishes, whether it succeeded or failed', async () => {
    const inFlight = new InFlightRequests();
    let finishA!: () => void;
    let failB!: (error: Error) => void;
    const a = inFlight.track(new Promise<void>((resolve) => (finishA = resolve)));
    const b = inFlight.track(new Promise<void>((_, reject) => (failB = reject))).catch(() => 'failed');
    expect(inFlight.size).toBe(2);
    let settled = false;
    const waiting = inFlight.settled(10_000).then(() => (settled = true));
    finishA();
    await a;
    await Promise.resolve();
    expect(settled).toBe(false);
    failB(new Error('client went away'));
    await expect(b).resolves.toBe('failed');
    await waiting;
    expect(settled).toBe(true);
    expect(inFlight.size).toBe(0);
  });

  test('gives up waiting after the timeout', async () => {
    const inFlight = new InFlightRequests();
    void inFlight.track(new Promise(() => undefined));
    const started = Date.now();
    await inFlight.settled(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(inFlight.size).toBe(1);
  });
});
