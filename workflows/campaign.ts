/**
 * A re-election campaign: the root of the tree campaign → streets. It starts one street
 * workflow per street, records coordinators' deadline moves (a short-lived child tells the
 * streets), and sends the coordinators one escalation digest per escalation time.
 *
 * It keeps nothing per street: the summary adds up the streets' memos (visibility), so at
 * 100,000 communities its state is a few counters and bounded lists. Its definition may
 * arrive in chunks (`addStreets`), and it continues as new whenever Temporal suggests, after
 * 1,000 events (`campaignEventsPerRun`), and after every 1,000 streets it starts.
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
import { deadlineConfig, dueInstant, isAtRisk, type NotificationItem, type Street } from '../domain';
import {
  addStreets,
  campaignContextQuery,
  campaignProgressQuery,
  escalationSignal,
  maxStreetsPerChunk,
  moveDeadline,
  moveFanoutWorkflowId,
  StepErrors,
  streetCompletedSignal,
  streetMemoKey,
  streetNotesSignal,
  streetWorkflowId,
  type CampaignCarried,
  type CampaignContext,
  type CampaignInput,
  type CampaignProgress,
  type DeadlineMoveRecord,
  type DeadlineMoveRequest,
  type StreetChunk,
} from './definitions';
import { maxChildrenPerRun, startChildren } from './fanout';
import { Outbox } from './notify';
import { initialSearchAttributes } from './search-attributes';
import { moveFanout } from './move-fanout';
import { newStreetState, street } from './street';
import { streetMemo } from './street-memo';
import { checkDeadlineMove } from './validation';

/** Deadline moves kept in the campaign's state (each is also in the history of what it moved). */
const maxMovesKept = 500;
/** Warnings and mail failures kept for the next digest: the latest, so the campaign's state stays bounded. */
const maxNotesKept = 500;
/** Late steps listed in one digest; the rest are counted (the board lists them all). */
const maxDigestItems = 500;
/** Escalation times remembered as digested, to tell a straggler from a new time. */
const maxDigestedKept = 50;
/**
 * Events after which a run continues as new, long before Temporal suggests it (4,096). Streets'
 * signals keep arriving; one that arrives during the task that continues fails that task, and
 * the worker replays the run's history for the next try. That replay must stay short, or the
 * tries outlast the workflow task timeout under load.
 */
export const campaignEventsPerRun = 1_000;

