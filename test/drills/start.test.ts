/**
 * `npm start` as a user runs it: a real process tree (supervisor, embedded dev server,
 * worker, API, SMTP sink) on a fresh DATA_DIR, killed outright and started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { messageIdOf } from '../../activities/notifications';
import { projectRoot } from '../../scripts/temporal-binaries';
import { freePort } from '../../scripts/ports';
import { retry, secondsCampaign, until, waitForHealth } from './harness';

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

function demoToken(name: string): string {
  const issued = JSON.parse(readFileSync(path.join(dataDir, 'demo-tokens.json'), 'utf8')) as { name: string; token: string }[];
  return issued.find((t) => t.name === name)!.token;
}

async function api(method: 'GET' | 'POST', route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${apiPort}${route}`, {
    method,
    headers: { Authorization: `Bearer ${demoToken('coordinator')}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Message-ID → how many .eml files the embedded sink wrote with it. */
function mailed(): Map<string, number> {
  const dir = path.join(dataDir, 'mail');
  const counts = new Map<string, number>();
  for (const file of existsSync(dir) ? readdirSync(dir) : []) {
    const id = /^Message-ID:\s*(<[^>]+>)/im.exec(readFileSync(path.join(dir, file), 'utf8'))?.[1] ?? '';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

test('npm start killed with SIGKILL across reminder times and started again: campaign intact, reminders sent once; SIGTERM exits 0', async () => {
  const first = npmStart();
  await waitForHealth(apiPort);
  const t0 = Date.now() + 2_000;
  const definition = secondsCampaign('restart', t0, 20_000);
  expect((await api('POST', '/api/campaigns', definition)).status).toBe(201);
  await retry(() => api('GET', '/api/campaigns/restart/communities/s1-c3'), (a) => a.status === 200);

  first.kill('SIGKILL');
  await exited(first);
  // The guidance group's reminders (6 s and 3 s before its due) fall due while huanjie is down.
  const due = Date.parse(String(definition.calendar['guidance-group']));
  await until(due - 2_000);

  const second = npmStart();
  await waitForHealth(apiPort);
  const summary = await retry(() => api('GET', '/api/campaigns/restart'), (a) => a.status === 200);
  expect(summary.body).toMatchObject({ id: 'restart', streets: [{ id: 's1', communities: 3 }] });
  const reminders = [6_000, 3_000].map((before) => messageIdOf(`restart.s1.reminder.${due - before}`));
  await retry(async () => ({ status: reminders.every((id) => mailed().has(id)) ? 200 : 0, body: {} }), (a) => a.status === 200);
  for (const id of reminders) expect(mailed().get(id)).toBe(1);

  const devServerPid = Number(readFileSync(path.join(dataDir, 'temporal.pid'), 'utf8'));
  const stopStarted = Date.now();
  second.kill('SIGTERM');
  expect(await exited(second)).toBe(0);
  expect(Date.now() - stopStarted).toBeLessThan(30_000);
  expect(isAlive(devServerPid)).toBe(false);
  expect(existsSync(path.join(dataDir, 'temporal.pid'))).toBe(false);
  expect([...mailed().values()].every((n) => n === 1)).toBe(true);
});
