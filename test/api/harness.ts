/**
 * The API as the tests drive it: createApp on a real dev server, with a real worker running
 * the real workflows bundle and the real notification activities, mailing into a sink.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { Client } from '@temporalio/client';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import { sha256Hex, type Role } from '../../api/auth';
import type { RateLimit } from '../../api/rate-limit';
import type { RequestLogEntry } from '../../api/request-log';
import type { TemporalTimeouts } from '../../api/temporal';
import { dataConverter, failureConverterPath } from '../../config/codec';
import type { CodecKeys } from '../../config/codec-keys';
import { loadEnv } from '../../config/env';
import { createActivities } from '../../activities';
import { createMailer } from '../../activities/mailer';
import { startMailSink } from '../../activities/mail-sink';
import { localDate, type CampaignDefinitionInput, type StepId } from '../../domain';
import { workflowSources } from '../../worker/worker';
import { campaignDefinition, timezone, validBody } from '../../examples/sample-campaign';
import { eventually } from '../helpers/eventually';
import { createDevServerEnv } from '../helpers/temporal';
import { testCodecKeys, testDataConverter } from '../helpers/codec';
import { startDevServer } from '../../scripts/dev-server';
import { freePort } from '../../scripts/ports';
import { registerSearchAttributes } from '../../scripts/search-attributes';

export const taskQueue = 'api-test';

/** Who calls: a role's token, a street's, or none at all. */
export const callers = {
  coordinator: { role: 'coordinator' as Role },
  admin: { role: 'admin' as Role },
  s1: { role: 'street' as Role, street: 's1' },
  s2: { role: 'street' as Role, street: 's2' },
};
export type Caller = keyof typeof callers;

export const tokenOf = (caller: Caller) => `test-token-${caller}`;
export const bearer = (caller: Caller) => ({ Authorization: `Bearer ${tokenOf(caller)}` });

export interface Harness {
  app: Express;
  env: TestWorkflowEnvironment;
  /** The API's client: it encrypts and decrypts with the harness's codec keys. */
  client: Client;
  /** The Temporal Web UI, when Temporal runs as npm start runs it (`dataDir`). */
  uiUrl?: string;
  logs: RequestLogEntry[];
  /** The worker and the API stopped, and started again with `keys`, as after a key rotation. */
  restart(keys: CodecKeys): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  rateLimit?: RateLimit;
  timeouts?: TemporalTimeouts;
  chunkBytes?: number;
  codecCorsOrigins?: readonly string[];
  /** The worker's and the API's codec keys; the tests' by default. */
  keys?: CodecKeys;
  /** Temporal as `npm start` runs it, its database in this folder (by default, in memory). */
  dataDir?: string;
  /** With `dataDir`: the codec endpoint its Web UI is told to use. */
  uiCodecEndpoint?: string;
}

/** The dev server as npm start runs it (scripts/dev-server.ts), with its SQLite files in `dataDir`. */
async function persistedTemporal(dataDir: string, uiCodecEndpoint?: string): Promise<{ env: TestWorkflowEnvironment; uiUrl: string; stop(): Promise<void> }> {
  const devServer = await startDevServer(loadEnv({ DATA_DIR: dataDir, TEMPORAL_DEV_PORT: String(await freePort(1000)) }), { uiCodecEndpoint });
  const env = await TestWorkflowEnvironment.createFromExistingServer({ address: devServer.address, client: { dataConverter: testDataConverter } });
  await registerSearchAttributes(env.connection, 'default');
  return {
    env,
    uiUrl: devServer.uiUrl,
    async stop() {
      await env.teardown();
      await devServer.stop();
    },
  };
}

