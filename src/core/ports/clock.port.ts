/** Time, injected so that tests and `--now` sweeps never wait for the wall clock. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to (tests, the playground's simulated time). */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string = "2026-01-05T10:00:00Z") {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(to: Date | string): void {
    this.t = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * Real time plus an offset that can only grow: the playground's simulated clock, which keeps ticking
 * but can be moved forward to see follow-ups and nudges happen.
 */
export class OffsetClock extends ManualClock {
  private offset = 0;
  constructor(private readonly base: Clock = systemClock) {
    super(base.now());
  }
  override now(): Date {
    return new Date(this.base.now().getTime() + this.offset);
  }
  override set(to: Date | string): void {
    this.offset = Math.max(this.offset, new Date(to).getTime() - this.base.now().getTime());
  }
  override advance(ms: number): void {
    this.offset += Math.max(0, ms);
  }
}
