/**
 * The contract between huanjie's workflows and their callers (the API, and each other):
 * workflow ids, inputs, and every update, query and signal. Both sides import these
 * objects, so a message's name and types live in exactly one place.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CampaignDefinition,
  CampaignSummary,
  CommunityRecord,
  CommunityState,
  DeadlineMove,
  ElectionMethod,
  MailFailure,
  StepCounts,
  StepId,
  StepRecord,
  Street,
  StreetState,
} from '../domain';

// ---------- ids: derived from campaign, street and community ids only, never personal data ----------

export const campaignWorkflowId = (campaignId: string) => `campaign/${campaignId}`;
export const streetWorkflowId = (campaignId: string, streetId: string) => `campaign/${campaignId}/street/${streetId}`;
export const communityWorkflowId = (campaignId: string, communityId: string) =>
  `campaign/${campaignId}/community/${communityId}`;

// ---------- shared shapes ----------

/** What every workflow of a campaign knows of it: the definition without the streets. */
export type CampaignContext = Omit<CampaignDefinition, 'streets'>;

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
}

/** One late step, as a street reports it to the campaign for the coordinators' digest. */
export interface OverdueItem {
  communityId?: string;
  communityName?: string;
  step: StepId;
  dueAt: number;
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
  overdueItems: OverdueItem[];
  /** Permanent mail failures not yet reported to the coordinators. */
  failures: MailFailure[];
}

export interface CampaignInput {
  definition: CampaignDefinition;
  /** Carried across continue-as-new. */
  carried?: CampaignCarried;
}

export interface CampaignCarried {
  started: number;
  streets: { id: string; name: string; communities: number; report: StreetReport | null }[];
  moves: DeadlineMoveRecord[];
  lastDigestAt: number;
  failures: MailFailure[];
}

export interface StreetInput {
  campaign: CampaignContext;
  street: Street;
  carried?: StreetCarried;
}

export interface StreetCarried {
  startedChildren: number;
  steps: StepRecord[];
  communities: CommunityRecord[];
  /** By `${unit}/${step}`; kept after the step is done, for its reminder count and escalation level. */
  tracks: Record<string, DeadlineTrack>;
  /** The overdue and at-risk flags last published per unit (search attributes, community signals). */
  flags: Record<string, { overdue: boolean; atRisk: boolean }>;
  /** Recent permanent mail failures, shown in the street's state. */
  failures: MailFailure[];
  /** Failures not yet sent to the campaign for the coordinators' digest. */
  unreportedFailures: MailFailure[];
}

/** The deadline of one unit's current step (the street's own, or a community's). */
export interface DeadlineTrack {
  step: StepId;
  dueAt: number;
  /** Events at or before this instant have been handled. */
  handledUntil: number;
  remindersSent: number;
  escalationLevel: number;
  overdue: boolean;
  atRisk: boolean;
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
  /** Well-formed but breaks a rule; details hold the violations (422). */
  ruleViolation: 'RuleViolation',
} as const;

// ---------- messages ----------

export const completeCommunityStep = defineUpdate<CommunityRecord, [StepSubmission]>('completeCommunityStep');
export const completeStreetStep = defineUpdate<StreetState, [StepSubmission]>('completeStreetStep');
export const moveDeadline = defineUpdate<DeadlineMoveRecord, [DeadlineMoveRequest]>('moveDeadline');

export const communityRecordQuery = defineQuery<CommunityRecord>('communityRecord');
export const streetStateQuery = defineQuery<StreetState>('streetState');
/** The street's view of its communities (all, or the ids given), deadline fields included. */
export const communityStatesQuery = defineQuery<CommunityState[], [string[]?]>('communityStates');
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
/** Street → campaign. */
export const streetReportSignal = defineSignal<[StreetReport]>('streetReport');
