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
