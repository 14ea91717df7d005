/**
 * Comparisons of a count against a share of a total ("more than half",
 * "at least one third", "20% more").
 *
 * Policy shares are decimals (0.55, 1/3) that binary floating point only
 * approximates: 0.55 * 20 is 11.000000000000002. The boundary case — exactly
 * the share — is what the law decides, so products within a rounding error
 * of a count are treated as equal to it.
 */
const TOLERANCE = 1e-9;

function gap(count: number, share: number, total: number): number {
  return (count - share * total) / Math.max(1, Math.abs(total));
}

/** count > share × total */
export function moreThan(count: number, share: number, total: number): boolean {
  return gap(count, share, total) > TOLERANCE;
}

/** count ≥ share × total */
export function atLeast(count: number, share: number, total: number): boolean {
  return gap(count, share, total) >= -TOLERANCE;
}

/** The smallest whole number that is at least share × total. */
export function ceilShare(share: number, total: number): number {
  return Math.ceil(share * total - TOLERANCE * Math.max(1, Math.abs(total)));
}

/** 0.5 → '50.0%', for messages. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}
