/**
 * A request id on every response and one structured log line per request. The line names
 * the route pattern, never the path or the body: ids in paths are harmless, but what a
 * client sends may hold personal names.
 *
 * Every response also says in `Server-Timing` how long it waited on Temporal, so a slow
 * answer tells its client (and the benchmark's profile) whether the time went to Temporal
 * or to the API itself.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Principal } from './auth';

/** Milliseconds one request spent waiting on Temporal, by kind of call. */
export interface TemporalTimings {
  /** Starts, queries, describes, lists. */
  call: number;
  /** Updates, until the workflow has validated and applied them. */
  update: number;
}

function serverTiming(timings: TemporalTimings, totalMs: number): string {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return `temporal-call;dur=${round(timings.call)}, temporal-update;dur=${round(timings.update)}, total;dur=${round(totalMs)}`;
}

/** What a route adds to its request's line (`RouteContext.notes`): counts, never content. */
export interface RequestNotes {
  /** Payloads a codec request decoded or encoded. */
  payloads?: number;
}

export interface RequestLogEntry extends RequestNotes {
  time: string;
  requestId: string;
  method: string;
  /** The route pattern, e.g. `/api/campaigns/{campaignId}`; null when no route matched. */
  route: string | null;
  status: number;
  ms: number;
  token: string | null;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

export const jsonLogger: RequestLogger = (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`);

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(log: RequestLogger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const given = req.get('x-request-id');
    const requestId = given && requestIdPattern.test(given) ? given : randomUUID();
    res.set('X-Request-Id', requestId);
    const timings: TemporalTimings = { call: 0, update: 0 };
    res.locals.timings = timings;
    const notes: RequestNotes = {};
    res.locals.notes = notes;
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: unknown[]) {
      this.setHeader('Server-Timing', serverTiming(timings, Number(process.hrtime.bigint() - started) / 1e6));
      return (writeHead as (...a: unknown[]) => typeof res).apply(this, args);
    } as typeof res.writeHead;
    res.on('finish', () => {
      log({
        time: new Date().toISOString(),
        requestId,
        method: req.method,
        route: (res.locals.route as string | undefined) ?? null,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        token: (res.locals.principal as Principal | undefined)?.name ?? null,
        ...notes,
      });
    });
    next();
  };
}
