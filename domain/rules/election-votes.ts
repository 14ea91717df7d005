import { runoffCandidates, votesOf, type Outcome } from '../elections';
import type { Policy } from '../policy';
import type { ElectionMethod, PartyElectionResult, ResidentsElectionResult, Slate } from '../update-schemas';
import type { Violation } from '../violations';

function unknownCandidates(votes: Readonly<Record<string, number>>, slate: Slate): Violation[] {
  const onSlate = new Set(slate.candidates.map((c) => c.id));
  return Object.keys(votes)
    .filter((id) => !onSlate.has(id))
    .map((id) => ({ rule: 'unknown-candidate', path: `votes.${id}`, message: `'${id}' is not a candidate on the slate` }));
}

function alreadyElected(votes: Readonly<Record<string, number>>, previous: Outcome | null): Violation[] {
  const elected = new Set(previous?.elected);
  return Object.keys(votes)
    .filter((id) => elected.has(id))
    .map((id) => ({ rule: 'already-elected', path: `votes.${id}`, message: `'${id}' was already elected` }));
}

/** Votes go to the nominated Party slate only, and a further round only to those not yet elected. */
export function checkPartyElection(result: PartyElectionResult, slate: Slate, previous: Outcome | null): Violation[] {
  return [...unknownCandidates(result.votes, slate), ...alreadyElected(result.votes, previous)];
}

export interface ResidentsRoundContext {
  slate: Slate;
  method: ElectionMethod;
  previous: Outcome | null;
  /** The voter registration's count: a direct round's electorate. */
  registeredVoters: number;
  policy: Policy;
}

/**
 * Whether this round may be held now and its figures add up. A runoff follows a first round
 * that left seats empty (or a runoff that failed its quorum); while one is owed, a fresh first
 * round is refused. Runoff candidates are those in `votes`.
 */
export function checkResidentsRound(result: ResidentsElectionResult, context: ResidentsRoundContext): Violation[] {
  const { slate, previous, policy } = context;
  const violations = [...unknownCandidates(result.votes, slate), ...checkCounts(result, context)];
  const owed = previous?.runoffRequired === true ? previous.unfilled : 0;

  if (result.round === 'first') {
    if (owed > 0) {
      violations.push({ rule: 'runoff-required', path: 'round', message: `${owed} seats await a runoff; a new first round is not allowed` });
    }
    return violations;
  }
  if (owed === 0 || !previous) {
    violations.push({ rule: 'runoff-not-needed', path: 'round', message: 'a runoff follows only a valid first round that left seats unfilled' });
    return violations;
  }
  violations.push(...alreadyElected(result.votes, previous));
  const allowed = runoffCandidates(previous, slate, policy);
  const onSlate = new Set(slate.candidates.map((c) => c.id));
  const elected = new Set(previous.elected);
  for (const id of Object.keys(result.votes).filter((c) => onSlate.has(c) && !elected.has(c) && !allowed.has(c))) {
    violations.push({
      rule: 'runoff-candidates',
      path: `votes.${id}`,
      message: `'${id}' is not among the best-placed candidates of the first round (${[...allowed].join(', ')})`,
    });
  }
  const standing = Object.keys(result.votes).filter((id) => allowed.has(id)).length;
  if (standing <= owed) {
    violations.push({
      rule: 'competitive',
      path: 'votes',
      message: `${standing} runoff candidates for ${owed} empty seats; more candidates than seats required`,
    });
  }
  return violations;
}

/** The round's figures: its electorate, its ballots, its proxies and mobile boxes. */
function checkCounts(result: ResidentsElectionResult, context: ResidentsRoundContext): Violation[] {
  const { policy, previous } = context;
  const violations: Violation[] = [];
  if (context.method === 'direct' && result.registered !== context.registeredVoters && result.registeredCorrection === undefined) {
    violations.push({
      rule: 'voter-count',
      path: 'registered',
      message: `${result.registered} registered; the voter registration has ${context.registeredVoters} (give registeredCorrection with the reason for a change)`,
    });
  }
  const seats = result.round === 'runoff' && previous ? previous.unfilled : context.slate.seats;
  const cast = Object.keys(result.votes).reduce((sum, id) => sum + votesOf(result.votes, id), 0);
  if (seats > 0 && cast > result.ballotsCast * seats) {
    violations.push({
      rule: 'ballot-count',
      path: 'votes',
      message: `${cast} votes in all exceed ${result.ballotsCast} ballots × ${seats} seats`,
    });
  }
  if (result.proxies && result.proxies.maxPerProxy > policy.maxProxiesPerVoter) {
    violations.push({
      rule: 'proxy-limit',
      path: 'proxies.maxPerProxy',
      message: `a voter held ${result.proxies.maxPerProxy} proxies; at most ${policy.maxProxiesPerVoter}`,
    });
  }
  (result.mobileBoxes ?? []).forEach((box, i) => {
    if (box.supervisors < policy.minMobileBoxSupervisors) {
      violations.push({
        rule: 'mobile-box',
        path: `mobileBoxes.${i}.supervisors`,
        message: `mobile ballot box ${i + 1} had ${box.supervisors} supervisors; at least ${policy.minMobileBoxSupervisors}`,
      });
    }
  });
  return violations;
}
