/**
 * The embedded Temporal dev server of `npm start`: `temporal server start-dev`, persisted to
 * $DATA_DIR/temporal.db (SQLite), with the Web UI on.
 *
 * It runs in its own process group so that a terminal's Ctrl-C reaches only the supervisor,
 * which stops the server last, after the worker has drained. Its pid is kept in
 * $DATA_DIR/temporal.pid: if the supervisor was killed outright (SIGKILL, OOM), the next
 * start finds the orphaned server still holding the port and the database, and stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import type { Env } from '../config/env';
import { devServerAddress } from '../config/temporal';
import { cli, resolveBinary } from './temporal-binaries';

export interface DevServer {
  /** Its process group, for drills that kill it outright. */
  pid: number;
  address: string;
  uiUrl: string;
  logFile: string;
  stop(): Promise<void>;
}

const startTimeoutMs = 60_000;
const stopTimeoutMs = 10_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** A pid is ours only if it is still a Temporal dev server (pids are reused). */
function isDevServer(pid: number): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc')) return isAlive(pid);
  try {
    return readFileSync(cmdline, 'utf8').includes('start-dev');
  } catch {
    return false;
  }
}

async function terminate(pid: number): Promise<void> {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitForExit(pid, stopTimeoutMs))) {
    process.kill(-pid, 'SIGKILL');
    await waitForExit(pid, stopTimeoutMs);
  }
}

async function stopOrphan(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  if (Number.isInteger(pid) && pid > 0 && isDevServer(pid)) {
    console.log(`Stopping the Temporal dev server left running by an earlier start (pid ${pid}) ...`);
    await terminate(pid);
  }
  rmSync(pidFile, { force: true });
}

async function waitUntilServing(address: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the Temporal dev server exited (${child.exitCode ?? child.signalCode}); see ${logFile}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.withDeadline(Date.now() + 1_000, () => connection.healthService.check({}));
        return;
      } finally {
        await connection.close();
      }
    } catch {
      if (Date.now() > deadline) throw new Error(`the Temporal dev server did not answer within ${startTimeoutMs / 1000} s; see ${logFile}`);
      await sleep(250);
    }
  }
}

export interface DevServerOptions {
  /** Where it serves its Prometheus metrics (`/metrics`); unset: a port of its choosing. */
  metricsPort?: number;
  /** The codec endpoint the Web UI decodes payloads with (Temporal's codec-server protocol). */
  uiCodecEndpoint?: string;
}

export async function startDevServer(env: Env, options: DevServerOptions = {}): Promise<DevServer> {
  const pidFile = path.join(env.DATA_DIR, 'temporal.pid');
  const logFile = path.join(env.DATA_DIR, 'temporal.log');
  await stopOrphan(pidFile);

  const address = devServerAddress(env);
  const uiPort = env.TEMPORAL_DEV_PORT + 1000;
  const log = openSync(logFile, 'a');
  const child = spawn(
    resolveBinary(cli),
    [
      'server', 'start-dev',
      '--db-filename', path.join(env.DATA_DIR, 'temporal.db'),
      '--ip', '127.0.0.1',
      '--port', String(env.TEMPORAL_DEV_PORT),
      '--ui-port', String(uiPort),
      '--ui-disable-news-fetch',
      '--namespace', env.TEMPORAL_NAMESPACE,
      '--log-level', 'warn',
      ...(options.metricsPort ? ['--metrics-port', String(options.metricsPort)] : []),
      ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
      // Write-ahead log, synced at checkpoints: a crash of any process loses nothing (only a
      // power loss can take the last moments), and writes are several times faster than
      // SQLite's default rollback journal synced at every commit.
      '--sqlite-pragma', 'journal_mode=wal',
      '--sqlite-pragma', 'synchronous=normal',
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the Temporal dev server');
  writeFileSync(pidFile, String(pid));

  const stop = async () => {
    await terminate(pid);
    rmSync(pidFile, { force: true });
  };
  try {
    await waitUntilServing(address, child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid, address, uiUrl: `http://127.0.0.1:${uiPort}`, logFile, stop };
}
