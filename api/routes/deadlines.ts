/** A coordinator moves a due date, with a reason. */
import { deadlineMoveSchema } from '../../domain';
import { campaignWorkflowId, moveDeadline } from '../../workflows/definitions';
import { streetOfCommunity } from '../community-view';
import { checkMoveAgainstVoterLists } from '../voter-list-lead';
import { Problem } from '../problem';
import { defineRoute } from '../route';
import { campaignParams, deadlineMoveRecordSchema } from '../schemas';

export const moveDeadlineRoute = defineRoute({
  method: 'post',
  id: 'moveDeadline',
  path: '/campaigns/{campaignId}/deadlines',
  summary: 'Move a due date for one community, one street, or all',
  access: ['coordinator'],
  params: campaignParams,
  body: deadlineMoveSchema,
  idempotent: true,
  success: { status: 200, description: 'The move as recorded', schema: deadlineMoveRecordSchema },
  errors: [409, 422],
  async handle({ params: { campaignId }, body: move, principal, idempotency, temporal }) {
    if (move.communityId !== undefined) {
      const streetId = await streetOfCommunity(temporal, campaignId, move.communityId);
      if (move.streetId !== undefined && move.streetId !== streetId) {
        throw new Problem(404, `There is no community '${move.communityId}' in street '${move.streetId}'.`);
      }
      move = { ...move, streetId };
    }
    await checkMoveAgainstVoterLists(temporal, campaignId, move, principal);
    const handle = temporal.handle(campaignWorkflowId(campaignId));
    return temporal.update(
      handle,
      () =>
        handle.executeUpdate(moveDeadline, {
          args: [{ move, by: principal.name, ...(idempotency && { idempotency: { key: idempotency.key, digest: idempotency.digest } }) }],
          updateId: idempotency?.updateId,
        }),
      `There is no campaign '${campaignId}'.`,
    );
  },
});
