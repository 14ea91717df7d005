import { memoRefresh } from '../../workflows/street';

/** Polls `check` until it stops throwing (visibility and signals between workflows take a moment). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Long enough for a street's memo to show a change (the summary, campaign-wide lists): its refresh bound and visibility's lag. */
export const memoFreshMs = memoRefresh.maxDelayMs + 10_000;
