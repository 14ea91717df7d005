/** The tokens file: digests only, checked in constant time, and npm start's default one. */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTokensFile, TokenVerifier } from '../../api/auth';
import { demoTokensFileName, ensureTokensFile, tokensNotice, type IssuedToken } from '../../scripts/tokens';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'huanjie-tokens-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('npm start creates one token per role and street, once, readable by its owner only', () => {
  const { file, issued } = ensureTokensFile(dir, ['s1', 's2']);
  expect(issued?.map((t) => [t.name, t.role, t.street])).toEqual([
    ['coordinator', 'coordinator', undefined],
    ['admin', 'admin', undefined],
    ['street-s1', 'street', 's1'],
    ['street-s2', 'street', 's2'],
  ]);
  expect(issued?.every((t) => /^[A-Za-z0-9_-]{43}$/.test(t.token))).toBe(true);
  for (const name of [file, path.join(dir, demoTokensFileName)]) expect(statSync(name).mode & 0o777).toBe(0o600);

  const stored = readFileSync(file, 'utf8');
  expect(issued!.some((t) => stored.includes(t.token))).toBe(false);
  const verifier = new TokenVerifier(loadTokensFile(file));
  expect(verifier.verify(issued![2].token)).toEqual({ name: 'street-s1', role: 'street', street: 's1' });
  expect(verifier.verify(`${issued![2].token}x`)).toBeUndefined();

  const demo = JSON.parse(readFileSync(path.join(dir, demoTokensFileName), 'utf8')) as IssuedToken[];
  expect(demo).toEqual(issued);
  expect(ensureTokensFile(dir, ['s1', 's2'])).toEqual({ file });
});

test('a tokens file that breaks its schema is refused, naming the entry', () => {
  const file = path.join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify([{ name: 'x', role: 'street', sha256: 'a'.repeat(64) }, { name: 'x', role: 'admin', sha256: 'A1' }]), { mode: 0o600 });
  expect(() => loadTokensFile(file)).toThrow(/0\.street: .*street.*1\.sha256/);
});

test('a tokens file that group or others may write is refused: whoever can write it can make themselves admin', () => {
  const { file } = ensureTokensFile(dir, ['s1']);
  for (const mode of [0o620, 0o602, 0o666]) {
    chmodSync(file, mode);
    expect(() => loadTokensFile(file)).toThrow(`${file}: group or others may write it (mode ${mode.toString(8)}); chmod 600 it`);
  }
  chmodSync(file, 0o640);
  expect(loadTokensFile(file)).toHaveLength(3);
});

test('npm start shows the tokens it created to a terminal only; elsewhere it says where they are and how to mint one', () => {
  const { issued } = ensureTokensFile(dir, ['s1']);
  const logged = tokensNotice(issued!, dir, false).join('\n');
  expect(issued!.some((t) => logged.includes(t.token))).toBe(false);
  expect(logged).toContain(path.join(dir, 'tokens.json'));
  expect(logged).toContain(path.join(dir, demoTokensFileName));
  expect(logged).toContain("createHash('sha256')");
  const shown = tokensNotice(issued!, dir, true).join('\n');
  expect(issued!.every((t) => shown.includes(t.token))).toBe(true);
});
