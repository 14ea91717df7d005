/**
 * Drives the real engine workflows on a test server, with the notification activity
 * stubbed to record what would be sent (workflow unit tests only; integration tests use
 * real SMTP).
 */
import { Worker, type WorkerOptions } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import {
  campaignDefinitionSchema,
  dueInstant,
  isStreetStep,
  localDate,
  type CampaignDefinition,
  type CampaignDefinitionInput,
  type DeliveryReport,
  type Notification,
  type NotificationActivities,
  type StepId,
} from '../../domain';
import {
  campaignInput,
  campaignWorkflowId,
  completeCommunityStep,
  completeStreetStep,
  streetWorkflowId,
} from '../../workflows/definitions';
import { campaign } from '../../workflows';
import { validBody } from '../../examples/sample-campaign';
import { workflowOptions } from '../../worker/worker';
import { createTimeSkippingEnv } from './temporal';
import { testDataConverter } from './codec';

export const taskQueue = 'engine-test';

export interface Engine {
  env: TestWorkflowEnvironment;
  mailer: RecordingMailer;
}

/** A time-skipping server and a running engine worker for one test file, torn down after it. */
export function useEngine(mailer: RecordingMailer = new RecordingMailer()): Engine {
  const engine = { mailer } as Engine;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    engine.env = await createTimeSkippingEnv();
    worker = await engineWorker(engine.env, mailer);
    running = worker.run();
  }, 120_000);
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await engine.env?.teardown();
  });
  return engine;
}

export class RecordingMailer implements NotificationActivities {
  readonly sent: Notification[] = [];

  async sendNotification(notification: Notification): Promise<DeliveryReport> {
    this.sent.push(notification);
    return { messageId: `<${notification.key}@huanjie>`, accepted: [...notification.to, ...notification.cc], rejected: [] };
  }

  ofKind(kind: Notification['kind']): Notification[] {
    return this.sent.filter((n) => n.kind === kind);
  }
}

export async function engineWorker(
  env: TestWorkflowEnvironment,
  activities: NotificationActivities,
  options: Partial<WorkerOptions> = {},
): Promise<Worker> {
  return Worker.create({
    dataConverter: testDataConverter,
    ...options,
    connection: env.nativeConnection,
    taskQueue,
    // The production worker's bundle: the validators' schemas preloaded and shared, the clock guarded.
    ...workflowOptions,
    activities: { sendNotification: activities.sendNotification.bind(activities) },
  });
}

export async function startCampaign(env: TestWorkflowEnvironment, input: CampaignDefinitionInput): Promise<{ definition: CampaignDefinition; handle: WorkflowHandle<typeof campaign> }> {
  const definition = campaignDefinitionSchema.parse(input);
  const handle = await env.client.workflow.start(campaign, {
    taskQueue,
    workflowId: campaignWorkflowId(definition.id),
    args: [campaignInput(definition)],
  });
  await untilStarted(env, definition);
  return { definition, handle };
}

/** The campaign starts its streets asynchronously: wait for all of them. */
async function untilStarted(env: TestWorkflowEnvironment, definition: CampaignDefinition): Promise<void> {
  const ids = definition.streets.map((s) => streetWorkflowId(definition.id, s.id));
  for (const id of ids) {
    for (;;) {
      const found = await env.client.workflow
        .getHandle(id)
        .describe()
        .then(() => true, () => false);
      if (found) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Completes `step` for every street (street steps) or every community, as its street office would. */
export function completeEverywhere(env: TestWorkflowEnvironment, definition: CampaignDefinition, step: StepId): Promise<void> {
  return completeFor(env, definition, step);
}

/** Completes `step` for the given communities (all by default), or for every street when it is a street step. */
export async function completeFor(env: TestWorkflowEnvironment, definition: CampaignDefinition, step: StepId, communityIds?: string[]): Promise<void> {
  const today = localDate(await env.currentTimeMs(), definition.timezone);
  await Promise.all(
    definition.streets.flatMap((street): Promise<unknown>[] => {
      if (isStreetStep(step)) {
        const body = validBody(step, { today, communityIds: street.communities.map((c) => c.id) });
        return [env.client.workflow.getHandle(streetWorkflowId(definition.id, street.id)).executeUpdate(completeStreetStep, { args: [{ step, body, by: `office-${street.id}` }] })];
      }
      const handle = env.client.workflow.getHandle(streetWorkflowId(definition.id, street.id));
      return street.communities.filter((c) => !communityIds || communityIds.includes(c.id)).map((c) =>
        handle.executeUpdate(completeCommunityStep, { args: [{ communityId: c.id, step, body: validBody(step, { today }), by: `office-${street.id}` }] }),
      );
    }),
  );
}

/** Lets the test server's clock run to `at` (timers in between fire). */
export async function sleepUntil(env: TestWorkflowEnvironment, at: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (at > now) await env.sleep(at - now);
}

export const dueOf = (definition: CampaignDefinition, step: StepId) => dueInstant(definition.calendar[step], definition.timezone);
