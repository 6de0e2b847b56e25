/**
 * A round of background work every `intervalMs` (the outbox's sending, the
 * onward referrals' polling, the casework sweep), never two rounds at once:
 * a round still running when the next is due is left to finish. Stopping
 * waits for the round in hand, so none runs on against a store being closed.
 */
export class RepeatingJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly round: () => Promise<unknown>,
    /** Told of a round that failed; the next round is tried as usual. */
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs: number,
  ) {}

  /** Starts the rounds; `runNow` runs the first at once rather than after an interval. */
  start({ runNow }: { runNow: boolean }): void {
    const tick = () => {
      this.running ??= this.round()
        .catch(this.onError)
        .finally(() => {
          this.running = null;
        });
    };
    this.timer = setInterval(tick, this.intervalMs);
    this.timer.unref();
    if (runNow) tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