export async function startHarness({ keys = testCodecKeys, dataDir, uiCodecEndpoint, ...options }: HarnessOptions = {}): Promise<Harness> {
  const mailDir = mkdtempSync(path.join(tmpdir(), 'huanjie-api-mail-'));
  const [temporal, workflowBundle, sink] = await Promise.all([
    dataDir ? persistedTemporal(dataDir, uiCodecEndpoint) : createDevServerEnv().then((env) => ({ env, uiUrl: undefined, stop: () => env.teardown() })),
    bundleWorkflowCode({ ...workflowSources, failureConverterPath, logger: quietBundler }),
    startMailSink({ dir: mailDir }),
  ]);
  const { env } = temporal;
  const mailer = createMailer({ smtpUrl: sink.url, from: 'huanjie@localhost' });
  const logs: RequestLogEntry[] = [];
  const tokens = Object.entries(callers).map(([name, c]) => ({ name, ...c, sha256: sha256Hex(tokenOf(name as Caller)) }));
  const start = async (codecKeys: CodecKeys) => {
    const converter = dataConverter(codecKeys);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
      dataConverter: converter,
      activities: createActivities({ mailer }),
    });
    const client = new Client({ connection: env.connection, dataConverter: converter });
    const app = createApp({ client, connection: env.connection, taskQueue, tokens, log: (e) => logs.push(e), ...options });
    return { worker, running: worker.run(), client, app };
  };
  let current = await start(keys);
  const harness: Harness = {
    app: current.app,
    env,
    client: current.client,
    uiUrl: temporal.uiUrl,
    logs,
    async restart(codecKeys) {
      current.worker.shutdown();
      await current.running;
      current = await start(codecKeys);
      Object.assign(harness, { app: current.app, client: current.client });
    },
    async close() {
      current.worker.shutdown();
      await current.running;
      mailer.close();
      await sink.close();
      await temporal.stop();
      rmSync(mailDir, { recursive: true, force: true });
    },
  };
  return harness;
}

const quietBundler = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

export const today = () => localDate(Date.now(), timezone);

/** Starts a campaign of two streets (s1, s2) of two communities each, through the API, and waits until all of it runs. */
export async function startCampaign(app: Express, id: string, overrides: Partial<CampaignDefinitionInput> = {}): Promise<CampaignDefinitionInput> {
  const definition = { ...campaignDefinition({ id, streets: 2, communitiesPerStreet: 2, from: Date.now() }), ...overrides };
  const created = await request(app).post('/api/campaigns').set(bearer('coordinator')).send(definition);
  expect(created.status).toBe(201);
  await eventually(async () => {
    const list = await request(app).get(`/api/campaigns/${id}/communities`).set(bearer('coordinator'));
    expect(list.body.total).toBe(4);
  });
  return definition;
}

export const streetStepPath = (campaignId: string, streetId: string, step: StepId) => `/api/campaigns/${campaignId}/streets/${streetId}/steps/${step}`;
export const communityStepPath = (campaignId: string, communityId: string, step: StepId) =>
  `/api/campaigns/${campaignId}/communities/${communityId}/steps/${step}`;

/** Completes a street's two steps through the API, opening its communities' first step. */
export async function planStreet(app: Express, campaignId: string, street: 's1' | 's2'): Promise<void> {
  const communityIds = [`${street}-c1`, `${street}-c2`];
  for (const step of ['guidance-group', 'election-plan'] as const) {
    const res = await request(app).post(streetStepPath(campaignId, street, step)).set(bearer(street)).send(validBody(step, { today: today(), communityIds }) as object);
    expect(res.status).toBe(200);
  }
  await eventually(async () => {
    const res = await request(app).get(`/api/campaigns/${campaignId}/communities/${street}-c1`).set(bearer(street));
    expect(res.body.current).toBe('election-committee');
    expect(res.body.steps[0].status).toBe('open');
  });
}

/** Completes `steps` of a community in order, through the API. */
export async function completeSteps(app: Express, campaignId: string, communityId: string, steps: readonly StepId[]): Promise<void> {
  const street = communityId.split('-')[0] as 's1' | 's2';
  for (const step of steps) {
    const res = await request(app).post(communityStepPath(campaignId, communityId, step)).set(bearer(street)).send(validBody(step, { today: today() }) as object);
    expect(res.status).toBe(200);
  }
}

export function expectProblem(res: request.Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(expect.objectContaining({ type: 'about:blank', title: expect.any(String), status, detail: expect.any(String) }));
}
