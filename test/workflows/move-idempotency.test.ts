/**
 * A deadline move's Idempotency-Key outlives the campaign's continue-as-new: Temporal
 * forgets update ids with the run, the campaign carries the keys of its recent moves.
 * The run here starts from the state a continue-as-new carries, as the next run does.
 */
import { temporal } from '@temporalio/proto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { campaignDefinitionSchema } from '../../domain';
import { campaign } from '../../workflows/campaign';
import { campaignInput, campaignWorkflowId, moveDeadline, StepErrors, type CampaignCarried, type DeadlineMoveRecord } from '../../workflows/definitions';
import { campaignDefinition } from '../../examples/sample-campaign';
import { taskQueue, useEngine } from '../helpers/engine';

const engine = useEngine();

test('a move retried in the run after a continue-as-new is answered with the move it applied, not applied again; its key with another move is refused', async () => {
  const definition = campaignDefinitionSchema.parse(campaignDefinition({ id: 'keys', from: await engine.env.currentTimeMs(), streets: 1, communitiesPerStreet: 1 }));
  const due = definition.calendar['guidance-group'];
  const record: DeadlineMoveRecord = { step: 'guidance-group', due, reason: '第一次', dueAt: Date.parse(due), by: 'coordinator', at: '2027-01-01T00:00:00.000Z' };
  const carried: CampaignCarried = {
    expected: 1,
    started: 1,
    completed: 0,
    moves: [record],
    moveKeys: [{ key: 'coordinator:k0', digest: 'd0', record }],
    digests: [],
    digested: [],
    failures: [],
    warnings: [],
  };
  const handle = await engine.env.client.workflow.start(campaign, {
    taskQueue,
    workflowId: campaignWorkflowId(definition.id),
    args: [{ ...campaignInput({ ...definition, streets: [] }), carried }],
  });
  const move = (reason: string, digest: string) =>
    handle.executeUpdate(moveDeadline, {
      args: [{ move: { step: 'guidance-group', due, reason }, by: 'coordinator', streetIds: ['s1'], idempotency: { key: 'coordinator:k0', digest } }],
      updateId: `coordinator:k0:${digest}`,
    });

  expect(await move('第一次', 'd0')).toEqual(record);
  const refused = await move('另一次', 'd1').then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((refused as WorkflowUpdateFailedError).cause).toMatchObject({ type: StepErrors.conflict, message: expect.stringContaining('Idempotency-Key') });

  // Nothing was started for the street: neither move was applied again.
  const { events } = await handle.fetchHistory();
  const { EventType } = temporal.api.enums.v1;
  expect((events ?? []).filter((e) => e.eventType === EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)).toEqual([]);
  await handle.terminate();
});
