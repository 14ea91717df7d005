/**
 * The API as `npm run api` runs it: where it listens, its tokens file reloaded while it
 * runs, and its cursor key. No Temporal is needed: every call here is answered before it.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha256Hex } from '../../api/auth';
import { CursorSeal } from '../../api/cursor';
import { cursorKeyFileName, startApi, type RunningApi } from '../../api/server';
import { loadEnv } from '../../config/env';
import { ensureCodecKeysFile } from '../../config/codec-keys';
import { freePort } from '../../scripts/ports';
import { startProcess } from '../../scripts/processes';
import { issueTokens } from '../../scripts/tokens';
import { eventually } from '../helpers/eventually';

const [coordinator, , street] = issueTokens(['s1']);
let dir: string;
const running: RunningApi[] = [];
let child: ChildProcess | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'huanjie-server-'));
});

afterEach(async () => {
  for (const api of running.splice(0)) await api.close();
  child?.kill('SIGKILL');
  child = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function writeTokens(file: string, tokens: typeof coordinator[], mode = 0o600): void {
  writeFileSync(file, JSON.stringify(tokens.map(({ token, ...entry }) => ({ ...entry, sha256: sha256Hex(token) }))), { mode });
}

function env(extra: Record<string, string> = {}) {
  const tokensFile = path.join(dir, 'tokens.json');
  if (!existsSync(tokensFile)) writeTokens(tokensFile, [coordinator]);
  // Temporal is never reached: nothing listens on port 1.
  return {
    DATA_DIR: path.join(dir, 'data'),
    AUTH_TOKENS_FILE: tokensFile,
    CODEC_KEYS_FILE: ensureCodecKeysFile(dir),
    PORT: '0',
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    ...extra,
  };
}

async function start(extra: Record<string, string> = {}): Promise<RunningApi> {
  const api = await startApi(loadEnv(env(extra)));
  running.push(api);
  return api;
}

/** A street token creating a campaign: 401 while unknown, 403 once known (authorization answers before Temporal). */
async function streetCreates(port: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/campaigns`, { method: 'POST', headers: { Authorization: `Bearer ${street.token}` } });
  return res.status;
}

test('it listens on 127.0.0.1 unless HOST says otherwise', async () => {
  expect(((await start()).server.address() as AddressInfo).address).toBe('127.0.0.1');
});

test('its DATA_DIR is created 0700 and the cursor key in it 0600; two APIs given it accept each other\'s cursors', async () => {
  await start();
  const data = path.join(dir, 'data');
  expect(statSync(data).mode & 0o777).toBe(0o700);
  const keyFile = path.join(data, cursorKeyFileName);
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  const key = readFileSync(keyFile, 'utf8');
  await start();
  expect(readFileSync(keyFile, 'utf8')).toBe(key);

  const cursor = CursorSeal.fromKeyFile(keyFile).seal('list', Buffer.from('page 2'));
  expect(CursorSeal.fromKeyFile(keyFile).open('list', cursor)?.toString()).toBe('page 2');
  expect(new CursorSeal().open('list', cursor)).toBeUndefined();
  expect(CursorSeal.fromKeyFile(path.join(dir, 'other.key')).open('list', cursor)).toBeUndefined();
});

test('a change of the tokens file takes effect without a restart; a file that does not load keeps the tokens in force', async () => {
  const api = await start();
  const file = path.join(dir, 'tokens.json');
  expect(await streetCreates(api.port)).toBe(401);
  writeTokens(file, [coordinator, street]);
  await eventually(async () => expect(await streetCreates(api.port)).toBe(403), 10_000);

  writeFileSync(file, '[', { mode: 0o600 });
  await new Promise((r) => setTimeout(r, 2_500));
  expect(await streetCreates(api.port)).toBe(403);

  writeTokens(file, [coordinator]);
  await eventually(async () => expect(await streetCreates(api.port)).toBe(401), 10_000);
});

test('npm run api reloads its tokens on SIGHUP, and keeps serving', async () => {
  const port = await freePort();
  child = await startProcess('api', env({ PORT: String(port) }));
  expect(await streetCreates(port)).toBe(401);
  writeTokens(path.join(dir, 'tokens.json'), [coordinator, street]);
  child.kill('SIGHUP');
  await eventually(async () => expect(await streetCreates(port)).toBe(403), 10_000);
  expect(child.exitCode).toBeNull();
}, 60_000);
