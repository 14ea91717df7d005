/**
 * A re-election campaign: the root of the tree campaign → streets → communities. It
 * starts one street workflow per street, keeps each street's latest report (counts and
 * late steps), answers the campaign summary, records coordinators' deadline moves, and
 * sends the coordinators one escalation digest per escalation time.
 *
 * It never holds per-community state: at 100,000 communities its state is one report
 * per street, and it continues as new whenever Temporal suggests.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  STEPS,
  deadlineConfig,
  deadlineMoveSchema,
  dueInstant,
  isAtRisk,
  isCoordinatorTime,
  nextCoordinatorTime,
  turnout,
  type CampaignSummary,
  type NotificationItem,
  type StepCounts,
  type StepId,
} from '../domain';
import {
  campaignSummaryQuery,
  deadlineMovedSignal,
  moveDeadline,
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
import { SignalsInFlight } from './signals';
import { atRiskKey, campaignKey, kindKey, overdueKey, stepKey, streetKey } from './search-attributes';
import { street } from './street';

/** Deadline moves kept in the campaign's state (each is also in the history of what it moved). */
const maxMovesKept = 500;
/** Streets signalled at once when a move applies to all of them. */
const signalConcurrency = 500;

export async function campaign({ definition, carried }: CampaignInput): Promise<CampaignSummary> {
  const { streets: _streets, ...context } = definition;
  const campaignContext: CampaignContext = context;
  const config = deadlineConfig(definition);
  const state: CampaignCarried = carried ?? {
    started: 0,
    streets: definition.streets.map((s) => ({ id: s.id, name: s.name, communities: s.communities.length, report: null })),
    moves: [],
    lastDigestAt: Date.now(),
    failures: [],
  };
  const streetIndex = new Map(state.streets.map((s, i) => [s.id, i]));
  const outbox = new Outbox((failures) => state.failures.push(...failures));
  const signals = new SignalsInFlight();
  let changed = false;

  const fannedOut = () => state.started === state.streets.length;
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

  setHandler(campaignSummaryQuery, (streetId?: string) => summary(streetId));

  setHandler(streetReportSignal, (report) => {
    const index = streetIndex.get(report.streetId);
    if (index === undefined) return;
    state.streets[index].report = report;
    state.failures.push(...report.failures);
    changed = true;
  });

  setHandler(
    moveDeadline,
    async ({ move, by }: DeadlineMoveRequest) => {
      const parsed = deadlineMoveSchema.parse(move);
      const record: DeadlineMoveRecord = { ...parsed, dueAt: dueInstant(parsed.due, definition.timezone), by, at: new Date().toISOString() };
      state.moves = [...state.moves, record].slice(-maxMovesKept);
      const targets = state.streets.filter((s) => !s.report?.completed && (record.streetId === undefined || s.id === record.streetId));
      for (let i = 0; i < targets.length; i += signalConcurrency) {
        await Promise.all(
          targets
            .slice(i, i + signalConcurrency)
            .map((s) => signals.send(getExternalWorkflowHandle(streetWorkflowId(definition.id, s.id)), deadlineMovedSignal, record)),
        );
      }
      return record;
    },
    {
      validator: ({ move }: DeadlineMoveRequest) => {
        const parsed = deadlineMoveSchema.safeParse(move);
        if (!parsed.success) {
          const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
          throw ApplicationFailure.create({ type: StepErrors.invalidBody, message: 'the deadline move is malformed', nonRetryable: true, details: [errors] });
        }
        if (!fannedOut() || completed()) {
          throw ApplicationFailure.create({
            type: StepErrors.conflict,
            message: completed() ? 'the campaign is completed' : 'the campaign is still starting its streets; retry shortly',
            nonRetryable: true,
          });
        }
        if (parsed.data.streetId !== undefined && !streetIndex.has(parsed.data.streetId)) {
          throw ApplicationFailure.create({ type: StepErrors.notFound, message: `no street '${parsed.data.streetId}'`, nonRetryable: true });
        }
      },
    },
  );

  /** Every late step whose coordinator escalation falls at `at`, from the streets' reports. */
  function digestItems(at: number): NotificationItem[] {
    return state.streets.flatMap((s) =>
      (s.report?.overdueItems ?? [])
        .filter((item) => isCoordinatorTime(item.dueAt, config, at))
        .map((item) => ({
          streetId: s.id,
          streetName: s.name,
          ...(item.communityId !== undefined && { communityId: item.communityId, communityName: item.communityName }),
          step: item.step,
          due: item.dueAt,
          atRisk: isAtRisk(item.dueAt, at, config),
        })),
    );
  }

  function nextDigestAt(): number {
    let next = Infinity;
    for (const s of state.streets) {
      for (const item of s.report?.overdueItems ?? []) next = Math.min(next, nextCoordinatorTime(item.dueAt, config, state.lastDigestAt));
    }
    return next;
  }

  function sendDigests(now: number): void {
    for (let at = nextDigestAt(); at <= now; at = nextDigestAt()) {
      const items = digestItems(at);
      state.lastDigestAt = at;
      if (items.length === 0) continue;
      outbox.send({
        key: `${definition.id}.escalation-digest.${at}`,
        kind: 'escalation-digest',
        campaign: { id: definition.id, name: definition.name, timezone: definition.timezone, locale: definition.locale },
        to: definition.coordinators,
        cc: [],
        at,
        items,
        failures: state.failures,
      });
      state.failures = [];
    }
  }

  async function drain(): Promise<void> {
    await condition(() => allHandlersFinished() && outbox.idle);
  }

  const carry = () => continueAsNew<typeof campaign>({ definition: { ...definition, streets: fannedOut() ? [] : definition.streets }, carried: state });

  if (!fannedOut()) {
    const batch = definition.streets.slice(state.started, state.started + maxChildrenPerRun);
    await startChildren(
      batch.map((s) => ({
        workflowType: street.name,
        options: {
          workflowId: streetWorkflowId(definition.id, s.id),
          args: [{ campaign: campaignContext, street: s }],
          typedSearchAttributes: [
            { key: kindKey, value: 'street' },
            { key: campaignKey, value: definition.id },
            { key: streetKey, value: s.id },
            { key: stepKey, value: 'guidance-group' },
            { key: overdueKey, value: false },
            { key: atRiskKey, value: false },
          ],
        },
      })),
    );
    state.started += batch.length;
    if (!fannedOut()) {
      await drain();
      await carry();
    }
  }

  for (;;) {
    sendDigests(Date.now());
    if (completed()) break;
    if (workflowInfo().continueAsNewSuggested) {
      await drain();
      await carry();
    }
    changed = false;
    const wake = nextDigestAt();
    await condition(() => changed, wake === Infinity ? undefined : Math.max(1, wake - Date.now()));
  }
  await drain();
  return summary();
}
