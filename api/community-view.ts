/**
 * How the API reads communities: a community's own record is the truth of its steps; its
 * street runs the deadlines and knows each step's overdue flag, reminders and escalation.
 * Lists come from search attributes, then one query per street on the page, never one per
 * community.
 */
import { defaultPayloadConverter } from '@temporalio/client';
import { communityState, dueDay, onTime, type CampaignSummary, type Candidate, type CommunityEvidence, type Nomination, type StepId, type CommunityRecord, type CommunityState, type DeadlineView, type StreetState } from '../domain';
import {
  campaignContextQuery,
  campaignSummaryQuery,
  campaignWorkflowId,
  communityRecordQuery,
  communityStatesQuery,
  communityWorkflowId,
  streetStateQuery,
  streetWorkflowId,
  type CampaignContext,
} from '../workflows/definitions';
import type { Principal } from './auth';
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

/** Every community the filter matches, page after page. */
export async function allCommunities(temporal: Temporal, cursors: CursorSeal, campaignId: string, filter: Omit<CommunityListQuery, 'limit' | 'cursor'>): Promise<CommunityState[]> {
  const items: CommunityState[] = [];
  let cursor: string | undefined;
  do {
    const page = await listCommunities(temporal, cursors, campaignId, { ...filter, limit: 1000, cursor });
    items.push(...page.items);
    cursor = page.next;
  } while (cursor !== undefined);
  return items;
}

/** The campaign's summary; a street token's holds its street only. */
export async function campaignSummary(temporal: Temporal, campaignId: string, principal: Principal): Promise<CampaignSummary> {
  const handle = temporal.handle(campaignWorkflowId(campaignId));
  return temporal.call(
    () => (principal.role === 'street' ? handle.query(campaignSummaryQuery, principal.street) : handle.query(campaignSummaryQuery)),
    `There is no campaign '${campaignId}'.`,
  );
}

export interface CampaignView {
  summary: CampaignSummary;
  timezone: string;
  /** In the definition's order, each community of a street too. */
  streets: { state: StreetState; communities: CommunityState[] }[];
}

/** The whole campaign as a caller may see it (a street token: its street): one query per street for its communities. */
/** Communities per street query of `campaignView`. */
const viewChunk = 200;

/** What every workflow of the campaign knows of it (its time zone, its effective policy), from the campaign itself. */
export async function campaignContext(temporal: Temporal, campaignId: string): Promise<CampaignContext> {
  return temporal.call(() => temporal.handle(campaignWorkflowId(campaignId)).query(campaignContextQuery), `There is no campaign '${campaignId}'.`);
}

export async function campaignTimezone(temporal: Temporal, campaignId: string): Promise<string> {
  return (await campaignContext(temporal, campaignId)).timezone;
}

/** A street's state and each of its communities' states, in the definition's order. */
export async function streetWithCommunities(temporal: Temporal, campaignId: string, streetId: string): Promise<CampaignView['streets'][number]> {
  const state = await temporal.call(() => temporal.handle(streetWorkflowId(campaignId, streetId)).query(streetStateQuery), `There is no street '${streetId}'.`);
  const communities: CommunityState[] = [];
  // A community's state with its evidence is a few kB: chunks keep each answer far below gRPC's 4 MB.
  for (let i = 0; i < state.communities.length; i += viewChunk) {
    communities.push(...(await streetViews(temporal, campaignId, streetId, state.communities.slice(i, i + viewChunk))));
  }
  return { state, communities };
}

export async function campaignView(temporal: Temporal, campaignId: string, principal: Principal): Promise<CampaignView> {
  const [summary, timezone] = await Promise.all([campaignSummary(temporal, campaignId, principal), campaignTimezone(temporal, campaignId)]);
  const streets = await Promise.all(summary.streets.map(({ id }) => streetWithCommunities(temporal, campaignId, id)));
  return { summary, timezone, streets };
}

/** What the statistics count of a community: its recorded nomination, elections and first round. */
export function evidenceOf(community: CommunityState, timezone: string): CommunityEvidence<Candidate> {
  const step = (id: StepId) => community.steps.find((s) => s.step === id);
  const nomination = step('nomination');
  const slates = nomination?.status === 'done' ? (nomination.evidence as Nomination) : null;
  const { party, residents } = community.elections;
  return {
    streetId: community.streetId,
    method: community.method,
    electionDay: dueDay(step('residents-election')!.due, timezone),
    slates: slates && { party: slates.party.candidates, residents: slates.residents.candidates },
    elected: { party: party?.elected ?? [], residents: residents?.elected ?? [] },
    firstRound: community.ballots,
  };
}
