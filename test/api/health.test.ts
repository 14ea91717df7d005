import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../api/app';
import { testDataConverter } from '../helpers/codec';
import { healthTimeoutMs } from '../../api/routes/health';
import { createDevServerEnv } from '../helpers/temporal';

let env: TestWorkflowEnvironment | undefined;
let connection: Connection;

beforeAll(async () => {
  env = await createDevServerEnv();
  connection = await Connection.connect({ address: env.address });
});

afterAll(async () => {
  await env?.teardown();
  await connection?.close();
});

test('GET /api/health is 200 while Temporal answers, 503 once it is gone', async () => {
  const app = createApp({ client: new Client({ connection, dataConverter: testDataConverter }), connection, taskQueue: 'health-test', tokens: [], log: () => {} });

  const up = await request(app).get('/api/health');
  expect(up.status).toBe(200);
  expect(up.body).toEqual({ status: 'ok' });

  await env!.teardown();
  env = undefined;

  const started = Date.now();
  const down = await request(app).get('/api/health');
  expect(down.status).toBe(503);
  expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(down.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
  // Bounded: the deadline, plus slack for a loaded CI machine; never the SDK's minute-long retries.
  expect(Date.now() - started).toBeLessThan(healthTimeoutMs + 5_000);
});
