/**
 * How the API reads communities: a community's own record is the truth of its steps; its
 * street runs the deadlines and knows each step's overdue flag, reminders and escalation.
 * Lists come from search attributes, then one query per street on the page, never one per
 * community.
 */
import { defaultPayloadConverter } from '@temporalio/client';
import { communityState, onTime, type CommunityRecord, type CommunityState, type DeadlineView } from '../domain';
import { communityRecordQuery, communityStatesQuery, communityWorkflowId, streetWorkflowId } from '../workflows/definitions';
import { atRiskKey, campaignKey, kindKey, overdueKey, reelectionKey, stepKey, streetKey } from '../workflows/search-attributes';
import type { CursorSeal } from './cursor';
import { Problem } from './problem';
import type { CommunityListQuery } from './schemas';
import type { Temporal } from './temporal';

/** The record's steps with the street's deadline fields. */
export function mergeStreetView(record: CommunityRecord, fromStreet: CommunityState | undefined): CommunityState {
  const views = new Map(fromStreet?.steps.map((s) => [s.step, s]));
  return communityState(
    record,
    (step): DeadlineView => {
      const view = views.get(step.step) ?? onTime;
      // The street may not have heard yet that the step is done; the record has.
      return { overdue: step.status !== 'done' && view.overdue, remindersSent: view.remindersSent, escalationLevel: view.escalationLevel };
    },
    fromStreet?.atRisk ?? false,
  );
}

/** The street's deadline view of these communities (of others too, when a query is shared). */
export async function streetViews(temporal: Temporal, campaignId: string, streetId: string, communityIds: string[]): Promise<CommunityState[]> {
  const workflowId = streetWorkflowId(campaignId, streetId);
  const states = await temporal.sharedQuery(
    workflowId,
    communityIds,
    (ids) => temporal.handle(workflowId).query(communityStatesQuery, ids),
    `There is no street '${streetId}'.`,
  );
  const wanted = new Set(communityIds);
  return states.filter((state) => wanted.has(state.communityId));
}

/** Whether the street has decided this community's method (the community hears of it by signal). */
export async function planDecided(temporal: Temporal, campaignId: string, streetId: string, communityId: string): Promise<boolean> {
  const [view] = await streetViews(temporal, campaignId, streetId, [communityId]);
  return view !== undefined && view.method !== null;
}

export async function communityRecord(temporal: Temporal, campaignId: string, communityId: string): Promise<CommunityRecord> {
  return temporal.call(
    () => temporal.handle(communityWorkflowId(campaignId, communityId)).query(communityRecordQuery),
    `There is no community '${communityId}' in campaign '${campaignId}'.`,
  );
}

export async function fullCommunityState(temporal: Temporal, record: CommunityRecord): Promise<CommunityState> {
  const [fromStreet] = await streetViews(temporal, record.campaignId, record.streetId, [record.communityId]);
  return mergeStreetView(record, fromStreet);
}

/** The community's street, from its search attributes (no worker needed), remembered by the API. */
export async function streetOfCommunity(temporal: Temporal, campaignId: string, communityId: string): Promise<string> {
  const workflowId = communityWorkflowId(campaignId, communityId);
  return temporal.streetOf(workflowId, async () => {
    const description = await temporal.call(() => temporal.handle(workflowId).describe(), `There is no community '${communityId}' in campaign '${campaignId}'.`);
    const streetId = description.typedSearchAttributes.get(streetKey);
    if (!streetId) throw new Problem(404, `There is no community '${communityId}' in campaign '${campaignId}'.`);
    return streetId;
  });
}

function visibilityQuery(campaignId: string, filter: Omit<CommunityListQuery, 'limit' | 'cursor'>): string {
  // Every value below was validated against a closed pattern, so none can break out of its quotes.
  const clauses = [
    `${kindKey.name} = 'community'`,
    `${campaignKey.name} = '${campaignId}'`,
    // A community that continued as new leaves a closed run behind: count its latest only.
    `ExecutionStatus != 'ContinuedAsNew'`,
    ...(filter.street !== undefined ? [`${streetKey.name} = '${filter.street}'`] : []),
    ...(filter.step !== undefined ? [`${stepKey.name} = '${filter.step}'`] : []),
    ...(filter.overdue !== undefined ? [`${overdueKey.name} = ${filter.overdue}`] : []),
    ...(filter.atRisk !== undefined ? [`${atRiskKey.name} = ${filter.atRisk}`] : []),
    ...(filter.reelectionRequired !== undefined ? [`${reelectionKey.name} = ${filter.reelectionRequired}`] : []),
  ];
  return clauses.join(' AND ');
}

export interface CommunityPage {
  items: CommunityState[];
  total: number;
  next?: string;
}

export async function listCommunities(temporal: Temporal, cursors: CursorSeal, campaignId: string, query: CommunityListQuery): Promise<CommunityPage> {
  const { limit, cursor, ...filter } = query;
  const visibility = visibilityQuery(campaignId, filter);
  const nextPageToken = cursor === undefined ? undefined : cursors.open(visibility, cursor);
  if (cursor !== undefined && !nextPageToken) {
    throw new Problem(400, 'The cursor is not one this list gave.', [{ path: 'cursor', message: 'expected the next cursor of a previous page of the same list' }]);
  }
  const { client } = temporal;
  const [page, count] = await Promise.all([
    temporal.call(() => client.workflowService.listWorkflowExecutions({ namespace: client.options.namespace, query: visibility, pageSize: limit, nextPageToken })),
    temporal.call(() => client.workflow.count(visibility)),
  ]);
  const prefix = communityWorkflowId(campaignId, '');
  const listed = (page.executions ?? []).flatMap((execution) => {
    const streetPayload = execution.searchAttributes?.indexedFields?.[streetKey.name];
    const workflowId = execution.execution?.workflowId ?? '';
    if (!streetPayload || !workflowId.startsWith(prefix)) return [];
    return [{ communityId: workflowId.slice(prefix.length), streetId: defaultPayloadConverter.fromPayload<string>(streetPayload) }];
  });

  const byStreet = new Map<string, string[]>();
  for (const { communityId, streetId } of listed) byStreet.set(streetId, [...(byStreet.get(streetId) ?? []), communityId]);
  const states = new Map<string, CommunityState>();
  await Promise.all(
    [...byStreet].map(async ([streetId, ids]) => {
      for (const state of await streetViews(temporal, campaignId, streetId, ids)) states.set(state.communityId, state);
    }),
  );
  const next = page.nextPageToken?.length ? cursors.seal(visibility, page.nextPageToken) : undefined;
  return {
    items: listed.flatMap(({ communityId }) => states.get(communityId) ?? []),
    total: count.count,
    ...(next && { next }),
  };
}
