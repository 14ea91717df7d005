/** Communities of a campaign: the list, one community, and completing its steps. */
import { campaignWorkflowId, completeCommunityStep, streetWorkflowId } from '../../workflows/definitions';
import { COMMUNITY_STEPS } from '../../domain';
import { ensureStreet, scopeToStreet } from '../auth';
import { communityState, listCommunities, streetOfCommunity } from '../community-view';
import { Problem } from '../problem';
import { defineRoute } from '../route';
import { parseNominationWorkbook } from '../spreadsheets/parse';
import {
  campaignParams,
  communityListQuery,
  communityListSchema,
  communityParams,
  communityStateSchema,
  communityStepParams,
  stepBodiesOf,
} from '../schemas';

export const listCommunitiesRoute = defineRoute({
  method: 'get',
  id: 'listCommunities',
  path: '/campaigns/{campaignId}/communities',
  summary: "A campaign's communities, filtered (a street token sees its street only), a page at a time",
  access: ['coordinator', 'admin', 'street'],
  params: campaignParams,
  query: communityListQuery,
  success: { status: 200, description: 'One page of communities and how many match', schema: communityListSchema },
  errors: [],
  async handle({ params, query, principal, temporal, cursors }) {
    query = scopeToStreet(principal, query);
    const [page] = await Promise.all([
      listCommunities(temporal, cursors, params.campaignId, query),
      // The list of an unknown campaign is not empty: there is none.
      temporal.call(() => temporal.handle(campaignWorkflowId(params.campaignId)).describe(), `There is no campaign '${params.campaignId}'.`),
    ]);
    return page;
  },
});

export const getCommunity = defineRoute({
  method: 'get',
  id: 'getCommunity',
  path: '/campaigns/{campaignId}/communities/{communityId}',
  summary: 'One community',
  access: ['coordinator', 'admin', 'street'],
  params: communityParams,
  success: { status: 200, description: 'Its state', schema: communityStateSchema },
  errors: [],
  async handle({ params, principal, temporal }) {
    const streetId = await streetOfCommunity(temporal, params.campaignId, params.communityId);
    ensureStreet(principal, streetId);
    return communityState(temporal, params.campaignId, params.communityId, streetId);
  },
});

export const completeCommunityStepRoute = defineRoute({
  method: 'post',
  id: 'completeCommunityStep',
  path: '/campaigns/{campaignId}/communities/{communityId}/steps/{step}',
  summary: 'Complete a community step, or report an election round',
  access: ['street'],
  params: communityStepParams,
  bodyByStep: stepBodiesOf(COMMUNITY_STEPS),
  // The nomination's candidate list is kept in spreadsheets: it may come as its template.
  spreadsheet: (file, params) => {
    if (params?.step !== 'nomination') throw new Problem(415, `Only the nomination step takes a spreadsheet; send ${params?.step} as JSON.`);
    return parseNominationWorkbook(file);
  },
  idempotent: true,
  success: { status: 200, description: "The community's state once the step is applied", schema: communityStateSchema },
  errors: [409, 415, 422],
  async handle({ params, body, principal, idempotency, temporal }) {
    const { campaignId, communityId, step } = params;
    const streetId = await streetOfCommunity(temporal, campaignId, communityId);
    ensureStreet(principal, streetId);
    // The street's workflow holds the community: the step is validated, applied and answered there.
    const handle = temporal.handle(streetWorkflowId(campaignId, streetId));
    return temporal.update(
      handle,
      () => handle.executeUpdate(completeCommunityStep, { args: [{ communityId, step, body, by: principal.name }], updateId: idempotency?.updateId }),
      `There is no community '${communityId}' in campaign '${campaignId}'.`,
    );
  },
});

export const communityRoutes = [listCommunitiesRoute, getCommunity, completeCommunityStepRoute];
