import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { testDataConverter } from '../helpers/codec';
import { sleeper } from '../fixtures/timer-workflow';

const day = 24 * 60 * 60 * 1000;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});

afterAll(async () => {
  await env?.teardown();
});

test('a 30-day timer passes in seconds on the time-skipping server', async () => {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: 'timer',
    dataConverter: testDataConverter,
    workflowsPath: require.resolve('../fixtures/timer-workflow'),
  });
  const wallStart = Date.now();
  const elapsed = await worker.runUntil(
    env.client.workflow.execute(sleeper, { args: ['30 days'], workflowId: 'thirty-days', taskQueue: 'timer' }),
  );
  expect(elapsed).toBeGreaterThanOrEqual(30 * day);
  expect(Date.now() - wallStart).toBeLessThan(30_000);
});
