/** Campaigns: start one, list them, and a campaign's summary. */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { campaignDefinitionSchema } from '../../domain';
import type { campaign } from '../../workflows/campaign';
import { campaignSummaryQuery, campaignWorkflowId } from '../../workflows/definitions';
import { campaignKey, kindKey } from '../../workflows/search-attributes';
import { Problem } from '../problem';
import { defineRoute } from '../route';
import { campaignCreatedSchema, campaignListSchema, campaignParams, campaignSummarySchema } from '../schemas';

/** A 10,000-community definition is about 1 MB; this leaves room without inviting abuse. */
export const campaignBodyLimit = '16mb';

/**
 * Temporal's default limit on one payload (the workflow's input): beyond it the start is
 * refused, or, past gRPC's 4 MB, retried until the deadline, which would read as a 503.
 */
export const maxWorkflowInputBytes = 2 * 1024 * 1024;

export const createCampaign = defineRoute({
  method: 'post',
  id: 'createCampaign',
  path: '/campaigns',
  summary: 'Start a campaign',
  access: ['coordinator'],
  body: campaignDefinitionSchema,
  bodyLimit: campaignBodyLimit,
  success: { status: 201, description: 'Started', schema: campaignCreatedSchema },
  errors: [409],
  async handle({ body: definition, temporal }) {
    const bytes = Buffer.byteLength(JSON.stringify(definition));
    if (bytes > maxWorkflowInputBytes) {
      throw new Problem(413, `The definition is ${(bytes / 2 ** 20).toFixed(1)} MB; a campaign's workflow input holds at most ${maxWorkflowInputBytes / 2 ** 20} MB.`);
    }
    try {
      await temporal.call(() =>
        temporal.client.workflow.start<typeof campaign>('campaign', {
          workflowId: campaignWorkflowId(definition.id),
          taskQueue: temporal.taskQueue,
          args: [{ definition }],
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
      if (err instanceof WorkflowExecutionAlreadyStartedError) throw new Problem(409, `The campaign id '${definition.id}' is already used.`);
      throw err;
    }
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
    const handle = temporal.handle(campaignWorkflowId(params.campaignId));
    return temporal.call(
      () => (principal.role === 'street' ? handle.query(campaignSummaryQuery, principal.street) : handle.query(campaignSummaryQuery)),
      `There is no campaign '${params.campaignId}'.`,
    );
  },
});

export const campaignRoutes = [createCampaign, listCampaigns, getCampaign];
