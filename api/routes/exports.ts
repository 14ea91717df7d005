/** The communities list as CSV, and the report sent upward as XLSX. */
import { scopeToStreet } from '../auth';
import { allCommunities, campaignSummary, campaignTimezone, campaignView } from '../community-view';
import { Download, defineRoute } from '../route';
import { campaignParams, communityListQuery } from '../schemas';
import { csvOf } from '../spreadsheets/csv';
import { XLSX_TYPE } from '../spreadsheets/layout';
import { communityColumns, reportWorkbook } from '../spreadsheets/report';

const CSV_TYPE = 'text/csv; charset=utf-8';

export const communitiesCsv = defineRoute({
  method: 'get',
  id: 'communitiesCsv',
  path: '/campaigns/{campaignId}/communities.csv',
  summary: "The communities list as CSV, with the JSON list's filters (a street token gets its street only)",
  access: ['coordinator', 'admin', 'street'],
  params: campaignParams,
  query: communityListQuery.omit({ limit: true, cursor: true }),
  success: { status: 200, description: 'One row per community, UTF-8 with BOM', media: CSV_TYPE },
  errors: [],
  async handle({ params, query, principal, temporal, cursors }) {
    query = scopeToStreet(principal, query);
    // The summary also answers 404 for an unknown campaign, whose list would be empty.
    const [summary, timezone, communities] = await Promise.all([
      campaignSummary(temporal, params.campaignId, principal),
      campaignTimezone(temporal, params.campaignId),
      allCommunities(temporal, cursors, params.campaignId, query),
    ]);
    const names = new Map(summary.streets.map((s) => [s.id, s.name]));
    const rows = communities.map((community) => ({ community, streetName: names.get(community.streetId) ?? community.streetId, timezone }));
    return new Download(CSV_TYPE, `${params.campaignId}-communities.csv`, csvOf(communityColumns, rows));
  },
});

export const reportXlsx = defineRoute({
  method: 'get',
  id: 'reportXlsx',
  path: '/campaigns/{campaignId}/report.xlsx',
  summary: 'The report sent upward: sheets 进度, 社区, 当选, 统计 (a street token gets its street only)',
  access: ['coordinator', 'admin', 'street'],
  params: campaignParams,
  success: { status: 200, description: 'The report', media: XLSX_TYPE },
  errors: [],
  async handle({ params, principal, temporal }) {
    const view = await campaignView(temporal, params.campaignId, principal);
    return new Download(XLSX_TYPE, `${params.campaignId}-report.xlsx`, Buffer.from(await reportWorkbook(view, Date.now())));
  },
});

export const exportRoutes = [communitiesCsv, reportXlsx];
