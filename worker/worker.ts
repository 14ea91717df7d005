/**
 * The worker: runs huanjie's workflows and activities on the task queue. Many may run
 * against one Temporal cluster; each takes its share of the queue.
 */
import v8 from 'node:v8';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { publicUrl, type Env } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { dataConverter } from '../config/codec';
import { codecKeysOf } from '../config/codec-keys';
import { createActivities } from '../activities';
import { createMailer } from '../activities/mailer';

/** What the workflow bundle is made of, for the worker and for every bundle built elsewhere (tests, replay). */
export const workflowSources = {
  workflowsPath: require.resolve('../workflows'),
  /** Evaluated once per worker and shared by its workflows: workflows/validation.ts says why. */
  preloadModules: [require.resolve('../workflows/validation')],
  /** Around every workflow: workflows/clock-guard.ts says why. */
  workflowInterceptorModules: [require.resolve('../workflows/clock-guard')],
};
/** The options that have a worker bundle `workflowSources` itself. */
export const workflowOptions = {
  workflowsPath: workflowSources.workflowsPath,
  bundlerOptions: { preloadModules: workflowSources.preloadModules },
  interceptors: { workflowModules: workflowSources.workflowInterceptorModules },
};

const maxWorkflowTasksTaken = 10;

/**
 * Heap a cached workflow needs, with room for the garbage that evictions leave: a street
 * holds its communities' records, and shares the validators' schemas with every other
 * workflow of the worker (workflows/validation.ts).
 */
const heapPerCachedWorkflowMiB = 1;
const heapReservedMiB = 200;

/** `WORKER_CACHED_WORKFLOWS`, or as many as the heap holds: a bigger heap (`--max-old-space-size`) caches more. */
export function cachedWorkflows(env: Env, heapLimitMiB = v8.getHeapStatistics().heap_size_limit / 2 ** 20): number {
  return env.WORKER_CACHED_WORKFLOWS ?? Math.max(2, Math.floor((heapLimitMiB - heapReservedMiB) / heapPerCachedWorkflowMiB));
}

/**
 * Installs the SDK runtime once per process, before any worker. `shutdownSignals: []` leaves
 * SIGINT/SIGTERM to a supervisor that must stop things in its own order.
 */
export function installRuntime(env: Env, shutdownSignals?: NodeJS.Signals[]): void {
  Runtime.install({
    logger: new DefaultLogger(env.LOG_LEVEL),
    ...(shutdownSignals ? { shutdownSignals } : {}),
    ...(env.METRICS_ADDRESS ? { telemetryOptions: { metrics: { prometheus: { bindAddress: env.METRICS_ADDRESS } } } } : {}),
  });
}

export interface RunningWorker {
  worker: Worker;
  /** Resolves once the worker has drained and stopped (after `worker.shutdown()`). */
  done: Promise<void>;
}

export async function startWorker(env: Env, options: { workflowBundle?: WorkflowBundleOption } = {}): Promise<RunningWorker> {
  if (!env.SMTP_URL) throw new Error('SMTP_URL is not set: the worker sends the deadline emails (npm start runs an embedded SMTP sink)');
  const target = temporalTarget(env);
  const keys = codecKeysOf(env);
  const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  const connection = await NativeConnection.connect({ address: target.address, tls: target.tls });
  const worker = await Worker.create({
    connection,
    namespace: target.namespace,
    taskQueue: target.taskQueue,
    dataConverter: dataConverter(keys),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : workflowOptions),
    activities: createActivities({ mailer, boardUrl: publicUrl(env) }),
    // Workflow code runs on one thread: a task taken is a task queued behind the others taken.
    // Taking at most this many keeps each within its 10 s timeout in a burst (a campaign
    // starting thousands of streets) and leaves the rest waiting on the server, where
    // another worker can take them.
    maxConcurrentWorkflowTaskExecutions: maxWorkflowTasksTaken,
    // A workflow not cached replays its history on its next task (about 100 events for a community).
    maxCachedWorkflows: cachedWorkflows(env),
  });
  const done = worker.run().finally(() => {
    mailer.close();
    return connection.close();
  });
  return { worker, done };
}
