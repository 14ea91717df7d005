/**
 * The contract between huanjie's workflows and their callers (the API, and each other):
 * workflow ids, inputs, and every update, query and signal. Both sides import these
 * objects, so a message's name and types live in exactly one place.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { resolvePolicy } from '../domain/policy';
import type {
  CampaignDefinition,
  CampaignSummary,
  CommunityRecord,
  CommunityState,
  DeadlineMove,
  DeadlineTrackerState,
  ElectionMethod,
  MailFailure,
  NotificationItem,
  Policy,
  StepCounts,
  StepId,
  StepRecord,
  Street,
  StreetState,
  WarningItem,
} from '../domain';

// ---------- ids: derived from campaign, street and community ids only, never personal data ----------

export const campaignWorkflowId = (campaignId: string) => `campaign/${campaignId}`;
export const streetWorkflowId = (campaignId: string, streetId: string) => `campaign/${campaignId}/street/${streetId}`;
export const communityWorkflowId = (campaignId: string, communityId: string) =>
  `campaign/${campaignId}/community/${communityId}`;
/** The short-lived child that tells the streets of one deadline move. */
export const moveFanoutWorkflowId = (campaignId: string, moveId: string) => `campaign/${campaignId}/move/${moveId}`;

// ---------- shared shapes ----------

/**
 * What every workflow of a campaign knows of it: the definition without the streets, and the
 * policy its packs and overrides resolved to when it started (a later release's packs never
 * change the rules under a running campaign).
 */
export type CampaignContext = Omit<CampaignDefinition, 'streets'> & { effectivePolicy: Policy };

/** A completion posted by a street office. `body` is validated by the step's schema in the validator. */
export interface StepSubmission {
  step: StepId;
  body: unknown;
  /** The name of the token that posted it. */
  by: string;
}

/** A coordinator's deadline move as recorded and forwarded down the tree. */
export interface DeadlineMoveRecord extends DeadlineMove {
  dueAt: number;
  by: string;
  /** ISO 8601 instant of the move. */
  at: string;
}

export interface DeadlineMoveRequest {
  move: DeadlineMove;
  by: string;
  /** The caller's Idempotency-Key (scoped to them) and the digest of the request it was given for. */
  idempotency?: { key: string; digest: string };
}

/**
 * What a street's steps escalate to the coordinators at one escalation time. The street
 * sends it at that time; the campaign gathers every street's for the same time into one digest.
 */
export interface Escalation {
  streetId: string;
  /** Epoch ms of the escalation time (the same for every step due at the same instant). */
  at: number;
  items: { communityId?: string; communityName?: string; step: StepId; dueAt: number }[];
}

/** A street's counts and late steps; sent to the campaign whenever they change. */
export interface StreetReport {
  streetId: string;
  communities: number;
  done: number;
  overdue: number;
  atRisk: number;
  steps: Partial<Record<StepId, StepCounts>>;
  registered: number;
  cast: number;
  completed: boolean;
  /** Permanent mail failures not yet reported to the coordinators. */
  failures: MailFailure[];
  /** Warnings of accepted steps not yet reported to the coordinators. */
  warnings: WarningItem[];
}

/**
 * A campaign starts with the streets of its definition; a definition too large for one
 * workflow input (Temporal's 2 MB) brings the rest in chunks through `addStreets`, and
 * `streetCount` says how many streets there are in all.
 */
export interface CampaignInput {
  definition: CampaignDefinition;
  /** Resolved by whoever starts the campaign (`campaignInput`). */
  effectivePolicy: Policy;
  streetCount?: number;
  /** Carried across continue-as-new. */
  carried?: CampaignCarried;
}

export interface CampaignCarried {
  expected: number;
  started: number;
  streets: { id: string; name: string; communities: number; report: StreetReport | null }[];
  moves: DeadlineMoveRecord[];
  /**
   * The Idempotency-Keys of recent moves: Temporal forgets update ids at continue-as-new,
   * and a retry must find its move applied still.
   */
  moveKeys: { key: string; digest: string; record: DeadlineMoveRecord }[];
  /** Digests gathering the streets' escalations of one time, not yet sent. */
  digests: { at: number; items: NotificationItem[] }[];
  /** Escalation times whose digest has been sent (the most recent ones). */
  digested: number[];
  failures: MailFailure[];
  warnings: WarningItem[];
}