function refuse(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

export async function campaign({ definition, effectivePolicy, streetCount, carried }: CampaignInput): Promise<CampaignProgress> {
  const { streets: _streets, ...context } = definition;
  const campaignContext: CampaignContext = { ...context, effectivePolicy };
  const config = deadlineConfig(definition);
  // Streets report their escalations at the escalation time itself; a digest waits this long
  // for every street's, so that one escalation time makes one email.
  const digestGrace = Math.min(60_000, Math.floor(config.repeat / 10));
  const state: CampaignCarried = carried ?? {
    expected: streetCount ?? definition.streets.length,
    started: 0,
    completed: 0,
    moves: [],
    moveKeys: [],
    digests: [],
    digested: [],
    failures: [],
    warnings: [],
  };
  const outbox = new Outbox((failures) => (state.failures = [...state.failures, ...failures].slice(-maxNotesKept)));
  let startedThisRun = 0;
  let closing = false;
  let changed = false;

  const fannedOut = () => state.started === state.expected;
  const completed = () => fannedOut() && state.completed >= state.expected;
  const progress = (): CampaignProgress => ({ expected: state.expected, started: state.started, completed: state.completed });

  /** Starts these streets' workflows, the first being the definition's `offset`-th; children are abandoned, so they outlive this run. */
  async function launch(offset: number, streets: Street[]): Promise<void> {
    // Counted at once: the next chunk may arrive while these are still starting.
    state.started = offset + streets.length;
    startedThisRun += streets.length;
    await startChildren(
      streets.map((s, i) => ({
        workflowType: street.name,
        options: {
          workflowId: streetWorkflowId(definition.id, s.id),
          args: [{ campaign: campaignContext, street: s, index: offset + i }],
          typedSearchAttributes: initialSearchAttributes(definition.id, s.id, 'guidance-group'),
          // In visibility from the start: the API finds a community's street in it at once.
          memo: { [streetMemoKey]: initialMemo(offset + i, s) },
        },
      })),
    );
  }

  /** Chunks whose streets are still starting: a run continues as new only once they have. */
  const launching = new Set<Promise<void>>();
  function launchMeanwhile(offset: number, streets: Street[]): void {
    const starting: Promise<void> = launch(offset, streets).finally(() => {
      launching.delete(starting);
      // The loop may now continue as new to make room for the next chunk.
      changed = true;
    });
    launching.add(starting);
  }

  function initialMemo(index: number, s: Street) {
    const { steps, communities } = newStreetState(campaignContext, s);
    return streetMemo({ index, street: s, steps, communities, flagsOf: () => ({ overdue: false, atRisk: false }), completed: false }, Date.now());
  }

  setHandler(campaignContextQuery, () => campaignContext);
  setHandler(campaignProgressQuery, progress);

  setHandler(streetNotesSignal, ({ failures, warnings }) => {
    state.failures = [...state.failures, ...failures].slice(-maxNotesKept);
    state.warnings = [...state.warnings, ...warnings].slice(-maxNotesKept);
    changed = true;
  });

  setHandler(streetCompletedSignal, () => {
    state.completed += 1;
    changed = true;
  });

  setHandler(escalationSignal, (escalation) => {
    // A street later than the digest of its time (its worker was behind) goes into a digest of its own.
    let at = escalation.at;
    while (state.digested.includes(at)) at += 1;
    const items: NotificationItem[] = escalation.items.map((item) => ({
      streetId: escalation.streetId,
      streetName: escalation.streetName,
      ...(item.communityId !== undefined && { communityId: item.communityId, communityName: item.communityName }),
      step: item.step,
      due: item.dueAt,
      atRisk: isAtRisk(item.dueAt, escalation.at, config),
    }));
    let digest = state.digests.find((d) => d.at === at);
    if (!digest) state.digests.push((digest = { at, items: [], more: 0 }));
    const room = Math.max(0, maxDigestItems - digest.items.length);
    digest.items.push(...items.slice(0, room));
    digest.more += Math.max(0, items.length - room);
    changed = true;
  });

  setHandler(
    addStreets,
    ({ offset, streets }: StreetChunk) => {
      // Answered once taken: its streets start meanwhile (the API waits for them before its
      // 201). A retried chunk (taken already) is answered, not started again.
      if (offset === state.started) launchMeanwhile(offset, streets);
      return progress();
    },
    {
      validator: ({ offset, streets }: StreetChunk) => {
        if (closing) refuse(StepErrors.busy, 'the campaign is continuing as new; retry shortly');
        if (streets.length > maxStreetsPerChunk) refuse(StepErrors.invalidBody, `at most ${maxStreetsPerChunk} streets per chunk`);
        if (offset + streets.length <= state.started) return;
        if (offset !== state.started) refuse(StepErrors.conflict, `the campaign has started ${state.started} streets; the next chunk starts there, not at ${offset}`);
        if (state.started + streets.length > state.expected) refuse(StepErrors.conflict, `the campaign has ${state.expected} streets`);
        if (startedThisRun + streets.length > maxChildrenPerRun) refuse(StepErrors.busy, 'the campaign is starting its streets; retry shortly');
      },
    },
  );

  const appliedMove = (idempotency: DeadlineMoveRequest['idempotency']) =>
    idempotency && state.moveKeys.find((k) => k.key === idempotency.key);

  setHandler(
    moveDeadline,
    async ({ move, by, streetIds, idempotency }: DeadlineMoveRequest) => {
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
        ...(digest.more > 0 && { more: digest.more }),
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
    await condition(() => allHandlersFinished() && outbox.idle && launching.size === 0);
    // Streets already started are not carried: only what this run was given and did not start.
    return continueAsNew<typeof campaign>({ definition: { ...definition, streets: fromInput() }, effectivePolicy, carried: state });
  }

  // The input's streets are the definition's first; `state.started` of them have been started.
  const inputOffset = carried?.started ?? 0;
  const fromInput = () => definition.streets.slice(state.started - inputOffset);
  await launch(state.started, fromInput().slice(0, maxChildrenPerRun));
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
  return progress();
}
