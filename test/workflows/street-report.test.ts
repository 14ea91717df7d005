/** How often a street may report to its campaign: the campaign's load stays bounded as the city grows. */
import { reportInterval } from '../../workflows/street';

test('a street reports at most every 5 s in a small city, and less often as the streets grow, so the campaign gets at most 20 reports a second', () => {
  expect(reportInterval(undefined)).toBe(5_000);
  expect(reportInterval(40)).toBe(5_000);
  expect(reportInterval(400)).toBe(20_000);
  expect(reportInterval(4_000)).toBe(200_000);
  for (const streets of [1, 99, 101, 400, 4_000, 40_000]) expect(streets / (reportInterval(streets) / 1_000)).toBeLessThanOrEqual(20);
});
