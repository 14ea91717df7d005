/**
 * Deadlines on the time-skipping server: exact reminder times and recipients, the
 * escalation ladder of a late street and a late community, and a deadline move that
 * stops the escalation and re-arms the reminders.
 */
import { temporal } from '@temporalio/proto';
import { localDate, MS_PER_DAY, type Notification } from '../../domain';
import { eventually } from '../helpers/eventually';
import { communityStatesQuery, moveDeadline, streetStateQuery, streetWorkflowId } from '../../workflows/definitions';
import { campaignDefinition } from '../../examples/sample-campaign';
import { completeEverywhere, completeFor, dueOf, sleepUntil, startCampaign, useEngine } from '../helpers/engine';

const hour = 3_600_000;
const day = MS_PER_DAY;
const engine = useEngine();

const brief = (n: Notification) => ({
  kind: n.kind,
  at: n.at,
  to: n.to,
  cc: n.cc,
  items: n.items.map((i) => `${i.communityId ?? i.streetId}:${i.step}`),
});

test('a late street, then a late community: reminders, the escalation ladder, at risk, and a deadline move', async () => {
  const { definition } = await startCampaign(engine.env, campaignDefinition({ id: 'late', from: await engine.env.currentTimeMs(), spacingDays: 20 }));
  const office = 'office@s1.example.gov.cn';
  const leader = 'leader@s1.example.gov.cn';
  const coordinators = ['org2@example.gov.cn'];
  const street = engine.env.client.workflow.getHandle(streetWorkflowId('late', 's1'));

  // The guidance group is not reported: 8 days past its due date.
  const due = dueOf(definition, 'guidance-group');
  const dayStart = due + 1 - day; // 00:00 of the due day, Asia/Shanghai
  const late = due + 1; // 00:00 of the day after
  await sleepUntil(engine.env, late + 8 * day + hour);
  expect(engine.mailer.sent.map(brief)).toEqual([
    { kind: 'reminder', at: dayStart - 7 * day, to: [office], cc: [], items: ['s1:guidance-group'] },
    { kind: 'reminder', at: dayStart - 3 * day, to: [office], cc: [], items: ['s1:guidance-group'] },
    { kind: 'reminder', at: dayStart - day, to: [office], cc: [], items: ['s1:guidance-group'] },
    { kind: 'due-today', at: dayStart, to: [office], cc: [], items: ['s1:guidance-group'] },
    { kind: 'overdue', at: late, to: [leader], cc: [office], items: ['s1:guidance-group'] },
    { kind: 'escalation-digest', at: late + 3 * day, to: coordinators, cc: [], items: ['s1:guidance-group'] },
    { kind: 'escalation-digest', at: late + 6 * day, to: coordinators, cc: [], items: ['s1:guidance-group'] },
    { kind: 'at-risk', at: late + 7 * day, to: [leader], cc: [office], items: ['s1:guidance-group'] },
  ]);
  let state = await street.query(streetStateQuery);
  expect(state.atRisk).toBe(true);
  expect(state.steps[0]).toMatchObject({ step: 'guidance-group', status: 'open', overdue: true, remindersSent: 4, escalationLevel: 3 });

  // A coordinator moves the due date 12 days on: escalation stops, reminders are re-armed.
  const movedDue = localDate(due + 12 * day, definition.timezone);
  const movedAt = await engine.env.currentTimeMs();
  await engine.env.client.workflow
    .getHandle('campaign/late')
    .executeUpdate(moveDeadline, { args: [{ move: { step: 'guidance-group', due: movedDue, reason: '街道人员调整' }, by: 'coordinator', streetIds: ['s1'] }] });
  state = await eventually(async () => {
    const moved = await street.query(streetStateQuery);
    expect(moved.steps[0]).toMatchObject({ due: movedDue, overdue: false });
    return moved;
  });
  expect(state.atRisk).toBe(false);
  const moved = engine.mailer.sent.length;
  // The streets are told by a child of the campaign: its own history signals no street.
  const { events } = await engine.env.client.workflow.getHandle('campaign/late').fetchHistory();
  const { EventType } = temporal.api.enums.v1;
  expect(events?.filter((e) => e.eventType === EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)).toEqual([]);
  const children = events?.flatMap((e) => e.startChildWorkflowExecutionInitiatedEventAttributes ?? []) ?? [];
  const fanouts = children.filter((c) => c.workflowType?.name === 'moveFanout');
  expect(fanouts).toHaveLength(1);
  expect(await engine.env.client.workflow.getHandle(fanouts[0].workflowId!).result()).toBe(1);

  const newDayStart = due + 12 * day + 1 - day;
  await sleepUntil(engine.env, newDayStart + 2 * hour);
  await completeEverywhere(engine.env, definition, 'guidance-group');
  const afterMove = engine.mailer.sent.slice(moved - 1).map(brief);
  expect(afterMove).toEqual([
    { kind: 'deadline-moved', at: expect.any(Number), to: [office], cc: [], items: ['s1:guidance-group'] },
    { kind: 'reminder', at: newDayStart - day, to: [office], cc: [], items: ['s1:guidance-group'] },
    { kind: 'due-today', at: newDayStart, to: [office], cc: [], items: ['s1:guidance-group'] },
  ]);
  expect(Math.abs(afterMove[0].at - movedAt)).toBeLessThan(60_000);
  expect(engine.mailer.sent[moved - 1].items[0]).toMatchObject({ previousDue: due, reason: '街道人员调整' });

  // The plan on time; then community s1-c2 misses its election committee, s1-c1 does not.
  await sleepUntil(engine.env, dueOf(definition, 'election-plan') - 2 * hour);
  await completeEverywhere(engine.env, definition, 'election-plan');
  const committeeDue = dueOf(definition, 'election-committee');
  await sleepUntil(engine.env, committeeDue - 2 * hour);
  await completeFor(engine.env, definition, 'election-committee', ['s1-c1']);
  const before = engine.mailer.sent.length;
  await sleepUntil(engine.env, committeeDue + 1 + day + hour);
  expect(engine.mailer.sent.slice(before).map(brief)).toEqual([
    { kind: 'overdue', at: committeeDue + 1, to: [leader], cc: [office], items: ['s1-c2:election-committee'] },
  ]);
  const committeeReminders = engine.mailer.sent.filter((n) => n.items.some((i) => i.step === 'election-committee') && n.kind !== 'overdue');
  expect(committeeReminders.map((n) => n.items.length)).toEqual([2, 2, 2, 2]);
  const late2 = await street.query(communityStatesQuery, { overdue: true });
  expect(late2.map((c) => [c.communityId, c.current, c.atRisk])).toEqual([['s1-c2', 'election-committee', false]]);
}, 120_000);
