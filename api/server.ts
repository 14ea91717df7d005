/** Runs the API: a lazy Temporal connection (so it starts, and answers 503, while Temporal is down) and an HTTP listener. */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { publicUrl, type Env } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { createApp } from './app';
import { loadTokensFile } from './auth';

export interface RunningApi {
  server: Server;
  port: number;
  /** Stops accepting, lets in-flight requests finish, then closes the Temporal connection. */
  close(): Promise<void>;
}

/** Under DATA_DIR, where `npm start` creates the tokens file when AUTH_TOKENS_FILE is unset. */
export const defaultTokensFileName = 'tokens.json';

export function tokensFilePath(env: Env): string {
  return env.AUTH_TOKENS_FILE ?? path.join(env.DATA_DIR, defaultTokensFileName);
}

export async function startApi(env: Env): Promise<RunningApi> {
  const tokensFile = tokensFilePath(env);
  if (!existsSync(tokensFile)) {
    throw new Error(`no tokens file at ${tokensFile}: set AUTH_TOKENS_FILE, or run npm start once to create one`);
  }
  const tokens = loadTokensFile(tokensFile);
  const target = temporalTarget(env);
  const connection = Connection.lazy({ address: target.address, tls: target.tls });
  const client = new Client({ connection, namespace: target.namespace });
  const app = createApp({ client, connection, taskQueue: target.taskQueue, tokens, publicUrl: publicUrl(env) });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(env.PORT, () => resolve(s)).once('error', reject);
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await connection.close();
    },
  };
}
