import { Throttle } from '../../workflows/throttle';

test('a throttle publishes a change at once after a quiet spell, then at most every minMs, and wakes a quiet workflow by maxDelayMs', () => {
  const throttle = new Throttle(15_000, 30_000);
  expect(throttle.ready(false, 0)).toBe(false);
  expect(throttle.wakeAt).toBe(Infinity);
  expect(throttle.ready(true, 1_000)).toBe(true);
  throttle.published(1_000);
  // A change 2 s later waits: for a task after 16 s, or a wake at 32 s at the latest.
  expect(throttle.ready(true, 3_000)).toBe(false);
  expect(throttle.wakeAt).toBe(33_000);
  expect(throttle.ready(true, 10_000)).toBe(false);
  expect(throttle.wakeAt).toBe(33_000);
  expect(throttle.ready(true, 16_000)).toBe(true);
  throttle.published(16_000);
  expect(throttle.wakeAt).toBe(Infinity);
  // A change undone before it was published needs no wake.
  expect(throttle.ready(true, 17_000)).toBe(false);
  expect(throttle.ready(false, 18_000)).toBe(false);
  expect(throttle.wakeAt).toBe(Infinity);
});
