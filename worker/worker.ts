/**
 * The worker: runs huanjie's workflows and activities on the task queue. Many may run
 * against one Temporal cluster; each takes its share of the queue.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Env } from '../config/env';
import { temporalTarget } from '../config/temporal';
import { createActivities } from '../activities';
import { createMailer } from '../activities/mailer';

export const workflowsPath = require.resolve('../workflows');

const maxWorkflowTasksTaken = 10;

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
  const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  const connection = await NativeConnection.connect({ address: target.address, tls: target.tls });
  const worker = await Worker.create({
    connection,
    namespace: target.namespace,
    taskQueue: target.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createActivities({ mailer }),
    // Workflow code runs on one thread: a task taken is a task queued behind the others taken.
    // Taking at most this many keeps each within its 10 s timeout in a burst (a campaign
    // starting thousands of communities) and leaves the rest waiting on the server, where
    // another worker can take them; 40 (the default) let tasks time out and be redone.
    maxConcurrentWorkflowTaskExecutions: maxWorkflowTasksTaken,
    // A workflow not cached replays its history on its next task (about 100 events for a community).
    maxCachedWorkflows: env.WORKER_CACHED_WORKFLOWS,
  });
  const done = worker.run().finally(() => {
    mailer.close();
    return connection.close();
  });
  return { worker, done };
}
