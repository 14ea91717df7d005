/**
 * Personal data is encrypted in Temporal: after a campaign's nominations, candidates' names
 * are nowhere in the dev server's SQLite files (as npm start runs it, write-ahead log
 * included), while the API shows them, and so does Temporal's tooling through the codec
 * endpoint for an admin, and for an admin only.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CodecErrors, encryptedEncoding, keyIdMetadataKey } from '../../config/codec';
import { validBody } from '../../examples/sample-campaign';
import { cli, resolveBinary } from '../../scripts/temporal-binaries';
import { freePort } from '../../scripts/ports';
import { streetWorkflowId } from '../../workflows/definitions';
import { newCodecKeys, testCodecKeys } from '../helpers/codec';
import { dataConverter } from '../../config/codec';
import { bearer, communityStepPath, completeSteps, expectProblem, planStreet, startCampaign, startHarness, today, type Harness } from './harness';

const id = 'encrypted';
const communityId = 's1-c1';
const marker = randomBytes(4).toString('hex');
/** A name in Chinese, the bytes of its UTF-8 searched for; and one in ASCII, unique to this run. */
const chineseName = `慕容${String.fromCodePoint(0x4e00 + randomBytes(2).readUInt16BE() % 0x5000)}雪`;
const asciiName = `Zhang-${marker}`;
const uiOrigin = 'http://127.0.0.1:18233';

const dataDir = mkdtempSync(path.join(tmpdir(), 'huanjie-codec-'));
let h: Harness;
let server: Server;
let codecEndpoint: string;

