/**
 * The board: server-rendered pages in Simplified Chinese, mounted at `/` beside the API in
 * the same express app. Every read and every step goes through the API's own routes
 * (board.ts), so a signed-in user can do exactly what their token can.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { TokenVerifier } from '../api/auth';
import { Problem } from '../api/problem';
import { spreadsheetLimit, type Route } from '../api/route';
import { XLSX_TYPE } from '../api/spreadsheets/layout';
import { campaignBodyLimit, createCampaign, listCampaigns } from '../api/routes/campaigns';
import { completeCommunityStepRoute } from '../api/routes/communities';
import { moveDeadlineRoute } from '../api/routes/deadlines';
import { completeStreetStepRoute } from '../api/routes/streets';
import type { CommunityState, StepWarning } from '../domain';
import { Board, type BoardDeps } from './board';
import { bodyOf, emptyForm, type FormState, type Json } from './forms';
import { html, type Html } from './html';
import { layout } from './layout';
import { ruleLabel, stepLabel } from './labels';
import { paths } from './paths';
import { communityForm, communityLive, finishBody, historySection, readCommunity } from './pages/community';
import { errorPage, homePage, isHtmx, safeNext, signInPage } from './pages/home';
import { downloads, moveDeadlineForm, overviewLive, readOverview, statisticsSection } from './pages/overview';
import { readStreet, streetForms, streetLive } from './pages/street';
import { clearSessionCookie, csrfMatches, sameOrigin, sessionIdOf, SessionStore, setSessionCookie, type Flash, type Session } from './session';

export interface BoardOptions extends BoardDeps {
  verifier: TokenVerifier;
  /** The board's address as users reach it (PUBLIC_URL): forms are accepted from it. */
  publicUrl?: string;
  sessions?: SessionStore;
}


const contentSecurityPolicy = [
  "default-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
].join('; ');

function send(res: Response, status: number, page: Html): void {
  res
    .status(status)
    // same-origin, not the API's no-referrer: with no-referrer a browser posts forms with `Origin: null`.
    .set({ 'Content-Security-Policy': contentSecurityPolicy, 'Referrer-Policy': 'same-origin', 'Cache-Control': 'no-store' })
    .type('html')
    .send(page.text);
}

/** The refusals a form shows next to its fields; any other problem is a page of its own. */
const formRefusal = (err: unknown): err is Problem => err instanceof Problem && [400, 409, 422].includes(err.status);

const formState = (values: unknown, problem: Problem): FormState => ({ values, errors: problem.errors ?? [], detail: problem.detail, status: problem.status });

function flashBox(flash: Flash | undefined): Html {
  if (!flash) return html``;
  return html`<div class="flash" role="status"><p>${flash.message}</p>${flash.details.length ? html`<ul>${flash.details.map((d) => html`<li>${d}</li>`)}</ul>` : ''}</div>`;
}

/** Takes the flash off the session: it is shown once. */
function takeFlash(session: Session): Flash | undefined {
  const flash = session.flash;
  session.flash = undefined;
  return flash;
}

const crossSite = errorPage(undefined, 403, '请求不是从本系统的页面提交的。');

const warningLines = (warnings: readonly StepWarning[]) => warnings.map((w) => `提示（${ruleLabel(w.rule)}）：${w.zh}`);

