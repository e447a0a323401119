/** When the test killed Redis and when it was back, and which calls that outage may explain. */
export class FaultTimeline {
  killAt: number | undefined;
  restartedAt: number | undefined;

  constructor(private readonly recoveryMs: number) {}

  /**
   * Whether a call started at `startedAt` and answered at `endedAt` (performance.now()) overlaps
   * the outage: answered after the kill, and started before the recovery window closed.
   */
  overlaps(startedAt: number, endedAt: number): boolean {
    if (this.killAt === undefined || endedAt < this.killAt) return false;
    return this.restartedAt === undefined || startedAt <= this.restartedAt + this.recoveryMs;
  }

  /** Whether a call started after the recovery window, when everything must succeed again. */
  recovered(startedAt: number): boolean {
    return this.restartedAt !== undefined && startedAt > this.restartedAt + this.recoveryMs;
  }
}
