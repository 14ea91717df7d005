/**
 * `npm start`: everything huanjie needs in one process tree. Without TEMPORAL_ADDRESS it
 * runs the embedded Temporal dev server (scripts/dev-server.ts); then the worker and the API.
 *
 * Shutdown order matters: the API stops accepting, the worker drains its in-flight tasks
 * while Temporal is still up, and only then does the dev server stop.
 */
import { mkdirSync } from 'node:fs';
import { Connection } from '@temporalio/client';
import { loadEnv, type Env } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { startApi } from '../api/server';
import { installRuntime, startWorker } from '../worker/worker';
import { startDevServer, type DevServer } from './dev-server';
import { registerSearchAttributes } from './search-attributes';

const shutdownTimeoutMs = 25_000;

async function main() {
  const baseEnv = loadEnv();
  // The supervisor owns the signals: the SDK must not shut the worker down on its own.
  installRuntime(baseEnv, []);
  mkdirSync(baseEnv.DATA_DIR, { recursive: true });

  let devServer: DevServer | undefined;
  let env: Env = baseEnv;
  if (!baseEnv.TEMPORAL_ADDRESS) {
    devServer = await startDevServer(baseEnv);
    env = { ...baseEnv, TEMPORAL_ADDRESS: devServer.address };
  }
  try {
    const target = temporalTarget(env);
    const connection = await Connection.connect({ address: target.address, tls: target.tls });
    await registerSearchAttributes(connection, target.namespace);
    await connection.close();

    const worker = await startWorker(env);
    const api = await startApi(env);
    console.log(`huanjie API:     http://localhost:${api.port}/api`);
    console.log(
      devServer
        ? `Temporal UI:     ${devServer.uiUrl}  (embedded dev server ${devServer.address}, data in ${env.DATA_DIR})`
        : `Temporal:        ${target.address} (namespace ${target.namespace})`,
    );

    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: stopping ...`);
      const forced = setTimeout(() => {
        console.error('shutdown took too long; exiting');
        process.exit(1);
      }, shutdownTimeoutMs);
      await api.close();
      worker.worker.shutdown();
      await worker.done;
      await devServer?.stop();
      clearTimeout(forced);
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    worker.done.catch(async (err: Error) => {
      console.error(`huanjie worker failed: ${err.message}`);
      await devServer?.stop();
      process.exit(1);
    });
  } catch (err) {
    await devServer?.stop();
    throw err;
  }
}

main().catch((err: Error) => {
  console.error(`huanjie: ${err.message}`);
  process.exit(1);
});
