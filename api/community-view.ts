/**
 * How the API reads a campaign. A street's workflow is the one owner of its communities'
 * steps and deadlines: one community, one street's list, a street's state are queries of it,
 * live. What spans the campaign (the summary, campaign-wide lists, which street a community
 * is in) comes from the streets' memos through visibility: at most `memoRefresh.maxDelayMs`
 * old, one listing for the whole campaign, never one query per street or community.
 */
import { dueDay, STEPS, turnout, type CampaignSummary, type Candidate, type CommunityEvidence, type CommunityState, type Nomination, type StepCounts, type StepId, type StreetState } from '../domain';
import {
  campaignContextQuery,
  campaignProgressQuery,
  campaignWorkflowId,
  communityStatesQuery,
  streetMemoKey,
  streetStateQuery,
  streetWorkflowId,
  type CampaignContext,
  type CommunityFilter,
  type StreetMemo,
} from '../workflows/definitions';
import type { Principal } from './auth';
import { campaignKey, kindKey, streetKey } from '../workflows/search-attributes';
import type { CursorSeal } from './cursor';
import { Problem } from './problem';
import type { CommunityListQuery } from './schemas';
import type { Temporal } from './temporal';

const noCampaign = (campaignId: string) => `There is no campaign '${campaignId}'.`;
const noCommunity = (campaignId: string, communityId: string) => `There is no community '${communityId}' in campaign '${campaignId}'.`;

/** A campaign still starting its streets: what is asked of it exists, but is not served yet. */
const stillStarting = () =>
  new Problem(503, 'The campaign is still starting its streets; retry shortly.', undefined, { 'Retry-After': '2' });

/** The visibility query of a campaign's street workflows (one street's, when given): each street's latest run. */
function streetsQuery(campaignId: string, streetId?: string): string {
  // Ids were validated against a closed pattern, so none can break out of its quotes.
  return [
    `${kindKey.name} = 'street'`,
    `${campaignKey.name} = '${campaignId}'`,
    ...(streetId !== undefined ? [`${streetKey.name} = '${streetId}'`] : []),
    // A street that continued as new leaves a closed run behind: its latest only.
    `ExecutionStatus != 'ContinuedAsNew'`,
  ].join(' AND ');
}

/** The streets' memos (one street's, when given), in the definition's order. */
export async function streetMemos(temporal: Temporal, campaignId: string, streetId?: string): Promise<StreetMemo[]> {
  const latest = new Map<string, { memo: StreetMemo; startMs: number }>();
  await temporal.call(async () => {
    for await (const info of temporal.client.workflow.list({ query: streetsQuery(campaignId, streetId) })) {
      const memo = info.memo?.[streetMemoKey] as StreetMemo | undefined;
      if (!memo) continue;
      // While a street continues as new, visibility may show both runs for a moment.
      const startMs = info.startTime.getTime();
      if ((latest.get(memo.id)?.startMs ?? -Infinity) < startMs) latest.set(memo.id, { memo, startMs });
    }
  });
  for (const { memo } of latest.values()) temporal.rememberStreet(campaignId, memo);
  return [...latest.values()].map(({ memo }) => memo).sort((a, b) => a.index - b.index);
}

/** Whether every street of the campaign has started and is listed by visibility. */
export async function campaignReady(temporal: Temporal, campaignId: string): Promise<boolean> {
  if (temporal.isReady(campaignId)) return true;
  const progress = await temporal.query(() => temporal.handle(campaignWorkflowId(campaignId)).query(campaignProgressQuery), noCampaign(campaignId));
  if (progress.started < progress.expected) return false;
  const { count } = await temporal.call(() => temporal.client.workflow.count(streetsQuery(campaignId)));
  if (count < progress.expected) return false;
  temporal.markReady(campaignId);
  return true;
}

/**
 * The street of a community, from the streets' memos (remembered: it never changes). A
 * community not found while the campaign is still starting is a 503 (retry), not a 404.
 */
export async function streetOfCommunity(temporal: Temporal, campaignId: string, communityId: string): Promise<string> {
  const known = temporal.streetOf(campaignId, communityId);
  if (known !== undefined) return known;
  await temporal.relistOnce(campaignId, () => streetMemos(temporal, campaignId));
  const found = temporal.streetOf(campaignId, communityId);
  if (found !== undefined) return found;
  if (!(await campaignReady(temporal, campaignId))) throw stillStarting();
  throw new Problem(404, noCommunity(campaignId, communityId));
}

/** The street's view of the communities the filter matches, at most 200 a query (a few kB each, far below gRPC's 4 MB). */
export async function streetCommunities(temporal: Temporal, campaignId: string, streetId: string, filter: CommunityFilter = {}): Promise<CommunityState[]> {
  const handle = temporal.handle(streetWorkflowId(campaignId, streetId));
  const notFound = `There is no street '${streetId}' in campaign '${campaignId}'.`;
  if (filter.ids === undefined) return temporal.query(() => handle.query(communityStatesQuery, filter), notFound);
  const states: CommunityState[] = [];
  for (let i = 0; i < filter.ids.length; i += viewChunk) {
    const ids = filter.ids.slice(i, i + viewChunk);
    states.push(...(await temporal.query(() => handle.query(communityStatesQuery, { ...filter, ids }), notFound)));
  }
  return states;
}
const viewChunk = 200;

export async function communityState(temporal: Temporal, campaignId: string, communityId: string, streetId: string): Promise<CommunityState> {
  const [state] = await streetCommunities(temporal, campaignId, streetId, { ids: [communityId] });
  if (!state) throw new Problem(404, noCommunity(campaignId, communityId));
  return state;
}

export interface CommunityPage {
  items: CommunityState[];
  total: number;
  next?: string;
}

