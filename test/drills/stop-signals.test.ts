/**
 * `npm start` stopped as supervisors and terminals stop it: without a terminal (setsid), by
 * a signal to its whole process group, delivered twice; and its supervisor killed outright.
 * Either way no process of the service is left: the embedded dev server included.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, isFree } from '../../scripts/ports';
import { projectRoot } from '../../scripts/temporal-binaries';
import { waitForHealth } from './harness';

jest.setTimeout(120_000);

const dirs: string[] = [];
const groups: number[] = [];

/** The pids whose environment names `dataDir`: every process `npm start` made for it. */
function serviceProcesses(dataDir: string): number[] {
  const marker = `DATA_DIR=${dataDir}\0`;
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function noneLeft(dataDir: string, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = serviceProcesses(dataDir);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(200);
    left = serviceProcesses(dataDir);
  }
  return left;
}

/** `npm start` in a session and process group of its own, with no terminal, as a supervisor script runs it. */
async function npmStart({ healthy = true, piped = false } = {}): Promise<{ child: ChildProcess; dataDir: string; log: string; devPort: number }> {
  const parent = mkdtempSync(path.join(tmpdir(), 'huanjie-signals-'));
  dirs.push(parent);
  const dataDir = path.join(parent, 'data');
  const [apiPort, devPort] = [await freePort(), await freePort(1000)];
  const log = path.join(parent, 'npm-start.log');
  const out = openSync(log, 'a');
  const child = spawn('npm', ['start'], {
    cwd: projectRoot,
    detached: true,
    env: { ...process.env, PORT: String(apiPort), TEMPORAL_DEV_PORT: String(devPort), DATA_DIR: dataDir, TEMPORAL_ADDRESS: '' },
    // Piped: as `npm start | tee log`, whose reader a Ctrl-C stops too.
    stdio: ['ignore', piped ? 'pipe' : out, out],
  });
  groups.push(child.pid!);
  if (healthy) await waitForHealth(apiPort);
  return { child, dataDir, log, devPort };
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}

afterAll(() => {
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
  for (const dir of dirs) {
    for (const pid of serviceProcesses(path.join(dir, 'data'))) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGINT to the process group, again and again, as npm forwards it: one shutdown, no process left', async () => {
  const { child, dataDir, log, devPort } = await npmStart();
  expect(serviceProcesses(dataDir).length).toBeGreaterThan(1);
  for (let i = 0; i < 3; i++) {
    signalGroup(child.pid!, 'SIGINT');
    await sleep(20);
  }
  expect(await noneLeft(dataDir, 30_000)).toEqual([]);
  const lines = readFileSync(log, 'utf8');
  expect(lines.match(/SIGINT: stopping/g)).toHaveLength(1);
  expect(await isFree(devPort)).toBe(true);

  // Without a terminal the tokens are not logged, and DATA_DIR is its owner's alone.
  const demo = JSON.parse(readFileSync(path.join(dataDir, 'demo-tokens.json'), 'utf8')) as { token: string }[];
  expect(demo.filter(({ token }) => lines.includes(token))).toEqual([]);
  const open = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      const mode = statSync(file).mode & 0o777;
      return [...(mode !== (entry.isDirectory() ? 0o700 : 0o600) ? [`${file} ${mode.toString(8)}`] : []), ...(entry.isDirectory() ? open(file) : [])];
    });
  expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  expect(open(dataDir)).toEqual([]);
});

test('SIGTERM to the process group while it starts, once its dev server runs: no process left', async () => {
  const { child, dataDir } = await npmStart({ healthy: false });
  const pidFile = path.join(dataDir, 'temporal.pid');
  while (!existsSync(pidFile)) await sleep(50);
  signalGroup(child.pid!, 'SIGTERM');
  expect(await noneLeft(dataDir, 20_000)).toEqual([]);
});

test('its output read through a pipe whose reader is gone (`npm start | tee log`, Ctrl-C): the shutdown still runs to its end', async () => {
  const { child, dataDir } = await npmStart({ piped: true });
  child.stdout!.destroy();
  signalGroup(child.pid!, 'SIGINT');
  expect(await noneLeft(dataDir, 30_000)).toEqual([]);
  // Removed by the shutdown's last step, after the dev server stopped; left by a crash.
  expect(existsSync(path.join(dataDir, 'temporal.pid'))).toBe(false);
});

test('SIGKILL to the supervisor alone: its dev server goes with it', async () => {
  const { dataDir, devPort } = await npmStart();
  const supervisor = serviceProcesses(dataDir).find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('scripts/start.ts'));
  expect(supervisor).toBeDefined();
  process.kill(supervisor!, 'SIGKILL');
  expect(await noneLeft(dataDir, 20_000)).toEqual([]);
  expect(await isFree(devPort)).toBe(true);
});
