/**
 * One street office (街道): its own two steps (guidance group, election plan), the
 * community workflows of its communities, and every deadline of the street. Running the
 * deadlines here rather than in each community is what lets one reminder time become one
 * email listing all the street's communities concerned.
 */
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  STREET_STEPS,
  checkElectionPlan,
  communityState,
  DeadlineTracker,
  currentStep,
  deadlineConfig,
  isOverdue,
  stepState,
  turnout,
  type CommunityRecord,
  type ElectionPlan,
  type Notification,
  type NotificationItem,
  type NotificationKind,
  type StepCounts,
  type StepId,
  type StepRecord,
  type StreetState,
  type UnitDeadline,
} from '../domain';
import {
  campaignWorkflowId,
  communityChangedSignal,
  communityStatesQuery,
  communityWorkflowId,
  completeStreetStep,
  deadlineFlagsSignal,
  deadlineMovedSignal,
  planDecidedSignal,
  escalationSignal,
  streetReportSignal,
  streetStateQuery,
  type DeadlineMoveRecord,
  type StepSubmission,
  type StreetCarried,
  type StreetInput,
  type StreetReport,
} from './definitions';
import { community, newCommunityRecord } from './community';
import { maxChildrenPerRun, startChildren } from './fanout';
import { Outbox } from './notify';
import { SignalsInFlight } from './signals';
import { atRiskKey, initialSearchAttributes, overdueKey, stepKey } from './search-attributes';
import { completeStep, initialRecords, openRecord, parseStepBody, refuseViolations } from './step-records';

/** The street itself, among the units whose deadlines it runs (the others are its communities). */
const STREET_UNIT = '';
/** The least time between two re-election emails for one community's step. */
const reelectionIntervalMs = 60 * 60_000;
/** Permanent mail failures kept for the street's state and the coordinators' digest. */
const maxFailuresKept = 100;
/**
 * A street reports to the campaign at once after a quiet spell, then at most once per
 * interval: a busy street sends one report per interval, not one per community step. The
 * interval grows with the number of streets so that the campaign (one workflow for all of
 * them) receives at most `reportsPerSecond` however large the city: 5 s for up to 5 streets,
 * 400 s for 400, 4,000 s for 4,000. The summary lags by at most the interval.
 *
 * Allowed 20 a second, 400 streets on four workers kept the campaign so busy on the dev server
 * that Temporal refused signals to it (BusyWorkflow) and the tree stalled. Allowed 5, its
 * continue-as-new never went through: a report arriving during the task that continues fails
 * it, the worker drops the campaign from its cache and replays its history for the next try,
 * and at 4,096 events that replay outlasted the 10 s workflow task timeout, for ever.
 */
const minReportIntervalMs = 5_000;
const reportsPerSecond = 1;
// Streets started before `streetCount` was passed have none, and keep the 5 s they replay with.
export const reportInterval = (streetCount = 0, perSecond = reportsPerSecond) =>
  Math.max(minReportIntervalMs, Math.ceil((streetCount / perSecond) * 1_000));

