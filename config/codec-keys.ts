/**
 * The payload encryption keys (../shared/API.md, CODEC_KEYS_FILE):
 * `{ "active": "<keyId>", "keys": { "<keyId>": "<base64 of 32 random bytes>" } }`.
 * The active key encrypts; every listed key decrypts, so a key stays listed as long as any
 * workflow history still holds payloads it encrypted.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Env } from './env';

/** AES-256: 32 bytes. */
const keyBytes = 32;

/** Key ids travel in every payload's metadata: short, and nothing but a name. */
const keyIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'expected a key id of 1-64 letters, digits or . _ -' });

const keySchema = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: 'expected base64' })
  .transform((b64) => Buffer.from(b64, 'base64'))
  .refine((key) => key.length === keyBytes, { error: `expected the base64 of ${keyBytes} random bytes` });

const codecKeysFileSchema = z
  .strictObject({
    active: keyIdSchema,
    keys: z.record(keyIdSchema, keySchema),
  })
  .refine((file) => Object.hasOwn(file.keys, file.active), { error: 'the active key must be one of keys', path: ['active'] });

export interface CodecKeys {
  /** The key that encrypts. */
  active: string;
  /** Every key that decrypts, by id. */
  keys: ReadonlyMap<string, Buffer>;
}

export function parseCodecKeys(json: unknown, source: string): CodecKeys {
  const parsed = codecKeysFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${source}: not a codec keys file: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return { active: parsed.data.active, keys: new Map(Object.entries(parsed.data.keys)) };
}

export function loadCodecKeys(file: string): CodecKeys {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read the codec keys file: ${(err as Error).message}`);
  }
  return parseCodecKeys(json, file);
}

/** Under DATA_DIR, where `npm start` creates the keys file when CODEC_KEYS_FILE is unset. */
const defaultCodecKeysFileName = 'codec-keys.json';

function codecKeysFilePath(env: Env): string {
  return env.CODEC_KEYS_FILE ?? path.join(env.DATA_DIR, defaultCodecKeysFileName);
}

/** The keys of `env`'s file, or a clear error naming what to set when there is none. */
export function codecKeysOf(env: Env): CodecKeys {
  const file = codecKeysFilePath(env);
  if (!existsSync(file)) throw new Error(`no codec keys file at ${file}: set CODEC_KEYS_FILE, or run npm start once to create one`);
  return loadCodecKeys(file);
}

/** A new key id: the day it was made, and random so that two made the same day differ. */
function newKeyId(now = new Date()): string {
  return `${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}

/** A keys file's content with one new random key, active. */
export function newCodecKeysFile(keyId = newKeyId()): z.input<typeof codecKeysFileSchema> {
  return { active: keyId, keys: { [keyId]: randomBytes(keyBytes).toString('base64') } };
}

/** Creates `dataDir/codec-keys.json` (owner-only) unless it exists; returns its path. */
export function ensureCodecKeysFile(dataDir: string): string {
  const file = path.join(dataDir, defaultCodecKeysFileName);
  // 'wx': never overwrite a key file, even one another process created a moment ago.
  if (!existsSync(file)) writeFileSync(file, `${JSON.stringify(newCodecKeysFile(), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return file;
}