/** A campaign's input, its policy resolved now, once. */
export function campaignInput(definition: CampaignDefinition, streetCount?: number): CampaignInput {
  return {
    definition,
    effectivePolicy: resolvePolicy(definition.policy, definition.policyPacks).policy,
    ...(streetCount !== undefined && { streetCount }),
  };
}

/** Streets per `addStreets` chunk: a chunk's children are started within the update. */
export const maxStreetsPerChunk = 250;

export interface StreetInput {
  campaign: CampaignContext;
  street: Street;
  /** Streets in the whole campaign: how often this one may report to it. */
  streetCount?: number;
  carried?: StreetCarried;
}

/** What a street carries across continue-as-new; its deadline tracker's state among it. */
export interface StreetCarried extends DeadlineTrackerState {
  startedChildren: number;
  steps: StepRecord[];
  communities: CommunityRecord[];
  /** Recent permanent mail failures, shown in the street's state. */
  failures: MailFailure[];
  /** Failures not yet sent to the campaign for the coordinators' digest. */
  unreportedFailures: MailFailure[];
  /** Warnings of its communities' steps not yet sent to the campaign for the digest. */
  unreportedWarnings: WarningItem[];
}

export interface CommunityInput {
  campaign: CampaignContext;
  record: CommunityRecord;
}

// ---------- errors an update validator throws, by ApplicationFailure type (the API's status) ----------

export const StepErrors = {
  /** The body does not match the step's schema (400). */
  invalidBody: 'InvalidStepBody',
  /** Unknown street, community or step (404). */
  notFound: 'NotFound',
  /** The step is not open yet, or already done (409). */
  conflict: 'StepConflict',
  /** The workflow cannot take this now (it is about to continue as new): retry shortly. */
  busy: 'Busy',
  /**
   * A community's first step before the community has heard its street's election plan (409).
   * The plan reaches it by signal a moment after the plan's update: the API waits for it.
   */
  awaitingPlan: 'AwaitingPlan',
  /** Well-formed but breaks a rule; details hold the violations (422). */
  ruleViolation: 'RuleViolation',
} as const;

// ---------- messages ----------

export const completeCommunityStep = defineUpdate<CommunityRecord, [StepSubmission]>('completeCommunityStep');
export const completeStreetStep = defineUpdate<StreetState, [StepSubmission]>('completeStreetStep');
export const moveDeadline = defineUpdate<DeadlineMoveRecord, [DeadlineMoveRequest]>('moveDeadline');
/** More streets of a campaign whose definition came in chunks; answers how many it has of how many. */
export const addStreets = defineUpdate<{ received: number; expected: number }, [Street[]]>('addStreets');

export const communityRecordQuery = defineQuery<CommunityRecord>('communityRecord');
export const streetStateQuery = defineQuery<StreetState>('streetState');
/** The street's view of its communities (all, or the ids given), deadline fields included. */
export const communityStatesQuery = defineQuery<CommunityState[], [string[]?]>('communityStates');
/** What every workflow of the campaign knows of it, its effective policy included. */
export const campaignContextQuery = defineQuery<CampaignContext>('campaignContext');
/** The campaign summary; with a street id, only that street's part of it (for a street's token). */
export const campaignSummaryQuery = defineQuery<CampaignSummary, [string?]>('campaignSummary');

/** Street → community: the election plan fixed the method; the community's steps open. */
export const planDecidedSignal = defineSignal<[ElectionMethod]>('planDecided');
/** Community → street: the community's record changed. */
export const communityChangedSignal = defineSignal<[CommunityRecord]>('communityChanged');
/** Campaign → street → community. */
export const deadlineMovedSignal = defineSignal<[DeadlineMoveRecord]>('deadlineMoved');
/** Street → community: its current step became overdue or at risk, or stopped being. */
export const deadlineFlagsSignal = defineSignal<[CommunityRecord['flags']]>('deadlineFlags');
/** Street → campaign: counts, when they change. */
export const streetReportSignal = defineSignal<[StreetReport]>('streetReport');
/** Street → campaign: what escalates to the coordinators now. */
export const escalationSignal = defineSignal<[Escalation]>('escalation');
