/**
 * The limit beside huanjie in the benchmark: the least a workflow can do with an update
 * (store its argument), so that the same number of updates sent to it on the same server
 * measures what Temporal itself costs.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const storeUpdate = defineUpdate<number, [unknown]>('store');

export async function bare(): Promise<void> {
  const stored: unknown[] = [];
  setHandler(storeUpdate, (value: unknown) => stored.push(value));
  await condition(() => false);
}
