/**
 * What a page has to work with: the signed-in session, and the API's own routes called on
 * its behalf (`invokeRoute`: the same role checks, street checks, validation and Temporal
 * calls as a bearer-token request), so the board can do nothing its user's token could not.
 */
import { ensureRole } from '../api/auth';
import { invokeRoute, type Route, type RouteCall } from '../api/route';
import type { CursorSeal } from '../api/cursor';
import type { Temporal } from '../api/temporal';
import { dueInstant, formatDate, type CommunityState, type Locale } from '../domain';
import { campaignContextQuery, campaignWorkflowId, type CampaignContext } from '../workflows/definitions';
import { listCommunitiesRoute } from '../api/routes/communities';
import type { Session } from './session';

export interface BoardDeps {
  temporal: Temporal;
  cursors: CursorSeal;
  /** Every API route: a page looks up those it shows but need not exist (statistics). */
  routes: readonly Route[];
}

/** The largest page of the community list (api/schemas.ts communityListQuery). */
const listPageSize = 1000;

export class Board {
  constructor(
    readonly session: Session,
    private readonly deps: BoardDeps,
  ) {}

  call<T>(route: Route, input: Omit<RouteCall, 'principal' | 'temporal' | 'cursors'> = {}): Promise<T> {
    return invokeRoute(route, { ...input, principal: this.session.principal, temporal: this.deps.temporal, cursors: this.deps.cursors }) as Promise<T>;
  }

  /** Whether this user's role may call the route at all (its own checks still apply to each call). */
  may(route: Route): boolean {
    try {
      if (route.access !== 'public') ensureRole(this.session.principal, route.access);
      return true;
    } catch {
      return false;
    }
  }

  /** The API route at `path` (below /api), if this build has it. */
  route(method: Route['method'], path: string): Route | undefined {
    return this.deps.routes.find((r) => r.method === method && r.path === path);
  }

  /** Every community the list route gives this user, page after page. */
  async communities(campaignId: string, filter: Record<string, string> = {}): Promise<CommunityState[]> {
    const all: CommunityState[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.call<{ items: CommunityState[]; next?: string }>(listCommunitiesRoute, {
        params: { campaignId },
        query: { ...filter, limit: String(listPageSize), ...(cursor && { cursor }) },
      });
      all.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return all;
  }

  /**
   * The campaign's time zone, language and effective policy. Only read for a page whose own
   * route call has already let this user in.
   */
  async campaign(campaignId: string): Promise<Calendar> {
    const { temporal } = this.deps;
    const context = await temporal.call(
      () => temporal.handle(campaignWorkflowId(campaignId)).query(campaignContextQuery),
      `There is no campaign '${campaignId}'.`,
    );
    return new Calendar(context);
  }
}

/** Dates as the campaign's people read them: on its wall calendar, in Chinese. */
export class Calendar {
  readonly locale: Locale = 'zh-CN';
  constructor(readonly context: CampaignContext) {}

  dueAt(due: string): number {
    return dueInstant(due, this.context.timezone);
  }

  /** 2027年8月8日, or with the time when the due date is a date-time. */
  due(due: string): string {
    const day = formatDate(this.dueAt(due), this.context.timezone, this.locale);
    return /T/.test(due) ? `${day} ${this.time(this.dueAt(due))}` : day;
  }

  instant(iso: string): string {
    const ms = Date.parse(iso);
    return `${formatDate(ms, this.context.timezone, this.locale)} ${this.time(ms)}`;
  }

  private time(ms: number): string {
    return new Intl.DateTimeFormat('zh-CN', { timeZone: this.context.timezone, hour: '2-digit', minute: '2-digit', hour12: false }).format(ms);
  }
}
