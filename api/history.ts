/**
 * A community's workflow history as an auditor reads it: what happened to the community,
 * when, by whom and with what evidence, and the emails its street sent about it. Temporal's
 * bookkeeping (workflow tasks, search attribute upserts, signals to other workflows) is left
 * out. Each kind of event that tells something has one entry in `describers`.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { sendNotificationActivity, type CommunityRecord, type ElectionMethod, type Notification } from '../domain';
import {
  deadlineFlagsSignal,
  deadlineMovedSignal,
  planDecidedSignal,
  type DeadlineMoveRecord,
  type StepSubmission,
} from '../workflows/definitions';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
const EventType = temporal.api.enums.v1.EventType;

export interface TimelineEvent {
  id: string;
  time: string;
  type: string;
  summary: string;
  details: Record<string, unknown>;
}

/** A workflow run's events, and what a describer needs to read them. */
interface Run {
  source: 'community' | 'street';
  runId: string;
  events: HistoryEvent[];
  byId: Map<string, HistoryEvent>;
  decode(payloads: Payloads): Promise<unknown[]>;
  communityId: string;
}

type Description = Pick<TimelineEvent, 'type' | 'summary' | 'details'>;
type Describer = (event: HistoryEvent, run: Run) => Promise<Description | undefined>;

function payloadDecoder(client: Client): (payloads: Payloads) => Promise<unknown[]> {
  const { payloadConverter, payloadCodecs } = client.options.loadedDataConverter;
  return async (payloads) => {
    let raw = payloads?.payloads ?? [];
    // Codecs encode in order, so they decode in reverse.
    for (const codec of [...payloadCodecs].reverse()) raw = await codec.decode(raw);
    return raw.map((p) => payloadConverter.fromPayload(p));
  };
}

const timeOf = (event: HistoryEvent) =>
  new Date(Number(event.eventTime?.seconds ?? 0) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1e6)).toISOString();

// ---------- what each event says ----------

async function updateCompleted(event: HistoryEvent, run: Run): Promise<Description | undefined> {
  const attributes = event.workflowExecutionUpdateCompletedEventAttributes!;
  const accepted = run.byId.get(String(attributes.acceptedEventId))?.workflowExecutionUpdateAcceptedEventAttributes;
  const input = accepted?.acceptedRequest?.input;
  const updateId = attributes.meta?.updateId ?? undefined;
  const [submission] = (await run.decode(input?.args)) as [StepSubmission | undefined];
  if (!submission) return undefined;
  const { step, by, body: evidence } = submission;
  if (attributes.outcome?.failure) {
    return { type: 'step-failed', summary: `${step} by ${by} failed: ${attributes.outcome.failure.message}`, details: { step, by, updateId } };
  }
  const [record] = (await run.decode(attributes.outcome?.success)) as [CommunityRecord | undefined];
  const outcome = step === 'party-election' ? record?.elections.party : step === 'residents-election' ? record?.elections.residents : undefined;
  if (record?.steps.find((s) => s.step === step)?.status === 'done') {
    return { type: 'step-completed', summary: `${step} completed by ${by}`, details: { step, by, updateId, evidence, ...(outcome && { outcome }) } };
  }
  // An election round that did not fill every seat: recorded, and the step stays open.
  return {
    type: 'election-round-failed',
    summary: `${step} round recorded by ${by}: ${outcome?.reason ?? `${outcome?.unfilled ?? '?'} seat(s) unfilled`}`,
    details: { step, by, updateId, evidence, outcome },
  };
}

const signals: Record<string, (args: unknown[]) => Description> = {
  [planDecidedSignal.name]: ([method]) => ({
    type: 'plan-decided',
    summary: `Election plan decided: ${method === 'direct' ? 'direct election' : "residents' representatives' assembly"}`,
    details: { method: method as ElectionMethod },
  }),
  [deadlineMovedSignal.name]: ([move]) => {
    const { step, due, reason, by, at } = move as DeadlineMoveRecord;
    return { type: 'deadline-moved', summary: `${step} now due ${due}, moved by ${by}: ${reason}`, details: { step, due, reason, by, at } };
  },
  [deadlineFlagsSignal.name]: ([flags]) => {
    const { overdue, atRisk } = flags as CommunityRecord['flags'];
    const summary = atRisk ? 'At risk: the current step is far overdue' : overdue ? 'The current step is overdue' : 'Back on time';
    return { type: 'deadline-flags', summary, details: { overdue, atRisk } };
  },
};

