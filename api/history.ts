/**
 * A community's history as an auditor reads it, from its street's workflow (the one owner of
 * its steps): what happened to the community, when, by whom and with what evidence, the
 * street's election plan for it, the deadline moves that concern it and the emails that
 * name it. Events about the street's other communities and Temporal's bookkeeping (workflow
 * tasks, timers, memo and search attribute upserts, signals to the campaign) are left out.
 * Each kind of event that tells something has one entry in `describers`.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { isStreetStep, sendNotificationActivity, type CommunityState, type ElectionPlan, type Notification } from '../domain';
import {
  completeCommunityStep,
  completeStreetStep,
  deadlineMovedSignal,
  type CommunityStepSubmission,
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

/** One run of the street's workflow, and what a describer needs to read it. */
interface Run {
  runId: string;
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

type UpdateCompleted = temporal.api.history.v1.IWorkflowExecutionUpdateCompletedEventAttributes;

/** One of this community's steps: completed, an election round that left it open, or a handler's failure. */
async function communityStep([submission]: unknown[], attributes: UpdateCompleted, run: Run): Promise<Description | undefined> {
  const { communityId, step, by, body: evidence } = submission as CommunityStepSubmission;
  if (communityId !== run.communityId) return undefined;
  const updateId = attributes.meta?.updateId ?? undefined;
  if (attributes.outcome?.failure) {
    return { type: 'step-failed', summary: `${step} by ${by} failed: ${attributes.outcome.failure.message}`, details: { step, by, updateId } };
  }
  const [state] = (await run.decode(attributes.outcome?.success)) as [CommunityState | undefined];
  const outcome = step === 'party-election' ? state?.elections.party : step === 'residents-election' ? state?.elections.residents : undefined;
  if (state?.steps.find((s) => s.step === step)?.status === 'done') {
    return { type: 'step-completed', summary: `${step} completed by ${by}`, details: { step, by, updateId, evidence, ...(outcome && { outcome }) } };
  }
  // An election round that did not fill every seat: recorded, and the step stays open.
  return {
    type: 'election-round-failed',
    summary: `${step} round recorded by ${by}: ${outcome?.reason ?? `${outcome?.unfilled ?? '?'} seat(s) unfilled`}`,
    details: { step, by, updateId, evidence, outcome },
  };
}

/** Of the street's own steps, the election plan tells the community its method. */
async function streetStep([submission]: unknown[], attributes: UpdateCompleted, run: Run): Promise<Description | undefined> {
  const { step, body } = submission as StepSubmission;
  if (step !== 'election-plan' || !attributes.outcome?.success) return undefined;
  const method = (body as ElectionPlan).methods[run.communityId];
  if (method === undefined) return undefined;
  return {
    type: 'plan-decided',
    summary: `Election plan decided: ${method === 'direct' ? 'direct election' : "residents' representatives' assembly"}`,
    details: { method },
  };
}

const updates: Record<string, (args: unknown[], attributes: UpdateCompleted, run: Run) => Promise<Description | undefined>> = {
  [completeCommunityStep.name]: communityStep,
  [completeStreetStep.name]: streetStep,
};

async function updateCompleted(event: HistoryEvent, run: Run): Promise<Description | undefined> {
  const attributes = event.workflowExecutionUpdateCompletedEventAttributes!;
  const input = run.byId.get(String(attributes.acceptedEventId))?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
  const describe = updates[input?.name ?? ''];
  return describe?.(await run.decode(input?.args), attributes, run);
}

/** A move of this community's step, or of a community step across the street or the campaign. */
async function deadlineMoved(event: HistoryEvent, run: Run): Promise<Description | undefined> {
  const { signalName, input } = event.workflowExecutionSignaledEventAttributes!;
  if (signalName !== deadlineMovedSignal.name) return undefined;
  const [move] = (await run.decode(input)) as [DeadlineMoveRecord];
  const concerns = move.communityId !== undefined ? move.communityId === run.communityId : !isStreetStep(move.step);
  if (!concerns) return undefined;
  const { step, due, reason, by, at } = move;
  return { type: 'deadline-moved', summary: `${step} now due ${due}, moved by ${by}: ${reason}`, details: { step, due, reason, by, at } };
}

/** The street's emails that name this community (reminders, overdue and at-risk escalations, moves, failed elections). */
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

const describers: Partial<Record<temporal.api.enums.v1.EventType, Describer>> = {
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED]: async (event) =>
    event.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ? undefined : { type: 'started', summary: 'The street workflow started', details: {} },
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED]: updateCompleted,
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED]: deadlineMoved,
  [EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED]: notificationSent,
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW]: fixed('continued-as-new', 'The street workflow continued in a new run (history kept short)'),
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED]: fixed('completed', 'Every step of the street and its communities done: the street workflow completed'),
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED]: fixed('failed', 'The street workflow failed'),
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED]: fixed('terminated', 'The street workflow was terminated by an operator'),
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED]: fixed('canceled', 'The street workflow was canceled'),
  [EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT]: fixed('timed-out', 'The street workflow timed out'),
};

async function describeRun(run: Run, events: HistoryEvent[]): Promise<TimelineEvent[]> {
  const described = await Promise.all(
    events.map(async (event) => {
      const description = await describers[event.eventType ?? EventType.EVENT_TYPE_UNSPECIFIED]?.(event, run);
      return description && { id: `street/${run.runId}/${String(event.eventId)}`, time: timeOf(event), ...description };
    }),
  );
  return described.filter((e): e is TimelineEvent => e !== undefined);
}

// ---------- reading the street's runs ----------

/** Runs of the street read back from the latest; a street that continued as new more often shows its latest this many. */
export const maxRuns = 50;

export interface TimelineSource {
  client: Client;
  /** The community's street workflow. */
  street: WorkflowHandle;
  communityId: string;
  /** Bounds each call to Temporal (the API's); unbounded when absent. */
  call?: <T>(fn: () => Promise<T>) => Promise<T>;
}

/**
 * The community's timeline, oldest first, across the street's runs: the continue-as-new
 * chain is followed back from the latest run, one run in memory at a time.
 */
export async function communityTimeline({ client, street, communityId, call = (fn) => fn() }: TimelineSource): Promise<TimelineEvent[]> {
  const decode = payloadDecoder(client);
  const runs: TimelineEvent[][] = [];
  let runId: string | undefined = (await call(() => street.describe())).runId;
  while (runId !== undefined && runs.length < maxRuns) {
    const run: Run = { runId, byId: new Map(), decode, communityId };
    const events = (await call(() => client.workflow.getHandle(street.workflowId, run.runId).fetchHistory())).events ?? [];
    for (const event of events) run.byId.set(String(event.eventId), event);
    runs.unshift(await describeRun(run, events));
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs.flat();
}
