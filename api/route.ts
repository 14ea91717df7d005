/**
 * A route is declared once, as data: its path, who may call it, the zod schemas of its
 * parameters, query and body, and its answers. The same declaration mounts it on express
 * (validation, auth, body limit) and writes its part of the OpenAPI document, so the
 * document cannot drift from what the API accepts.
 */
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { authenticate, authorize, ensureRole, type Principal, type SessionPrincipal, type Role, type TokenVerifier } from './auth';
import { invalid, Problem } from './problem';
import type { CursorSeal } from './cursor';
import type { TemporalTimings } from './request-log';
import type { Temporal } from './temporal';

type Output<S> = S extends z.ZodType ? z.output<S> : unknown;
type ParamsSchema = z.ZodObject<Record<string, z.ZodType<string>>>;

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Who calls; public routes have no caller and do not read it. */
  principal: Principal;
  /** The validated Idempotency-Key header, on routes that accept one. */
  idempotencyKey: string | undefined;
  temporal: Temporal;
  cursors: CursorSeal;
}

export interface RouteSpec<P extends ParamsSchema | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined> {
  method: 'get' | 'post';
  /** The OpenAPI operationId. */
  id: string;
  /** OpenAPI style, below /api: `/campaigns/{campaignId}`. */
  path: string;
  summary: string;
  /** Who may call it; 'public' needs no token. */
  access: readonly Role[] | 'public';
  /** Path parameters; a value that fails its schema names nothing that exists (404). */
  params?: P;
  query?: Q;
  body?: B;
  /** For step routes: the body's schema is the one of the `step` path parameter. */
  bodyByStep?: Readonly<Record<string, z.ZodType>>;
  /** express.json's limit for this route's body. */
  bodyLimit?: string;
  /** Accepts an Idempotency-Key header. */
  idempotent?: boolean;
  success: { status: number; description: string; schema?: z.ZodType };
  /** Statuses this route answers besides those its declaration implies (auth, validation, 503). */
  errors: number[];
  handle(ctx: RouteContext<Output<P>, Output<Q>, Output<B>>): Promise<unknown>;
}

export type Route = RouteSpec<ParamsSchema | undefined, z.ZodType | undefined, z.ZodType | undefined>;

/** Keeps the handler's context typed by the route's own schemas. */
export function defineRoute<P extends ParamsSchema | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  spec: RouteSpec<P, Q, B>,
): Route {
  return spec as unknown as Route;
}

export const defaultBodyLimit = '1mb';

export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, {
  error: 'expected 1-128 letters, digits or . _ : -',
});

export interface MountDeps {
  verifier: TokenVerifier;
  rateLimit: RequestHandler;
  temporal: Temporal;
  cursors: CursorSeal;
  sessionPrincipal?: SessionPrincipal;
}

const expressPath = (path: string) => `/api${path.replace(/\{(\w+)\}/g, ':$1')}`;

function parsePathParams(schema: ParamsSchema | undefined, raw: Record<string, string>): Record<string, string> | undefined {
  if (!schema) return undefined;
  for (const [name, value] of Object.entries(raw)) {
    const field = schema.shape[name];
    if (field && !field.safeParse(value).success) throw new Problem(404, `There is no ${name} '${value}'.`);
  }
  return schema.parse(raw);
}

function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) throw invalid('The Idempotency-Key header is malformed.', parsed.error.issues, ['Idempotency-Key']);
  return parsed.data;
}

export function mount(router: Router, route: Route, deps: MountDeps): void {
  const handlers: RequestHandler[] = [
    (_req, res, next) => {
      res.locals.route = `/api${route.path}`;
      next();
    },
  ];
  if (route.access !== 'public') handlers.push(authenticate(deps.verifier, deps.sessionPrincipal), deps.rateLimit, authorize(route.access));
  if (route.body || route.bodyByStep) handlers.push(express.json({ limit: route.bodyLimit ?? defaultBodyLimit }));
  handlers.push(async (req, res) => {
    const result = await invokeRoute(route, {
      params: req.params as Record<string, string>,
      query: req.query,
      body: req.body,
      principal: res.locals.principal as Principal,
      idempotencyKey: req.get('idempotency-key'),
      temporal: deps.temporal.timedBy(res.locals.timings as TemporalTimings),
      cursors: deps.cursors,
    });
    res.status(route.success.status).json(result);
  });
  router[route.method](expressPath(route.path), ...handlers);
}

/** A request to a route as it arrives, before validation. */
export interface RouteCall {
  params?: Record<string, string>;
  query?: unknown;
  body?: unknown;
  principal: Principal;
  idempotencyKey?: string;
  temporal: Temporal;
  cursors: CursorSeal;
}

/**
 * Validates a call and runs the route's handler: what the API does once a caller is known,
 * and what the board does for its signed-in user, so both check and act alike.
 */
export async function invokeRoute(route: Route, call: RouteCall): Promise<unknown> {
  if (route.access !== 'public') ensureRole(call.principal, route.access);
  const params = parsePathParams(route.params, call.params ?? {});
  const query = route.query?.safeParse(call.query ?? {});
  if (query && !query.success) throw invalid('The query does not match its schema.', query.error.issues);
  const bodySchema = route.body ?? route.bodyByStep?.[params?.step ?? ''];
  const body = bodySchema?.safeParse(call.body);
  if (body && !body.success) throw invalid('The body does not match its schema.', body.error.issues);
  return route.handle({
    params,
    query: query?.data,
    body: body?.data,
    principal: call.principal,
    idempotencyKey: route.idempotent ? parseIdempotencyKey(call.idempotencyKey) : undefined,
    temporal: call.temporal,
    cursors: call.cursors,
  });
}
