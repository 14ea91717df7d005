/** The payload codec, the failure converter and the keys file, without Temporal. */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { CodecErrors, EncryptionCodec, encryptedEncoding, keyIdMetadataKey } from '../../config/codec';
import { codecKeysOf, ensureCodecKeysFile, loadCodecKeys, newCodecKeysFile, parseCodecKeys } from '../../config/codec-keys';
import { loadEnv } from '../../config/env';
import { failureConverter, PlainError } from '../../config/failure-converter';
import { newCodecKeys } from '../helpers/codec';

const name = '欧阳娜娜';
const clear = defaultPayloadConverter.toPayload({ candidates: [{ name, birthDate: '1985-03-01' }] });
const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const contains = (payload: Payload, s: string) => Buffer.from(payload.data ?? []).includes(Buffer.from(s, 'utf8'));

async function rejection(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('EncryptionCodec', () => {
  const keys = newCodecKeys('k1');
  const codec = new EncryptionCodec(keys);

  test('round trip: the payload comes back whole, its metadata included; encrypted, it names its key and holds no clear text', async () => {
    const [encrypted] = await codec.encode([clear]);
    expect(text(encrypted.metadata?.encoding)).toBe(encryptedEncoding);
    expect(text(encrypted.metadata?.[keyIdMetadataKey])).toBe('k1');
    expect(Object.keys(encrypted.metadata ?? {}).sort()).toEqual(['encoding', keyIdMetadataKey]);
    expect(contains(encrypted, name)).toBe(false);
    expect(contains(encrypted, 'json/plain')).toBe(false);
    expect(contains(clear, name)).toBe(true);

    const [decrypted] = await codec.decode([encrypted]);
    expect(text(decrypted.metadata?.encoding)).toBe('json/plain');
    expect(defaultPayloadConverter.fromPayload(decrypted)).toEqual({ candidates: [{ name, birthDate: '1985-03-01' }] });
  });

  test('a random nonce per payload: the same payload twice encrypts differently, both decrypt', async () => {
    const [a, b] = await codec.encode([clear, clear]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
    expect(Buffer.from(a.data!).subarray(0, 12).equals(Buffer.from(b.data!).subarray(0, 12))).toBe(false);
    const decoded = await codec.decode([a, b]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([0, 1].map(() => defaultPayloadConverter.fromPayload(clear)));
  });

  test('tampering is detected: a flipped bit anywhere in the data, a truncated payload, a changed key id', async () => {
    const [encrypted] = await codec.encode([clear]);
    const data = Buffer.from(encrypted.data!);
    for (const at of [0, 12, data.length - 17, data.length - 1]) {
      const flipped = Buffer.from(data);
      flipped[at] ^= 1;
      const err = await rejection(codec.decode([{ ...encrypted, data: flipped }]));
      expect(err.type).toBe(CodecErrors.undecryptable);
      expect(err.nonRetryable).toBe(true);
    }
    expect((await rejection(codec.decode([{ ...encrypted, data: data.subarray(0, 20) }]))).type).toBe(CodecErrors.undecryptable);

    // The same key under another id: the key id is authenticated with the data.
    const twin = new EncryptionCodec({ active: 'k1', keys: new Map([...keys.keys, ['k2', keys.keys.get('k1')!]]) });
    const renamed = { ...encrypted, metadata: { ...encrypted.metadata, [keyIdMetadataKey]: Buffer.from('k2') } };
    expect((await rejection(twin.decode([renamed]))).type).toBe(CodecErrors.undecryptable);
    const unnamed = { ...encrypted, metadata: { encoding: encrypted.metadata!.encoding } };
    expect((await rejection(codec.decode([unnamed]))).message).toMatch(/no 'encryption-key-id'/);
  });

  test('rotation: the active key encrypts, every listed key decrypts; a key no longer listed is named in a retryable failure', async () => {
    const [underK1] = await codec.encode([clear]);
    const rotated = new EncryptionCodec({ active: 'k2', keys: new Map([...keys.keys, ...newCodecKeys('k2').keys]) });
    const [underK2] = await rotated.encode([clear]);
    expect(text(underK2.metadata?.[keyIdMetadataKey])).toBe('k2');
    const decoded = await rotated.decode([underK1, underK2]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([0, 1].map(() => defaultPayloadConverter.fromPayload(clear)));

    const err = await rejection(codec.decode([underK2]));
    expect(err.type).toBe(CodecErrors.unknownKey);
    expect(err.nonRetryable).toBe(false);
    expect(err.message).toContain("'k2'");
  });

  test('a payload that is not encrypted passes as it is', async () => {
    expect(await codec.decode([clear])).toEqual([clear]);
  });
});

describe('the failure converter', () => {
  test("a failure's message and stack go into its encoded attributes; a PlainError's message stays readable", () => {
    const secret = failureConverter.errorToFailure(new Error(`refused: ${name}`), defaultPayloadConverter);
    expect(secret.message).toBe('Encoded failure');
    expect(JSON.stringify(secret)).not.toContain(name);
    expect(secret.encodedAttributes).toBeDefined();
    const plain = failureConverter.errorToFailure(new PlainError('the run was asked on a stale clock'), defaultPayloadConverter);
    expect(plain.message).toBe('the run was asked on a stale clock');
    expect(plain.encodedAttributes).toBeFalsy();
  });
});

describe('the keys file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'huanjie-codec-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('npm start creates it owner-only, once, and every process finds it under DATA_DIR', () => {
    const file = ensureCodecKeysFile(dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const content = readFileSync(file, 'utf8');
    expect(ensureCodecKeysFile(dir)).toBe(file);
    expect(readFileSync(file, 'utf8')).toBe(content);
    const keys = codecKeysOf(loadEnv({ DATA_DIR: dir }));
    expect(keys.keys.get(keys.active)).toHaveLength(32);
    expect(() => codecKeysOf(loadEnv({ DATA_DIR: dir, CODEC_KEYS_FILE: path.join(dir, 'none.json') }))).toThrow(/no codec keys file at .*none\.json: set CODEC_KEYS_FILE/);
  });

  test('a bad file fails with a message naming the file and what is wrong', () => {
    const file = path.join(dir, 'keys.json');
    const write = (content: unknown) => writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    const key = newCodecKeysFile('a').keys.a;
    write('{ not json');
    expect(() => loadCodecKeys(file)).toThrow(/keys\.json: cannot read the codec keys file/);
    write({ active: 'b', keys: { a: key } });
    expect(() => loadCodecKeys(file)).toThrow(/keys\.json: not a codec keys file: active: the active key must be one of keys/);
    write({ active: 'a', keys: { a: Buffer.alloc(16).toString('base64') } });
    expect(() => loadCodecKeys(file)).toThrow(/keys\.a: expected the base64 of 32 random bytes/);
    write({ active: 'a', keys: { a: 'not base64!' } });
    expect(() => loadCodecKeys(file)).toThrow(/keys\.a: expected base64/);
    write({ active: 'a b', keys: { 'a b': key } });
    expect(() => loadCodecKeys(file)).toThrow(/expected a key id/);
    write({ active: 'a', keys: { a: key }, extra: 1 });
    expect(() => loadCodecKeys(file)).toThrow(/not a codec keys file/);
    chmodSync(file, 0o000);
    if (process.getuid?.() !== 0) expect(() => loadCodecKeys(file)).toThrow(/cannot read the codec keys file/);
  });

  test('a new file holds one random 32-byte key, active, under a fresh id', () => {
    const [a, b] = [newCodecKeysFile(), newCodecKeysFile()];
    expect(a.active).not.toBe(b.active);
    const keys = parseCodecKeys(a, 'a');
    expect([...keys.keys.keys()]).toEqual([a.active]);
    expect(keys.keys.get(a.active)!.equals(parseCodecKeys(b, 'b').keys.get(b.active)!)).toBe(false);
  });
});