beforeAll(async () => {
  const apiPort = await freePort();
  codecEndpoint = `http://127.0.0.1:${apiPort}/api/codec`;
  h = await startHarness({ dataDir, uiCodecEndpoint: codecEndpoint, codecCorsOrigins: [uiOrigin] });
  server = await new Promise<Server>((resolve) => {
    const s = h.app.listen(apiPort, '127.0.0.1', () => resolve(s));
  });

  await startCampaign(h.app, id);
  await planStreet(h.app, id, 's1');
  await completeSteps(h.app, id, communityId, ['election-committee', 'training', 'voter-registration']);
  const nomination = validBody('nomination', { today: today() }) as { party: { candidates: { name: string }[] }; residents: { candidates: { name: string }[] } };
  nomination.party.candidates[5].name = chineseName;
  nomination.residents.candidates[5].name = asciiName;
  const nominated = await request(h.app).post(communityStepPath(id, communityId, 'nomination')).set(bearer('s1')).send(nomination);
  expect(nominated.status).toBe(200);
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const showsNames = (value: unknown) => {
  const json = JSON.stringify(value);
  return json.includes(chineseName) && json.includes(asciiName);
};

/** Every file the dev server keeps: its SQLite database, write-ahead log and shared memory, and its log. */
function databaseBytes(): Buffer {
  const files = readdirSync(dataDir);
  expect(files).toEqual(expect.arrayContaining(['temporal.db', 'temporal.db-wal', 'temporal.log']));
  return Buffer.concat(files.map((f) => readFileSync(path.join(dataDir, f))));
}

test("the API shows the candidates' names: the community's state and its history", async () => {
  const state = await request(h.app).get(`/api/campaigns/${id}/communities/${communityId}`).set(bearer('coordinator'));
  expect(state.status).toBe(200);
  expect(showsNames(state.body)).toBe(true);
  const history = await request(h.app).get(`/api/campaigns/${id}/communities/${communityId}/history`).set(bearer('admin'));
  expect(history.status).toBe(200);
  const nomination = history.body.events.find((e: { type: string; details: { step?: string } }) => e.type === 'step-completed' && e.details.step === 'nomination');
  expect(showsNames(nomination.details.evidence)).toBe(true);
});

test("the names' bytes are nowhere in Temporal's database files (nor its log), though what goes in clear is found there", async () => {
  // A control: a payload sent without the codec lands on disk where this search finds it.
  const control = `Control-${marker}`;
  const clear = new Client({ connection: h.env.connection });
  const handle = await clear.workflow.start('none', { taskQueue: 'nobody-polls', workflowId: `control-${marker}`, args: [{ name: control }] });
  await handle.terminate();

  const bytes = databaseBytes();
  expect(bytes.includes(Buffer.from(control, 'utf8'))).toBe(true);
  expect(bytes.includes(Buffer.from(streetWorkflowId(id, 's1'), 'utf8'))).toBe(true);
  expect(bytes.includes(Buffer.from(encryptedEncoding, 'utf8'))).toBe(true);
  expect(bytes.includes(Buffer.from(chineseName, 'utf8'))).toBe(false);
  expect(bytes.includes(Buffer.from(asciiName, 'utf8'))).toBe(false);
  // Names of the guidance group and the committee too (the sample's).
  expect(bytes.includes(Buffer.from('王书记', 'utf8'))).toBe(false);
  expect(bytes.includes(Buffer.from('陈书记', 'utf8'))).toBe(false);
});

test('the Web UI of the dev server is told to decode through the API', async () => {
  const settings = (await (await fetch(`${h.uiUrl}/api/v1/settings`)).json()) as { Codec: { Endpoint: string } };
  expect(settings.Codec.Endpoint).toBe(codecEndpoint);
});

describe("Temporal's CLI through the codec endpoint", () => {
  // The CLI retries a refused decode until its command times out: a refusal is given a few seconds.
  const show = (auth: string | undefined, timeout: string) =>
    promisify(execFile)(
      resolveBinary(cli),
      [
        'workflow', 'show', '--address', h.env.address, '--workflow-id', streetWorkflowId(id, 's1'), '--output', 'json',
        '--codec-endpoint', codecEndpoint, ...(auth ? ['--codec-auth', auth] : []), '--command-timeout', timeout,
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    ).then(({ stdout }) => stdout, (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`);

  /** What the CLI's JSON shows of every payload's data (base64 in proto JSON), as text. */
  const shownData = (out: string): string => {
    const texts: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (!value || typeof value !== 'object') return;
      const { metadata, data } = value as { metadata?: unknown; data?: unknown };
      if (metadata && typeof data === 'string') texts.push(Buffer.from(data, 'base64').toString('utf8'));
      Object.values(value).forEach(walk);
    };
    try {
      walk(JSON.parse(out));
    } catch {
      // Not JSON: the CLI refused; nothing shown.
    }
    return texts.join('\n');
  };

  test('shows an admin the names, and logs who decoded how many payloads', async () => {
    const before = h.logs.length;
    expect(showsNames(shownData(await show('Bearer test-token-admin', '60s')))).toBe(true);
    const decodes = h.logs.slice(before).filter((e) => e.route === '/api/codec/decode');
    expect(decodes.length).toBeGreaterThan(0);
    for (const entry of decodes) expect(entry).toMatchObject({ method: 'POST', status: 200, token: 'admin', payloads: expect.any(Number) });
    expect(decodes.some((e) => e.payloads! > 0)).toBe(true);
  });

  test('shows anyone else no name', async () => {
    for (const auth of ['Bearer test-token-coordinator', undefined]) {
      const out = await show(auth, '3s');
      expect(out).toMatch(/^Error: /);
      const data = shownData(out);
      expect(data.includes(chineseName) || data.includes(asciiName) || out.includes(chineseName) || out.includes(asciiName)).toBe(false);
    }
    const refused = h.logs.filter((e) => e.route === '/api/codec/decode' && e.status !== 200).map((e) => [e.status, e.token]);
    expect(refused).toEqual(expect.arrayContaining([[403, 'coordinator'], [401, null]]));
  });
});

describe('POST /api/codec/decode and /encode', () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const decode = (payloads: unknown[], who: 'admin' | 'coordinator' = 'admin') => request(h.app).post('/api/codec/decode').set(bearer(who)).send({ payloads });
  const encode = (payloads: unknown[]) => request(h.app).post('/api/codec/encode').set(bearer('admin')).send({ payloads });
  const clearPayload = { metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify({ name: chineseName })) };

  /** The payloads of the nomination update's input, as Temporal keeps them. */
  async function storedNomination(): Promise<temporal.api.common.v1.IPayload[]> {
    const { events } = await h.client.workflow.getHandle(streetWorkflowId(id, 's1')).fetchHistory();
    const accepted = events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads!);
    return accepted[accepted.length - 1];
  }
  const toJson = (p: temporal.api.common.v1.IPayload) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? []).toString('base64'),
  });

  test("an admin gets the stored payloads in clear; what Temporal stores names the key and holds no name", async () => {
    const stored = await storedNomination();
    expect(Buffer.from(stored[0].metadata![keyIdMetadataKey]).toString()).toBe(testCodecKeys.active);
    expect(showsNames(stored.map((p) => Buffer.from(p.data!).toString('utf8')))).toBe(false);
    const res = await decode(stored.map(toJson));
    expect(res.status).toBe(200);
    expect(Buffer.from(res.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(showsNames(JSON.parse(Buffer.from(res.body.payloads[0].data, 'base64').toString('utf8')))).toBe(true);
  });

  test('encode encrypts with the active key, decode gives back the very payload; a clear payload decodes as it is', async () => {
    const encoded = await encode([clearPayload]);
    expect(encoded.status).toBe(200);
    const [encrypted] = encoded.body.payloads;
    expect(encrypted.metadata).toEqual({ encoding: b64(encryptedEncoding), [keyIdMetadataKey]: b64(testCodecKeys.active) });
    expect(Buffer.from(encrypted.data, 'base64').includes(Buffer.from(chineseName))).toBe(false);
    const decoded = await decode([encrypted, clearPayload]);
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads).toEqual([clearPayload, clearPayload]);
  });

  test('admin only: 401 without a token, 403 for other roles', async () => {
    const [encrypted] = (await encode([clearPayload])).body.payloads;
    expectProblem(await request(h.app).post('/api/codec/decode').send({ payloads: [encrypted] }), 401);
    expectProblem(await decode([encrypted], 'coordinator'), 403);
    expectProblem(await request(h.app).post('/api/codec/encode').set(bearer('s1')).send({ payloads: [clearPayload] }), 403);
  });

  test('422 naming each payload that does not decrypt: an unknown key by its id, an altered one; 400 for a malformed body', async () => {
    const stranger = newCodecKeys('retired-key');
    const [foreign] = await dataConverter(stranger).payloadCodecs![0].encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') }]);
    const [encrypted] = (await encode([clearPayload])).body.payloads;
    const flipped = Buffer.from(encrypted.data, 'base64');
    flipped[20] ^= 1;
    const altered = { ...encrypted, data: flipped.toString('base64') };
    const res = await decode([toJson(foreign), encrypted, altered]);
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([
      { path: 'payloads.0', rule: CodecErrors.unknownKey, message: expect.stringContaining("'retired-key'") },
      { path: 'payloads.2', rule: CodecErrors.undecryptable, message: expect.any(String) },
    ]);
    expectProblem(await decode([{ metadata: { encoding: 'not base64!' } }]), 400);
    expectProblem(await request(h.app).post('/api/codec/decode').set(bearer('admin')).send({ payload: [] }), 400);
  });

  test("CORS: the UI's origin may call, with credentials; a page from any other origin is refused", async () => {
    const preflight = await request(h.app)
      .options('/api/codec/decode')
      .set({ Origin: uiOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-namespace' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': uiOrigin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST',
    });
    expect(preflight.headers['access-control-allow-headers'].toLowerCase().split(/,\s*/)).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-namespace']));
    expect(preflight.headers.vary).toMatch(/Origin/);

    const fromUi = await request(h.app).post('/api/codec/encode').set(bearer('admin')).set('Origin', uiOrigin).send({ payloads: [clearPayload] });
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers['access-control-allow-origin']).toBe(uiOrigin);
    // A refusal reaches the UI too, so that it can say why.
    const refused = await request(h.app).post('/api/codec/decode').set(bearer('coordinator')).set('Origin', uiOrigin).send({ payloads: [] });
    expectProblem(refused, 403);
    expect(refused.headers['access-control-allow-origin']).toBe(uiOrigin);

    for (const origin of ['http://127.0.0.1:9999', 'https://evil.example', 'null']) {
      const pre = await request(h.app).options('/api/codec/decode').set({ Origin: origin, 'Access-Control-Request-Method': 'POST' });
      expectProblem(pre, 403);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      const post = await request(h.app).post('/api/codec/decode').set(bearer('admin')).set('Origin', origin).send({ payloads: [clearPayload] });
      expectProblem(post, 403);
      expect(post.headers['access-control-allow-origin']).toBeUndefined();
    }
    // Other routes are not opened to the UI's origin.
    const other = await request(h.app).get('/api/campaigns').set(bearer('admin')).set('Origin', uiOrigin);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('the OpenAPI document has both routes, admin only', async () => {
    const doc = (await request(h.app).get('/api/openapi.json')).body;
    for (const route of ['/api/codec/decode', '/api/codec/encode']) {
      expect(doc.paths[route].post.description).toMatch(/Who: admin\./);
      expect(Object.keys(doc.paths[route].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    }
  });
});