export async function street({ campaign, street: definition, streetCount, carried }: StreetInput): Promise<StreetState> {
  const config = deadlineConfig(campaign);
  const policy = campaign.effectivePolicy;
  const state: StreetCarried = carried ?? {
    startedChildren: 0,
    steps: initialRecords(STREET_STEPS, campaign.calendar, campaign.timezone),
    communities: definition.communities.map((c) => newCommunityRecord(campaign, definition.id, c)),
    tracks: {},
    flags: {},
    failures: [],
    unreportedFailures: [],
    unreportedWarnings: [],
  };
  if (!carried) state.steps[0].status = 'open';
  const mirror = new Map(state.communities.map((c) => [c.communityId, c]));
  const campaignHandle = getExternalWorkflowHandle(campaignWorkflowId(campaign.id));
  const communityHandle = (id: string) => getExternalWorkflowHandle(communityWorkflowId(campaign.id, id));
  const signals = new SignalsInFlight();
  const outbox = new Outbox((failures) => {
    state.failures = [...state.failures, ...failures].slice(-maxFailuresKept);
    state.unreportedFailures.push(...failures);
    changed = true;
  });
  let changed = true;
  let lastReport = '';
  const reportIntervalMs = reportInterval(streetCount);
  /** A report went out less than `reportIntervalMs` ago: the next waits for the pause's end. */
  let reportPaused = false;
  let lastReportAt = -Infinity;

  // ---------- units and their deadline views ----------

  const unitRecords = (unit: string): StepRecord[] => (unit === STREET_UNIT ? state.steps : mirror.get(unit)!.steps);
  const units = () => [STREET_UNIT, ...mirror.keys()];
  const tracker = new DeadlineTracker(config, state);

  /** Each unit's current step, for the tracker. */
  function deadlines(): UnitDeadline[] {
    return units().map((unit) => {
      const records = unitRecords(unit);
      const step = currentStep(records);
      return { unit, current: step === 'done' ? null : { step, dueAt: records.find((r) => r.step === step)!.dueAt } };
    });
  }

  const view = (unit: string, record: StepRecord) => tracker.view(unit, record, Date.now());

  const currentTrack = (unit: string) => tracker.current(unit, currentStep(unitRecords(unit)));

  const communityView = (record: CommunityRecord) =>
    communityState(record, (step) => view(record.communityId, step), currentTrack(record.communityId)?.atRisk ?? false);

  /** Turnout counts direct elections only: an assembly's attendance is not turnout. */
  const directBallots = () => state.communities.flatMap((c) => (c.method === 'direct' && c.ballots ? [c.ballots] : []));

  function streetState(): StreetState {
    const ballots = directBallots();
    const registered = ballots.reduce((sum, b) => sum + b.registered, 0);
    return {
      campaignId: campaign.id,
      streetId: definition.id,
      name: definition.name,
      current: currentStep(state.steps),
      atRisk: currentTrack(STREET_UNIT)?.atRisk ?? false,
      turnout: ballots.length ? turnout(registered, ballots.reduce((sum, b) => sum + b.cast, 0)) : null,
      steps: state.steps.map((record) => stepState(record, view(STREET_UNIT, record))),
      communities: definition.communities.map((c) => c.id),
      mailFailures: state.failures,
    };
  }

  // ---------- notifications ----------

  function item(unit: string, step: StepId, dueAt: number, extra: Partial<NotificationItem> = {}): NotificationItem {
    const record = unit === STREET_UNIT ? undefined : mirror.get(unit);
    return {
      streetId: definition.id,
      streetName: definition.name,
      ...(record && { communityId: record.communityId, communityName: record.name }),
      step,
      due: dueAt,
      ...extra,
    };
  }

  function notify(kind: NotificationKind, at: number, items: NotificationItem[], occurrence: string = String(at)): void {
    const toLeader = kind === 'overdue' || kind === 'at-risk' || kind === 'reelection-required';
    const notification: Notification = {
      key: `${campaign.id}.${definition.id}.${kind}.${occurrence}`,
      kind,
      campaign: { id: campaign.id, name: campaign.name, timezone: campaign.timezone, locale: campaign.locale },
      to: toLeader ? [definition.leaderEmail, ...(kind === 'reelection-required' ? campaign.coordinators : [])] : [definition.officeEmail],
      cc: toLeader ? [definition.officeEmail] : [],
      at,
      items,
    };
    outbox.send(notification);
  }

  // ---------- deadlines ----------

  /**
   * Does what the tracker says has come due: one email per kind and time, one signal to the
   * campaign per coordinator escalation time, flags into the search attributes (the street's)
   * or to the community workflow.
   */
  function runDeadlines(now: number): void {
    const { mails, escalations, flags } = tracker.tick(deadlines(), now);
    for (const { kind, at, items } of mails) {
      notify(kind, at, items.map((i) => item(i.unit, i.step, i.dueAt, i.atRisk === undefined ? {} : { atRisk: i.atRisk })));
    }
    for (const { at, items } of escalations) {
      const escalated = items.map(({ unit, step, dueAt }) => {
        const record = mirror.get(unit);
        return { ...(record && { communityId: record.communityId, communityName: record.name }), step, dueAt };
      });
      void signals.send(campaignHandle, escalationSignal, { streetId: definition.id, at, items: escalated });
    }
    for (const { unit, flags: changed } of flags) {
      if (unit === STREET_UNIT) {
        upsertSearchAttributes([
          { key: overdueKey, value: changed.overdue },
          { key: atRiskKey, value: changed.atRisk },
        ]);
      } else {
        mirror.get(unit)!.flags = changed;
        void signals.send(communityHandle(unit), deadlineFlagsSignal, changed);
      }
    }
  }

  /** The one timer the loop waits for: kept while the wake time stays, so a wake by a message starts none. */
  let alarm: { at: number; scope: CancellationScope } | undefined;

  function setAlarm(at: number): void {
    if (alarm?.at === at) return;
    alarm?.scope.cancel();
    alarm = undefined;
    if (at === Infinity) return;
    const current = { at, scope: new CancellationScope() };
    alarm = current;
    current.scope
      .run(() => sleep(Math.max(1, at - Date.now())))
      .then(
        () => {
          if (alarm === current) alarm = undefined;
          changed = true;
        },
        // Cancelled: another wake time replaced it.
        () => undefined,
      );
  }

  // ---------- the campaign's view of this street ----------

  function report(): StreetReport {
    const now = Date.now();
    const steps: Partial<Record<StepId, StepCounts>> = {};
    const count = (record: StepRecord) => {
      const counts = (steps[record.step] ??= { done: 0, open: 0, overdue: 0 });
      if (record.status === 'done') counts.done += 1;
      else if (record.status === 'open') counts.open += 1;
      if (record.status !== 'done' && isOverdue(record.dueAt, now)) counts.overdue += 1;
    };
    state.steps.forEach(count);
    state.communities.forEach((c) => c.steps.forEach(count));
    // Steps nobody has reached count nothing: left out, the campaign's state stays small.
    for (const [step, counts] of Object.entries(steps) as [StepId, StepCounts][]) {
      if (counts.done + counts.open + counts.overdue === 0) delete steps[step];
    }
    const ballots = directBallots();
    return {
      streetId: definition.id,
      communities: state.communities.length,
      done: state.communities.filter((c) => currentStep(c.steps) === 'done').length,
      overdue: state.communities.filter((c) => currentTrack(c.communityId)?.overdue).length,
      atRisk: state.communities.filter((c) => currentTrack(c.communityId)?.atRisk).length,
      steps,
      registered: ballots.reduce((sum, b) => sum + b.registered, 0),
      cast: ballots.reduce((sum, b) => sum + b.cast, 0),
      completed: isComplete(),
      failures: state.unreportedFailures,
      warnings: state.unreportedWarnings,
    };
  }

  function sendReportIfChanged(): void {
    const next = report();
    const serialized = JSON.stringify(next);
    if (serialized === lastReport || (reportPaused && !next.completed)) return;
    // A change within the interval after a report waits for the interval's end. The timer starts
    // only then: a street whose communities report minutes apart (every street, in a large
    // campaign) sends each report at once, without a workflow task for a pause with nothing in it.
    if (!next.completed && Date.now() < lastReportAt + reportIntervalMs) {
      pauseUntil(lastReportAt + reportIntervalMs);
      return;
    }
    lastReport = serialized;
    state.unreportedFailures = [];
    state.unreportedWarnings = [];
    void signals.send(campaignHandle, streetReportSignal, next);
    lastReportAt = Date.now();
  }

  /** Never cancelled (its end wakes the loop to send what changed meanwhile), so it needs no scope. */
  function pauseUntil(at: number): void {
    reportPaused = true;
    void sleep(at - Date.now()).then(() => {
      reportPaused = false;
      changed = true;
    });
  }

  const isComplete = () =>
    state.startedChildren === definition.communities.length &&
    currentStep(state.steps) === 'done' &&
    state.communities.every((c) => currentStep(c.steps) === 'done');

  // ---------- messages ----------

  setHandler(streetStateQuery, streetState);
  setHandler(communityStatesQuery, (ids?: string[]) =>
    (ids ?? [...mirror.keys()]).flatMap((id) => {
      const record = mirror.get(id);
      return record ? [communityView(record)] : [];
    }),
  );

  setHandler(
    completeStreetStep,
    ({ step, body, by }: StepSubmission) => {
      const record = state.steps.find((r) => r.step === step)!;
      completeStep(state.steps, record, by, parseStepBody(step, body));
      upsertSearchAttributes([{ key: stepKey, value: currentStep(state.steps) }]);
      changed = true;
      return streetState();
    },
    {
      validator: ({ step, body }: StepSubmission) => {
        openRecord(state.steps, step, () => 'guidance-group');
        const parsed = parseStepBody(step, body);
        if (step === 'election-plan') {
          const { methods } = parsed as ElectionPlan;
          refuseViolations(step, checkElectionPlan(methods, [...mirror.keys()], policy));
        }
      },
    },
  );

  setHandler(communityChangedSignal, (record) => {
    const previous = mirror.get(record.communityId);
    if (!previous || record.revision <= previous.revision) return;
    announceFailedRounds(previous, record);
    for (const warning of record.warnings.slice(previous.warnings.length)) {
      state.unreportedWarnings.push({
        streetId: definition.id,
        streetName: definition.name,
        communityId: record.communityId,
        communityName: record.name,
        step: warning.step,
        rule: warning.rule,
        message: warning.message,
        zh: warning.zh,
      });
    }
    // Every deadline move passes through here before it reaches the community, so the street's
    // due dates are never older than a record's: a record sent before a move arrived keeps it.
    const steps = record.steps.map((step, i) => ({ ...step, due: previous.steps[i].due, dueAt: previous.steps[i].dueAt }));
    Object.assign(previous, record, { steps });
    changed = true;
  });

  setHandler(deadlineMovedSignal, (move) => {
    const affected = applyMove(move);
    if (affected.length > 0) notify('deadline-moved', Date.parse(move.at), affected, `${Date.parse(move.at)}.${move.step}`);
    changed = true;
  });

  /** Moves the due date of every matching step not yet done; returns what moved. */
  function applyMove(move: DeadlineMoveRecord): NotificationItem[] {
    const targets = move.communityId !== undefined ? [move.communityId] : units();
    return targets.flatMap((unit) => {
      if (unit !== STREET_UNIT && !mirror.has(unit)) return [];
      const record = unitRecords(unit).find((r) => r.step === move.step && r.status !== 'done');
      if (!record) return [];
      const previousDue = record.dueAt;
      Object.assign(record, { due: move.due, dueAt: move.dueAt });
      if (unit !== STREET_UNIT) void signals.send(communityHandle(unit), deadlineMovedSignal, move);
      return [item(unit, move.step, move.dueAt, { previousDue, reason: move.reason })];
    });
  }

  /** A recorded election round that did not fill every seat is escalated at once. */
  /**
   * By `${communityId}.${step}`: when this run last sent its re-election email. Failed rounds
   * posted in a loop send one an hour (a drill's compressed calendar, one per round); a
   * continue-as-new starts the count afresh.
   */
  const reelectionSentAt = new Map<string, number>();

  function announceFailedRounds(previous: CommunityRecord, next: CommunityRecord): void {
    for (const [kind, step] of [['party', 'party-election'], ['residents', 'residents-election']] as const) {
      const outcome = next.elections[kind];
      if (!outcome || outcome.rounds === previous.elections[kind]?.rounds) continue;
      if (outcome.valid && outcome.unfilled === 0) continue;
      const record = next.steps.find((r) => r.step === step)!;
      const now = Date.now();
      if (!campaign.drill) {
        const key = `${next.communityId}.${step}`;
        if (now - (reelectionSentAt.get(key) ?? -Infinity) < reelectionIntervalMs) continue;
        reelectionSentAt.set(key, now);
      }
      notify('reelection-required', now, [item(next.communityId, step, record.dueAt, { reason: outcome.reason })], `${next.communityId}.${step}.${outcome.rounds}`);
    }
  }

  /** Once the plan is decided, each community learns its method and its first step opens. */
  function sendPlan(): void {
    const plan = state.steps.find((r) => r.step === 'election-plan')!;
    if (plan.status !== 'done') return;
    const { methods } = plan.evidence as ElectionPlan;
    for (const record of state.communities.slice(0, state.startedChildren)) {
      if (record.method !== null) continue;
      record.method = methods[record.communityId];
      // The community does not echo the plan back: the street opens its copy as it sends.
      record.steps[0].status = 'open';
      void signals.send(communityHandle(record.communityId), planDecidedSignal, methods[record.communityId]);
    }
  }

  async function drain(): Promise<void> {
    await condition(() => allHandlersFinished() && outbox.idle && signals.idle);
  }

  // ---------- the run ----------

  if (state.startedChildren < definition.communities.length) {
    const batch = definition.communities.slice(state.startedChildren, state.startedChildren + maxChildrenPerRun);
    await startChildren(
      batch.map((c) => ({
        workflowType: community.name,
        options: {
          workflowId: communityWorkflowId(campaign.id, c.id),
          args: [{ campaign, record: mirror.get(c.id)! }],
          typedSearchAttributes: initialSearchAttributes('community', campaign.id, definition.id, 'election-committee'),
        },
      })),
    );
    state.startedChildren += batch.length;
    if (state.startedChildren < definition.communities.length) {
      await drain();
      await continueAsNew<typeof street>({ campaign, street: definition, streetCount, carried: state });
    }
  }

  for (;;) {
    runDeadlines(Date.now());
    sendPlan();
    sendReportIfChanged();
    if (isComplete()) break;
    if (workflowInfo().continueAsNewSuggested) {
      await drain();
      await continueAsNew<typeof street>({ campaign, street: definition, streetCount, carried: state });
    }
    changed = false;
    const wake = tracker.nextWake(deadlines());
    setAlarm(wake);
    await condition(() => changed);
  }
  await drain();
  return streetState();
}
