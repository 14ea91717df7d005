/** The elected teams' structure and the turnout of direct elections (../shared/API.md, "Statistics"). */
import { z } from 'zod';
import { campaignStatistics, type CampaignStatistics } from '../../domain';
import { campaignView, evidenceOf } from '../community-view';
import { defineRoute } from '../route';
import { campaignParams } from '../schemas';

const turnoutSchema = z.object({ registered: z.int(), cast: z.int(), rate: z.number().nullable() });
const teamsSchema = z.object({
  communities: z.int(),
  members: z.int(),
  women: z.int(),
  averageAge: z.number().nullable(),
  under35: z.int(),
  over50: z.int(),
  collegeOrAbove: z.int(),
  incumbentsReelected: z.int(),
  crossAppointed: z.int(),
  dualRole: z.int(),
});

export const statisticsSchema: z.ZodType<CampaignStatistics> = z.object({
  turnout: turnoutSchema,
  teams: teamsSchema,
  streets: z.array(z.object({ id: z.string(), turnout: turnoutSchema, teams: teamsSchema })),
});

export const getStatistics = defineRoute({
  method: 'get',
  id: 'getStatistics',
  path: '/campaigns/{campaignId}/statistics',
  summary: "The elected teams and the turnout, per street and in all (a street token sees its street only)",
  access: ['coordinator', 'admin', 'street'],
  params: campaignParams,
  success: { status: 200, description: 'The statistics', schema: statisticsSchema },
  errors: [],
  async handle({ params, principal, temporal }) {
    const view = await campaignView(temporal, params.campaignId, principal);
    return campaignStatistics(view.streets.flatMap(({ communities }) => communities.map((c) => evidenceOf(c, view.timezone))));
  },
});
