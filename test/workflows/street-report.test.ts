/**
 * How a street reports to its campaign: at most every interval, the interval growing with the
 * number of streets, and a pause timer only when a change falls within one.
 */
import type { temporal } from '@temporalio/proto';
import { campaignDefinition } from '../../examples/sample-campaign';
import { campaignSummaryQuery, streetReportSignal, streetWorkflowId } from '../../workflows/definitions';
import { reportInterval } from '../../workflows/street';
import { completeEverywhere, completeFor, startCampaign, useEngine } from '../helpers/engine';

const engine = useEngine();

test('a street reports at most every 5 s in a small city, and less often as the streets grow, so the campaign gets at most 1 report a second', () => {
  expect(reportInterval(undefined)).toBe(5_000);
  expect(reportInterval(5)).toBe(5_000);
  expect(reportInterval(25)).toBe(25_000);
  expect(reportInterval(400)).toBe(400_000);
  expect(reportInterval(4_000)).toBe(4_000_000);
  for (const streets of [1, 4, 6, 400, 4_000, 40_000]) expect(streets / (reportInterval(streets) / 1_000)).toBeLessThanOrEqual(1);
  // Streets started before `campaignShortRuns` replay with 5 a second.
  expect(reportInterval(400, 5)).toBe(80_000);
});

test('a step long after the last report is reported at once, without a pause timer; one within the pause waits for its end', async () => {
  const { definition, handle } = await startCampaign(engine.env, campaignDefinition({ id: 'reports', from: await engine.env.currentTimeMs(), communitiesPerStreet: 3 }));
  const [a, b, c] = definition.streets[0].communities.map((community) => community.id);
  const street = engine.env.client.workflow.getHandle(streetWorkflowId(definition.id, definition.streets[0].id));
  const committeeDone = async () => (await handle.query(campaignSummaryQuery)).steps['election-committee'].done;
  const reportsAndPauses = (events: temporal.api.history.v1.IHistoryEvent[]) => ({
    reports: events.filter((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes?.signalName === streetReportSignal.name).length,
    // The pause's timers; a deadline's are days long.
    pauses: events.filter((e) => e.timerStartedEventAttributes && Number(e.timerStartedEventAttributes.startToFireTimeout?.seconds ?? 0) <= 5).length,
  });
  /** Completes the committee step of `community`; answers a reading of the street's reports and pauses since. */
  const completeCommittee = async (community: string) => {
    const from = (await street.fetchHistory()).events!.length;
    await completeFor(engine.env, definition, 'election-committee', [community]);
    return async () => reportsAndPauses(((await street.fetchHistory()).events ?? []).slice(from));
  };
  await completeEverywhere(engine.env, definition, 'guidance-group');
  await completeEverywhere(engine.env, definition, 'election-plan');
  await engine.env.sleep(60_000);

  const first = await completeCommittee(a);
  await engine.env.sleep(1_000);
  expect(await committeeDone()).toBe(1);
  expect(await first()).toEqual({ reports: 1, pauses: 0 });

  const withinThePause = await completeCommittee(b);
  expect(await committeeDone()).toBe(1);
  await engine.env.sleep(5_000);
  expect(await committeeDone()).toBe(2);
  expect(await withinThePause()).toEqual({ reports: 1, pauses: 1 });

  await engine.env.sleep(60_000);
  const afterThePause = await completeCommittee(c);
  await engine.env.sleep(1_000);
  expect(await committeeDone()).toBe(3);
  expect(await afterThePause()).toEqual({ reports: 1, pauses: 0 });
}, 120_000);
