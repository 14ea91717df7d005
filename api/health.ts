import { Router } from 'express';
import type { Connection } from '@temporalio/client';
import { Problem } from './problem';

/** How long /api/health waits for Temporal before it says 503. */
export const healthTimeoutMs = 3_000;

export function healthRouter(connection: Connection): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    try {
      await connection.withDeadline(Date.now() + healthTimeoutMs, () => connection.healthService.check({}));
    } catch {
      throw new Problem(503, 'Temporal is unreachable.');
    }
    res.json({ status: 'ok' });
  });
  return router;
}
