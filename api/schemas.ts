/**
 * The API's own schemas: path parameters, list queries, and the answers' shapes for the
 * OpenAPI document. Request bodies are domain/'s schemas, the same the workflows apply.
 * Answers are typed against domain/states.ts, so a field added there fails to compile here
 * until the document says it too.
 */
import { z } from 'zod';
import {
  COMMUNITY_STEPS,
  ELECTION_METHODS,
  NOTIFICATION_KINDS,
  PARTY_ORGANISATIONS,
  RULE_IDS,
  STEPS,
  STREET_STEPS,
  campaignIdSchema,
  deadlineMoveSchema,
  placeIdSchema,
  stepBodySchemas,
  type CampaignSummary,
  type CommunityState,
  type Outcome,
  type StepId,
  type StepState,
  type StreetState,
} from '../domain';
import type { DeadlineMoveRecord } from '../workflows/definitions';

// ---------- path parameters ----------

export const campaignParams = z.strictObject({ campaignId: campaignIdSchema });
export const streetParams = campaignParams.extend({ streetId: placeIdSchema });
export const communityParams = campaignParams.extend({ communityId: placeIdSchema });
export const streetStepParams = streetParams.extend({ step: z.enum(STREET_STEPS) });
export const communityStepParams = communityParams.extend({ step: z.enum(COMMUNITY_STEPS) });

// ---------- queries ----------

const flag = z.enum(['true', 'false']);

export const communityListQuery = z.strictObject({
  street: placeIdSchema.optional(),
  /** A community's current step: where it stands. */
  step: z.enum([...STEPS, 'done']).optional(),
  overdue: flag.optional(),
  atRisk: flag.optional(),
  /** Communities whose election failed or left seats empty after the runoff. */
  reelectionRequired: flag.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /** `next` of the previous page, as given. */
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,4096}$/, { error: 'expected the next cursor of a previous page' })
    .optional(),
});
export type CommunityListQuery = z.output<typeof communityListQuery>;

// ---------- answers ----------

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), rule: z.string().optional(), message: z.string(), zh: z.string().optional() })).optional(),
});

const stepStateSchema: z.ZodType<StepState> = z.object({
  step: z.enum(STEPS),
  due: z.string(),
  status: z.enum(['waiting', 'open', 'done']),
  overdue: z.boolean(),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  evidence: z.unknown(),
  remindersSent: z.int(),
  escalationLevel: z.int(),
});

const outcomeSchema: z.ZodType<Outcome> = z.object({
  valid: z.boolean(),
  reason: z.string().optional(),
  elected: z.array(z.string()),
  unfilled: z.int(),
  rounds: z.int(),
  vacancies: z.int(),
  womenElected: z.int(),
  firstRoundVotes: z.record(z.string(), z.int()).optional(),
  runoffRequired: z.boolean().optional(),
  reelectionRequired: z.boolean().optional(),
});

const currentSchema = z.enum([...STEPS, 'done']);

export const communityStateSchema: z.ZodType<CommunityState> = z.object({
  campaignId: z.string(),
  /** The street's workflow, which holds the community: find its history in Temporal's Web UI. */
  workflowId: z.string(),
  streetId: z.string(),
  communityId: z.string(),
  name: z.string(),
  method: z.enum(ELECTION_METHODS).nullable(),
  current: currentSchema,
  atRisk: z.boolean(),
  turnout: z.number().nullable(),
  ballots: z.object({ registered: z.int(), cast: z.int() }).nullable(),
  /** Representative assemblies: representatives present over representatives (not turnout). */
  attendance: z.number().nullable(),
  partyOrganisation: z.enum(PARTY_ORGANISATIONS),
  steps: z.array(stepStateSchema),
  elections: z.object({ party: outcomeSchema.nullable(), residents: outcomeSchema.nullable() }),
  warnings: z.array(z.object({ step: z.enum(STEPS), path: z.string(), rule: z.enum(RULE_IDS), message: z.string(), zh: z.string() })),
  reelectionRequired: z.boolean(),
});

export const streetStateSchema: z.ZodType<StreetState> = z.object({
  campaignId: z.string(),
  streetId: z.string(),
  name: z.string(),
  current: currentSchema,
  atRisk: z.boolean(),
  turnout: z.number().nullable(),
  steps: z.array(stepStateSchema),
  communities: z.array(z.string()),
  mailFailures: z.array(
    z.object({ key: z.string(), kind: z.enum(NOTIFICATION_KINDS), address: z.string(), code: z.int().optional(), message: z.string(), at: z.int() }),
  ),
});

const stepCounts = z.object({ done: z.int(), open: z.int(), overdue: z.int() });

export const campaignSummarySchema: z.ZodType<CampaignSummary> = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['running', 'completed']),
  steps: z.record(z.enum(STEPS), stepCounts),
  streets: z.array(
    z.object({ id: z.string(), name: z.string(), communities: z.int(), done: z.int(), overdue: z.int(), atRisk: z.int() }),
  ),
  turnout: z.object({ registered: z.int(), cast: z.int(), rate: z.number().nullable() }),
});

export const campaignCreatedSchema = z.object({ id: z.string() });

export const campaignListSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), status: z.enum(['running', 'completed']) })),
});

export const communityListSchema = z.object({
  items: z.array(communityStateSchema),
  total: z.int(),
  /** The cursor of the next page; absent on the last. */
  next: z.string().optional(),
});

export const deadlineMoveRecordSchema: z.ZodType<DeadlineMoveRecord> = z.intersection(
  deadlineMoveSchema,
  z.object({ dueAt: z.int(), by: z.string(), at: z.string() }),
);

export const timelineEventSchema = z.object({
  id: z.string(),
  time: z.string(),
  type: z.string(),
  summary: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const historySchema = z.object({ events: z.array(timelineEventSchema) });

export const policyPackListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      region: z.string(),
      effectiveFrom: z.string(),
      numbers: z.array(z.object({ name: z.string(), value: z.unknown(), source: z.string() })),
    }),
  ),
});

export const healthSchema = z.object({ status: z.literal('ok') });

/** The body schemas of `steps`, by step: what a step route documents and validates. */
export const stepBodiesOf = (steps: readonly StepId[]): Readonly<Record<string, z.ZodType>> =>
  Object.fromEntries(steps.map((step) => [step, stepBodySchemas[step]]));
