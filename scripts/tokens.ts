/**
 * `npm start`'s default tokens when AUTH_TOKENS_FILE is unset: one per role, one per street
 * of the example campaign. The tokens file keeps their SHA-256 digests only; the clear
 * tokens are printed once and kept for `npm run demo` in a file only the owner can read.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex, type Role, type TokenEntry } from '../api/auth';
import { defaultTokensFileName } from '../api/server';
import { yiwuCampaign } from '../examples/yiwu';


export interface IssuedToken {
  name: string;
  role: Role;
  street?: string;
  token: string;
}

export const demoTokensFileName = 'demo-tokens.json';

/** How a token is minted by hand: its clear value, and the digest to put in the tokens file. */
export const mintCommand =
  `node -e "const c = require('crypto'), t = c.randomBytes(32).toString('base64url'); ` +
  `console.log(t, c.createHash('sha256').update(t).digest('hex'))"`;

/**
 * What `npm start` says of the tokens it just created: the tokens themselves only to a
 * terminal (a log file or a supervisor's journal would keep them), otherwise where they are.
 */
export function tokensNotice(issued: readonly IssuedToken[], dataDir: string, terminal: boolean): string[] {
  const demoFile = path.join(dataDir, demoTokensFileName);
  if (!terminal) {
    return [
      `API tokens:      created in ${path.join(dataDir, defaultTokensFileName)} (digests); their clear copies in ${demoFile} (owner only)`,
      `                 mint another: ${mintCommand}, then add { name, role, street?, sha256 } to the tokens file`,
    ];
  }
  return [
    'API tokens (shown this once; the tokens file keeps only their SHA-256):',
    ...issued.map(({ name, token }) => `  ${name.padEnd(22)} ${token}`),
    `  (npm run demo reads them from ${demoFile})`,
  ];
}

export function issueTokens(streetIds: readonly string[]): IssuedToken[] {
  const token = () => randomBytes(32).toString('base64url');
  return [
    { name: 'coordinator', role: 'coordinator', token: token() },
    { name: 'admin', role: 'admin', token: token() },
    ...streetIds.map((street) => ({ name: `street-${street}`, role: 'street' as const, street, token: token() })),
  ];
}

/**
 * Creates `dataDir/tokens.json` (and the demo's clear copy) unless it exists; returns the
 * file and, when it was just created, the clear tokens.
 */
export function ensureTokensFile(dataDir: string, streetIds: readonly string[] = yiwuCampaign.streets.map((s) => s.id)): { file: string; issued?: IssuedToken[] } {
  const file = path.join(dataDir, defaultTokensFileName);
  if (existsSync(file)) return { file };
  const issued = issueTokens(streetIds);
  const entries: TokenEntry[] = issued.map(({ token, ...entry }) => ({ ...entry, sha256: sha256Hex(token) }));
  writeFileSync(path.join(dataDir, demoTokensFileName), `${JSON.stringify(issued, null, 2)}\n`, { mode: 0o600 });
  // Written last: its presence means both files are complete.
  writeFileSync(file, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
  return { file, issued };
}
