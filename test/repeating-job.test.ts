import { RepeatingJob } from '../src/repeating-job.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RepeatingJob', () => {
  test('never runs two rounds at once, goes on after a failed round, and runs none once stopped', async () => {
    let running = 0;
    let most = 0;
    let rounds = 0;
    const failures: unknown[] = [];
    const job = new RepeatingJob(
      async () => {
        rounds += 1;
        running += 1;
        most = Math.max(most, running);
        await pause(30);
        running -= 1;
        if (rounds === 1) throw new Error('first round failed');
      },
      (error) => failures.push(error),
      5,
    );
    job.start({ runNow: true });
    await pause(100);
    await job.stop();
    const roundsAtStop = rounds;
    await pause(50);
    expect([most, running, rounds]).toEqual([1, 0, roundsAtStop]);
    expect(roundsAtStop).toBeGreaterThanOrEqual(2);
    expect(failures).toHaveLength(1);
  });

  test('stopping waits for the round in hand', async () => {
    let finished = false;
    const job = new RepeatingJob(
      async () => {
        await pause(50);
        finished = true;
      },
      () => undefined,
      1_000,
    );
    job.start({ runNow: true });
    await job.stop();
    expect(finished).toBe(true);
  });

  test('without runNow the first round waits an interval', async () => {
    let rounds = 0;
    const job = new RepeatingJob(async () => void (rounds += 1), () => undefined, 50);
    job.start({ runNow: false });
    expect(rounds).toBe(0);
    await pause(80);
    await job.stop();
    expect(rounds).toBe(1);
  });
});
