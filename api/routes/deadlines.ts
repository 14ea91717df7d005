/** A coordinator moves a due date, with a reason. */
import { deadlineMoveSchema } from '../../domain';
import { campaignWorkflowId, moveDeadline } from '../../workflows/definitions';
import { streetMemos, streetOfCommunity } from '../community-view';
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
    await checkMoveAgainstVoterLists(temporal, campaignId, move);
    // The campaign keeps no list of its streets: the running ones the move concerns are listed here.
    const streets = await streetMemos(temporal, campaignId, move.streetId);
    if (move.streetId !== undefined && streets.length === 0) throw new Problem(404, `There is no street '${move.streetId}' in campaign '${campaignId}'.`);
    const streetIds = streets.filter((s) => !s.completed).map((s) => s.id);
    const handle = temporal.handle(campaignWorkflowId(campaignId));
    return temporal.update(
      handle,
      () =>
        handle.executeUpdate(moveDeadline, {
          args: [{ move, by: principal.name, streetIds, ...(idempotency && { idempotency: { key: idempotency.key, digest: idempotency.digest } }) }],
          updateId: idempotency?.updateId,
        }),
      `There is no campaign '${campaignId}'.`,
    );
  },
});
