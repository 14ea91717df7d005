/**
 * A community's timeline read from a real street workflow: its steps and election rounds,
 * the street's plan, the deadline moves and emails that concern it, and nothing of the
 * street's other community. The dev server suggests continuing as new after a few dozen
 * events, so the street's history spans several runs, all of which the timeline reads.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { campaignDefinitionSchema, dueInstant, localDate, MS_PER_DAY, type CommunityStepId, type DeadlineMove, type StepId } from '../../domain';
import { campaignInput, completeCommunityStep, completeStreetStep, deadlineMovedSignal, streetWorkflowId } from '../../workflows/definitions';
import { street } from '../../workflows';
import { campaignDefinition, validBody } from '../../examples/sample-campaign';
import { communityTimeline, type TimelineEvent } from '../../api/history';
import { createDevServerEnv } from '../helpers/temporal';
import { engineWorker, RecordingMailer, taskQueue } from '../helpers/engine';
import { eventually } from '../helpers/eventually';

jest.setTimeout(120_000);

const mailer = new RecordingMailer();
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  env = await createDevServerEnv(['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=40']);
  worker = await engineWorker(env, mailer);
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const definition = campaignDefinitionSchema.parse(campaignDefinition({ id: 'history', from: Date.now(), communitiesPerStreet: 2 }));
const [mine, other] = definition.streets[0].communities.map((c) => c.id);
const by = 'office-s1';
const today = () => localDate(Date.now(), definition.timezone);

test("a community's timeline holds its own events from every run of its street, oldest first, and none of the other community's", async () => {
  const { streets, ...context } = definition;
  const handle: WorkflowHandle<typeof street> = await env.client.workflow.start(street, {
    taskQueue,
    workflowId: streetWorkflowId(definition.id, streets[0].id),
    args: [{ campaign: { ...context, effectivePolicy: campaignInput(definition).effectivePolicy }, street: streets[0], index: 0 }],
  });
  const streetStep = (step: StepId) =>
    handle.executeUpdate(completeStreetStep, { args: [{ step, body: validBody(step, { today: today(), communityIds: [mine, other] }), by }] });
  const communityStep = (communityId: string, step: CommunityStepId, body = validBody(step, { today: today() })) =>
    handle.executeUpdate(completeCommunityStep, { args: [{ communityId, step, body, by }] });
  const move = (m: DeadlineMove) => handle.signal(deadlineMovedSignal, { ...m, dueAt: dueInstant(m.due, definition.timezone), by: 'coordinator', at: new Date().toISOString() });
  const later = (step: StepId) => localDate(dueInstant(definition.calendar[step], definition.timezone) + 3 * MS_PER_DAY, definition.timezone);

  await streetStep('guidance-group');
  await streetStep('election-plan');
  for (const step of ['election-committee', 'training'] as const) {
    await communityStep(other, step);
    await communityStep(mine, step);
  }
  await communityStep(mine, 'voter-registration');
  await communityStep(mine, 'nomination');
  await move({ step: 'voter-registration', due: later('voter-registration'), reason: '仅另一社区', communityId: other });
  await move({ step: 'residents-election', due: later('residents-election'), reason: '全市顺延' });
  await move({ step: 'election-plan', due: later('election-plan'), reason: '街道步骤' });
  const quorumless = await communityStep(mine, 'party-election', { ...(validBody('party-election', { today: today() }) as object), present: 75 });
  expect(quorumless.current).toBe('party-election');
  await communityStep(mine, 'party-election');

  const naming = (communityId: string) => mailer.sent.filter((n) => n.items.some((i) => i.communityId === communityId));
  const timelineOf = (communityId: string) =>
    eventually(async () => {
      const events = await communityTimeline({ client: env.client, street: handle, communityId });
      // The last emails' activities may still be completing.
      expect(events.filter((e) => e.type === 'notification-sent')).toHaveLength(naming(communityId).length);
      return events;
    });
  const [events, others] = await Promise.all([timelineOf(mine), timelineOf(other)]);
  const ofType = (list: TimelineEvent[], type: string) => list.filter((e) => e.type === type);

  // Every run read, in history order (a signal buffered during a workflow task is recorded after it,
  // so times alone need not ascend): the first run's start leads, each run's events together.
  const places = events.map((e) => e.id.split('/')).map(([, runId, eventId]) => ({ runId, eventId: Number(eventId) }));
  const runs = places.map((p) => p.runId).filter((runId, i, all) => all.indexOf(runId) === i);
  expect(runs.length).toBeGreaterThan(1);
  expect(places.filter((p, i) => i > 0 && p.runId !== places[i - 1].runId)).toHaveLength(runs.length - 1);
  expect(places.every((p, i) => i === 0 || p.runId !== places[i - 1].runId || p.eventId > places[i - 1].eventId)).toBe(true);
  expect(ofType(events, 'continued-as-new').length).toBeGreaterThan(0);
  expect(events[0].type).toBe('started');
  expect(events.every((e) => !Number.isNaN(Date.parse(e.time)))).toBe(true);

  const completed = ofType(events, 'step-completed');
  expect(completed.map((e) => e.details.step)).toEqual(['election-committee', 'training', 'voter-registration', 'nomination', 'party-election']);
  expect(completed.every((e) => e.details.by === by)).toBe(true);
  expect(completed[1].details.evidence).toEqual(validBody('training', { today: today() }));
  expect(completed[4].details.outcome).toMatchObject({ valid: true, unfilled: 0 });
  expect(ofType(events, 'election-round-failed').map((e) => [e.details.step, (e.details.outcome as { valid: boolean }).valid])).toEqual([['party-election', false]]);
  expect(ofType(events, 'plan-decided').map((e) => e.details)).toEqual([{ method: 'direct' }]);
  expect(ofType(events, 'deadline-moved').map((e) => e.details.reason)).toEqual(['全市顺延']);
  const kinds = ofType(events, 'notification-sent').map((e) => e.details.kind);
  expect(kinds).toEqual(expect.arrayContaining(['deadline-moved', 'reelection-required']));

  // The other community: its own steps and moves, none of the first's.
  expect(ofType(others, 'step-completed').map((e) => e.details.step)).toEqual(['election-committee', 'training']);
  expect(ofType(others, 'election-round-failed')).toEqual([]);
  expect(ofType(others, 'deadline-moved').map((e) => e.details.reason)).toEqual(['仅另一社区', '全市顺延']);
  expect(ofType(others, 'notification-sent').map((e) => e.details.kind)).not.toContain('reelection-required');
});
