/**
 * One street office (街道) and its communities (社区): the street's own two steps (guidance
 * group, election plan), every step of its communities, and every deadline of them all. A
 * community's step is an update of this workflow, validated and applied here and answered
 * from here: one workflow task, no message to another workflow. Running the deadlines here
 * is what lets one reminder time become one email listing all the street's communities
 * concerned.
 */
import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  makeContinueAsNewFunc,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  STREET_STEPS,
  checkElectionPlan,
  communityState,
  currentStep,
  deadlineConfig,
  DeadlineTracker,
  stepState,
  turnout,
  type CommunityRecord,
  type ElectionPlan,
  type StepRecord,
  type Street,
  type StreetState,
  type UnitDeadline,
} from '../domain';
import {
  campaignWorkflowId,
  communityStatesQuery,
  completeCommunityStep,
  completeStreetStep,
  deadlineMovedSignal,
  escalationSignal,
  streetCompletedSignal,
  streetMemoKey,
  streetNotesSignal,
  streetStateQuery,
  StepErrors,
  type CampaignContext,
  type CommunityFilter,
  type CommunityStepSubmission,
  type DeadlineMoveRecord,
  type StepSubmission,
  type StreetCarried,
  type StreetInput,
} from './definitions';
import { Alarm } from './alarm';
import { CommunitySteps, newCommunityRecord } from './community-steps';
import { atRiskKey, overdueKey, stepKey } from './search-attributes';
import { SignalsInFlight } from './signals';
import { StreetMail } from './street-mail';
import { directBallots, streetMemo } from './street-memo';
import { completeStep, initialRecords, openRecord, parseStepBody, refuse, refuseViolations } from './step-records';
import { jsonBytes, maxCarriedBytes } from './state-size';
import { Throttle } from './throttle';

/** The street itself, among the units whose deadlines it runs (the others are its communities). */
const STREET_UNIT = '';
/** Permanent mail failures kept for the street's state. */
const maxFailuresKept = 100;
/** Notes kept for the campaign between two sends: the latest. */
const maxNotesKept = 100;
/**
 * The memo is refreshed at most every 5 s and at most 10 s after a change: the campaign
 * summary, read from the memos, is at most 10 s old (plus visibility's lag). A busy street
 * upserts it at most once per 5 s, whatever its number of steps.
 */
export const memoRefresh = { minMs: 5_000, maxDelayMs: 10_000 };
/** Failures and warnings reach the campaign (for the next digest) at most once a minute. */
const notesRefresh = { minMs: 60_000, maxDelayMs: 60_000 };

/** A street as it starts: its first step open, its communities waiting for its election plan. */
export function newStreetState(campaign: CampaignContext, definition: Street): StreetCarried {
  const steps = initialRecords(STREET_STEPS, campaign.calendar, campaign.timezone);
  steps[0].status = 'open';
  return {
    steps,
    communities: definition.communities.map((c) => newCommunityRecord(campaign, definition.id, c)),
    tracks: {},
    flags: {},
    failures: [],
    notes: { failures: [], warnings: [] },
  };
}

