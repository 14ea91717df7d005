/**
 * A route is declared once, as data: its path, who may call it, the zod schemas of its
 * parameters, query and body, and its answers. The same declaration mounts it on express
 * (validation, auth, body limit) and writes its part of the OpenAPI document, so the
 * document cannot drift from what the API accepts.
 */
import { createHash } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { authenticate, authorize, ensureRole, type Principal, type SessionPrincipal, type Role, type TokenVerifier } from './auth';
import { invalid, Problem } from './problem';
import type { CursorSeal } from './cursor';
import type { RequestNotes, TemporalTimings } from './request-log';
import type { Temporal } from './temporal';
import { XLSX_TYPE } from './spreadsheets/layout';
import type { Upload } from './spreadsheets/parse';

type Output<S> = S extends z.ZodType ? z.output<S> : unknown;
type ParamsSchema = z.ZodObject<Record<string, z.ZodType<string>>>;

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Who calls; public routes have no caller and do not read it. */
  principal: Principal;
  /** The Idempotency-Key header, on routes that accept one and when it is given. */
  idempotency: Idempotency | undefined;
  temporal: Temporal;
  cursors: CursorSeal;
  /** Added to this request's log line. */
  notes: RequestNotes;
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
  /** A POST that changes nothing (the codec): the board's session may call it, like a GET. */
  readOnly?: boolean;
  /** Also takes a filled spreadsheet template (XLSX) as the body, read into the JSON body. */
  spreadsheet?: (file: Buffer, params: Record<string, string> | undefined) => Promise<Upload>;
  /** Accepts an Idempotency-Key header. */
  idempotent?: boolean;
  /** `media`: a file's type, for routes that answer a `Download` instead of JSON. */
  success: { status: number; description: string; schema?: z.ZodType; media?: string };
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
/** An uploaded workbook; what it inflates to is capped apart (spreadsheets/zip.ts). */
export const spreadsheetLimit = '16mb';

/** A file to download rather than JSON. */
export class Download {
  constructor(
    readonly media: string,
    readonly filename: string,
    readonly content: Buffer | string,
  ) {}
}

export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, {
  error: 'expected 1-128 letters, digits or . _ : -',
});

/**
 * An Idempotency-Key as the caller meant it: theirs alone, and for this very request. The
 * update id carries both, so that Temporal answers a retry with the first answer, while the
 * same key from another caller, or with another body, is a request of its own, which the
 * workflow refuses as already done or, for a deadline move, as a reused key (409).
 */
export interface Idempotency {
  /** `<token name>:<key>`. */
  key: string;
  /** SHA-256 of the request's path and body (JSON with sorted keys). */
  digest: string;
  /** `<key>:<digest>`: the Temporal update id. */
  updateId: string;
}

/** JSON with every object's keys sorted: equal values, equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface MountDeps {
  verifier: TokenVerifier;
  rateLimit: RequestHandler;
  temporal: Temporal;
  cursors: CursorSeal;
  sessionPrincipal?: SessionPrincipal;
}

/**
 * A `__proto__` key is never an id: zod's records drop it silently, so a vote or a method under
 * it would vanish from a body the API answers 200. Refused as malformed JSON instead (400).
 */
function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('"__proto__" is not allowed as a key');
  return value;
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

function parseIdempotency(header: string | undefined, principal: Principal, path: string, body: unknown): Idempotency | undefined {
  if (header === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) throw invalid('The Idempotency-Key header is malformed.', parsed.error.issues, ['Idempotency-Key']);
  const key = `${principal.name}:${parsed.data}`;
  const digest = createHash('sha256').update(canonicalJson([path, body])).digest('hex');
  return { key, digest, updateId: `${key}:${digest}` };
}

export function mount(router: Router, route: Route, deps: MountDeps): void {
  const handlers: RequestHandler[] = [
    (_req, res, next) => {
      res.locals.route = `/api${route.path}`;
      next();
    },
  ];
  const session = route.method === 'get' || route.readOnly ? deps.sessionPrincipal : undefined;
  if (route.access !== 'public') handlers.push(authenticate(deps.verifier, session), deps.rateLimit, authorize(route.access));
  if (route.body || route.bodyByStep) handlers.push(express.json({ limit: route.bodyLimit ?? defaultBodyLimit, reviver: refuseProtoKeys }));
  if (route.spreadsheet) handlers.push(express.raw({ type: XLSX_TYPE, limit: spreadsheetLimit }));
  handlers.push(async (req, res) => {
    const result = await invokeRoute(route, {
      params: req.params as Record<string, string>,
      query: req.query,
      body: req.body,
      principal: res.locals.principal as Principal,
      idempotencyKey: req.get('idempotency-key'),
      path: req.path,
      temporal: deps.temporal.timedBy(res.locals.timings as TemporalTimings),
      cursors: deps.cursors,
      notes: res.locals.notes as RequestNotes,
    });
    if (result instanceof Download) res.status(route.success.status).type(result.media).attachment(result.filename).send(result.content);
    else res.status(route.success.status).json(result);
  });
  router[route.method](expressPath(route.path), ...handlers);
}

/** A request to a route as it arrives, before validation. */
export interface RouteCall {
  params?: Record<string, string>;
  query?: unknown;
  /** JSON, or a filled spreadsheet template on a route that takes one. */
  body?: unknown;
  principal: Principal;
  idempotencyKey?: string;
  /** The request's path, which an Idempotency-Key is bound to with the body. */
  path?: string;
  temporal: Temporal;
  cursors: CursorSeal;
  notes?: RequestNotes;
}

/**
 * Validates a call and runs the route's handler: what the API does once a caller is known,
 * and what the board does for its signed-in user, so both check and act alike.
 */
export async function invokeRoute(route: Route, call: RouteCall): Promise<unknown> {
  if (route.access !== 'public') ensureRole(call.principal, route.access);
  const params = parsePathParams(route.params, call.params ?? {});
  const upload = route.spreadsheet && Buffer.isBuffer(call.body) ? await route.spreadsheet(call.body, params) : undefined;
  try {
    const query = route.query?.safeParse(call.query ?? {});
    if (query && !query.success) throw invalid('The query does not match its schema.', query.error.issues);
    const bodySchema = route.body ?? route.bodyByStep?.[params?.step ?? ''];
    const body = bodySchema?.safeParse(upload ? upload.body : call.body);
    const issues = body && !body.success ? body.error.issues : [];
    // An upload's every mistake is answered at once: the cells it could not read, and the schema's.
    if (issues.length || upload?.errors.length) throw invalid('The body does not match its schema.', issues);
    return await route.handle({
      params,
      query: query?.data,
      body: body?.data,
      principal: call.principal,
      idempotency: route.idempotent ? parseIdempotency(call.idempotencyKey, call.principal, call.path ?? '', body?.data) : undefined,
      temporal: call.temporal,
      cursors: call.cursors,
      notes: call.notes ?? {},
    });
  } catch (err) {
    throw upload && err instanceof Problem ? upload.locate(err) : err;
  }
}
