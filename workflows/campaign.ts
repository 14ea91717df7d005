/**
 * A re-election campaign: the root of the tree campaign → streets → communities. It
 * starts one street workflow per street, keeps each street's latest counts, answers the
 * campaign summary, records coordinators' deadline moves, and sends the coordinators one
 * escalation digest per escalation time.
 *
 * It never holds per-community state: at 100,000 communities its state is a few counts per
 * street, its definition may arrive in chunks (`addStreets`), and it continues as new
 * whenever Temporal suggests, after 1,000 events (`campaignEventsPerRun`), and after every
 * 1,000 streets it starts.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  ParentClosePolicy,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  STEPS,
  deadlineConfig,
  dueInstant,
  isAtRisk,
  turnout,
  type CampaignSummary,
  type NotificationItem,
  type StepCounts,
  type StepId,
  type Street,
} from '../domain';
import {
  addStreets,
  campaignContextQuery,
  campaignSummaryQuery,
  escalationSignal,
  maxStreetsPerChunk,
  moveDeadline,
  moveFanoutWorkflowId,
  StepErrors,
  streetReportSignal,
  streetWorkflowId,
  type CampaignCarried,
  type CampaignContext,
  type CampaignInput,
  type DeadlineMoveRecord,
  type DeadlineMoveRequest,
} from './definitions';
import { maxChildrenPerRun, startChildren } from './fanout';
import { Outbox } from './notify';
import { initialSearchAttributes } from './search-attributes';
import { moveFanout } from './move-fanout';
import { street } from './street';
import { checkDeadlineMove } from './validation';

/** Deadline moves kept in the campaign's state (each is also in the history of what it moved). */
const maxMovesKept = 500;
/** Warnings kept for the next digest: the latest, so the campaign's state stays bounded. */
const maxWarningsKept = 500;
/** Escalation times remembered as digested, to tell a straggler from a new time. */
const maxDigestedKept = 50;
/**
 * Events after which a run continues as new, long before Temporal suggests it (4,096). Reports
 * keep arriving; one that arrives during the task that continues fails that task, and the
 * worker replays the run's history for the next try. That replay must stay short, or the tries
 * outlast the workflow task timeout for ever (as they did at 4,096 events under load).
 */
export const campaignEventsPerRun = 1_000;

function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

