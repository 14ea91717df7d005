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
import { StepErrors } from '../workflows/definitions';
import { isTemporalUnavailable, Problem, temporalUnavailable, type ProblemError } from './problem';
import type { TemporalTimings } from './request-log';

export interface TemporalTimeouts {
  /** Starts, queries, lists, describes. */
  callMs: number;
  /** An update waits for a worker to validate and apply it. */
  updateMs: number;
}

export const defaultTimeouts: TemporalTimeouts = { callMs: 5_000, updateMs: 10_000 };

/**
 * The most one workflow input or update argument carries of a campaign definition: half of
 * Temporal's default 2 MB payload limit, so headers and the rest of the input fit beside it.
 */
export const defaultChunkBytes = 1024 * 1024;
/** How long to wait before retrying an update the workflow cannot take yet (`Busy`). */
const busyRetryMs = 250;

const statusOfStepError: Record<string, number> = {
  [StepErrors.invalidBody]: 400,
  [StepErrors.notFound]: 404,
  [StepErrors.conflict]: 409,
  [StepErrors.ruleViolation]: 422,
  [StepErrors.busy]: 503,
};

/** details[0] of a validator's refusal: `[{ path, message, rule? }]`. */
function problemErrors(details: unknown): ProblemError[] | undefined {
  if (!Array.isArray(details)) return undefined;
  return details.map((d: { path?: unknown; rule?: unknown; message?: unknown }) => ({
    path: String(d.path ?? ''),
    ...(d.rule !== undefined && { rule: String(d.rule) }),
    message: String(d.message ?? ''),
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
const maxStreetsRemembered = 200_000;

export class Temporal {
  /** Where this request's waiting is added up (see `timedBy`). */
  private timings: TemporalTimings | undefined;
  /**
   * Each community's street, by community workflow id, once described: it never changes, and
   * every step a street posts needs it (to check the caller's street) before the update.
   */
  private readonly streets = new Map<string, string>();

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

  /** The street of a community workflow (`find` describes it), remembered once found. */
  async streetOf(workflowId: string, find: () => Promise<string>): Promise<string> {
    const known = this.streets.get(workflowId);
    if (known !== undefined) return known;
    const streetId = await find();
    // Forgetting the oldest keeps the memory bounded; forgotten ones are described again.
    if (this.streets.size >= maxStreetsRemembered) this.streets.delete(this.streets.keys().next().value!);
    this.streets.set(workflowId, streetId);
    return streetId;
  }

  handle(workflowId: string): WorkflowHandle {
    return this.client.workflow.getHandle(workflowId);
  }

  /**
   * A bounded call; `notFound` is the 404's detail should the workflow not exist.
   * Anything else unexpected is rethrown (a 500: a bug of ours, not the client's).
   */
  async call<T>(fn: () => Promise<T>, notFound = 'No such workflow.'): Promise<T> {
    try {
      return await this.timed('call', () => this.connection.withDeadline(Date.now() + this.timeouts.callMs, fn));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new Problem(404, notFound);
      if (isTemporalUnavailable(err)) throw temporalUnavailable();
      throw err;
    }
  }

  /**
   * Executes an update on `handle`'s workflow. A validator's refusal becomes its status;
   * a workflow that has ended is 409 (nothing more can be done to it) or, if there never
   * was one, 404.
   */
  async update<T>(handle: WorkflowHandle, fn: () => Promise<T>, notFound: string): Promise<T> {
    const deadline = Date.now() + this.timeouts.updateMs;
    try {
      for (;;) {
        try {
          return await this.timed('update', () => this.connection.withDeadline(deadline, fn));
        } catch (err) {
          // A refused update leaves no trace, so the same update id may be sent again.
          const busy = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === StepErrors.busy;
          if (!busy || Date.now() + busyRetryMs >= deadline) throw err;
          await new Promise((resolve) => setTimeout(resolve, busyRetryMs));
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
      throw err;
    }
  }
}
