/**
 * The embedded Temporal dev server of `npm start`: `temporal server start-dev`, persisted to
 * $DATA_DIR/temporal.db (SQLite), with the Web UI on.
 *
 * It runs in its own process group so that a terminal's Ctrl-C reaches only the supervisor,
 * which stops the server last, after the worker has drained. Its lifetime is tied to the
 * supervisor's: a small shell wrapper holds the read end of a pipe whose write end only the
 * supervisor has, and stops the server when that pipe closes, which it does however the
 * supervisor ends (SIGKILL and OOM included). The group's id is kept in
 * $DATA_DIR/temporal.pid, so that a start finding one still there (the wrapper itself was
 * killed) stops it before taking the port.
 *
 * The port must be free, and the server answering on it must be the one started here:
 * otherwise huanjie would write into another project's Temporal, not into its DATA_DIR.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import type { Env } from '../config/env';
import { devServerAddress } from '../config/temporal';
import { isFree, listensInGroup } from './ports';
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

/**
 * `sh -c` script: runs "$@" (the server) and stops it (SIGTERM, SIGKILL 10 s later) once
 * stdin reaches end of file. A background list's stdin is /dev/null, hence the copy on fd 3.
 */
const tiedToStdin = [
  'exec 3<&0',
  '"$@" 3<&- </dev/null & server=$!',
  '{ while read -r _ <&3; do :; done; kill -TERM "$server" 2>/dev/null; i=0;',
  '  while kill -0 "$server" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done;',
  '  kill -KILL "$server" 2>/dev/null; } &',
  'watcher=$!',
  'wait "$server"; code=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$code"',
].join('\n');

/** Whether any process of group `pgid` is left. */
export function isAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
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

async function ensureFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    if (!(await isFree(port))) {
      throw new Error(
        `port ${port} on 127.0.0.1 is taken by another process (another Temporal server?): ` +
          'stop it, or set TEMPORAL_DEV_PORT to a free port (its Web UI takes the port 1000 above)',
      );
    }
  }
}

export async function startDevServer(env: Env, options: DevServerOptions = {}): Promise<DevServer> {
  const pidFile = path.join(env.DATA_DIR, 'temporal.pid');
  const logFile = path.join(env.DATA_DIR, 'temporal.log');
  await stopOrphan(pidFile);

  const address = devServerAddress(env);
  const uiPort = env.TEMPORAL_DEV_PORT + 1000;
  await ensureFree([env.TEMPORAL_DEV_PORT, uiPort]);
  const log = openSync(logFile, 'a');
  const child = spawn(
    '/bin/sh',
    [
      '-c', tiedToStdin, 'temporal-dev-server',
      resolveBinary(cli),
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
    { detached: true, stdio: ['pipe', log, log] },
  );
  // Never written to: only its closing matters.
  const lifeline = child.stdin!.on('error', () => undefined);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the Temporal dev server');
  writeFileSync(pidFile, String(pid), { mode: 0o600 });

  const stop = async () => {
    await terminate(pid);
    lifeline.destroy();
    rmSync(pidFile, { force: true });
  };
  try {
    await waitUntilServing(address, child, logFile);
    if (listensInGroup(env.TEMPORAL_DEV_PORT, pid) === false) {
      throw new Error(`the Temporal server answering on port ${env.TEMPORAL_DEV_PORT} is not the one started here (another process took the port)`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { pid, address, uiUrl: `http://127.0.0.1:${uiPort}`, logFile, stop };
}
