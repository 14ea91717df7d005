/** Whether the API reaches Temporal: for load balancers and `npm start`'s users. */
import { Problem } from '../problem';
import { defineRoute } from '../route';
import { healthSchema } from '../schemas';

/** How long /api/health waits for Temporal before it says 503. */
export const healthTimeoutMs = 3_000;

export const health = defineRoute({
  method: 'get',
  id: 'getHealth',
  path: '/health',
  summary: 'Whether the API reaches Temporal',
  access: 'public',
  success: { status: 200, description: 'Temporal answered', schema: healthSchema },
  errors: [503],
  async handle({ temporal }) {
    if (!(await temporal.reachable(healthTimeoutMs))) throw new Problem(503, 'Temporal is unreachable.');
    return { status: 'ok' };
  },
});
