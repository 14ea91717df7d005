/**
 * Step bookkeeping shared by the street and community workflows: what an update validator
 * refuses (by error type, which the API maps to a status) and how a completion is recorded.
 * Validators run before anything reaches history, so a refused step leaves no trace.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { dueInstant, type StepBody, type StepId, type StepRecord, type Violation } from '../domain';
import { StepErrors } from './definitions';
import { checkStepBody, type FieldError } from './validation';

export function refuse(type: string, message: string, errors: (FieldError | Violation)[] = []): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true, details: [errors] });
}

export function parseStepBody<S extends StepId>(step: S, body: unknown): StepBody<S> {
  const checked = checkStepBody(step, body);
  if (!checked.ok) refuse(StepErrors.invalidBody, `the ${step} body does not match its schema`, checked.errors);
  return checked.value;
}

/** The record of a step that may be completed now, or a refusal (404 unknown, 409 waiting or done). */
export function openRecord(records: StepRecord[], step: StepId, waitingFor: () => string): StepRecord {
  const record = records.find((r) => r.step === step);
  if (!record) refuse(StepErrors.notFound, `${step} is not a step here`);
  if (record.status === 'done') refuse(StepErrors.conflict, `${step} is already done`);
  if (record.status === 'waiting') refuse(StepErrors.conflict, `${step} is not open yet: it waits for ${waitingFor()}`);
  return record;
}

export function refuseViolations(step: StepId, violations: Violation[]): void {
  if (violations.length > 0) refuse(StepErrors.ruleViolation, `${step} breaks ${violations.length} rule(s)`, violations);
}

/** Records the completion and opens the next step, if `opens` allows it. */
export function completeStep(records: StepRecord[], record: StepRecord, by: string, evidence: unknown, opens = true): void {
  Object.assign(record, { status: 'done', completedAt: new Date().toISOString(), completedBy: by, evidence });
  const next = records[records.indexOf(record) + 1];
  if (next && opens) next.status = 'open';
}

export function initialRecords(steps: readonly StepId[], calendar: Record<StepId, string>, timezone: string): StepRecord[] {
  return steps.map((step) => ({
    step,
    due: calendar[step],
    dueAt: dueInstant(calendar[step], timezone),
    status: 'waiting',
    completedAt: null,
    completedBy: null,
    evidence: null,
  }));
}
