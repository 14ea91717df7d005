/**
 * Starting many child workflows without holding more than a bounded number pending.
 * Children are abandoned on parent close: they live on their own, addressed by id, and
 * the parent continues as new after each batch so its pending-children count and its
 * history start afresh (Temporal caps pending children per execution).
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, startChild, type ChildWorkflowOptions } from '@temporalio/workflow';

/** At most this many children started per run; a run with more continues as new in between. */
export const maxChildrenPerRun = 1_000;
/** Children started concurrently, to keep each workflow task small. */
const startConcurrency = 100;

/** Starts the given children (already started ones are skipped, for replays after a crash). */
export async function startChildren(children: { workflowType: string; options: ChildWorkflowOptions }[]): Promise<void> {
  for (let i = 0; i < children.length; i += startConcurrency) {
    await Promise.all(
      children.slice(i, i + startConcurrency).map(({ workflowType, options }) =>
        startChild(workflowType, { ...options, parentClosePolicy: ParentClosePolicy.ABANDON }).catch((err: unknown) => {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }),
      ),
    );
  }
}
