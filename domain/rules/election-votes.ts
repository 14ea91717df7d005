import { runoffCandidates, votesOf, type Outcome } from '../elections';
import type { Policy } from '../policy';
import type { ElectionMethod, PartyElectionResult, ResidentsElectionResult, Slate } from '../update-schemas';
import type { Violation } from '../violations';

function unknownCandidates(votes: Readonly<Record<string, number>>, slate: Slate): Violation[] {
  const onSlate = new Set(slate.candidates.map((c) => c.id));
  return Object.keys(votes)
    .filter((id) => !onSlate.has(id))
    .map((id) => ({ rule: 'unknown-candidate', path: `votes.${id}`, message: `'${id}' is not a candidate on the slate`, zh: `“${id}”不是本次选举的候选人` }));
}

function alreadyElected(votes: Readonly<Record<string, number>>, previous: Outcome | null): Violation[] {
  const elected = new Set(previous?.elected);
  return Object.keys(votes)
    .filter((id) => elected.has(id))
    .map((id) => ({ rule: 'already-elected', path: `votes.${id}`, message: `'${id}' was already elected`, zh: `“${id}”已经当选` }));
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
      violations.push({ rule: 'runoff-required', path: 'round', message: `${owed} seats await a runoff; a new first round is not allowed`, zh: `尚有${owed}个职位待另行选举，不能重新进行第一轮选举` });
    }
    return violations;
  }
  if (owed === 0 || !previous) {
    violations.push({ rule: 'runoff-not-needed', path: 'round', message: 'a runoff follows only a valid first round that left seats unfilled', zh: '只有第一轮选举有效且未选满时才进行另行选举' });
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
      zh: `“${id}”不在第一轮得票领先的未当选候选人之列（${[...allowed].join('、')}）`,
    });
  }
  const standing = Object.keys(result.votes).filter((id) => allowed.has(id)).length;
  if (standing <= owed) {
    violations.push({
      rule: 'competitive',
      path: 'votes',
      message: `${standing} runoff candidates for ${owed} empty seats; more candidates than seats required`,
      zh: `另行选举${owed}个空缺职位只有${standing}名候选人；候选人应多于应选人数`,
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
      zh: `登记选民${result.registered}人，与选民登记的${context.registeredVoters}人不符（如有变动，请填写更正原因）`,
    });
  }
  const seats = result.round === 'runoff' && previous ? previous.unfilled : context.slate.seats;
  const cast = Object.keys(result.votes).reduce((sum, id) => sum + votesOf(result.votes, id), 0);
  if (seats > 0 && cast > result.ballotsCast * seats) {
    violations.push({
      rule: 'ballot-count',
      path: 'votes',
      message: `${cast} votes in all exceed ${result.ballotsCast} ballots × ${seats} seats`,
      zh: `得票合计${cast}票，超过选票数${result.ballotsCast}张×应选${seats}名`,
    });
  }
  if (result.proxies && result.proxies.maxPerProxy > policy.maxProxiesPerVoter) {
    violations.push({
      rule: 'proxy-limit',
      path: 'proxies.maxPerProxy',
      message: `a voter held ${result.proxies.maxPerProxy} proxies; at most ${policy.maxProxiesPerVoter}`,
      zh: `有选民接受了${result.proxies.maxPerProxy}人委托；每人最多接受${policy.maxProxiesPerVoter}人委托`,
    });
  }
  (result.mobileBoxes ?? []).forEach((box, i) => {
    if (box.supervisors < policy.minMobileBoxSupervisors) {
      violations.push({
        rule: 'mobile-box',
        path: `mobileBoxes.${i}.supervisors`,
        message: `mobile ballot box ${i + 1} had ${box.supervisors} supervisors; at least ${policy.minMobileBoxSupervisors}`,
        zh: `第${i + 1}个流动票箱只有${box.supervisors}名监票人员；至少需要${policy.minMobileBoxSupervisors}名`,
      });
    }
  });
  return violations;
}
