/** Running many requests with a bounded number in flight, and what their latencies say. */

export interface LoadResult {
  requests: number;
  errors: number;
  /** Errors by what they were (an HTTP status, an exception's name). */
  errorKinds: Record<string, number>;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** The slowest: a few stragglers hide behind the p99 of a few hundred requests. */
  max: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** A task answers 'ok', or what went wrong. */
export type Task = () => Promise<string>;

/** Runs every task with at most `concurrency` in flight. */
export async function runLoad(tasks: Task[], concurrency: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      const t = performance.now();
      const outcome = await task().catch((err: Error) => err.name ?? 'error');
      latencies.push(performance.now() - t);
      if (outcome !== 'ok') errorKinds[outcome] = (errorKinds[outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, lane));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    requests: tasks.length,
    errors: Object.values(errorKinds).reduce((n, k) => n + k, 0),
    errorKinds,
    seconds: round(seconds),
    perSecond: round(tasks.length / seconds),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.at(-1) ?? 0),
  };
}
