/** Campaigns: start one, list them, and a campaign's summary. */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { campaignDefinitionSchema, type Street } from '../../domain';
import type { campaign } from '../../workflows/campaign';
import { addStreets, campaignInput, campaignWorkflowId, maxStreetsPerChunk } from '../../workflows/definitions';
import { campaignKey, kindKey } from '../../workflows/search-attributes';
import { campaignReady, campaignSummary } from '../community-view';
import { Problem } from '../problem';
import { parseCampaignWorkbook } from '../spreadsheets/parse';
import { defineRoute } from '../route';
import type { Temporal } from '../temporal';
import { campaignCreatedSchema, campaignListSchema, campaignParams, campaignSummarySchema } from '../schemas';

/** A 100,000-community definition is about 6 MB: it is taken in, then handed to the campaign in chunks. */
export const campaignBodyLimit = '16mb';

/**
 * The definition's streets in chunks that each fit one Temporal payload (`chunkBytes`) and
 * one `addStreets` update. The first chunk goes in the workflow's input, the rest follow.
 */
export function streetChunks(streets: Street[], chunkBytes: number): Street[][] {
  const chunks: Street[][] = [[]];
  let bytes = 0;
  for (const street of streets) {
    const size = Buffer.byteLength(JSON.stringify(street));
    const last = chunks[chunks.length - 1];
    if (last.length > 0 && (bytes + size > chunkBytes || last.length === maxStreetsPerChunk)) {
      chunks.push([]);
      bytes = 0;
    }
    chunks[chunks.length - 1].push(street);
    bytes += size;
  }
  return chunks;
}

/** How long `POST /api/campaigns` waits for every street to start; past it, a request to a street not yet started answers 503. */
const readyWithinMs = 120_000;

/** A 201 promises that every street and community of the definition is served. */
async function untilReady(temporal: Temporal, campaignId: string): Promise<void> {
  const deadline = Date.now() + readyWithinMs;
  for (let wait = 50; !(await campaignReady(temporal, campaignId)); wait = Math.min(wait * 2, 1_000)) {
    if (Date.now() + wait > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

export const createCampaign = defineRoute({
  method: 'post',
  id: 'createCampaign',
  path: '/campaigns',
  summary: 'Start a campaign',
  access: ['coordinator'],
  body: campaignDefinitionSchema,
  bodyLimit: campaignBodyLimit,
  spreadsheet: parseCampaignWorkbook,
  success: { status: 201, description: 'Started', schema: campaignCreatedSchema },
  errors: [409],
  async handle({ body: definition, temporal }) {
    const [first, ...rest] = streetChunks(definition.streets, temporal.chunkBytes);
    const handle = temporal.handle(campaignWorkflowId(definition.id));
    const used = new Problem(409, `The campaign id '${definition.id}' is already used.`);
    try {
      await temporal.call(() =>
        temporal.client.workflow.start<typeof campaign>('campaign', {
          workflowId: handle.workflowId,
          taskQueue: temporal.taskQueue,
          args: [campaignInput({ ...definition, streets: first }, definition.streets.length)],
          // The zone is read back by the report and the statistics (dates on the campaign's calendar).
          memo: { name: definition.name },
          typedSearchAttributes: [
            { key: kindKey, value: 'campaign' },
            { key: campaignKey, value: definition.id },
          ],
          // A campaign id names one campaign for good, even after it has completed.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // The same POST again after an interruption while its chunks were being handed over
      // finishes the handover (chunks already taken are no-ops); any other reuse is a 409.
      if (rest.length === 0) throw used;
      const loaded = await temporal.update(handle, () => handle.executeUpdate(addStreets, { args: [{ offset: 0, streets: [] }] }), 'No such campaign.');
      if (loaded.started >= loaded.expected) throw used;
    }
    let offset = first.length;
    for (const streets of rest) {
      const chunk = { offset, streets };
      // A chunk waits while the campaign continues as new to make room for its streets.
      await temporal.update(handle, () => handle.executeUpdate(addStreets, { args: [chunk], updateId: `streets-${offset}-${streets.length}` }), 'No such campaign.', readyWithinMs);
      offset += streets.length;
    }
    await untilReady(temporal, definition.id);
    return { id: definition.id };
  },
});

export const listCampaigns = defineRoute({
  method: 'get',
  id: 'listCampaigns',
  path: '/campaigns',
  summary: 'List the campaigns',
  access: ['coordinator', 'admin'],
  success: { status: 200, description: 'Every campaign', schema: campaignListSchema },
  errors: [],
  async handle({ temporal }) {
    const items = await temporal.call(async () => {
      const found = [];
      // A campaign that continued as new has a closed run per continuation: list its latest only.
      for await (const info of temporal.client.workflow.list({ query: `${kindKey.name} = 'campaign' AND ExecutionStatus != 'ContinuedAsNew'` })) {
        found.push({
          id: info.typedSearchAttributes.get(campaignKey) ?? info.workflowId,
          name: String(info.memo?.name ?? ''),
          status: info.status.name === 'RUNNING' ? ('running' as const) : ('completed' as const),
        });
      }
      return found;
    });
    return { items };
  },
});

export const getCampaign = defineRoute({
  method: 'get',
  id: 'getCampaign',
  path: '/campaigns/{campaignId}',
  summary: "A campaign's summary (a street token sees its street only)",
  access: ['coordinator', 'admin', 'street'],
  params: campaignParams,
  success: { status: 200, description: 'The summary', schema: campaignSummarySchema },
  errors: [],
  async handle({ params, principal, temporal }) {
    return campaignSummary(temporal, params.campaignId, principal);
  },
});

export const campaignRoutes = [createCampaign, listCampaigns, getCampaign];
