/**
 * When a workflow publishes something that changes often (its memo, its notes to the
 * campaign): at most once every `minMs`, and at most `maxDelayMs` after a change. A change
 * made within `minMs` of the last publication waits for a later workflow task, which a busy
 * workflow has anyway; only a quiet one wakes for it, at `wakeAt`.
 */
export class Throttle {
  private lastAt = -Infinity;
  private pendingSince: number | undefined;

  constructor(
    private readonly minMs: number,
    private readonly maxDelayMs: number,
  ) {}

  /** Whether to publish now what is `pending` (a change since the last publication). */
  ready(pending: boolean, now: number): boolean {
    if (!pending) {
      this.pendingSince = undefined;
      return false;
    }
    this.pendingSince ??= now;
    return now >= this.lastAt + this.minMs;
  }

  published(now: number): void {
    this.lastAt = now;
    this.pendingSince = undefined;
  }

  /** When a quiet workflow must wake to publish what waits; Infinity when nothing does. */
  get wakeAt(): number {
    return this.pendingSince === undefined ? Infinity : Math.max(this.lastAt + this.minMs, this.pendingSince + this.maxDelayMs);
  }
}
