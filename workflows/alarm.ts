import { CancellationScope, sleep } from '@temporalio/workflow';

/**
 * The one timer a workflow's loop waits for, kept while the wake time stays the same, so
 * that a wake by a message starts no new timer.
 */
export class Alarm {
  private current: { at: number; scope: CancellationScope } | undefined;

  constructor(private readonly onRing: () => void) {}

  set(at: number): void {
    if (this.current?.at === at) return;
    this.current?.scope.cancel();
    this.current = undefined;
    if (at === Infinity) return;
    const alarm = { at, scope: new CancellationScope() };
    this.current = alarm;
    alarm.scope
      .run(() => sleep(Math.max(1, at - Date.now())))
      .then(
        () => {
          if (this.current === alarm) this.current = undefined;
          this.onRing();
        },
        // Cancelled: another wake time replaced it.
        () => undefined,
      );
  }
}
