/**
 * The contract between huanjie's workflows and their callers (the API, and each other):
 * workflow ids, inputs, and every update, query and signal. Both sides import these
 * objects, so a message's name and types live in exactly one place.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { resolvePolicy } from '../domain/policy';
import type {
  CampaignDefinition,
  CommunityRecord,
  CommunityState,
  DeadlineMove,
  DeadlineTrackerState,
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
/** A street's workflow: its own steps, its communities' steps and every deadline of them. */
export const streetWorkflowId = (campaignId: string, streetId: string) => `campaign/${campaignId}/street/${streetId}`;
/** The short-lived child that tells the streets of one deadline move. */
export const moveFanoutWorkflowId = (campaignId: string, moveId: string) => `campaign/${campaignId}/move/${moveId}`;

// ---------- shared shapes ----------

/**
 * What every workflow of a campaign knows of it: the definition without the streets, and the
 * policy its packs and overrides resolved to when it started (a later release's packs never
 * change the rules under a running campaign).
 */
export type CampaignContext = Omit<CampaignDefinition, 'streets'> & { effectivePolicy: Policy };

/** A completion of a street step posted by its street office. `body` is validated by the step's schema in the validator. */
export interface StepSubmission {
  step: StepId;
  body: unknown;
  /** The name of the token that posted it. */
  by: string;
}

/** A completion of one of the street's communities' steps. */
export interface CommunityStepSubmission extends StepSubmission {
  communityId: string;
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
  /**
   * The running streets the move concerns, as visibility lists them (the API reads them): the
   * campaign keeps no list of its streets, so that its state does not grow with them.
   */
  streetIds: string[];
  /** The caller's Idempotency-Key (scoped to them) and the digest of the request it was given for. */
  idempotency?: { key: string; digest: string };
}

/**
 * What a street's steps escalate to the coordinators at one escalation time. The street
 * sends it at that time; the campaign gathers every street's for the same time into one digest.
 */
export interface Escalation {
  streetId: string;
  streetName: string;
  /** Epoch ms of the escalation time (the same for every step due at the same instant). */
  at: number;
  items: { communityId?: string; communityName?: string; step: StepId; dueAt: number }[];
}

/** Street → campaign: what the coordinators' next digest lists besides late steps. */
export interface StreetNotes {
  /** Permanent mail failures since the street's previous notes. */
  failures: MailFailure[];
  /** Warnings of accepted steps since the street's previous notes. */
  warnings: WarningItem[];
}

/** One community as its street's memo lists it: what a list filters on, nothing personal. */
export interface CommunityDigest {
  id: string;
  step: StepId | 'done';
  overdue: boolean;
  atRisk: boolean;
  reelection: boolean;
}

/**
 * A street's memo, read through visibility: the campaign summary adds the streets' memos
 * up, the API finds a community's street in them, and campaign-wide lists filter on them.
 * Refreshed at most every `memoRefreshMs`, so it is at most `memoStaleMs` old (plus
 * visibility's own lag). Counts and ids only: never a person's name or birth date.
 */
export interface StreetMemo {
  /** The street's place in the definition: the summary lists streets in that order. */
  index: number;
  id: string;
  name: string;
  communities: CommunityDigest[];
  done: number;
  overdue: number;
  atRisk: number;
  /** Per step, over the street's own steps and its communities'. Steps nobody has reached are left out. */
  steps: Partial<Record<StepId, StepCounts>>;
  /** Direct elections' first rounds added up. */
  registered: number;
  cast: number;
  completed: boolean;
}

/** The memo key a street's `StreetMemo` is kept under. */
export const streetMemoKey = 'street';

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

/** Everything a campaign carries: a fixed bound, whatever the number of its streets. */
export interface CampaignCarried {
  expected: number;
  started: number;
  completed: number;
  moves: DeadlineMoveRecord[];
  /**
   * The Idempotency-Keys of recent moves: Temporal forgets update ids at continue-as-new,
   * and a retry must find its move applied still.
   */
  moveKeys: { key: string; digest: string; record: DeadlineMoveRecord }[];
  /** Digests gathering the streets' escalations of one time, not yet sent. */
  digests: { at: number; items: NotificationItem[]; more: number }[];
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

/** A chunk of the definition's streets; `offset` is the first one's index, so a retried chunk is known. */
export interface StreetChunk {
  offset: number;
  streets: Street[];
}

/** How far a campaign has started its streets, and how many have completed. */
export interface CampaignProgress {
  expected: number;
  started: number;
  completed: number;
}

export interface StreetInput {
  campaign: CampaignContext;
  street: Street;
  /** The street's place in the definition. */
  index: number;
  carried?: StreetCarried;
}

/** What a street carries across continue-as-new; its deadline tracker's state among it. */
export interface StreetCarried extends DeadlineTrackerState {
  steps: StepRecord[];
  communities: CommunityRecord[];
  /** Recent permanent mail failures, shown in the street's state. */
  failures: MailFailure[];
  /** What the campaign has not been told yet, for the coordinators' digest. */
  notes: StreetNotes;
}

/** Which of a street's communities `communityStates` answers (all when absent); each field narrows. */
export interface CommunityFilter {
  ids?: string[];
  step?: StepId | 'done';
  overdue?: boolean;
  atRisk?: boolean;
  reelectionRequired?: boolean;
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
  /** Well-formed but breaks a rule; details hold the violations (422). */
  ruleViolation: 'RuleViolation',
  /** The street's records would grow past what its workflow may carry (413). */
  tooLarge: 'TooLarge',
} as const;

/**
 * How a query fails that reached a workflow's run on a stale clock (workflows/clock-guard.ts):
 * nothing is wrong with the workflow, and the same query asked again is answered.
 */
export const staleClockMessage = 'the run was asked on a stale clock';

// ---------- messages ----------

export const completeCommunityStep = defineUpdate<CommunityState, [CommunityStepSubmission]>('completeCommunityStep');
export const completeStreetStep = defineUpdate<StreetState, [StepSubmission]>('completeStreetStep');
export const moveDeadline = defineUpdate<DeadlineMoveRecord, [DeadlineMoveRequest]>('moveDeadline');
/** More streets of a campaign whose definition came in chunks; answers its progress. */
export const addStreets = defineUpdate<CampaignProgress, [StreetChunk]>('addStreets');

export const streetStateQuery = defineQuery<StreetState>('streetState');
/** The street's communities that match the filter, in the definition's order. */
export const communityStatesQuery = defineQuery<CommunityState[], [CommunityFilter?]>('communityStates');
/** What every workflow of the campaign knows of it, its effective policy included. */
export const campaignContextQuery = defineQuery<CampaignContext>('campaignContext');
export const campaignProgressQuery = defineQuery<CampaignProgress>('campaignProgress');

/** Campaign (through a move fan-out) → street. */
export const deadlineMovedSignal = defineSignal<[DeadlineMoveRecord]>('deadlineMoved');
/** Street → campaign: what escalates to the coordinators now. */
export const escalationSignal = defineSignal<[Escalation]>('escalation');
/** Street → campaign: failures and warnings for the next digest, at most every `notesIntervalMs`. */
export const streetNotesSignal = defineSignal<[StreetNotes]>('streetNotes');
/** Street → campaign, once: every step of the street and its communities is done. */
export const streetCompletedSignal = defineSignal<[string]>('streetCompleted');