/** A list's position, sealed with what it lists, so a cursor works for its own list only. */
function listKey(campaignId: string, filter: Omit<CommunityListQuery, 'limit' | 'cursor'>): string {
  return JSON.stringify([campaignId, filter.street ?? null, filter.step ?? null, filter.overdue ?? null, filter.atRisk ?? null, filter.reelectionRequired ?? null]);
}

/**
 * One street's list is its workflow's answer, live. A campaign-wide list is chosen from the
 * streets' memos (so its filter is as fresh as they are) and each page's states are then
 * read from their streets, live.
 */
export async function listCommunities(temporal: Temporal, cursors: CursorSeal, campaignId: string, query: CommunityListQuery): Promise<CommunityPage> {
  const { limit, cursor, street } = query;
  const flag = (value: 'true' | 'false' | undefined) => (value === undefined ? undefined : value === 'true');
  const filter: CommunityFilter = { step: query.step, overdue: flag(query.overdue), atRisk: flag(query.atRisk), reelectionRequired: flag(query.reelectionRequired) };
  const key = listKey(campaignId, query);
  const opened = cursor === undefined ? Buffer.alloc(4) : cursors.open(key, cursor);
  if (!opened || opened.length !== 4) {
    throw new Problem(400, 'The cursor is not one this list gave.', [{ path: 'cursor', message: 'expected the next cursor of a previous page of the same list' }]);
  }
  const offset = opened.readUInt32BE(0);
  const page = (total: number, items: CommunityState[]): CommunityPage => {
    const end = offset + limit;
    if (end >= total) return { items, total };
    const next = Buffer.alloc(4);
    next.writeUInt32BE(end);
    return { items, total, next: cursors.seal(key, next) };
  };
  if (street !== undefined) {
    const all = await streetCommunities(temporal, campaignId, street, filter);
    return page(all.length, all.slice(offset, offset + limit));
  }
  const matching = (await streetMemos(temporal, campaignId)).flatMap((memo) =>
    memo.communities
      .filter(
        (c) =>
          (filter.step === undefined || c.step === filter.step) &&
          (filter.overdue === undefined || c.overdue === filter.overdue) &&
          (filter.atRisk === undefined || c.atRisk === filter.atRisk) &&
          (filter.reelectionRequired === undefined || c.reelection === filter.reelectionRequired),
      )
      .map((c) => ({ streetId: memo.id, communityId: c.id })),
  );
  const wanted = matching.slice(offset, offset + limit);
  const byStreet = new Map<string, string[]>();
  for (const { streetId, communityId } of wanted) byStreet.set(streetId, [...(byStreet.get(streetId) ?? []), communityId]);
  const states = new Map<string, CommunityState>();
  await Promise.all(
    [...byStreet].map(async ([streetId, ids]) => {
      for (const state of await streetCommunities(temporal, campaignId, streetId, { ids })) states.set(state.communityId, state);
    }),
  );
  return page(matching.length, wanted.flatMap(({ communityId }) => states.get(communityId) ?? []));
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

/** The summary of these streets' memos. */
export function summaryOf(id: string, name: string, status: CampaignSummary['status'], memos: readonly StreetMemo[]): CampaignSummary {
  const steps = Object.fromEntries(STEPS.map((step) => [step, { done: 0, open: 0, overdue: 0 }])) as Record<StepId, StepCounts>;
  let registered = 0;
  let cast = 0;
  for (const memo of memos) {
    for (const [step, counts] of Object.entries(memo.steps) as [StepId, StepCounts][]) {
      steps[step].done += counts.done;
      steps[step].open += counts.open;
      steps[step].overdue += counts.overdue;
    }
    registered += memo.registered;
    cast += memo.cast;
  }
  return {
    id,
    name,
    status,
    steps,
    streets: memos.map((m) => ({ id: m.id, name: m.name, communities: m.communities.length, done: m.done, overdue: m.overdue, atRisk: m.atRisk })),
    turnout: { registered, cast, rate: turnout(registered, cast) },
  };
}

/** The campaign's summary, from its streets' memos; a street token's holds its street only. */
export async function campaignSummary(temporal: Temporal, campaignId: string, principal: Principal): Promise<CampaignSummary> {
  const description = await temporal.call(() => temporal.handle(campaignWorkflowId(campaignId)).describe(), noCampaign(campaignId));
  const memos = await streetMemos(temporal, campaignId, principal.role === 'street' ? principal.street : undefined);
  const status = description.status.name === 'RUNNING' ? 'running' : 'completed';
  return summaryOf(campaignId, String(description.memo?.name ?? ''), status, memos);
}

export interface CampaignView {
  summary: CampaignSummary;
  timezone: string;
  /** In the definition's order, each community of a street too. */
  streets: { state: StreetState; communities: CommunityState[] }[];
}

/** What every workflow of the campaign knows of it (its time zone, its effective policy), from the campaign itself. */
export async function campaignContext(temporal: Temporal, campaignId: string): Promise<CampaignContext> {
  return temporal.query(() => temporal.handle(campaignWorkflowId(campaignId)).query(campaignContextQuery), noCampaign(campaignId));
}

export async function campaignTimezone(temporal: Temporal, campaignId: string): Promise<string> {
  return (await campaignContext(temporal, campaignId)).timezone;
}

/** A street's state and each of its communities' states, in the definition's order. */
export async function streetWithCommunities(temporal: Temporal, campaignId: string, streetId: string): Promise<CampaignView['streets'][number]> {
  const state = await temporal.query(() => temporal.handle(streetWorkflowId(campaignId, streetId)).query(streetStateQuery), `There is no street '${streetId}'.`);
  return { state, communities: await streetCommunities(temporal, campaignId, streetId, { ids: state.communities }) };
}

/** The whole campaign as a caller may see it (a street token: its street): one query per street. */
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
