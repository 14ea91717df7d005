/**
 * A coordinator's deadline move told to the streets it concerns, from a short-lived child of
 * the campaign: the campaign's own history records one child per move however many streets
 * there are (two events a street would otherwise lengthen it, thousands for a campaign-wide
 * move), and this workflow is done once every street has been told.
 */
import { condition, continueAsNew, getExternalWorkflowHandle } from '@temporalio/workflow';
import { deadlineMovedSignal, streetWorkflowId, type DeadlineMoveRecord } from './definitions';
import { SignalsInFlight } from './signals';

export interface MoveFanoutInput {
  campaignId: string;
  streetIds: string[];
  move: DeadlineMoveRecord;
}

/** Streets signalled at once (signals pending). */
const signalConcurrency = 500;
/** Streets told per run: a run's history stays a few thousand events. */
const streetsPerRun = 1_000;

export async function moveFanout({ campaignId, streetIds, move }: MoveFanoutInput): Promise<number> {
  const signals = new SignalsInFlight(signalConcurrency);
  for (const id of streetIds.slice(0, streetsPerRun)) {
    signals.queue(getExternalWorkflowHandle(streetWorkflowId(campaignId, id)), deadlineMovedSignal, move);
  }
  await condition(() => signals.idle);
  const rest = streetIds.slice(streetsPerRun);
  if (rest.length > 0) await continueAsNew<typeof moveFanout>({ campaignId, streetIds: rest, move });
  return streetIds.length;
}
