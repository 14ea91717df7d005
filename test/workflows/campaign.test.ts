import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { STEPS } from '../../domain';
import { campaignDefinition } from '../fixtures/campaign';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { completeEverywhere, dueOf, engineWorker, RecordingMailer, sleepUntil, startCampaign } from '../helpers/engine';

const hour = 3_600_000;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let mailer: RecordingMailer;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  mailer = new RecordingMailer();
  worker = await engineWorker(env, mailer);
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

test('a campaign on time: every step before its due date, reminders only, and it completes', async () => {
  const { definition, handle } = await startCampaign(env, campaignDefinition({ id: 'on-time', from: await env.currentTimeMs() }));
  for (const step of STEPS) {
    await sleepUntil(env, dueOf(definition, step) - 2 * hour);
    await completeEverywhere(env, definition, step);
  }
  const summary = await handle.result();
  expect(summary.status).toBe('completed');
  expect(summary.steps.handover).toEqual({ done: 2, open: 0, overdue: 0 });
  expect(summary.turnout).toEqual({ registered: 6000, cast: 4800, rate: 0.8 });

  const kinds = new Set(mailer.sent.map((n) => n.kind));
  expect([...kinds].sort()).toEqual(['due-today', 'reminder']);
  // One email per reminder time (P7D, P3D, P1D before the due day; the morning of it), per step.
  expect(mailer.ofKind('reminder')).toHaveLength(3 * STEPS.length);
  expect(mailer.ofKind('due-today')).toHaveLength(STEPS.length);
  const communityReminders = mailer.ofKind('reminder').filter((n) => n.items[0].communityId);
  expect(communityReminders.every((n) => n.items.length === 2 && n.to[0] === 'office@s1.example.gov.cn')).toBe(true);
}, 120_000);
