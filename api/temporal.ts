/**
 * Every call the API makes to Temporal goes through here: bounded in time, so an
 * unreachable cluster answers 503 instead of hanging, and its failures translated into
 * the problems of ../shared/API.md.
 */
import {
  ApplicationFailure,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type Connection,
  type WorkflowHandle,
} from '@temporalio/client';
import { staleClockMessage, StepErrors } from '../workflows/definitions';
import { isTemporalUnavailable, Problem, temporalRefusal, temporalUnavailable, type ProblemError } from './problem';
import type { TemporalTimings } from './request-log';

export interface TemporalTimeouts {
  /** Starts, lists, counts, describes: Temporal's server answers them alone. */
  callMs: number;
  /**
   * A query or an update waits for a worker. Should the worker holding the workflow die,
   * Temporal hands the workflow to another after its workflow task's timeout or its sticky
   * queue's schedule-to-start timeout (10 s each by default): the bound outlasts that.
   */
  workerMs: number;
}

export const defaultTimeouts: TemporalTimeouts = { callMs: 5_000, workerMs: 15_000 };

/**
 * The most one workflow input or update argument carries of a campaign definition: half of
 * Temporal's default 2 MB payload limit, so headers and the rest of the input fit beside it.
 */
export const defaultChunkBytes = 1024 * 1024;
/**
 * Before retrying an update the workflow cannot take yet (`Busy`):
 * doubling from the first wait to the longest, so that many waiting clients do not add to
 * the load that keeps what they wait for from arriving.
 */
const retryWaitMs = { first: 250, longest: 2_000 };

const statusOfStepError: Record<string, number> = {
  [StepErrors.invalidBody]: 400,
  [StepErrors.notFound]: 404,
  [StepErrors.conflict]: 409,
  [StepErrors.ruleViolation]: 422,
  [StepErrors.busy]: 503,
  [StepErrors.tooLarge]: 413,
};

/** details[0] of a validator's refusal: `[{ path, message, rule? }]`. */
function problemErrors(details: unknown): ProblemError[] | undefined {
  if (!Array.isArray(details)) return undefined;
  return details.map((d: { path?: unknown; rule?: unknown; message?: unknown; zh?: unknown }) => ({
    path: String(d.path ?? ''),
    ...(d.rule !== undefined && { rule: String(d.rule) }),
    message: String(d.message ?? ''),
    ...(d.zh !== undefined && { zh: String(d.zh) }),
  }));
}

function stepProblem(err: WorkflowUpdateFailedError): Problem | undefined {
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure) || !cause.type) return undefined;
  const status = statusOfStepError[cause.type];
  if (status === undefined) return undefined;
  const errors = problemErrors(cause.details?.[0]);
  return new Problem(status, cause.message, errors?.length ? errors : undefined);
}

/** Communities whose street this API process remembers (about 100 bytes each). */
const maxCommunitiesRemembered = 200_000;
/** A campaign's streets are listed again for an unknown community at most this often. */
const relistIntervalMs = 5_000;

export class Temporal {
  /** Where this request's waiting is added up (see `timedBy`). */
  private timings: TemporalTimings | undefined;
  /** Each community's street, by `${campaignId}/${communityId}`: it never changes. */
  private readonly streets = new Map<string, string>();
  /** Per campaign: its streets' listing in flight, and when the last one started. */
  private readonly listings = new Map<string, { running?: Promise<unknown>; at: number }>();
  /** Campaigns whose every street has started and is listed by visibility. */
  private readonly ready = new Set<string>();

  constructor(
    readonly client: Client,
    private readonly connection: Connection,
    readonly taskQueue: string,
    private readonly timeouts: TemporalTimeouts = defaultTimeouts,
    readonly chunkBytes: number = defaultChunkBytes,
  ) {}

  /** Whether Temporal's frontend answers within `ms`. */
  async reachable(ms: number): Promise<boolean> {
    try {
      await this.connection.withDeadline(Date.now() + ms, () => this.connection.healthService.check({}));
      return true;
    } catch {
      return false;
    }
  }

  /** This Temporal, adding the time each call waits into one request's `timings`. */
  timedBy(timings: TemporalTimings): Temporal {
    return Object.assign(Object.create(this) as Temporal, { timings });
  }

