import { STEPS } from '../../domain';
import { campaignDefinition } from '../../examples/sample-campaign';
import { summaryOf } from '../../api/community-view';
import { campaignEventsPerRun } from '../../workflows/campaign';
import { campaignProgressQuery, completeCommunityStep, streetMemoKey, StepErrors, streetNotesSignal, streetWorkflowId, type StreetMemo } from '../../workflows/definitions';
import { completeEverywhere, completeFor, dueOf, sleepUntil, startCampaign, useEngine } from '../helpers/engine';
import { eventually } from '../helpers/eventually';
import { validBody } from '../../examples/sample-campaign';

const hour = 3_600_000;
const engine = useEngine();

test('a campaign on time: every step before its due date, reminders only, and it completes; its streets\' memos add up to the summary', async () => {
  const { definition, handle } = await startCampaign(engine.env, campaignDefinition({ id: 'on-time', from: await engine.env.currentTimeMs() }));
  for (const step of STEPS) {
    await sleepUntil(engine.env, dueOf(definition, step) - 2 * hour);
    await completeEverywhere(engine.env, definition, step);
  }
  expect(await handle.result()).toEqual({ expected: 1, started: 1, completed: 1 });
  const memos = await Promise.all(
    definition.streets.map(async (s) => (await engine.env.client.workflow.getHandle(streetWorkflowId(definition.id, s.id)).describe()).memo?.[streetMemoKey] as StreetMemo),
  );
  const summary = summaryOf(definition.id, definition.name, 'completed', memos);
  expect(summary.steps.handover).toEqual({ done: 2, open: 0, overdue: 0 });
  expect(summary.steps['guidance-group']).toEqual({ done: 1, open: 0, overdue: 0 });
  expect(summary.turnout).toEqual({ registered: 6000, cast: 4800, rate: 0.8 });
  expect(summary.streets).toEqual([{ id: 's1', name: definition.streets[0].name, communities: 2, done: 2, overdue: 0, atRisk: 0 }]);

  const kinds = new Set(engine.mailer.sent.map((n) => n.kind));
  expect([...kinds].sort()).toEqual(['due-today', 'reminder']);
  // One email per reminder time (P7D, P3D, P1D before the due day; the morning of it), per step.
  expect(engine.mailer.ofKind('reminder')).toHaveLength(3 * STEPS.length);
  expect(engine.mailer.ofKind('due-today')).toHaveLength(STEPS.length);
  const communityReminders = engine.mailer.ofKind('reminder').filter((n) => n.items[0].communityId);
  expect(communityReminders.every((n) => n.items.length === 2 && n.to[0] === 'office@s1.example.gov.cn')).toBe(true);
}, 120_000);

test('a campaign fed a steady stream of street notes continues as new after campaignEventsPerRun events, and keeps its progress', async () => {
  const { handle } = await startCampaign(engine.env, campaignDefinition({ id: 'short-runs', from: await engine.env.currentTimeMs() }));
  await engine.env.sleep(60_000);
  const { runId: firstRun } = await handle.describe();
  // Each note is an event, with some of the workflow tasks that take them: past one run's
  // budget, and short of Temporal's suggestion (4,096 events).
  for (let i = 0; i < 2 * campaignEventsPerRun; i += 1) await handle.signal(streetNotesSignal, { failures: [], warnings: [] });
  const latestRun = async () => (await engine.env.client.workflow.getHandle(handle.workflowId).describe()).runId;
  await eventually(async () => expect(await latestRun()).not.toBe(firstRun), 10_000);
  expect(await handle.query(campaignProgressQuery)).toEqual({ expected: 1, started: 1, completed: 0 });
}, 120_000);

test("a community's step is one workflow task of its street, with no message to another workflow on its path", async () => {
  const { definition } = await startCampaign(engine.env, campaignDefinition({ id: 'one-task', from: await engine.env.currentTimeMs(), communitiesPerStreet: 4 }));
  const street = engine.env.client.workflow.getHandle(streetWorkflowId(definition.id, definition.streets[0].id));
  const today = () => engine.env.currentTimeMs().then((ms) => new Date(ms).toISOString().slice(0, 10));
  const communityId = definition.streets[0].communities[0].id;
  // Before the street's plan, a community's first step is not open: refused, no trace.
  await expect(street.executeUpdate(completeCommunityStep, { args: [{ communityId, step: 'election-committee', body: validBody('election-committee', { today: await today() }), by: 'office' }] })).rejects.toMatchObject({
    cause: { type: StepErrors.conflict, message: expect.stringContaining("waits for the street's election plan") },
  });
  await completeEverywhere(engine.env, definition, 'guidance-group');
  await completeEverywhere(engine.env, definition, 'election-plan');
  const before = (await street.fetchHistory()).events!.length;
  for (const c of definition.streets[0].communities) await completeFor(engine.env, definition, 'election-committee', [c.id]);
  const events = (await street.fetchHistory()).events!.slice(before);
  const tasks = events.filter((e) => e.workflowTaskCompletedEventAttributes).length;
  expect(events.filter((e) => e.workflowExecutionUpdateCompletedEventAttributes)).toHaveLength(4);
  expect(tasks).toBeLessThanOrEqual(4);
  expect(events.filter((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes || e.startChildWorkflowExecutionInitiatedEventAttributes)).toHaveLength(0);
}, 120_000);
