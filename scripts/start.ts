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
import { ensureCodecKeysFile } from '../config/codec-keys';
import { temporalTarget } from '../config/temporal';
import { startApi, type RunningApi } from '../api/server';
import { installRuntime, startWorker, type RunningWorker } from '../worker/worker';
import { startMailSink, type MailSink } from '../activities/mail-sink';
import { startDevServer, type DevServer } from './dev-server';
import { registerSearchAttributes } from './search-attributes';
import { ensureTokensFile, tokensNotice, type IssuedToken } from './tokens';

const shutdownTimeoutMs = 25_000;

/** The stop signals: a terminal's Ctrl-C, a supervisor's or systemd's stop, a closed terminal. */
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function main() {
  const baseEnv = loadEnv();
  // The supervisor owns the signals: the SDK must not shut the worker down on its own.
  installRuntime(baseEnv, []);
  // Everything under DATA_DIR (the database, tokens, mail, logs) is the owner's alone; the
  // dev server inherits the mask.
  process.umask(0o077);
  mkdirSync(baseEnv.DATA_DIR, { recursive: true, mode: 0o700 });

  let devServer: DevServer | undefined;
  let mailSink: MailSink | undefined;
  let worker: RunningWorker | undefined;
  let api: RunningApi | undefined;
  const stopEmbedded = async () => {
    await mailSink?.close();
    await devServer?.stop();
  };

  // Installed before anything starts, and kept: a signal may come twice (npm forwards it
  // to a group that got it already) or during startup, and each must reach this one
  // shutdown, never Node's default action, which would leave the dev server running.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping ...`);
    const forced = setTimeout(() => {
      console.error('shutdown took too long; exiting');
      process.exit(1);
    }, shutdownTimeoutMs);
    await api?.close();
    worker?.worker.shutdown();
    await worker?.done.catch(() => undefined);
    await stopEmbedded();
    clearTimeout(forced);
    process.exit(0);
  };
  for (const signal of stopSignals) process.on(signal, () => void shutdown(signal));
  // A reader that went away (`npm start | tee log` stopped by Ctrl-C) must not turn the
  // next log line into an uncaught EPIPE that ends the supervisor mid-shutdown.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

  let env: Env = baseEnv;
  let issued: IssuedToken[] | undefined;
  if (!env.AUTH_TOKENS_FILE) {
    const tokens = ensureTokensFile(env.DATA_DIR);
    env = { ...env, AUTH_TOKENS_FILE: tokens.file };
    issued = tokens.issued;
  }
  if (!env.CODEC_KEYS_FILE) env = { ...env, CODEC_KEYS_FILE: ensureCodecKeysFile(env.DATA_DIR) };
  try {
    if (!baseEnv.TEMPORAL_ADDRESS) {
      // The UI decodes through the API at the board's address, so that an admin signed in to the
      // board is signed in there too (a port chosen at listen time, PORT=0, is not known yet).
      const uiCodecEndpoint = env.PORT ? `${publicUrl(env)}/api/codec` : undefined;
      devServer = await startDevServer(baseEnv, { uiCodecEndpoint });
      const uiPort = new URL(devServer.uiUrl).port;
      env = {
        ...env,
        TEMPORAL_ADDRESS: devServer.address,
        CODEC_CORS_ORIGINS: [...env.CODEC_CORS_ORIGINS, `http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`],
      };
    }
    if (!env.SMTP_URL) {
      mailSink = await startMailSink({ dir: path.join(env.DATA_DIR, 'mail') });
      env = { ...env, SMTP_URL: mailSink.url };
    }
    const target = temporalTarget(env);
    const connection = await Connection.connect({ address: target.address, tls: target.tls });
    await registerSearchAttributes(connection, target.namespace);
    await connection.close();

    worker = await startWorker(env);
    api = await startApi(env);
  } catch (err) {
    if (stopping) return;
    await stopEmbedded();
    throw err;
  }
  if (stopping) return;
  console.log(`huanjie board:   ${publicUrl({ ...env, PORT: api.port })}/  (sign in with a token below)`);
  console.log(`huanjie API:     http://${env.HOST}:${api.port}/api`);
  if (issued) for (const line of tokensNotice(issued, env.DATA_DIR, process.stdout.isTTY === true)) console.log(line);
  if (mailSink) console.log(`Mail:            kept as .eml files in ${path.join(env.DATA_DIR, 'mail')} (embedded SMTP sink ${mailSink.url})`);
  console.log(
    devServer
      ? `Temporal UI:     ${devServer.uiUrl.replace('127.0.0.1', new URL(publicUrl(env)).hostname)}  (embedded dev server ${devServer.address}, data in ${env.DATA_DIR})`
      : `Temporal:        ${env.TEMPORAL_ADDRESS} (namespace ${env.TEMPORAL_NAMESPACE})`,
  );
  console.log(`Encryption:      payloads in Temporal encrypted with the keys of ${env.CODEC_KEYS_FILE}; admins decode them at http://${env.HOST}:${api.port}/api/codec`);
  worker.done.catch(async (err: Error) => {
    if (stopping) return;
    console.error(`huanjie worker failed: ${err.message}`);
    await stopEmbedded();
    process.exit(1);
  });
}

main().catch((err: Error) => {
  console.error(`huanjie: ${err.message}`);
  process.exit(1);
});
