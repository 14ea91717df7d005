/**
 * The express app factory. It does not listen: `api/server.ts` does, and tests mount it
 * with supertest.
 */
import express, { Router, type Express, type Request } from 'express';
import helmet from 'helmet';
import type { Client, Connection } from '@temporalio/client';
import { TokenVerifier, type TokenEntry } from './auth';
import { CursorSeal } from './cursor';
import { Problem, problemHandler } from './problem';
import { defaultRateLimit, rateLimiter, type RateLimit } from './rate-limit';
import { jsonLogger, requestContext, type RequestLogger } from './request-log';
import { mount, type Route } from './route';
import { campaignRoutes } from './routes/campaigns';
import { codecCors, codecPath, codecRoutes } from './routes/codec';
import { communityRoutes } from './routes/communities';
import { moveDeadlineRoute } from './routes/deadlines';
import { health } from './routes/health';
import { communityHistory } from './routes/history';
import { openApiRoute } from './routes/openapi';
import { exportRoutes } from './routes/exports';
import { getStatistics } from './routes/statistics';
import { streetRoutes } from './routes/streets';
import { templateRoutes } from './routes/templates';
import { listPolicyPacks } from './routes/policy-packs';
import { Temporal, defaultTimeouts, type TemporalTimeouts } from './temporal';
import { boardRouter } from '../web/app';
import { SessionStore, sessionIdOf } from '../web/session';

export interface AppDeps {
  client: Client;
  /** The client's connection: every call is bounded by a deadline on it. */
  connection: Connection;
  /** Where campaigns' workflows run. */
  taskQueue: string;
  /** The tokens file's entries (digests only), or a verifier that reloads them. */
  tokens: readonly TokenEntry[] | TokenVerifier;
  /** Seals list cursors; unset: a random key, good for this app only. */
  cursors?: CursorSeal;
  rateLimit?: RateLimit;
  timeouts?: TemporalTimeouts;
  /** The most of a campaign definition one workflow input or update carries (tests make it small). */
  chunkBytes?: number;
  log?: RequestLogger;
  /** Origins of the Temporal Web UI whose pages may call the codec routes (CODEC_CORS_ORIGINS). */
  codecCorsOrigins?: readonly string[];
  /** The board's address as users reach it (PUBLIC_URL); unset: the address each request was made to. */
  publicUrl?: string;
}

const apiRoutes: readonly Route[] = [
  health,
  ...campaignRoutes,
  ...communityRoutes,
  communityHistory,
  ...streetRoutes,
  moveDeadlineRoute,
  getStatistics,
  ...exportRoutes,
  ...templateRoutes,
  listPolicyPacks,
  ...codecRoutes,
];

/** Every route of the API, the OpenAPI document's included. */
export const routes: readonly Route[] = [...apiRoutes, openApiRoute(apiRoutes)];

export function createApp({
  client,
  connection,
  taskQueue,
  tokens,
  cursors = new CursorSeal(),
  rateLimit = defaultRateLimit,
  timeouts = defaultTimeouts,
  chunkBytes,
  log = jsonLogger,
  codecCorsOrigins = [],
  publicUrl,
}: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestContext(log));
  app.use(helmet());
  app.use(codecPath, codecCors(codecCorsOrigins));
  const router = Router();
  const sessions = new SessionStore();
  const deps = {
    verifier: tokens instanceof TokenVerifier ? tokens : new TokenVerifier(tokens),
    rateLimit: rateLimiter(rateLimit),
    temporal: new Temporal(client, connection, taskQueue, timeouts, chunkBytes),
    cursors,
    sessionPrincipal: (req: Request) => sessions.touch(sessionIdOf(req))?.principal,
  };
  for (const route of routes) mount(router, route, deps);
  app.use(router);
  app.use(boardRouter({ ...deps, routes, publicUrl, sessions }));
  app.use((req) => {
    throw new Problem(404, `No route ${req.method} ${req.path}.`);
  });
  app.use(problemHandler);
  return app;
}
