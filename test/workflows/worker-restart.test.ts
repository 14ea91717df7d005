/**
 * A worker stopped mid-campaign and a fresh one started (no cache: it replays every
 * workflow from history): the campaign carries on, nothing lost, nothing repeated.
 * Timers falling due while no worker runs need real time: the drills of test/drills/.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { STEPS } from '../../domain';
import { campaignDefinition } from '../../examples/sample-campaign';
import { createTimeSkippingEnv } from '../helpers/temporal';
import { completeEverywhere, dueOf, engineWorker, RecordingMailer, sleepUntil, startCampaign } from '../helpers/engine';

const hour = 3_600_000;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 120_000);

afterAll(async () => {
  await env?.teardown();
});

// The first worker keeps no workflow cache, so it has no sticky task queue: once stopped,
// its sticky queue would hold tasks until a timeout on the server's clock, which the
// time-skipping server does not move while tasks are outstanding. The second worker starts
// with an empty cache, so it replays each workflow from history.
const uncached = { maxCachedWorkflows: 0 };

test('a fresh worker resumes a campaign whose worker stopped', async () => {
  const mailer = new RecordingMailer();
  const first = await engineWorker(env, mailer, uncached);
  const { definition, handle } = await first.runUntil(async () => {
    const started = await startCampaign(env, campaignDefinition({ id: 'restart', from: await env.currentTimeMs(), streets: 2 }));
    for (const step of STEPS.slice(0, 4)) {
      await sleepUntil(env, dueOf(started.definition, step) - 2 * hour);
      await completeEverywhere(env, started.definition, step);
    }
    return started;
  });

  const second = await engineWorker(env, mailer);
  const progress = await second.runUntil(async () => {
    for (const step of STEPS.slice(4)) {
      await sleepUntil(env, dueOf(definition, step) - 2 * hour);
      await completeEverywhere(env, definition, step);
    }
    return handle.result();
  });

  expect(progress).toEqual({ expected: 2, started: 2, completed: 2 });
  const keys = mailer.sent.map((n) => n.key);
  expect(new Set(keys).size).toBe(keys.length);
  // Every reminder time of every step, for both streets, exactly once: 4 per step per street.
  expect(mailer.sent.filter((n) => n.kind === 'reminder' || n.kind === 'due-today')).toHaveLength(STEPS.length * 4 * 2);
}, 120_000);
