/**
 * `npm start`: everything huanjie needs in one process tree. Without TEMPORAL_ADDRESS it
 * runs the embedded Temporal dev server (scripts/dev-server.ts); then the worker and the API.
 *
 * Shutdown order matters: the API stops accepting, the worker drains its in-flight tasks
 * while Temporal is still up, and only then does the dev server stop.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadEnv, publicUrl, type Env } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { startApi } from '../api/server';
import { installRuntime, startWorker } from '../worker/worker';
import { startMailSink, type MailSink } from '../activities/mail-sink';
import { startDevServer, type DevServer } from './dev-server';
import { registerSearchAttributes } from './search-attributes';
import { demoTokensFileName, ensureTokensFile, type IssuedToken } from './tokens';

const shutdownTimeoutMs = 25_000;

function printTokens(issued: IssuedToken[], dataDir: string): void {
  console.log('API tokens (shown this once; the tokens file keeps only their SHA-256):');
  for (const { name, token } of issued) console.log(`  ${name.padEnd(22)} ${token}`);
  console.log(`  (npm run demo reads them from ${path.join(dataDir, demoTokensFileName)})`);
}

async function main() {
  const baseEnv = loadEnv();
  // The supervisor owns the signals: the SDK must not shut the worker down on its own.
  installRuntime(baseEnv, []);
  mkdirSync(baseEnv.DATA_DIR, { recursive: true });

  let devServer: DevServer | undefined;
  let mailSink: MailSink | undefined;
  let env: Env = baseEnv;
  let issued: IssuedToken[] | undefined;
  if (!env.AUTH_TOKENS_FILE) {
    const tokens = ensureTokensFile(env.DATA_DIR);
    env = { ...env, AUTH_TOKENS_FILE: tokens.file };
    issued = tokens.issued;
  }
  if (!baseEnv.TEMPORAL_ADDRESS) {
    devServer = await startDevServer(baseEnv);
    env = { ...env, TEMPORAL_ADDRESS: devServer.address };
  }
  const stopEmbedded = async () => {
    await mailSink?.close();
    await devServer?.stop();
  };
  try {
    if (!env.SMTP_URL) {
      mailSink = await startMailSink({ dir: path.join(env.DATA_DIR, 'mail') });
      env = { ...env, SMTP_URL: mailSink.url };
    }
    const target = temporalTarget(env);
    const connection = await Connection.connect({ address: target.address, tls: target.tls });
    await registerSearchAttributes(connection, target.namespace);
    await connection.close();

    const worker = await startWorker(env);
    const api = await startApi(env);
    console.log(`huanjie board:   ${publicUrl({ ...env, PORT: api.port })}/  (sign in with a token below)`);
    console.log(`huanjie API:     http://localhost:${api.port}/api`);
    if (issued) printTokens(issued, env.DATA_DIR);
    if (mailSink) console.log(`Mail:            kept as .eml files in ${path.join(env.DATA_DIR, 'mail')} (embedded SMTP sink ${mailSink.url})`);
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
      await stopEmbedded();
      clearTimeout(forced);
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    worker.done.catch(async (err: Error) => {
      console.error(`huanjie worker failed: ${err.message}`);
      await stopEmbedded();
      process.exit(1);
    });
  } catch (err) {
    await stopEmbedded();
    throw err;
  }
}

main().catch((err: Error) => {
  console.error(`huanjie: ${err.message}`);
  process.exit(1);
});
