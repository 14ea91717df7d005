/**
 * RFC 9457 problem+json, the one error shape of ../shared/API.md. Routes throw a Problem;
 * the error handler turns it, and every error express or Temporal raises, into a response.
 */
import type { ErrorRequestHandler, Response } from 'express';
import type { z } from 'zod';
import { isGrpcServiceError } from '@temporalio/client';
import { status as grpcStatus } from '@grpc/grpc-js';

export interface ProblemError {
  path: string;
  rule?: string;
  message: string;
  /** A rule's message in Simplified Chinese (the board shows it). */
  zh?: string;
}

export const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: ProblemError[],
    /** Response headers that go with it (WWW-Authenticate, Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/** A 400 naming each field zod refused, paths joined with '.' (the body's root is ''). */
export function invalid(detail: string, issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): Problem {
  return new Problem(
    400,
    detail,
    issues.map((issue) => ({ path: [...prefix, ...issue.path].map(String).join('.'), message: issue.message })),
  );
}

export function sendProblem(res: Response, problem: Problem): void {
  res
    .status(problem.status)
    // API.md: every 503 says when to retry.
    .set(problem.status === 503 ? { 'Retry-After': '2', ...problem.headers } : problem.headers)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: titles[problem.status] ?? 'Error',
      status: problem.status,
      detail: problem.detail,
      ...(problem.errors ? { errors: problem.errors } : {}),
    });
}

/**
 * Temporal did not answer in time, or not at all: the request did nothing. A deadline that
 * passes while the client backs off between retries (a busy workflow refused a query) ends
 * the call as CANCELLED rather than DEADLINE_EXCEEDED.
 */
export function isTemporalUnavailable(err: unknown): boolean {
  const cause = err instanceof Error && err.cause ? err.cause : err;
  if (!isGrpcServiceError(cause)) return false;
  return [grpcStatus.UNAVAILABLE, grpcStatus.DEADLINE_EXCEEDED, grpcStatus.CANCELLED].includes(cause.code);
}

export const temporalUnavailable = () => new Problem(503, 'Temporal is unreachable; the request did nothing. Retry later.');

/**
 * Temporal refused the request before doing anything: over one of its limits (rate,
 * payload or history size) is a 503 to retry later, an argument it finds invalid a 400.
 */
export function temporalRefusal(err: unknown): Problem | undefined {
  const cause = err instanceof Error && err.cause ? err.cause : err;
  if (!isGrpcServiceError(cause)) return undefined;
  if (cause.code === grpcStatus.RESOURCE_EXHAUSTED) {
    return new Problem(503, `Temporal refused the request as over one of its limits (${cause.details}); it did nothing. Retry later.`);
  }
  if (cause.code === grpcStatus.INVALID_ARGUMENT) {
    return new Problem(400, `Temporal refused the request as invalid (${cause.details}); it did nothing.`);
  }
  return undefined;
}

/** body-parser marks its own errors with an http status and a type. */
interface HttpError extends Error {
  status?: number;
  type?: string;
}

export const problemHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  if (err instanceof Problem) return sendProblem(res, err);
  if (isTemporalUnavailable(err)) return sendProblem(res, temporalUnavailable());
  const httpError = err as HttpError;
  if (httpError.type === 'entity.parse.failed') {
    return sendProblem(res, new Problem(400, 'The body is not valid JSON.', [{ path: '', message: httpError.message }]));
  }
  if (typeof httpError.status === 'number' && httpError.status >= 400 && httpError.status < 500) {
    return sendProblem(res, new Problem(httpError.status, httpError.message));
  }
  console.error('unexpected error', err);
  sendProblem(res, new Problem(500, 'An unexpected error occurred; it has been logged.'));
};
