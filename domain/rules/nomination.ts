import { ageOn } from '../calendar';
import { meetsEducation } from '../eligibility';
import type { PolicyPack } from '../policy';
import type { Candidate, Nomination, Slate } from '../update-schemas';
import { ceilShare } from '../shares';
import type { Violation } from '../violations';

type SlateKind = keyof Nomination;

export interface NominationContext {
  /** YYYY-MM-DD; ages are taken on the day each slate is elected. */
  partyElectionDay: string;
  residentsElectionDay: string;
  policy: PolicyPack;
}

/** The formal candidate lists of both committees, before they are published. */
export function checkNomination(body: Nomination, context: NominationContext): Violation[] {
  return [
    ...checkSlate('party', body.party, context.partyElectionDay, context.policy),
    ...checkSlate('residents', body.residents, context.residentsElectionDay, context.policy),
  ];
}

/** Residents: more candidates than seats. Party: a margin of the seats, rounded up. */
function candidatesRequired(kind: SlateKind, seats: number, policy: PolicyPack): number {
  return kind === 'party' ? seats + ceilShare(policy.partyCompetitiveMargin, seats) : seats + 1;
}

function checkSlate(kind: SlateKind, slate: Slate, electionDay: string, policy: PolicyPack): Violation[] {
  const violations: Violation[] = [];
  const range = kind === 'party' ? policy.partySeats : policy.residentsSeats;
  if (slate.seats < range.min || slate.seats > range.max) {
    violations.push({
      rule: 'seats',
      path: `${kind}.seats`,
      message: `${slate.seats} seats; the ${kind} committee has ${range.min} to ${range.max}`,
    });
  }
  const required = candidatesRequired(kind, slate.seats, policy);
  if (slate.candidates.length < required) {
    violations.push({
      rule: 'competitive',
      path: `${kind}.candidates`,
      message: `${slate.candidates.length} candidates for ${slate.seats} seats; at least ${required} required`,
    });
  }
  slate.candidates.forEach((candidate, i) => {
    violations.push(...checkCandidate(kind, candidate, `${kind}.candidates.${i}`, electionDay, policy));
  });
  return violations;
}

function checkCandidate(
  kind: SlateKind,
  candidate: Candidate,
  path: string,
  electionDay: string,
  policy: PolicyPack,
): Violation[] {
  const violations: Violation[] = [];
  const standing = candidate.incumbent ? 'incumbent' : 'new';
  const limit = policy.eligibility[standing][candidate.gender];
  const who = `candidate '${candidate.id}' (${standing}, ${candidate.gender})`;
  const age = ageOn(candidate.birthDate, electionDay);

  if (age < policy.adultAge) {
    violations.push({
      rule: 'adult',
      path: `${path}.birthDate`,
      message: `candidate '${candidate.id}' is ${age} on ${electionDay}; must be at least ${policy.adultAge}`,
    });
  } else if (age >= limit.maxAgeExclusive) {
    violations.push({
      rule: 'eligibility-age',
      path: `${path}.birthDate`,
      message: `${who} is ${age} on ${electionDay}; must be under ${limit.maxAgeExclusive}`,
    });
  }
  if (!meetsEducation(candidate.education, limit.minEducation)) {
    violations.push({
      rule: 'eligibility-education',
      path: `${path}.education`,
      message: `${who} has ${candidate.education} education; ${limit.minEducation} or above required`,
    });
  }
  // Probationary members may neither vote nor stand in the Party election.
  if (kind === 'party' && !candidate.partyMember) {
    violations.push({
      rule: 'party-member',
      path: `${path}.partyMember`,
      message: `candidate '${candidate.id}' on the party slate is not a full Party member`,
    });
  }
  return violations;
}
