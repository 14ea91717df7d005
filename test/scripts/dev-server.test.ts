/**
 * The embedded dev server of `npm start` is its own: a port taken by another server is
 * refused by name instead of used, and the server dies with the process that started it.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadEnv } from '../../config/env';
import { isAlive, startDevServer, type DevServer } from '../../scripts/dev-server';
import { freePort, listensInGroup } from '../../scripts/ports';
import { projectRoot } from '../../scripts/temporal-binaries';
import { eventually } from '../helpers/eventually';

jest.setTimeout(90_000);

const dirs: string[] = [];
const started: DevServer[] = [];

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'huanjie-devserver-'));
  dirs.push(dir);
  return dir;
}

function envFor(dir: string, port: number) {
  return loadEnv({ DATA_DIR: dir, TEMPORAL_DEV_PORT: String(port) });
}

afterAll(async () => {
  for (const server of started) await server.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

test('a foreign Temporal on the port: refused naming the port, nothing written in our DATA_DIR', async () => {
  const port = await freePort(1000);
  const foreign = await startDevServer(envFor(dataDir(), port));
  started.push(foreign);
  const ours = dataDir();
  await expect(startDevServer(envFor(ours, port))).rejects.toThrow(`port ${port} on 127.0.0.1 is taken`);
  expect(existsSync(path.join(ours, 'temporal.db'))).toBe(false);
  expect(listensInGroup(port, foreign.pid)).toBe(true);
});

test('a port taken by any listener is refused before the server starts', async () => {
  const port = await freePort(1000);
  const squatter: Server = await new Promise((resolve) => {
    const s = createServer().listen(port + 1000, '127.0.0.1', () => resolve(s));
  });
  try {
    await expect(startDevServer(envFor(dataDir(), port))).rejects.toThrow(`port ${port + 1000} on 127.0.0.1 is taken`);
    expect(listensInGroup(port + 1000, process.pid)).toBe(false);
  } finally {
    squatter.close();
  }
});

test('the dev server stops when the process that started it is killed with SIGKILL', async () => {
  const dir = dataDir();
  const port = await freePort(1000);
  const script = `require('${path.join(projectRoot, 'scripts/dev-server')}').startDevServer(require('${path.join(projectRoot, 'config/env')}').loadEnv({ DATA_DIR: '${dir}', TEMPORAL_DEV_PORT: '${port}' })).then(() => console.log('serving'))`;
  const starter = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    starter.stdout!.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('serving') && resolve());
    starter.once('exit', (code) => reject(new Error(`the starter exited (${code})`)));
  });
  const pgid = Number(readFileSync(path.join(dir, 'temporal.pid'), 'utf8'));
  expect(listensInGroup(port, pgid)).toBe(true);
  starter.kill('SIGKILL');
  await eventually(async () => expect(isAlive(pgid)).toBe(false), 15_000);
});