async function signalled(event: HistoryEvent, run: Run): Promise<Description | undefined> {
  const { signalName, input } = event.workflowExecutionSignaledEventAttributes!;
  const describe = signals[signalName ?? ''];
  return describe?.(await run.decode(input));
}

/** The street's emails that name this community (reminders, overdue and at-risk escalations, moves). */
async function notificationSent(event: HistoryEvent, run: Run): Promise<Description | undefined> {
  const scheduled = run.byId.get(String(event.activityTaskCompletedEventAttributes!.scheduledEventId))?.activityTaskScheduledEventAttributes;
  if (scheduled?.activityType?.name !== sendNotificationActivity) return undefined;
  const [notification] = (await run.decode(scheduled.input)) as [Notification];
  const item = notification.items.find((i) => i.communityId === run.communityId);
  if (!item) return undefined;
  return {
    type: 'notification-sent',
    summary: `${notification.kind} email about ${item.step} sent to ${notification.to.join(', ')}`,
    details: { kind: notification.kind, step: item.step, due: new Date(item.due).toISOString(), to: notification.to, cc: notification.cc, ...(item.reason && { reason: item.reason }) },
  };
}

const fixed = (type: string, summary: string): Describer => async () => ({ type, summary, details: {} });

const communityDescribers: Partial<Record<temporal.api.enums.v1.EventType, Describer>> = {
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED]: async (event) =>
    event.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ? undefined : { type: 'started', summary: 'Community workflow started', details: {} },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED]: updateCompleted,
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED]: signalled,
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW]: fixed('continued-as-new', 'Continued in a new run (history kept short)'),
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED]: fixed('completed', 'Every step done: the community workflow completed'),
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED]: fixed('failed', 'The community workflow failed'),
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED]: fixed('terminated', 'The community workflow was terminated by an operator'),
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED]: fixed('canceled', 'The community workflow was canceled'),
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT]: fixed('timed-out', 'The community workflow timed out'),
};

const streetDescribers: Partial<Record<temporal.api.enums.v1.EventType, Describer>> = {
  [EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED]: notificationSent,
};

// ---------- reading histories ----------

/** Runs of a workflow that continued as new; beyond this many, older runs are left out. */
const maxRuns = 20;

async function runsOf(handle: WorkflowHandle, client: Client, latestOnly: boolean): Promise<{ runId: string; events: HistoryEvent[] }[]> {
  const runs = [];
  let runId: string | undefined = (await handle.describe()).runId;
  while (runId && runs.length < maxRuns) {
    const { events } = await client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    runs.unshift({ runId, events: events ?? [] });
    if (latestOnly) break;
    runId = events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}

async function describeRun(run: Run, describers: Partial<Record<temporal.api.enums.v1.EventType, Describer>>): Promise<TimelineEvent[]> {
  const described = await Promise.all(
    run.events.map(async (event) => {
      const description = await describers[event.eventType ?? EventType.EVENT_TYPE_UNSPECIFIED]?.(event, run);
      return description && { id: `${run.source}/${run.runId}/${String(event.eventId)}`, time: timeOf(event), ...description };
    }),
  );
  return described.filter((e): e is TimelineEvent => e !== undefined);
}

export interface HistorySources {
  client: Client;
  community: WorkflowHandle;
  communityId: string;
  /** The street workflow, whose current run holds the emails it sent about the community. */
  street: WorkflowHandle;
}

export async function communityTimeline({ client, community, communityId, street }: HistorySources): Promise<TimelineEvent[]> {
  const decode = payloadDecoder(client);
  const toRun = (source: Run['source']) => (r: { runId: string; events: HistoryEvent[] }): Run => ({
    source,
    ...r,
    byId: new Map(r.events.map((e) => [String(e.eventId), e])),
    decode,
    communityId,
  });
  const [communityRuns, streetRuns] = await Promise.all([runsOf(community, client, false), runsOf(street, client, true)]);
  const timelines = await Promise.all([
    ...communityRuns.map((r) => describeRun(toRun('community')(r), communityDescribers)),
    ...streetRuns.map((r) => describeRun(toRun('street')(r), streetDescribers)),
  ]);
  return timelines.flat().sort((a, b) => a.time.localeCompare(b.time));
}
