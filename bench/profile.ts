/**
 * Where a community step's time goes, from four vantage points: the bench (the client), the
 * API's Server-Timing (its own work beside its waits on Temporal), the server's metrics (each
 * operation's latency) and the worker's (workflow tasks run per step, by workflow type).
 */
import { grown, labelValues, type Scrape } from './metrics';

/** Community step posts as the bench and the API saw them, summed. */
export interface RequestTimes {
  requests: number;
  clientMs: number;
  apiMs: number;
  callMs: number;
  updateMs: number;
}

export interface Scrapes {
  worker: Scrape;
  server: Scrape;
}

const round = (n: number) => Math.round(n * 10) / 10;

function average(before: Scrape, after: Scrape, name: string, where: Record<string, string>, scale = 1): number | null {
  const count = grown(before, after, `${name}_count`, where);
  return count > 0 ? round((grown(before, after, `${name}_sum`, where) / count) * scale) : null;
}

export function stepProfile(times: RequestTimes, before: Scrapes, after: Scrapes, updates: number) {
  const per = (ms: number) => round(ms / Math.max(1, times.requests));
  const frontend = (operation: string) => ({
    calls: grown(before.server, after.server, 'service_latency_count', { operation, service_name: 'frontend' }),
    // The server reports seconds.
    avgMs: average(before.server, after.server, 'service_latency', { operation, service_name: 'frontend' }, 1000),
  });
  const workflowTypes = labelValues(after.worker, 'temporal_workflow_task_execution_latency_count', 'workflow_type');
  const tasks = Object.fromEntries(
    workflowTypes.map((type) => [
      type,
      {
        perUpdate: round(grown(before.worker, after.worker, 'temporal_workflow_task_execution_latency_count', { workflow_type: type }) / Math.max(1, updates)),
        avgMs: average(before.worker, after.worker, 'temporal_workflow_task_execution_latency', { workflow_type: type }),
      },
    ]),
  );
  const allTasks = grown(before.worker, after.worker, 'temporal_workflow_task_execution_latency_count');
  return {
    client: {
      avgMs: per(times.clientMs),
      api: {
        avgMs: per(times.apiMs),
        temporalCallsMs: per(times.callMs),
        temporalUpdateMs: per(times.updateMs),
        ownMs: per(times.apiMs - times.callMs - times.updateMs),
      },
    },
    server: {
      update: frontend('UpdateWorkflowExecution'),
      query: frontend('QueryWorkflow'),
      describe: frontend('DescribeWorkflowExecution'),
      signal: frontend('SignalWorkflowExecution'),
      /** Queries refused because the workflow already had one waiting on a busy workflow task. */
      queryBufferExceeded: grown(before.server, after.server, 'query_buffer_exceeded'),
    },
    worker: {
      workflowTasks: tasks,
      scheduleToStartMs: average(before.worker, after.worker, 'temporal_workflow_task_schedule_to_start_latency', {}),
      stickyCacheHits: allTasks > 0 ? round(grown(before.worker, after.worker, 'temporal_sticky_cache_hit') / allTasks) : null,
    },
  };
}
