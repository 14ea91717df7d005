/** How many workflows a worker caches: what the operator set, or what its heap holds. */
import { loadEnv } from '../../config/env';
import { cachedWorkflows } from '../../worker/worker';

const unset = loadEnv({});

test('WORKER_CACHED_WORKFLOWS, when set, is the cache size whatever the heap', () => {
  expect(cachedWorkflows(loadEnv({ WORKER_CACHED_WORKFLOWS: '300' }), 16_384)).toBe(300);
});

test('unset, the cache is sized from the heap: some thousands at V8\'s default 4 GiB, about twice that at 8 GiB', () => {
  const atDefaultHeap = cachedWorkflows(unset, 4_144);
  // A community cached costs about 0.25 MiB; the cache leaves it four times that.
  expect(atDefaultHeap).toBeGreaterThan(2_000);
  expect(atDefaultHeap).toBeLessThan(5_000);
  expect(cachedWorkflows(unset, 8_192)).toBeGreaterThan(2 * atDefaultHeap - 10);
  expect(cachedWorkflows(unset, 100)).toBe(2);
});
