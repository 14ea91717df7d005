/** Runs the API: a lazy Temporal connection (so it starts, and answers 503, while Temporal is down) and an HTTP listener. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { Env } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { createApp } from './app';

export interface RunningApi {
  server: Server;
  port: number;
  /** Stops accepting, lets in-flight requests finish, then closes the Temporal connection. */
  close(): Promise<void>;
}

export async function startApi(env: Env): Promise<RunningApi> {
  const target = temporalTarget(env);
  const connection = Connection.lazy({ address: target.address, tls: target.tls });
  const client = new Client({ connection, namespace: target.namespace });
  const app = createApp({ client, connection });
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
