/**
 * `npm start` as a user runs it: a real process tree (supervisor, embedded dev server,
 * worker, API) on a fresh DATA_DIR, killed outright and started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, Client } from '@temporalio/client';
import { projectRoot } from '../../scripts/temporal-binaries';
import { freePort } from '../helpers/ports';

jest.setTimeout(180_000);

const dataDir = mkdtempSync(path.join(tmpdir(), 'huanjie-start-'));
let apiPort: number;
let devPort: number;
const running: ChildProcess[] = [];

function npmStart(): ChildProcess {
  const child = spawn(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', 'scripts/start.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(apiPort), TEMPORAL_DEV_PORT: String(devPort), DATA_DIR: dataDir, TEMPORAL_ADDRESS: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  running.push(child);
  return child;
}

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const res = await fetch(`http://127.0.0.1:${apiPort}/api/health`).catch(() => undefined);
    if (res?.status === 200) return;
    await sleep(250);
  }
  throw new Error('npm start did not become healthy');
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  devPort = await freePort(1000);
  apiPort = await freePort();
});

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  const pidFile = path.join(dataDir, 'temporal.pid');
  if (existsSync(pidFile)) {
    try {
      process.kill(-Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('a workflow started before a SIGKILL of npm start is there after the restart; SIGTERM exits 0', async () => {
  const first = npmStart();
  await waitForHealth();

  let connection = await Connection.connect({ address: `127.0.0.1:${devPort}` });
  await new Client({ connection }).workflow.start('probe', { taskQueue: 'nobody', workflowId: 'survives-sigkill' });
  await connection.close();

  first.kill('SIGKILL');
  await exited(first);

  const second = npmStart();
  await waitForHealth();
  connection = await Connection.connect({ address: `127.0.0.1:${devPort}` });
  const description = await new Client({ connection }).workflow.getHandle('survives-sigkill').describe();
  await connection.close();
  expect(description.status.name).toBe('RUNNING');

  const devServerPid = Number(readFileSync(path.join(dataDir, 'temporal.pid'), 'utf8'));
  const stopStarted = Date.now();
  second.kill('SIGTERM');
  expect(await exited(second)).toBe(0);
  expect(Date.now() - stopStarted).toBeLessThan(30_000);
  expect(isAlive(devServerPid)).toBe(false);
  expect(existsSync(path.join(dataDir, 'temporal.pid'))).toBe(false);
});
