/**
 * A community's steps, from election committee to handover, as its street workflow applies
 * them: `validate` refuses what is malformed, out of order or unlawful (the update's
 * validator, so nothing reaches history), `apply` records it. Deadlines are not here: the
 * street runs them for all its communities.
 */
import {
  COMMUNITY_STEPS,
  checkHandover,
  checkNomination,
  checkPartyElection,
  checkResidentsRound,
  checkVoterRegistration,
  dueDay,
  partyOutcome,
  refusals,
  residentsOutcome,
  settled,
  teamOf,
  teamSizeWarning,
  warningsOf,
  type Community,
  type CommunityRecord,
  type CommunityStepId,
  type CommunityWarning,
  type Nomination,
  type Outcome,
  type StepId,
  type Violation,
  type VoterRegistration,
} from '../domain';
import type { CampaignContext } from './definitions';
import { completeStep, initialRecords, openRecord, parseStepBody, refuseViolations } from './step-records';

export function newCommunityRecord(campaign: CampaignContext, streetId: string, community: Community): CommunityRecord {
  return {
    campaignId: campaign.id,
    streetId,
    communityId: community.id,
    name: community.name,
    partyOrganisation: community.partyOrganisation,
    method: null,
    steps: initialRecords(COMMUNITY_STEPS, campaign.calendar, campaign.timezone),
    elections: { party: null, residents: null },
    warnings: [],
    ballots: null,
    reelectionRequired: false,
  };
}

/** An election round that was recorded but did not settle its committee: escalated at once. */
export interface FailedRound {
  step: 'party-election' | 'residents-election';
  outcome: Outcome;
}

export interface Applied {
  /** The warnings this step added to the record. */
  warnings: CommunityWarning[];
  failedRound?: FailedRound;
}

export class CommunitySteps {
  constructor(
    private readonly campaign: CampaignContext,
    private readonly record: CommunityRecord,
  ) {}

  private get policy() {
    return this.campaign.effectivePolicy;
  }

  private recordOf(step: StepId) {
    return this.record.steps.find((r) => r.step === step)!;
  }

  private electionDay(step: StepId): string {
    return dueDay(this.recordOf(step).due, this.campaign.timezone);
  }

  private nomination(): Nomination {
    return this.recordOf('nomination').evidence as Nomination;
  }

  /** Refuses a step that may not be taken now: 404 unknown, 409 not open or done, 400, 422. */
  validate(step: StepId, body: unknown): void {
    openRecord(this.record.steps, step, () =>
      step === COMMUNITY_STEPS[0] ? "the street's election plan" : this.record.steps[this.record.steps.findIndex((r) => r.step === step) - 1].step,
    );
    refuseViolations(step, refusals(this.violations(step as CommunityStepId, body)));
  }

  /** Records the step (validated); the step is done unless an election round left its committee unsettled. */
  apply(step: StepId, body: unknown, by: string): Applied {
    const record = this.record;
    const open = this.recordOf(step);
    const violations = this.violations(step as CommunityStepId, body);
    let failedRound: FailedRound | undefined;
    if (step === 'party-election' || step === 'residents-election') {
      const outcome = this.recordElection(step, body);
      record.reelectionRequired = !outcome.valid || outcome.reelectionRequired === true;
      if (settled(outcome)) {
        completeStep(record.steps, open, by, body);
        if (step === 'residents-election') violations.push(...this.teamWarnings());
      } else {
        open.evidence = body;
      }
      if (!outcome.valid || outcome.unfilled > 0) failedRound = { step, outcome };
    } else {
      completeStep(record.steps, open, by, parseStepBody(step, body));
    }
    const warnings = warningsOf(violations).map((warning) => ({ step, ...warning }));
    record.warnings.push(...warnings);
    return { warnings, ...(failedRound && { failedRound }) };
  }

  /** What the step breaks, refusals and warnings both; the body is parsed (400) first. */
  private violations(step: CommunityStepId, body: unknown): Violation[] {
    const { record, policy } = this;
    switch (step) {
      case 'voter-registration':
        return checkVoterRegistration(parseStepBody(step, body), { electionDay: this.electionDay('residents-election'), policy });
      case 'nomination':
        return checkNomination(parseStepBody(step, body), {
          partyElectionDay: this.electionDay('party-election'),
          residentsElectionDay: this.electionDay('residents-election'),
          partyOrganisation: record.partyOrganisation,
          policy,
        });
      case 'party-election':
        return checkPartyElection(parseStepBody(step, body), this.nomination().party, record.elections.party);
      case 'residents-election':
        return checkResidentsRound(parseStepBody(step, body), {
          slate: this.nomination().residents,
          method: record.method!,
          previous: record.elections.residents,
          registeredVoters: (this.recordOf('voter-registration').evidence as VoterRegistration).registeredVoters,
          policy,
        });
      case 'handover':
        return checkHandover(parseStepBody(step, body), { residentsElectionDay: this.electionDay('residents-election'), policy });
      default:
        parseStepBody(step, body);
        return [];
    }
  }

  /** Records an election round's outcome (and the first round's ballots). */
  private recordElection(step: 'party-election' | 'residents-election', body: unknown): Outcome {
    const { record, policy } = this;
    if (step === 'party-election') {
      record.elections.party = partyOutcome(parseStepBody(step, body), this.nomination().party, policy, record.elections.party);
      return record.elections.party;
    }
    const result = parseStepBody(step, body);
    record.elections.residents = residentsOutcome(result, this.nomination().residents, record.method!, record.elections.residents, policy);
    if (result.round === 'first') record.ballots = { registered: result.registered, cast: result.ballotsCast };
    return record.elections.residents;
  }

  /** The two committees' team, once both are elected: distinct people, 交叉任职 once. */
  private teamWarnings(): Violation[] {
    const { party, residents } = this.record.elections;
    if (!party || !residents || !settled(party) || !settled(residents)) return [];
    return teamSizeWarning(teamOf(party.elected, residents.elected), this.policy, 'votes', 'the elected team has', '当选班子共');
  }
}
