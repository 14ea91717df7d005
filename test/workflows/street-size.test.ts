/**
 * A street carries its communities' records across continue-as-new, under Temporal's 2 MB
 * payload limit: a step that would take it past `maxCarriedBytes` is refused (TooLarge, no
 * trace), and the street still continues as new with what it has.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { maxCommunitiesPerStreet } from '../../domain';
import { campaignDefinition } from '../../examples/sample-campaign';
import { completeCommunityStep, StepErrors, streetWorkflowId } from '../../workflows/definitions';
import { jsonBytes, maxCarriedBytes } from '../../workflows/state-size';
import { completeEverywhere, startCampaign, useEngine } from '../helpers/engine';

const engine = useEngine();

test('the largest street, every committee named at length: refused before its state passes the bound', async () => {
  const { definition } = await startCampaign(
    engine.env,
    campaignDefinition({ id: 'large-street', from: await engine.env.currentTimeMs(), streets: 1, communitiesPerStreet: maxCommunitiesPerStreet }),
  );
  await completeEverywhere(engine.env, definition, 'guidance-group');
  await completeEverywhere(engine.env, definition, 'election-plan');
  const street = engine.env.client.workflow.getHandle(streetWorkflowId(definition.id, 's1'));
  // The longest names the schema allows: 100 characters, 3 bytes each in UTF-8.
  const name = '长'.repeat(100);
  const committee = { chair: { name }, members: Array.from({ length: 50 }, () => ({ name })) };
  expect(jsonBytes(committee)).toBeGreaterThan(15_000);
  let refusal: unknown;
  let accepted = 0;
  for (const { id } of definition.streets[0].communities) {
    refusal = await street.executeUpdate(completeCommunityStep, { args: [{ communityId: id, step: 'election-committee', body: committee, by: 'office' }] }).then(
      () => undefined,
      (err: unknown) => err,
    );
    if (refusal) break;
    accepted += 1;
  }
  expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({ type: StepErrors.tooLarge });
  // Refused near the bound, not long before it.
  expect(accepted * jsonBytes(committee)).toBeGreaterThan(maxCarriedBytes * 0.8);
  expect(accepted).toBeLessThan(maxCommunitiesPerStreet);
}, 300_000);