export function boardRouter(options: BoardOptions): Router {
  const router = Router();
  const sessions = options.sessions ?? new SessionStore();
  const secure = options.publicUrl?.startsWith('https:') ?? false;
  const form = express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 10_000 });

  type Handler = (req: Request, res: Response, board: Board) => Promise<void>;

  /** A signed-in page: without a session, to the sign-in page and back. */
  const page =
    (handler: Handler): RequestHandler =>
    async (req, res, next) => {
      const session = sessions.touch(sessionIdOf(req));
      if (!session) {
        const signIn = `${paths.signIn}?next=${encodeURIComponent(req.originalUrl)}`;
        if (isHtmx(req)) res.set('HX-Redirect', signIn).status(204).end();
        else res.redirect(303, signIn);
        return;
      }
      await run(handler, req, res, next, session);
    };

  /**
   * A form post: from the board's own pages (Origin), of a live session, carrying that
   * session's CSRF token. A cross-site post fails the first check before anything else.
   */
  const post =
    (handler: Handler): RequestHandler =>
    async (req, res, next) => {
      if (!sameOrigin(req, options.publicUrl)) return send(res, 403, crossSite);
      const session = sessions.touch(sessionIdOf(req));
      if (!session) return res.redirect(303, paths.signIn);
      if (!csrfMatches(session, (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token'))) {
        return send(res, 403, errorPage(session, 403, '表单已过期或不是从本系统的页面提交的，请刷新页面后重试。'));
      }
      await run(handler, req, res, next, session);
    };

  async function run(handler: Handler, req: Request, res: Response, next: NextFunction, session: Session): Promise<void> {
    try {
      await handler(req, res, new Board(session, options));
    } catch (err) {
      if (err instanceof Problem) return send(res.set(err.headers), err.status, errorPage(session, err.status, err.detail));
      next(err);
    }
  }

  const param = (req: Request, name: string) => String(req.params[name]);
  const key = () => randomUUID();

  router.get('/static/htmx.min.js', (_req, res) => res.sendFile(require.resolve('htmx.org/dist/htmx.min.js')));
  router.use('/static', express.static(path.join(__dirname, 'static'), { fallthrough: false, index: false }));

  router.get(paths.signIn, (req, res) => send(res, 200, signInPage(safeNext(req.query.next), false)));
  router.post(paths.signIn, form, (req, res) => {
    if (!sameOrigin(req, options.publicUrl)) return send(res, 403, crossSite);
    const { token, next } = req.body as Record<string, unknown>;
    const principal = typeof token === 'string' ? options.verifier.verify(token.trim()) : undefined;
    if (!principal) return send(res, 401, signInPage(safeNext(next), true));
    const previous = sessionIdOf(req);
    if (previous) sessions.end(previous);
    setSessionCookie(res, sessions.create(principal), secure);
    res.redirect(303, safeNext(next));
  });
  router.post(
    '/sign-out',
    form,
    post(async (_req, res, board) => {
      sessions.end(board.session.id);
      clearSessionCookie(res, secure);
      res.redirect(303, paths.signIn);
    }),
  );

  router.get(
    paths.home,
    page(async (_req, res, board) => send(res, 200, await homePage(board, emptyForm))),
  );
  router.get(
    '/go',
    page(async (req, res, board) => {
      const campaign = typeof req.query.campaign === 'string' ? req.query.campaign.trim() : '';
      const street = board.session.principal.street;
      if (!campaign) return res.redirect(303, paths.home);
      res.redirect(303, street ? paths.street(campaign, street) : paths.campaign(campaign));
    }),
  );

  router.post(
    paths.campaigns,
    express.raw({ type: XLSX_TYPE, limit: campaignBodyLimit }),
    express.urlencoded({ extended: false, limit: campaignBodyLimit }),
    post(async (req, res, board) => {
      // A filled campaign template goes to the API's route as it is: the route reads it.
      const upload = req.is(XLSX_TYPE) ? (req.body as Buffer) : undefined;
      const text = upload ? '' : String((req.body as Record<string, unknown>).definition ?? '');
      const values = { definition: text };
      let definition: unknown = upload;
      if (!upload) {
        try {
          definition = JSON.parse(text);
        } catch (err) {
          return send(res, 400, await homePage(board, { values, errors: [{ path: 'definition', message: `不是有效的 JSON：${(err as Error).message}` }], status: 400 }));
        }
      }
      try {
        const { id } = await board.call<{ id: string }>(createCampaign, { body: definition });
        board.session.flash = { message: `换届活动“${id}”已发起。`, details: [] };
        res.redirect(303, paths.campaign(id));
      } catch (err) {
        if (!formRefusal(err)) throw err;
        // The definition is one field: each message names its place in the JSON.
        const errors = (err.errors ?? [{ path: '', message: err.detail }]).map((e) => ({ ...e, path: 'definition', message: `${e.path || '（整体）'}：${e.message}` }));
        send(res, err.status, await homePage(board, { values, errors, detail: err.detail, status: err.status }));
      }
    }),
  );

  /** A page of a place, with the part that refreshes itself (`?part=live`, for htmx). */
  type Render = (res: Response, board: Board, params: Record<string, string>, status: number, form: FormState) => Promise<void>;
  const placePage = (path: string, live: (board: Board, params: Record<string, string>) => Promise<Html>, render: Render, before?: Handler) =>
    router.get(
      path,
      page(async (req, res, board) => {
        if (before) await before(req, res, board);
        if (res.headersSent) return;
        const params = req.params as Record<string, string>;
        if (req.query.part === 'live') return send(res, 200, await live(board, params));
        await render(res, board, params, 200, emptyForm);
      }),
    );

  /**
   * A form that calls an API route: taken, back to the page with what it did; refused
   * (400, 409, 422), the page again with the messages beside the fields they name.
   */
  interface FormRoute {
    route: Route;
    /** The body as the route takes it, from the form's. */
    body?: (params: Record<string, string>, body: Record<string, Json>) => Record<string, Json>;
    flash: (result: unknown, params: Record<string, string>, body: Record<string, Json>) => Flash;
    back: (params: Record<string, string>) => string;
    render: Render;
  }
  const formRoute = (path: string, spec: FormRoute) =>
    router.post(
      path,
      express.raw({ type: XLSX_TYPE, limit: spreadsheetLimit }),
      form,
      post(async (req, res, board) => {
        const params = req.params as Record<string, string>;
        // A filled template goes to the API's route as it is (a route that takes none refuses it).
        const upload = req.is(XLSX_TYPE) ? (req.body as Buffer) : undefined;
        const fields = upload ? {} : (req.body as Record<string, string>);
        const body = (spec.body ?? ((_p, b) => b))(params, bodyOf(fields));
        try {
          const result = await board.call(spec.route, { params, body: upload ?? body, idempotencyKey: fields._key });
          board.session.flash = spec.flash(result, params, body);
          res.redirect(303, spec.back(params));
        } catch (err) {
          if (!formRefusal(err)) throw err;
          await spec.render(res, board, params, err.status, formState(body, err));
        }
      }),
    );

  const crumbsTo = (board: Board, campaignId: string) => [
    { href: paths.home, label: '首页' },
    ...(board.may(listCampaigns) ? [{ href: paths.campaign(campaignId), label: '活动总览' }] : []),
  ];

  // ---------- a campaign ----------

  const overviewPage: Render = async (res, board, { campaignId }, status, move) => {
    const overview = await readOverview(board, campaignId);
    const body = html`<h1>${overview.summary.name}</h1>
${flashBox(takeFlash(board.session))}
${overviewLive(overview)}
${await statisticsSection(board, campaignId)}
${downloads(campaignId)}
${board.may(moveDeadlineRoute) ? moveDeadlineForm(board, overview, move, key()) : ''}`;
    send(res, status, layout({ title: overview.summary.name, session: board.session, crumbs: [{ href: paths.home, label: '首页' }], body }));
  };

  placePage('/campaigns/:campaignId', async (board, { campaignId }) => overviewLive(await readOverview(board, campaignId)), overviewPage, async (req, res, board) => {
    const { street } = board.session.principal;
    // A street office's view of a campaign is its own street.
    if (street && !board.may(listCampaigns)) res.redirect(303, paths.street(param(req, 'campaignId'), street));
  });

  formRoute('/campaigns/:campaignId/deadlines', {
    route: moveDeadlineRoute,
    flash: (_result, _params, body) => ({ message: `「${stepLabel(String(body.step))}」的截止日期已调整。`, details: [] }),
    back: ({ campaignId }) => paths.campaign(campaignId),
    render: overviewPage,
  });

  // ---------- a street ----------

  const streetPage: Render = async (res, board, { campaignId, streetId }, status, stepForm) => {
    const street = await readStreet(board, campaignId, streetId);
    const body = html`<h1>${street.street.name}</h1>
${flashBox(takeFlash(board.session))}
${streetLive(street)}
${streetForms(board, street, stepForm, key())}`;
    send(res, status, layout({ title: street.street.name, session: board.session, crumbs: crumbsTo(board, campaignId), body }));
  };

  placePage('/campaigns/:campaignId/streets/:streetId', async (board, { campaignId, streetId }) => streetLive(await readStreet(board, campaignId, streetId)), streetPage);

  formRoute('/campaigns/:campaignId/streets/:streetId/steps/:step', {
    route: completeStreetStepRoute,
    flash: (_result, { step }) => ({ message: `「${stepLabel(step)}」已提交。`, details: [] }),
    back: ({ campaignId, streetId }) => paths.street(campaignId, streetId),
    render: streetPage,
  });

  // ---------- a community ----------

  const communityPage: Render = async (res, board, { campaignId, communityId }, status, stepForm) => {
    const community = await readCommunity(board, campaignId, communityId);
    const c = community.community;
    const body = html`<h1>${c.name}</h1>
${flashBox(takeFlash(board.session))}
${communityLive(community)}
${communityForm(board, community, stepForm, key())}
${await historySection(board, community)}`;
    const crumbs = [...crumbsTo(board, campaignId), { href: paths.street(campaignId, c.streetId), label: '街道' }];
    send(res, status, layout({ title: c.name, session: board.session, crumbs, body }));
  };

  placePage(
    '/campaigns/:campaignId/communities/:communityId',
    async (board, { campaignId, communityId }) => communityLive(await readCommunity(board, campaignId, communityId)),
    communityPage,
  );

  formRoute('/campaigns/:campaignId/communities/:communityId/steps/:step', {
    route: completeCommunityStepRoute,
    body: ({ step }, body) => finishBody(step, body),
    flash: (state, { step }) => stepFlash(state as CommunityState, step),
    back: ({ campaignId, communityId }) => paths.community(campaignId, communityId),
    render: communityPage,
  });

  // Any other address outside the API: a page saying so, not the API's problem+json.
  router.use((req, res, next) => {
    if (req.path.startsWith('/api/') || !['GET', 'HEAD'].includes(req.method)) return next();
    send(res, 404, errorPage(sessions.touch(sessionIdOf(req)), 404, req.path));
  });

  return router;
}

/** What the page says after a step was taken: done, or a round recorded with the step still open; and its warnings. */
function stepFlash(state: CommunityState, step: string): Flash {
  const name = stepLabel(step);
  const done = state.steps.find((s) => s.step === step)?.status === 'done';
  const outcome = step === 'party-election' ? state.elections.party : step === 'residents-election' ? state.elections.residents : null;
  const message = done
    ? `「${name}」已提交。`
    : `「${name}」本轮结果已登记，尚未选满（空缺${outcome?.unfilled ?? 0}个${outcome?.reason ? `，${outcome.reason}` : ''}），请继续组织选举后登记。`;
  return { message, details: warningLines(state.warnings.filter((w) => w.step === step)) };
}