  private async timed<T>(kind: keyof TemporalTimings, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      if (this.timings) this.timings[kind] += performance.now() - started;
    }
  }

  /** Remembers the street of each of the memo's communities. */
  rememberStreet(campaignId: string, memo: { id: string; communities: { id: string }[] }): void {
    for (const { id } of memo.communities) {
      const key = `${campaignId}/${id}`;
      if (this.streets.has(key)) continue;
      // Forgetting the oldest keeps the memory bounded; forgotten ones are listed again.
      if (this.streets.size >= maxCommunitiesRemembered) this.streets.delete(this.streets.keys().next().value!);
      this.streets.set(key, memo.id);
    }
  }

  streetOf(campaignId: string, communityId: string): string | undefined {
    return this.streets.get(`${campaignId}/${communityId}`);
  }

  /**
   * Runs `list` (which remembers the streets it finds) unless it ran for this campaign less
   * than `relistIntervalMs` ago; callers meanwhile share the one in flight. Unknown ids asked
   * in a loop cost one listing per interval, not one each.
   */
  async relistOnce(campaignId: string, list: () => Promise<unknown>): Promise<void> {
    const entry = this.listings.get(campaignId) ?? { at: -Infinity };
    this.listings.set(campaignId, entry);
    if (!entry.running && Date.now() - entry.at >= relistIntervalMs) {
      entry.at = Date.now();
      entry.running = list().finally(() => (entry.running = undefined));
    }
    await entry.running;
  }

  isReady(campaignId: string): boolean {
    return this.ready.has(campaignId);
  }

  markReady(campaignId: string): void {
    this.ready.add(campaignId);
  }

  handle(workflowId: string): WorkflowHandle {
    return this.client.workflow.getHandle(workflowId);
  }

  /**
   * A bounded call; `notFound` is the 404's detail should the workflow not exist.
   * Anything else unexpected is rethrown (a 500: a bug of ours, not the client's).
   */
  async call<T>(fn: () => Promise<T>, notFound = 'No such workflow.'): Promise<T> {
    return this.timed('call', () => this.bounded(fn, notFound, this.timeouts.callMs));
  }

  /**
   * A bounded query: a worker answers it. One that found the workflow's run on a stale clock
   * (workflows/clock-guard.ts) is asked again: it then waits for the workflow task that
   * replays the run, and is answered by it.
   */
  async query<T>(fn: () => Promise<T>, notFound = 'No such workflow.'): Promise<T> {
    for (let asked = 1; ; asked++) {
      try {
        return await this.timed('call', () => this.bounded(fn, notFound, this.timeouts.workerMs));
      } catch (err) {
        if (!(err instanceof Error && err.message.includes(staleClockMessage))) throw err;
        if (asked === 2) throw new Problem(503, 'The workflow is moving to another worker: retry shortly.');
      }
    }
  }

  private async bounded<T>(fn: () => Promise<T>, notFound: string, ms: number): Promise<T> {
    try {
      return await this.connection.withDeadline(Date.now() + ms, fn);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new Problem(404, notFound);
      if (isTemporalUnavailable(err)) throw temporalUnavailable();
      throw temporalRefusal(err) ?? err;
    }
  }

  /**
   * Executes an update on `handle`'s workflow. A validator's refusal becomes its status;
   * a workflow that has ended is 409 (nothing more can be done to it) or, if there never
   * was one, 404. A `Busy` refusal is retried for `busyForMs` (the workflow is about to
   * continue as new), and past it the answer is 503 (retry); each attempt is bounded.
   */
  async update<T>(handle: WorkflowHandle, fn: () => Promise<T>, notFound: string, busyForMs = this.timeouts.workerMs): Promise<T> {
    const deadline = Date.now() + busyForMs;
    let wait = retryWaitMs.first;
    try {
      for (;;) {
        try {
          const attemptDeadline = Math.min(deadline, Date.now() + this.timeouts.workerMs);
          return await this.timed('update', () => this.connection.withDeadline(attemptDeadline, fn));
        } catch (err) {
          // A refused update leaves no trace, so the same update id may be sent again.
          const type = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
          if (type !== StepErrors.busy) throw err;
          if (Date.now() + wait >= deadline) {
            throw new Problem(503, `The workflow cannot take this yet (${(err as WorkflowUpdateFailedError).cause!.message}): nothing was applied; retry shortly.`);
          }
          await new Promise((resolve) => setTimeout(resolve, wait));
          wait = Math.min(retryWaitMs.longest, wait * 2);
        }
      }
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const problem = stepProblem(err);
        if (problem) throw problem;
      }
      if (err instanceof WorkflowNotFoundError) {
        await this.call(() => handle.describe(), notFound);
        throw new Problem(409, 'This is already done: its workflow has completed.');
      }
      if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isTemporalUnavailable(err)) {
        throw new Problem(
          503,
          'Temporal did not confirm the step in time: it may or may not have been applied. ' +
            'Retry with the same Idempotency-Key; it is applied at most once.',
        );
      }
      throw temporalRefusal(err) ?? err;
    }
  }
}
