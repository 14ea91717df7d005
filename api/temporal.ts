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
import { isTemporalUnavailable, Problem, temporalRefusal, temporalUnavailable, type ProblemError } from './problem';
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
/**
 * Before retrying an update the workflow cannot take yet (`Busy`, or what is on its way):
 * doubling from the first wait to the longest, so that many waiting clients do not add to
 * the load that keeps what they wait for from arriving.
 */
const retryWaitMs = { first: 250, longest: 2_000 };

const statusOfStepError: Record<string, number> = {
  [StepErrors.invalidBody]: 400,
  [StepErrors.notFound]: 404,
  [StepErrors.conflict]: 409,
  [StepErrors.awaitingPlan]: 409,
  [StepErrors.ruleViolation]: 422,
  [StepErrors.busy]: 503,
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
const maxStreetsRemembered = 200_000;

export class Temporal {
  /** Where this request's waiting is added up (see `timedBy`). */
  private timings: TemporalTimings | undefined;
  /**
   * Each community's street, by community workflow id, once described: it never changes, and
   * every step a street posts needs it (to check the caller's street) before the update.
   */
  private readonly streets = new Map<string, string>();
  /** Per workflow: the batch of keys waiting for the next query (`sharedQuery`) and the query in flight. */
  private readonly queries = new Map<string, { next?: { keys: Set<string>; answer: Promise<unknown[]> }; inFlight?: Promise<unknown> }>();

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

  /**
   * Asks `workflowId` for `keys` with at most one query in flight per workflow: callers who
   * ask meanwhile share the next query. Temporal buffers one query per workflow while a
   * workflow task runs and refuses another (the client then backs off for about a second),
   * so concurrent steps of one street would otherwise queue behind each other's retries.
   */
  async sharedQuery<R>(workflowId: string, keys: readonly string[], query: (keys: string[]) => Promise<R[]>, notFound: string): Promise<R[]> {
    const entry = this.queries.get(workflowId) ?? {};
    this.queries.set(workflowId, entry);
    if (!entry.next) {
      const batch = { keys: new Set<string>(), answer: Promise.resolve<unknown[]>([]) };
      batch.answer = (entry.inFlight ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => {
          entry.next = undefined;
          const running = this.bounded(() => query([...batch.keys]), notFound);
          entry.inFlight = running;
          return running.finally(() => {
            if (entry.inFlight !== running) return;
            entry.inFlight = undefined;
            if (!entry.next) this.queries.delete(workflowId);
          });
        });
      entry.next = batch;
    }
    for (const key of keys) entry.next.keys.add(key);
    const { answer } = entry.next;
    return this.timed('call', async () => (await answer) as R[]);
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
    return this.timed('call', () => this.bounded(fn, notFound));
  }

  private async bounded<T>(fn: () => Promise<T>, notFound: string): Promise<T> {
    try {
      return await this.connection.withDeadline(Date.now() + this.timeouts.callMs, fn);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new Problem(404, notFound);
      if (isTemporalUnavailable(err)) throw temporalUnavailable();
      throw temporalRefusal(err) ?? err;
    }
  }

  /**
   * Executes an update on `handle`'s workflow. A validator's refusal becomes its status;
   * a workflow that has ended is 409 (nothing more can be done to it) or, if there never
   * was one, 404. A refusal of a type in `waitWhile` whose check answers true is retried
   * within the bound, as `Busy` always is: what the workflow waits for is on its way, and
   * past the bound the answer is 503 (retry), not the refusal.
   */
  async update<T>(
    handle: WorkflowHandle,
    fn: () => Promise<T>,
    notFound: string,
    waitWhile: Partial<Record<string, () => Promise<boolean>>> = {},
  ): Promise<T> {
    const deadline = Date.now() + this.timeouts.updateMs;
    const onItsWay = new Set<string>([StepErrors.busy]);
    let wait = retryWaitMs.first;
    try {
      for (;;) {
        try {
          return await this.timed('update', () => this.connection.withDeadline(deadline, fn));
        } catch (err) {
          // A refused update leaves no trace, so the same update id may be sent again.
          const type = err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? (err.cause.type ?? undefined) : undefined;
          const check = type === undefined ? undefined : waitWhile[type];
          if (type !== undefined && !onItsWay.has(type) && check && (await check())) onItsWay.add(type);
          if (type === undefined || !onItsWay.has(type)) throw err;
          if (Date.now() + wait >= deadline) {
            throw new Problem(503, `The workflow cannot take this yet (${(err as WorkflowUpdateFailedError).cause!.message}), but what it waits for is on its way: nothing was applied; retry shortly.`);
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
