/**
 * A token bucket per API token, in memory: one runaway client slows itself down, not the
 * others. Each API process counts on its own; behind a load balancer the limit is per process.
 */
import type { RequestHandler } from 'express';
import { principalOf } from './auth';
import { Problem } from './problem';

export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed at once after a quiet spell. */
  burst: number;
}

export const defaultRateLimit: RateLimit = { perSecond: 20, burst: 100 };

export function rateLimiter({ perSecond, burst }: RateLimit, now: () => number = Date.now): RequestHandler {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (_req, res, next) => {
    const { name } = principalOf(res);
    const t = now();
    const bucket = buckets.get(name) ?? { tokens: burst, at: t };
    bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
    bucket.at = t;
    buckets.set(name, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      throw new Problem(429, `Too many requests for this token; retry in ${retryAfter} s.`, undefined, { 'Retry-After': String(retryAfter) });
    }
    bucket.tokens -= 1;
    next();
  };
}
