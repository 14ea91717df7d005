/**
 * One community's re-election, from election committee to handover. Each step is a
 * Workflow Update: its validator refuses what is malformed, out of order or unlawful
 * before anything reaches history; its handler records the step and tells the street.
 * Deadlines are run by the street workflow, which tells this one when it becomes
 * overdue or at risk (for the search attributes).
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  COMMUNITY_STEPS,
  checkHandover,
  checkNomination,
  checkPartyElection,
  checkResidentsRound,
  checkVoterRegistration,
  currentStep,
  dueDay,
  partyOutcome,
  refusals,
  residentsOutcome,
  settled,
  teamOf,
  teamSizeWarning,
  warningsOf,
  type Outcome,
  type VoterRegistration,
  type Community,
  type CommunityRecord,
  type CommunityStepId,
  type Nomination,
  type StepId,
  type Violation,
} from '../domain';
import {
  communityRecordQuery,
  communityChangedSignal,
  completeCommunityStep,
  deadlineFlagsSignal,
  deadlineMovedSignal,
  planDecidedSignal,
  streetWorkflowId,
  type CampaignContext,
  type CommunityInput,
  type StepSubmission,
} from './definitions';
import { atRiskKey, overdueKey, reelectionKey, stepKey } from './search-attributes';
import { SignalsInFlight } from './signals';
import { completeStep, initialRecords, openRecord, parseStepBody, refuseAwaitingPlan, refuseViolations } from './step-records';

export function newCommunityRecord(campaign: CampaignContext, streetId: string, community: Community): CommunityRecord {
  return {
    revision: 0,
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
    flags: { overdue: false, atRisk: false },
  };
}

export async function community({ campaign, record }: CommunityInput): Promise<CommunityRecord> {
  const policy = campaign.effectivePolicy;
  const street = getExternalWorkflowHandle(streetWorkflowId(campaign.id, record.streetId));
  const signals = new SignalsInFlight();

  const recordOf = (step: StepId) => record.steps.find((r) => r.step === step)!;
  const electionDay = (step: StepId) => dueDay(recordOf(step).due, campaign.timezone);
  const nomination = () => recordOf('nomination').evidence as Nomination;

  const registeredVoters = () => (recordOf('voter-registration').evidence as VoterRegistration).registeredVoters;

  /** What the step breaks, refusals and warnings both; the body is parsed (400) first. */
  function violations(step: CommunityStepId, body: unknown): Violation[] {
    switch (step) {
      case 'voter-registration':
        return checkVoterRegistration(parseStepBody(step, body), { electionDay: electionDay('residents-election'), policy });
      case 'nomination':
        return checkNomination(parseStepBody(step, body), {
          partyElectionDay: electionDay('party-election'),
          residentsElectionDay: electionDay('residents-election'),
          partyOrganisation: record.partyOrganisation,
          policy,
        });
      case 'party-election':
        return checkPartyElection(parseStepBody(step, body), nomination().party, record.elections.party);
      case 'residents-election':
        return checkResidentsRound(parseStepBody(step, body), {
          slate: nomination().residents,
          method: record.method!,
          previous: record.elections.residents,
          registeredVoters: registeredVoters(),
          policy,
        });
      case 'handover':
        return checkHandover(parseStepBody(step, body), { residentsElectionDay: electionDay('residents-election'), policy });
      default:
        parseStepBody(step, body);
        return [];
    }
  }

  /** Records an election round; the step is done only when its outcome settles the committee. */
  function recordElection(step: 'party-election' | 'residents-election', body: unknown): Outcome {
    if (step === 'party-election') {
      record.elections.party = partyOutcome(parseStepBody(step, body), nomination().party, policy, record.elections.party);
      return record.elections.party;
    }
    const result = parseStepBody(step, body);
    const outcome = residentsOutcome(result, nomination().residents, record.method!, record.elections.residents, policy);
    record.elections.residents = outcome;
    if (result.round === 'first') record.ballots = { registered: result.registered, cast: result.ballotsCast };
    return outcome;
  }

  /** The two committees' team, once both are elected: distinct people, 交叉任职 once. */
  function teamWarnings(): Violation[] {
    const { party, residents } = record.elections;
    if (!party || !residents || !settled(party) || !settled(residents)) return [];
    return teamSizeWarning(teamOf(party.elected, residents.elected), policy, 'votes', 'the elected team has', '当选班子共');
  }

  function publish(): void {
    record.revision += 1;
    upsertSearchAttributes([{ key: stepKey, value: currentStep(record.steps) }]);
    void signals.send(street, communityChangedSignal, record);
  }

  setHandler(communityRecordQuery, () => record);

  setHandler(
    completeCommunityStep,
    ({ step, body, by }: StepSubmission) => {
      const open = recordOf(step);
      const warnings = violations(step as CommunityStepId, body);
      if (step === 'party-election' || step === 'residents-election') {
        const outcome = recordElection(step, body);
        record.reelectionRequired = !outcome.valid || outcome.reelectionRequired === true;
        upsertSearchAttributes([{ key: reelectionKey, value: record.reelectionRequired }]);
        if (settled(outcome)) {
          completeStep(record.steps, open, by, body);
          if (step === 'residents-election') warnings.push(...teamWarnings());
        } else {
          open.evidence = body;
        }
      } else {
        completeStep(record.steps, open, by, parseStepBody(step, body));
      }
      record.warnings.push(...warningsOf(warnings).map((warning) => ({ step, ...warning })));
      publish();
      return record;
    },
    {
      validator: ({ step, body }: StepSubmission) => {
        if (record.method === null && step === COMMUNITY_STEPS[0]) refuseAwaitingPlan(step);
        openRecord(record.steps, step, () => record.steps[record.steps.findIndex((r) => r.step === step) - 1].step);
        refuseViolations(step, refusals(violations(step as CommunityStepId, body)));
      },
    },
  );

  setHandler(planDecidedSignal, (method) => {
    if (record.method !== null) return;
    record.method = method;
    // The street opened its copy as it sent the plan: the search attribute's step is unchanged.
    record.steps[0].status = 'open';
  });

  setHandler(deadlineMovedSignal, (move) => {
    const moved = record.steps.find((r) => r.step === move.step && r.status !== 'done');
    if (!moved) return;
    // The street moved its copy first and keeps its own due dates when it merges our record.
    Object.assign(moved, { due: move.due, dueAt: move.dueAt });
  });

  setHandler(deadlineFlagsSignal, (flags) => {
    record.flags = flags;
    upsertSearchAttributes([
      { key: overdueKey, value: flags.overdue },
      { key: atRiskKey, value: flags.atRisk },
    ]);
  });

  await condition(() => currentStep(record.steps) === 'done' || workflowInfo().continueAsNewSuggested);
  await condition(() => allHandlersFinished() && signals.idle);
  if (currentStep(record.steps) !== 'done') {
    await continueAsNew<typeof community>({ campaign, record });
  }
  return record;
}
