/** A community's history, readable: for auditors (admin) and coordinators. */
import { streetWorkflowId } from '../../workflows/definitions';
import { streetOfCommunity } from '../community-view';
import { communityTimeline } from '../history';
import { defineRoute } from '../route';
import { communityParams, historySchema } from '../schemas';

export const communityHistory = defineRoute({
  method: 'get',
  id: 'getCommunityHistory',
  path: '/campaigns/{campaignId}/communities/{communityId}/history',
  summary: "A community's history, from its street's workflow: steps completed (by whom, with what), election rounds, its election plan, deadline moves, emails sent",
  access: ['admin', 'coordinator'],
  params: communityParams,
  success: { status: 200, description: 'The timeline, oldest first', schema: historySchema },
  errors: [],
  async handle({ params: { campaignId, communityId }, temporal }) {
    const streetId = await streetOfCommunity(temporal, campaignId, communityId);
    const events = await communityTimeline({
      client: temporal.client,
      street: temporal.handle(streetWorkflowId(campaignId, streetId)),
      communityId,
      call: (fn) => temporal.call(fn, `There is no street '${streetId}'.`),
    });
    return { events };
  },
});
