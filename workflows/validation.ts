/**
 * The schemas behind the update validators, one copy per worker.
 *
 * The SDK evaluates a workflow's modules once per workflow (each keeps its own module
 * state), and the domain's zod schemas were most of what a cached workflow cost: about
 * 1 MiB of 1.1. The worker preloads this module (`preloadModules`, worker/worker.ts), so it
 * and the domain are evaluated once, before any workflow, and shared by all. The SDK
 * deep-freezes what preloaded modules export, and zod completes a schema on its first use
 * and resets its patterns' `lastIndex`, which a frozen schema refuses: these schemas are a
 * copy of their own, which no export reaches.
 */
import type { z } from 'zod';
import { buildUpdateSchemas, type DeadlineMove, type StepBody, type StepId } from '../domain';

const { stepBodySchemas, deadlineMoveSchema } = buildUpdateSchemas();

export interface FieldError {
  path: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

function checked<T>(result: z.ZodSafeParseResult<T>): Checked<T> {
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
}

export function checkStepBody<S extends StepId>(step: S, body: unknown): Checked<StepBody<S>> {
  return checked(stepBodySchemas[step].safeParse(body) as z.ZodSafeParseResult<StepBody<S>>);
}

export function checkDeadlineMove(move: unknown): Checked<DeadlineMove> {
  return checked(deadlineMoveSchema.safeParse(move));
}