export async function street({ campaign, street: definition, index, carried }: StreetInput): Promise<StreetState> {
  const config = deadlineConfig(campaign);
  const policy = campaign.effectivePolicy;
  const { workflowId } = workflowInfo();
  const state = carried ?? newStreetState(campaign, definition);
  const communities = new Map(state.communities.map((c) => [c.communityId, c]));
  const tracker = new DeadlineTracker(config, state);
  const campaignHandle = getExternalWorkflowHandle(campaignWorkflowId(campaign.id));
  const signals = new SignalsInFlight();
  const mail = new StreetMail(campaign, definition, (failures) => {
    state.failures = [...state.failures, ...failures].slice(-maxFailuresKept);
    state.notes.failures = [...state.notes.failures, ...failures].slice(-maxNotesKept);
    changed = true;
  });
  const memoThrottle = new Throttle(memoRefresh.minMs, memoRefresh.maxDelayMs);
  const notesThrottle = new Throttle(notesRefresh.minMs, notesRefresh.maxDelayMs);
  let lastMemo = '';
  let changed = true;
  const alarm = new Alarm(() => (changed = true));

  // ---------- views ----------

  const unitRecords = (unit: string): StepRecord[] => (unit === STREET_UNIT ? state.steps : communities.get(unit)!.steps);

  /** Each unit's current step, for the tracker. */
  function deadlines(): UnitDeadline[] {
    return [STREET_UNIT, ...communities.keys()].map((unit) => {
      const records = unitRecords(unit);
      const step = currentStep(records);
      return { unit, current: step === 'done' ? null : { step, dueAt: records.find((r) => r.step === step)!.dueAt } };
    });
  }

  const currentTrack = (unit: string) => tracker.current(unit, currentStep(unitRecords(unit)));
  const flagsOf = (unit: string) => ({ overdue: currentTrack(unit)?.overdue ?? false, atRisk: currentTrack(unit)?.atRisk ?? false });
  const view = (unit: string) => (record: StepRecord) => tracker.view(unit, record, Date.now());
  const communityView = (record: CommunityRecord) => communityState(record, view(record.communityId), flagsOf(record.communityId).atRisk, workflowId);

  function streetState(): StreetState {
    const { registered, cast } = directBallots(state.communities);
    const anyBallots = state.communities.some((c) => c.method === 'direct' && c.ballots);
    return {
      campaignId: campaign.id,
      streetId: definition.id,
      name: definition.name,
      current: currentStep(state.steps),
      atRisk: flagsOf(STREET_UNIT).atRisk,
      turnout: anyBallots ? turnout(registered, cast) : null,
      steps: state.steps.map((record) => stepState(record, view(STREET_UNIT)(record))),
      communities: definition.communities.map((c) => c.id),
      mailFailures: state.failures,
    };
  }

  function matches(record: CommunityRecord, filter: CommunityFilter): boolean {
    const flags = flagsOf(record.communityId);
    return (
      (filter.step === undefined || currentStep(record.steps) === filter.step) &&
      (filter.overdue === undefined || flags.overdue === filter.overdue) &&
      (filter.atRisk === undefined || flags.atRisk === filter.atRisk) &&
      (filter.reelectionRequired === undefined || record.reelectionRequired === filter.reelectionRequired)
    );
  }

  const isComplete = () => currentStep(state.steps) === 'done' && state.communities.every((c) => currentStep(c.steps) === 'done');

  // ---------- what comes due, and what the others are told ----------

  /** Does what the tracker says has come due: one email per kind and time, one escalation per coordinator time. */
  function runDeadlines(now: number): void {
    const { mails, escalations, flags } = tracker.tick(deadlines(), now);
    const recordOf = (unit: string) => communities.get(unit);
    for (const { kind, at, items } of mails) {
      mail.send(kind, at, items.map((i) => mail.item(recordOf(i.unit), i.step, i.dueAt, i.atRisk === undefined ? {} : { atRisk: i.atRisk })));
    }
    for (const { at, items } of escalations) {
      const escalated = items.map(({ unit, step, dueAt }) => {
        const record = recordOf(unit);
        return { ...(record && { communityId: record.communityId, communityName: record.name }), step, dueAt };
      });
      void signals.send(campaignHandle, escalationSignal, { streetId: definition.id, streetName: definition.name, at, items: escalated });
    }
    const own = flags.find((f) => f.unit === STREET_UNIT);
    if (own) upsertSearchAttributes([{ key: overdueKey, value: own.flags.overdue }, { key: atRiskKey, value: own.flags.atRisk }]);
  }

  const memo = (now: number) => streetMemo({ index, street: definition, steps: state.steps, communities: state.communities, flagsOf, completed: isComplete() }, now);

  function publish(now: number, final = false): void {
    const next = memo(now);
    const serialized = JSON.stringify(next);
    if (memoThrottle.ready(serialized !== lastMemo, now) || (final && serialized !== lastMemo)) {
      upsertMemo({ [streetMemoKey]: next });
      lastMemo = serialized;
      memoThrottle.published(now);
    }
    const { failures, warnings } = state.notes;
    if (notesThrottle.ready(failures.length + warnings.length > 0, now) || (final && failures.length + warnings.length > 0)) {
      void signals.send(campaignHandle, streetNotesSignal, state.notes);
      state.notes = { failures: [], warnings: [] };
      notesThrottle.published(now);
    }
  }

  // ---------- deadline moves and the plan ----------

  /** Moves the due date of every matching step not yet done, and emails what moved. */
  function applyMove(move: DeadlineMoveRecord): void {
    const targets = move.communityId !== undefined ? [move.communityId] : [STREET_UNIT, ...communities.keys()];
    const moved = targets.flatMap((unit) => {
      if (unit !== STREET_UNIT && !communities.has(unit)) return [];
      const record = unitRecords(unit).find((r) => r.step === move.step && r.status !== 'done');
      if (!record) return [];
      const previousDue = record.dueAt;
      Object.assign(record, { due: move.due, dueAt: move.dueAt });
      return [mail.item(communities.get(unit), move.step, move.dueAt, { previousDue, reason: move.reason })];
    });
    const at = Date.parse(move.at);
    if (moved.length > 0) mail.send('deadline-moved', at, moved, `${at}.${move.step}`);
  }

  /** Once the plan is decided, each community has its method and its first step opens. */
  function applyPlan({ methods }: ElectionPlan): void {
    for (const record of state.communities) {
      record.method = methods[record.communityId];
      record.steps[0].status = 'open';
    }
  }

  // ---------- messages ----------

  setHandler(streetStateQuery, streetState);
  setHandler(communityStatesQuery, (filter: CommunityFilter = {}) =>
    (filter.ids ?? [...communities.keys()]).flatMap((id) => {
      const record = communities.get(id);
      return record && matches(record, filter) ? [communityView(record)] : [];
    }),
  );

  setHandler(
    completeStreetStep,
    ({ step, body, by }: StepSubmission) => {
      const record = state.steps.find((r) => r.step === step)!;
      const parsed = parseStepBody(step, body);
      completeStep(state.steps, record, by, parsed);
      if (step === 'election-plan') applyPlan(parsed as ElectionPlan);
      upsertSearchAttributes([{ key: stepKey, value: currentStep(state.steps) }]);
      changed = true;
      return streetState();
    },
    {
      validator: ({ step, body }: StepSubmission) => {
        openRecord(state.steps, step, () => 'guidance-group');
        const parsed = parseStepBody(step, body);
        if (step === 'election-plan') refuseViolations(step, checkElectionPlan((parsed as ElectionPlan).methods, [...communities.keys()], policy));
      },
    },
  );

  /** What this run's state weighs, grown by each step's body (an upper bound: a re-vote replaces its round's). */
  let carriedBytes = jsonBytes(state);

  const stepsOf = (communityId: string) => {
    const record = communities.get(communityId);
    if (!record) refuse(StepErrors.notFound, `There is no community '${communityId}' in street '${definition.id}'.`);
    return { record, steps: new CommunitySteps(campaign, record) };
  };

  setHandler(
    completeCommunityStep,
    ({ communityId, step, body, by }: CommunityStepSubmission) => {
      const { record, steps } = stepsOf(communityId);
      const { warnings, failedRound } = steps.apply(step, body, by);
      carriedBytes += jsonBytes(body) + jsonBytes(warnings);
      state.notes.warnings = [
        ...state.notes.warnings,
        ...warnings.map(({ step, rule, message, zh }) => ({ streetId: definition.id, streetName: definition.name, communityId, communityName: record.name, step, rule, message, zh })),
      ].slice(-maxNotesKept);
      if (failedRound) mail.failedRound(record, failedRound);
      changed = true;
      return communityView(record);
    },
    {
      validator: ({ communityId, step, body }: CommunityStepSubmission) => {
        stepsOf(communityId).steps.validate(step, body);
        if (carriedBytes + jsonBytes(body) > maxCarriedBytes) {
          refuse(StepErrors.tooLarge, `street '${definition.id}' would carry more than ${maxCarriedBytes} bytes of records; shorten the step's text`);
        }
      },
    },
  );

  setHandler(deadlineMovedSignal, (move) => {
    applyMove(move);
    changed = true;
  });

  // ---------- the run ----------

  const drained = () => condition(() => allHandlersFinished() && mail.idle && signals.idle);

  for (;;) {
    const now = Date.now();
    runDeadlines(now);
    if (isComplete()) break;
    publish(now);
    if (workflowInfo().continueAsNewSuggested) {
      await drained();
      // The memo goes with the run: the next one publishes only what changes.
      const continueAsNew = makeContinueAsNewFunc<typeof street>({ memo: { [streetMemoKey]: memo(Date.now()) } });
      await continueAsNew({ campaign, street: definition, index, carried: state });
    }
    changed = false;
    alarm.set(Math.min(tracker.nextWake(deadlines()), memoThrottle.wakeAt, notesThrottle.wakeAt));
    await condition(() => changed);
  }
  await drained();
  publish(Date.now(), true);
  void signals.send(campaignHandle, streetCompletedSignal, definition.id);
  await drained();
  return streetState();
}
