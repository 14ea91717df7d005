/** Runs the API: a lazy Temporal connection (so it starts, and answers 503, while Temporal is down) and an HTTP listener. */
import { existsSync, mkdirSync, unwatchFile, watchFile } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { publicUrl, type Env } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { dataConverter } from '../config/codec';
import { codecKeysOf } from '../config/codec-keys';
import { createApp } from './app';
import { loadTokensFile, TokenVerifier } from './auth';
import { CursorSeal } from './cursor';

export interface RunningApi {
  server: Server;
  port: number;
  /**
   * Reads the tokens file again (on SIGHUP; a change of the file is noticed by itself).
   * A file that does not load keeps the tokens in force, and says why.
   */
  reloadTokens(): void;
  /** Stops accepting, lets in-flight requests finish, then closes the Temporal connection. */
  close(): Promise<void>;
}

/** Under DATA_DIR, where `npm start` creates the tokens file when AUTH_TOKENS_FILE is unset. */
export const defaultTokensFileName = 'tokens.json';
/** Under DATA_DIR: the key that seals list cursors, shared by the API processes given the same file. */
export const cursorKeyFileName = 'cursor.key';

/** How often the tokens file's modification time is looked at. */
const tokensPollMs = 1_000;

export function tokensFilePath(env: Env): string {
  return env.AUTH_TOKENS_FILE ?? path.join(env.DATA_DIR, defaultTokensFileName);
}

export async function startApi(env: Env): Promise<RunningApi> {
  const tokensFile = tokensFilePath(env);
  if (!existsSync(tokensFile)) {
    throw new Error(`no tokens file at ${tokensFile}: set AUTH_TOKENS_FILE, or run npm start once to create one`);
  }
  const verifier = new TokenVerifier(loadTokensFile(tokensFile));
  const reloadTokens = () => {
    try {
      verifier.replace(loadTokensFile(tokensFile));
      console.log(`huanjie API: tokens reloaded from ${tokensFile}`);
    } catch (err) {
      console.error(`huanjie API: tokens not reloaded, the previous ones stay in force: ${(err as Error).message}`);
    }
  };
  // Polled, not fs.watch: an editor or a deploy that replaces the file by renaming keeps being seen.
  watchFile(tokensFile, { interval: tokensPollMs, persistent: false }, (now, before) => {
    if (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino) reloadTokens();
  });
  mkdirSync(env.DATA_DIR, { recursive: true, mode: 0o700 });
  const cursors = CursorSeal.fromKeyFile(path.join(env.DATA_DIR, cursorKeyFileName));
  const keys = codecKeysOf(env);
  const target = temporalTarget(env);
  const connection = Connection.lazy({ address: target.address, tls: target.tls });
  const client = new Client({ connection, namespace: target.namespace, dataConverter: dataConverter(keys) });
  const app = createApp({
    client,
    connection,
    taskQueue: target.taskQueue,
    tokens: verifier,
    cursors,
    codecCorsOrigins: env.CODEC_CORS_ORIGINS,
    publicUrl: publicUrl(env),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(env.PORT, env.HOST, () => resolve(s)).once('error', reject);
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    reloadTokens,
    async close() {
      unwatchFile(tokensFile);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await connection.close();
    },
  };
}