export async function campaign({ definition, effectivePolicy, streetCount, carried }: CampaignInput): Promise<CampaignSummary> {
  const { streets: _streets, ...context } = definition;
  const campaignContext: CampaignContext = { ...context, effectivePolicy };
  const config = deadlineConfig(definition);
  // Streets report their escalations at the escalation time itself; a digest waits this long
  // for every street's, so that one escalation time makes one email.
  const digestGrace = Math.min(60_000, Math.floor(config.repeat / 10));
  const state: CampaignCarried = carried ?? {
    expected: streetCount ?? definition.streets.length,
    started: 0,
    streets: [],
    moves: [],
    moveKeys: [],
    digests: [],
    digested: [],
    failures: [],
    warnings: [],
  };
  const streetIndex = new Map(state.streets.map((s, i) => [s.id, i]));
  const outbox = new Outbox((failures) => state.failures.push(...failures));
  let startedThisRun = 0;
  let closing = false;
  let changed = false;

  const fannedOut = () => state.started === state.expected;
  const completed = () => fannedOut() && state.streets.every((s) => s.report?.completed);

  /** The whole campaign, or only what one street may see of it. */
  function summary(streetId?: string): CampaignSummary {
    const streets = streetId === undefined ? state.streets : state.streets.filter((s) => s.id === streetId);
    const steps = Object.fromEntries(STEPS.map((step) => [step, { done: 0, open: 0, overdue: 0 }])) as Record<StepId, StepCounts>;
    let registered = 0;
    let cast = 0;
    for (const { report } of streets) {
      if (!report) continue;
      for (const [step, counts] of Object.entries(report.steps) as [StepId, StepCounts][]) {
        steps[step].done += counts.done;
        steps[step].open += counts.open;
        steps[step].overdue += counts.overdue;
      }
      registered += report.registered;
      cast += report.cast;
    }
    return {
      id: definition.id,
      name: definition.name,
      status: completed() ? 'completed' : 'running',
      steps,
      streets: streets.map((s) => ({
        id: s.id,
        name: s.name,
        communities: s.communities,
        done: s.report?.done ?? 0,
        overdue: s.report?.overdue ?? 0,
        atRisk: s.report?.atRisk ?? 0,
      })),
      turnout: { registered, cast, rate: turnout(registered, cast) },
    };
  }

  /** Starts these streets' workflows; children are abandoned, so they outlive this run. */
  async function launch(streets: Street[]): Promise<void> {
    for (const s of streets) {
      streetIndex.set(s.id, state.streets.length);
      state.streets.push({ id: s.id, name: s.name, communities: s.communities.length, report: null });
    }
    await startChildren(
      streets.map((s) => ({
        workflowType: street.name,
        options: {
          workflowId: streetWorkflowId(definition.id, s.id),
          args: [{ campaign: campaignContext, street: s, streetCount: state.expected }],
          typedSearchAttributes: initialSearchAttributes('street', definition.id, s.id, 'guidance-group'),
        },
      })),
    );
    state.started += streets.length;
    startedThisRun += streets.length;
  }

  setHandler(campaignSummaryQuery, (streetId?: string) => summary(streetId));
  setHandler(campaignContextQuery, () => campaignContext);

  setHandler(streetReportSignal, (report) => {
    const index = streetIndex.get(report.streetId);
    if (index === undefined) return;
    // The failures move to the next digest; kept once, not also in the report.
    state.streets[index].report = { ...report, failures: [], warnings: [] };
    state.failures.push(...report.failures);
    state.warnings = [...state.warnings, ...report.warnings].slice(-maxWarningsKept);
    changed = true;
  });

  setHandler(escalationSignal, (escalation) => {
    const name = state.streets[streetIndex.get(escalation.streetId) ?? -1]?.name ?? escalation.streetId;
    // A street later than the digest of its time (its worker was behind) goes into a digest of its own.
    let at = escalation.at;
    while (state.digested.includes(at)) at += 1;
    const items: NotificationItem[] = escalation.items.map((item) => ({
      streetId: escalation.streetId,
      streetName: name,
      ...(item.communityId !== undefined && { communityId: item.communityId, communityName: item.communityName }),
      step: item.step,
      due: item.dueAt,
      atRisk: isAtRisk(item.dueAt, escalation.at, config),
    }));
    const pending = state.digests.find((d) => d.at === at);
    if (pending) pending.items.push(...items);
    else state.digests.push({ at, items });
    changed = true;
  });

  setHandler(
    addStreets,
    async (streets: Street[]) => {
      const fresh = streets.filter((s) => !streetIndex.has(s.id));
      if (fresh.length > 0) await launch(fresh);
      return { received: state.streets.length, expected: state.expected };
    },
    {
      validator: (streets: Street[]) => {
        if (closing) refuse(StepErrors.busy, 'the campaign is continuing as new; retry shortly');
        if (streets.length > maxStreetsPerChunk) refuse(StepErrors.invalidBody, `at most ${maxStreetsPerChunk} streets per chunk`);
        const fresh = streets.filter((s) => !streetIndex.has(s.id));
        if (fresh.length > 0 && fresh.length < streets.length) refuse(StepErrors.conflict, 'some of these streets were added already, some not');
        if (state.streets.length + fresh.length > state.expected) refuse(StepErrors.conflict, `the campaign has ${state.expected} streets`);
        if (startedThisRun + fresh.length > maxChildrenPerRun) refuse(StepErrors.busy, 'the campaign is starting its streets; retry shortly');
      },
    },
  );

  const appliedMove = (idempotency: DeadlineMoveRequest['idempotency']) =>
    idempotency && state.moveKeys.find((k) => k.key === idempotency.key);

  setHandler(
    moveDeadline,
    async ({ move, by, idempotency }: DeadlineMoveRequest) => {
      // A retry from before a continue-as-new: answered with the move it applied, not applied again.
      const applied = appliedMove(idempotency);
      if (applied) return applied.record;
      // The validator accepted the move; checking it again gives its parsed value.
      const checked = checkDeadlineMove(move);
      if (!checked.ok) refuse(StepErrors.invalidBody, 'the deadline move is malformed');
      const parsed = checked.value;
      const record: DeadlineMoveRecord = { ...parsed, dueAt: dueInstant(parsed.due, definition.timezone), by, at: new Date().toISOString() };
      state.moves = [...state.moves, record].slice(-maxMovesKept);
      if (idempotency) state.moveKeys = [...state.moveKeys, { ...idempotency, record }].slice(-maxMovesKept);
      const streetIds = state.streets.filter((s) => !s.report?.completed && (record.streetId === undefined || s.id === record.streetId)).map((s) => s.id);
      // Answered once recorded and its fan-out started: a child tells the streets, so that a
      // campaign-wide move adds a few events to this history, not two a street.
      if (streetIds.length > 0) {
        await startChild(moveFanout, {
          workflowId: moveFanoutWorkflowId(definition.id, uuid4()),
          args: [{ campaignId: definition.id, streetIds, move: record }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      }
      return record;
    },
    {
      validator: ({ move, idempotency }: DeadlineMoveRequest) => {
        const applied = appliedMove(idempotency);
        if (applied && applied.digest !== idempotency!.digest) {
          refuse(StepErrors.conflict, 'this Idempotency-Key was given for another deadline move; use a new key for a new move');
        }
        if (applied) return;
        const checked = checkDeadlineMove(move);
        if (!checked.ok) {
          throw ApplicationFailure.create({ type: StepErrors.invalidBody, message: 'the deadline move is malformed', nonRetryable: true, details: [checked.errors] });
        }
        if (completed()) refuse(StepErrors.conflict, 'the campaign is completed');
        if (!fannedOut()) refuse(StepErrors.conflict, 'the campaign is still starting its streets; retry shortly');
        if (checked.value.streetId !== undefined && !streetIndex.has(checked.value.streetId)) {
          refuse(StepErrors.notFound, `no street '${checked.value.streetId}'`);
        }
      },
    },
  );

  /** Sends the digest of every escalation time whose grace has passed: one email per time. */
  function sendDigests(now: number): void {
    for (const digest of state.digests.filter((d) => d.at + digestGrace <= now)) {
      state.digests = state.digests.filter((d) => d !== digest);
      state.digested = [...state.digested, digest.at].slice(-maxDigestedKept);
      outbox.send({
        key: `${definition.id}.escalation-digest.${digest.at}`,
        kind: 'escalation-digest',
        campaign: { id: definition.id, name: definition.name, timezone: definition.timezone, locale: definition.locale },
        to: definition.coordinators,
        cc: [],
        at: digest.at,
        items: digest.items,
        failures: state.failures,
        warnings: state.warnings,
      });
      state.failures = [];
      state.warnings = [];
    }
  }

  const nextDigestAt = () => Math.min(...state.digests.map((d) => d.at + digestGrace));

  async function carry(): Promise<never> {
    closing = true;
    await condition(() => allHandlersFinished() && outbox.idle);
    // Streets already started are not carried: only what this run was given and did not start.
    const unstarted = definition.streets.filter((s) => !streetIndex.has(s.id));
    return continueAsNew<typeof campaign>({ definition: { ...definition, streets: unstarted }, effectivePolicy, carried: state });
  }

  const fromInput = () => definition.streets.filter((s) => !streetIndex.has(s.id));
  await launch(fromInput().slice(0, maxChildrenPerRun));
  if (fromInput().length > 0) await carry();

  for (;;) {
    sendDigests(Date.now());
    if (completed()) break;
    // Leave room for one more chunk in this run's children, or continue as new to make it.
    const full = !fannedOut() && startedThisRun + maxStreetsPerChunk > maxChildrenPerRun;
    const { continueAsNewSuggested, historyLength } = workflowInfo();
    if (full || continueAsNewSuggested || historyLength >= campaignEventsPerRun) await carry();
    changed = false;
    const wake = nextDigestAt();
    await condition(() => changed, wake === Infinity ? undefined : Math.max(1, wake - Date.now()));
  }
  await condition(() => allHandlersFinished() && outbox.idle);
  return summary();
}
