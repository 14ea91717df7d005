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
import { campaignBodyLimit, createCampaign, listCampaigns } from '../api/routes/campaigns';
import { completeCommunityStepRoute } from '../api/routes/communities';
import { moveDeadlineRoute } from '../api/routes/deadlines';
import { completeStreetStepRoute } from '../api/routes/streets';
import { isStepId, type CommunityState, type StepWarning } from '../domain';
import { stepName } from '../domain/step-names';
import { Board, type BoardDeps } from './board';
import { bodyOf, emptyForm, type FormState } from './forms';
import { html, type Html } from './html';
import { layout } from './layout';
import { ruleLabel } from './labels';
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

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

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

const warningLines = (warnings: readonly StepWarning[]) => warnings.map((w) => `提示（${ruleLabel(w.rule)}）：${w.message}`);

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
      if (!sameOrigin(req, options.publicUrl)) return send(res, 403, errorPage(undefined, 403, '请求不是从本系统的页面提交的。'));
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
      if (err instanceof Problem) return send(res, err.status, errorPage(session, err.status, err.detail));
      next(err);
    }
  }

  const param = (req: Request, name: string) => String(req.params[name]);
  const key = () => randomUUID();

  router.get('/static/htmx.min.js', (_req, res) => res.sendFile(require.resolve('htmx.org/dist/htmx.min.js')));
  router.use('/static', express.static(path.join(__dirname, 'static'), { fallthrough: false, index: false }));

  router.get(paths.signIn, (req, res) => send(res, 200, signInPage(safeNext(req.query.next), false)));
  router.post(paths.signIn, form, (req, res) => {
    if (!sameOrigin(req, options.publicUrl)) return send(res, 403, errorPage(undefined, 403, '请求不是从本系统的页面提交的。'));
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
      res.redirect(303, street ? paths.street(campaign, street) : paths.campaign(campaign));
    }),
  );

  router.post(
    paths.campaigns,
    express.raw({ type: xlsxType, limit: campaignBodyLimit }),
    express.urlencoded({ extended: false, limit: campaignBodyLimit }),
    post(async (req, res, board) => {
      if (req.is(xlsxType)) {
        // The spreadsheet reader of the templates (issue 16) is not part of this build yet.
        throw new Problem(415, '本版本尚不能读取活动模板，请粘贴 JSON。');
      }
      const text = String((req.body as Record<string, unknown>).definition ?? '');
      const values = { definition: text };
      let definition: unknown;
      try {
        definition = JSON.parse(text);
      } catch (err) {
        return send(res, 400, await homePage(board, { values, errors: [{ path: 'definition', message: `不是有效的 JSON：${(err as Error).message}` }], status: 400 }));
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

  // ---------- a campaign ----------

  async function overviewPage(res: Response, board: Board, campaignId: string, status: number, move: FormState): Promise<void> {
    const overview = await readOverview(board, campaignId);
    const body = html`<h1>${overview.summary.name}</h1>
${flashBox(takeFlash(board.session))}
${overviewLive(overview)}
${await statisticsSection(board, campaignId)}
${downloads(campaignId)}
${board.may(moveDeadlineRoute) ? moveDeadlineForm(board, overview, move, key()) : ''}`;
    send(res, status, layout({ title: overview.summary.name, session: board.session, crumbs: [{ href: paths.home, label: '首页' }], body }));
  }

  router.get(
    '/campaigns/:campaignId',
    page(async (req, res, board) => {
      const campaignId = param(req, 'campaignId');
      const { street } = board.session.principal;
      // A street office's view of a campaign is its own street.
      if (street && !board.may(listCampaigns)) return res.redirect(303, paths.street(campaignId, street));
      if (req.query.part === 'live') return send(res, 200, overviewLive(await readOverview(board, campaignId)));
      await overviewPage(res, board, campaignId, 200, emptyForm);
    }),
  );

  router.post(
    '/campaigns/:campaignId/deadlines',
    form,
    post(async (req, res, board) => {
      const campaignId = param(req, 'campaignId');
      const body = bodyOf(req.body as Record<string, string>);
      try {
        await board.call(moveDeadlineRoute, { params: { campaignId }, body, idempotencyKey: (req.body as Record<string, string>)._key });
        board.session.flash = { message: `「${isStepId(String(body.step)) ? stepName(body.step as never, 'zh-CN') : ''}」的截止日期已调整。`, details: [] };
        res.redirect(303, paths.campaign(campaignId));
      } catch (err) {
        if (!formRefusal(err)) throw err;
        await overviewPage(res, board, campaignId, err.status, formState(body, err));
      }
    }),
  );

  // ---------- a street ----------

  async function streetPage(res: Response, board: Board, campaignId: string, streetId: string, status: number, stepForm: FormState): Promise<void> {
    const street = await readStreet(board, campaignId, streetId);
    const body = html`<h1>${street.street.name}</h1>
${flashBox(takeFlash(board.session))}
${streetLive(street)}
${streetForms(board, street, stepForm, key())}`;
    const crumbs = [{ href: paths.home, label: '首页' }, ...(board.may(listCampaigns) ? [{ href: paths.campaign(campaignId), label: '活动总览' }] : [])];
    send(res, status, layout({ title: street.street.name, session: board.session, crumbs, body }));
  }

  router.get(
    '/campaigns/:campaignId/streets/:streetId',
    page(async (req, res, board) => {
      const [campaignId, streetId] = [param(req, 'campaignId'), param(req, 'streetId')];
      if (req.query.part === 'live') return send(res, 200, streetLive(await readStreet(board, campaignId, streetId)));
      await streetPage(res, board, campaignId, streetId, 200, emptyForm);
    }),
  );

  router.post(
    '/campaigns/:campaignId/streets/:streetId/steps/:step',
    form,
    post(async (req, res, board) => {
      const [campaignId, streetId, step] = [param(req, 'campaignId'), param(req, 'streetId'), param(req, 'step')];
      const body = bodyOf(req.body as Record<string, string>);
      try {
        await board.call(completeStreetStepRoute, { params: { campaignId, streetId, step }, body, idempotencyKey: (req.body as Record<string, string>)._key });
        board.session.flash = { message: `「${isStepId(step) ? stepName(step, 'zh-CN') : step}」已提交。`, details: [] };
        res.redirect(303, paths.street(campaignId, streetId));
      } catch (err) {
        if (!formRefusal(err)) throw err;
        await streetPage(res, board, campaignId, streetId, err.status, formState(body, err));
      }
    }),
  );

  // ---------- a community ----------

  async function communityPage(res: Response, board: Board, campaignId: string, communityId: string, status: number, stepForm: FormState): Promise<void> {
    const community = await readCommunity(board, campaignId, communityId);
    const c = community.community;
    const body = html`<h1>${c.name}</h1>
${flashBox(takeFlash(board.session))}
${communityLive(community)}
${communityForm(board, community, stepForm, key())}
${await historySection(board, community)}`;
    const crumbs = [
      { href: paths.home, label: '首页' },
      ...(board.may(listCampaigns) ? [{ href: paths.campaign(campaignId), label: '活动总览' }] : []),
      { href: paths.street(campaignId, c.streetId), label: '街道' },
    ];
    send(res, status, layout({ title: c.name, session: board.session, crumbs, body }));
  }

  router.get(
    '/campaigns/:campaignId/communities/:communityId',
    page(async (req, res, board) => {
      const [campaignId, communityId] = [param(req, 'campaignId'), param(req, 'communityId')];
      if (req.query.part === 'live') return send(res, 200, communityLive(await readCommunity(board, campaignId, communityId)));
      await communityPage(res, board, campaignId, communityId, 200, emptyForm);
    }),
  );

  router.post(
    '/campaigns/:campaignId/communities/:communityId/steps/:step',
    form,
    post(async (req, res, board) => {
      const [campaignId, communityId, step] = [param(req, 'campaignId'), param(req, 'communityId'), param(req, 'step')];
      const body = finishBody(step, bodyOf(req.body as Record<string, string>));
      try {
        const state = await board.call<CommunityState>(completeCommunityStepRoute, {
          params: { campaignId, communityId, step },
          body,
          idempotencyKey: (req.body as Record<string, string>)._key,
        });
        board.session.flash = stepFlash(state, step);
        res.redirect(303, paths.community(campaignId, communityId));
      } catch (err) {
        if (!formRefusal(err)) throw err;
        await communityPage(res, board, campaignId, communityId, err.status, formState(body, err));
      }
    }),
  );

  return router;
}

/** What the page says after a step was taken: done, or a round recorded with the step still open; and its warnings. */
function stepFlash(state: CommunityState, step: string): Flash {
  const name = isStepId(step) ? stepName(step, 'zh-CN') : step;
  const done = state.steps.find((s) => s.step === step)?.status === 'done';
  const outcome = step === 'party-election' ? state.elections.party : step === 'residents-election' ? state.elections.residents : null;
  const message = done
    ? `「${name}」已提交。`
    : `「${name}」本轮结果已登记，尚未选满（空缺${outcome?.unfilled ?? 0}个${outcome?.reason ? `，${outcome.reason}` : ''}），请继续组织选举后登记。`;
  return { message, details: warningLines(state.warnings.filter((w) => w.step === step)) };
}
