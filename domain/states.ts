import { turnout, type Outcome } from './elections';
import type { MailFailure } from './notifications';
import type { ElectionMethod } from './update-schemas';
import type { StepId } from './steps';
import type { PartyOrganisation } from './policy';
import type { StepWarning } from './violations';

/** A warning of an accepted step, as the community's record keeps it. */
export interface CommunityWarning extends StepWarning {
  step: StepId;
}

/**
 * The states ../shared/API.md returns. The street workflow holds `StepRecord`s (what
 * happened) and runs every deadline of its street (`DeadlineView`); `stepState` joins the two.
 */
export type StepStatus = 'waiting' | 'open' | 'done';

export interface StepRecord {
  step: StepId;
  /** As given by the calendar or the last deadline move: `YYYY-MM-DD` or a date-time. */
  due: string;
  /** Epoch ms of `due` in the campaign's zone. */
  dueAt: number;
  status: StepStatus;
  /** ISO 8601 instant. */
  completedAt: string | null;
  /** The token name that completed it. */
  completedBy: string | null;
  evidence: unknown;
}

export interface DeadlineView {
  overdue: boolean;
  remindersSent: number;
  escalationLevel: number;
}

export const onTime: DeadlineView = { overdue: false, remindersSent: 0, escalationLevel: 0 };

export type StepState = Omit<StepRecord, 'dueAt'> & DeadlineView;

export function stepState({ dueAt: _dueAt, ...record }: StepRecord, view: DeadlineView = onTime): StepState {
  return { ...record, ...view };
}

export interface Elections {
  party: Outcome | null;
  residents: Outcome | null;
}

/** What happened to a community: kept by its street's workflow, the one owner of its steps. */
export interface CommunityRecord {
  campaignId: string;
  streetId: string;
  communityId: string;
  name: string;
  /** Sets the Party committee's seats. */
  partyOrganisation: PartyOrganisation;
  method: ElectionMethod | null;
  steps: StepRecord[];
  elections: Elections;
  /** Warnings of accepted steps, in the order they were given. */
  warnings: CommunityWarning[];
  /** The first round of the residents' election: turnout when direct, attendance when an assembly. */
  ballots: { registered: number; cast: number } | null;
  reelectionRequired: boolean;
}

export interface CommunityState {
  campaignId: string;
  /** The street's workflow, which holds this community: its history in Temporal's Web UI. */
  workflowId: string;
  streetId: string;
  communityId: string;
  name: string;
  method: ElectionMethod | null;
  current: StepId | 'done';
  atRisk: boolean;
  /** Direct elections only: ballots cast over registered voters of the first round. */
  turnout: number | null;
  /** The residents' election's first round (the statistics' turnout adds these up); null before it. */
  ballots: { registered: number; cast: number } | null;
  /** Representative assemblies: representatives present over representatives. */
  attendance: number | null;
  partyOrganisation: PartyOrganisation;
  steps: StepState[];
  elections: Elections;
  warnings: CommunityWarning[];
  /** Seats stayed empty after a runoff, or the vote failed: a new election is owed. */
  reelectionRequired: boolean;
}

export interface StreetState {
  campaignId: string;
  streetId: string;
  name: string;
  current: StepId | 'done';
  atRisk: boolean;
  /** The street's residents' elections together. */
  turnout: number | null;
  steps: StepState[];
  communities: string[];
  /** Recent emails of this street's deadlines that could not be delivered (permanent SMTP refusals). */
  mailFailures: MailFailure[];
}

export interface StepCounts {
  done: number;
  open: number;
  overdue: number;
}

export interface CampaignSummary {
  id: string;
  name: string;
  status: 'running' | 'completed';
  steps: Record<StepId, StepCounts>;
  streets: { id: string; name: string; communities: number; done: number; overdue: number; atRisk: number }[];
  turnout: { registered: number; cast: number; rate: number | null };
}

/** The first step not done, or 'done'. */
export function currentStep(records: readonly StepRecord[]): StepId | 'done' {
  return records.find((r) => r.status !== 'done')?.step ?? 'done';
}

/** A community's state for the API: its record, with each step's deadline view. */
export function communityState(
  record: CommunityRecord,
  view: (step: StepRecord) => DeadlineView,
  atRisk: boolean,
  workflowId: string,
): CommunityState {
  return {
    campaignId: record.campaignId,
    workflowId,
    streetId: record.streetId,
    communityId: record.communityId,
    name: record.name,
    method: record.method,
    current: currentStep(record.steps),
    atRisk,
    turnout: record.method === 'direct' && record.ballots ? turnout(record.ballots.registered, record.ballots.cast) : null,
    ballots: record.ballots,
    attendance: record.method === 'representative' && record.ballots ? turnout(record.ballots.registered, record.ballots.cast) : null,
    partyOrganisation: record.partyOrganisation,
    steps: record.steps.map((step) => stepState(step, view(step))),
    elections: record.elections,
    warnings: record.warnings,
    reelectionRequired: record.reelectionRequired,
  };
}
