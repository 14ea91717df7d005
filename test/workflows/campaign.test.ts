import { STEPS } from '../../domain';
import { campaignDefinition } from '../../examples/sample-campaign';
import { campaignEventsPerRun } from '../../workflows/campaign';
import { campaignSummaryQuery, communityStatesQuery, communityWorkflowId, streetReportSignal, streetWorkflowId, type StreetReport } from '../../workflows/definitions';
import { completeEverywhere, dueOf, sleepUntil, startCampaign, useEngine } from '../helpers/engine';
import { eventually } from '../helpers/eventually';

const hour = 3_600_000;
const engine = useEngine();

test('a campaign on time: every step before its due date, reminders only, and it completes', async () => {
  const { definition, handle } = await startCampaign(engine.env, campaignDefinition({ id: 'on-time', from: await engine.env.currentTimeMs() }));
  for (const step of STEPS) {
    await sleepUntil(engine.env, dueOf(definition, step) - 2 * hour);
    await completeEverywhere(engine.env, definition, step);
  }
  const summary = await handle.result();
  expect(summary.status).toBe('completed');
  expect(summary.steps.handover).toEqual({ done: 2, open: 0, overdue: 0 });
  expect(summary.turnout).toEqual({ registered: 6000, cast: 4800, rate: 0.8 });

  const kinds = new Set(engine.mailer.sent.map((n) => n.kind));
  expect([...kinds].sort()).toEqual(['due-today', 'reminder']);
  // One email per reminder time (P7D, P3D, P1D before the due day; the morning of it), per step.
  expect(engine.mailer.ofKind('reminder')).toHaveLength(3 * STEPS.length);
  expect(engine.mailer.ofKind('due-today')).toHaveLength(STEPS.length);
  const communityReminders = engine.mailer.ofKind('reminder').filter((n) => n.items[0].communityId);
  expect(communityReminders.every((n) => n.items.length === 2 && n.to[0] === 'office@s1.example.gov.cn')).toBe(true);
}, 120_000);

test('a campaign fed a steady stream of street reports continues as new after campaignEventsPerRun events, and keeps the latest', async () => {
  const { definition, handle } = await startCampaign(engine.env, campaignDefinition({ id: 'short-runs', from: await engine.env.currentTimeMs() }));
  await engine.env.sleep(60_000);
  const { runId: firstRun } = await handle.describe();
  const streetId = definition.streets[0].id;
  const report = (done: number): StreetReport => ({ streetId, communities: 2, done, overdue: 0, atRisk: 0, steps: {}, registered: 0, cast: 0, completed: false, failures: [], warnings: [] });
  // Each report is an event, with some of the workflow tasks that take them: past one run's
  // budget, and short of Temporal's suggestion (4,096 events).
  const reports = 2 * campaignEventsPerRun;
  for (let done = 1; done <= reports; done += 1) await handle.signal(streetReportSignal, report(done));

  // It continues once a task of its takes no new report meanwhile: the stream has ended.
  const latestRun = async () => (await engine.env.client.workflow.getHandle(handle.workflowId).describe()).runId;
  await eventually(async () => expect(await latestRun()).not.toBe(firstRun), 10_000);
  const summary = await handle.query(campaignSummaryQuery);
  expect(summary.streets.find((s) => s.id === streetId)?.done).toBe(reports);
}, 120_000);

test("a decided plan opens each community's first step in its street's copy, and no community signals back for it", async () => {
  const { definition } = await startCampaign(engine.env, campaignDefinition({ id: 'plan-no-echo', from: await engine.env.currentTimeMs() }));
  await completeEverywhere(engine.env, definition, 'guidance-group');
  await completeEverywhere(engine.env, definition, 'election-plan');
  const street = definition.streets[0];
  const firstSteps = async () =>
    (await engine.env.client.workflow.getHandle(streetWorkflowId(definition.id, street.id)).query(communityStatesQuery)).map((c) => [c.method !== null, c.steps[0].status]);
  const opened = street.communities.map(() => [true, 'open']);
  await eventually(async () => expect(await firstSteps()).toEqual(opened), 10_000);
  const history = await engine.env.client.workflow.getHandle(communityWorkflowId(definition.id, street.communities[0].id)).fetchHistory();
  expect(history.events?.filter((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes)).toHaveLength(0);
}, 120_000);
