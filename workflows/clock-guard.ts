/**
 * Keeps a workflow from running on a stale clock, which would break its history's replay.
 *
 * A query can reach a worker together with events no workflow task has taken yet: a timer
 * that fired, a signal that arrived, between the query's dispatch and its delivery. It always
 * does when the query first waited on the sticky queue of a worker that died (up to that
 * queue's 10 s timeout) while the workflow's timers kept firing. The SDK (1.24) then runs the
 * workflow on those events at once, on the clock of its last workflow task, and sends the
 * commands that run made with the next workflow task. A replay runs the same events on that
 * task's later clock: a reminder the stale clock found not yet due is due, and the history no
 * longer replays (a non-determinism error), the reminder lost.
 *
 * Every workflow task starts later than the one before, so a run that takes new events
 * without its clock moving is that case. Failing it makes the SDK drop the cached run and
 * fail the query (the API asks again); the workflow's next task replays it from history.
 */
import { workflowInfo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { PlainError } from '../config/failure-converter';
import { staleClockMessage } from './definitions';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let last: { events: number; at: number } | undefined;
  return {
    internals: [
      {
        activate(input, next) {
          if (input.batchIndex === 0) {
            const { historyLength: events, unsafe } = workflowInfo();
            const at = Date.now();
            if (!unsafe.isReplaying && last && events > last.events && at === last.at) {
              throw new PlainError(`${staleClockMessage}: ${events - last.events} new events at the clock of event ${last.events}`);
            }
            last = { events, at };
          }
          next(input);
        },
      },
    ],
  };
};
