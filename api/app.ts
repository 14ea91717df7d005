/**
 * The express app factory. It does not listen: `api/server.ts` does, and tests mount it
 * with supertest.
 */
import express, { type Express } from 'express';
import type { Client, Connection } from '@temporalio/client';
import { healthRouter } from './health';
import { Problem, problemHandler } from './problem';

export interface AppDeps {
  client: Client;
  /** The client's connection, for the health check. */
  connection: Connection;
}

export function createApp({ connection }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.use('/api', healthRouter(connection));
  app.use((req) => {
    throw new Problem(404, `No route ${req.method} ${req.path}.`);
  });
  app.use(problemHandler);
  return app;
}
