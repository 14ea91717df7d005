import { log, type ExternalWorkflowHandle, type SignalDefinition } from '@temporalio/workflow';

/**
 * Signals to other workflows of the tree, sent without stopping the sender: an update
 * answers at once, and the sender waits for these only before it completes or continues
 * as new. A signal to a workflow that has just completed (a race the tree allows, e.g. a
 * flag cleared as the community finishes) is logged, not thrown: thrown, it would fail the
 * sender's workflow task over and over.
 *
 * `queue` holds a signal back while `limit` are in flight, so that one call may address
 * thousands of workflows without as many pending commands in one workflow task.
 */
export class SignalsInFlight {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit = Infinity) {}

  send<Args extends unknown[]>(handle: ExternalWorkflowHandle, definition: SignalDefinition<Args>, ...args: Args): Promise<void> {
    const sent = handle
      .signal(definition, ...args)
      .catch((err: unknown) => log.warn('signal not delivered', { to: handle.workflowId, signal: definition.name, error: String(err) }))
      .finally(() => {
        this.inFlight.delete(sent);
        this.release();
      });
    this.inFlight.add(sent);
    return sent;
  }

  queue<Args extends unknown[]>(handle: ExternalWorkflowHandle, definition: SignalDefinition<Args>, ...args: Args): void {
    this.waiting.push(() => void this.send(handle, definition, ...args));
    this.release();
  }

  private release(): void {
    while (this.waiting.length > 0 && this.inFlight.size < this.limit) this.waiting.shift()!();
  }

  get idle(): boolean {
    return this.inFlight.size === 0 && this.waiting.length === 0;
  }
}
