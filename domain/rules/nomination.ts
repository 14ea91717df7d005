import { ageOn, daysBetween } from '../calendar';
import { meetsEducation } from '../eligibility';
import type { PartyOrganisation, Policy } from '../policy';
import type { Candidate, Nomination, Slate, SlateKind } from '../update-schemas';
import { ceilShare } from '../shares';
import type { Violation } from '../violations';

export interface NominationContext {
  /** YYYY-MM-DD; ages are taken on the day each slate is elected. */
  partyElectionDay: string;
  residentsElectionDay: string;
  partyOrganisation: PartyOrganisation;
  policy: Policy;
}

/** The formal candidate lists of both committees, their publication and the departure audit. */
export function checkNomination(body: Nomination, context: NominationContext): Violation[] {
  return [
    ...checkSlate('party', body.party, context.partyElectionDay, context),
    ...checkSlate('residents', body.residents, context.residentsElectionDay, context),
    ...checkWomenCandidates(body.residents, context.policy),
    ...checkPublication(body, context),
    ...checkTeamSize(body, context.policy),
  ];
}

/** Residents: more candidates than seats. Party: a margin of the seats, rounded up. */
function candidatesRequired(kind: SlateKind, seats: number, policy: Policy): number {
  return kind === 'party' ? seats + ceilShare(policy.partyCompetitiveMargin, seats) : seats + 1;
}

function checkSlate(kind: SlateKind, slate: Slate, electionDay: string, context: NominationContext): Violation[] {
  const { policy } = context;
  const violations: Violation[] = [];
  const range = kind === 'party' ? policy.partySeats[context.partyOrganisation] : policy.residentsSeats;
  if (slate.seats < range.min || slate.seats > range.max) {
    const committee = kind === 'party' ? `the Party ${context.partyOrganisation}` : "the Residents' Committee";
    violations.push({
      rule: 'seats',
      path: `${kind}.seats`,
      message: `${slate.seats} seats; ${committee} has ${range.min} to ${range.max}`,
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

function checkCandidate(kind: SlateKind, candidate: Candidate, path: string, electionDay: string, policy: Policy): Violation[] {
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
  } else if (age > limit.maxAge) {
    violations.push({
      rule: 'eligibility-age',
      path: `${path}.birthDate`,
      message: `${who} is ${age} on ${electionDay}; must be at most ${limit.maxAge}`,
    });
  }
  if (!meetsEducation(candidate.education, limit.minEducation)) {
    // Incumbents' minimum is firm; a new member's is "generally" (一般): the pack decides.
    const warning = standing === 'new' && policy.newMemberEducation === 'warning';
    violations.push({
      rule: 'eligibility-education',
      path: `${path}.education`,
      message: `${who} has ${candidate.education} education; ${limit.minEducation} or above ${warning ? 'is expected' : 'required'}`,
      ...(warning && { warning: true }),
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

/** The Residents' Committee keeps seats for women, and more women stand than those seats. */
function checkWomenCandidates(slate: Slate, policy: Policy): Violation[] {
  const reserved = policy.reservedWomenSeats;
  if (reserved === 0) return [];
  const women = slate.candidates.filter((c) => c.gender === 'female').length;
  if (women > reserved) return [];
  return [
    {
      rule: 'women-member',
      path: 'residents.candidates',
      message: `${women} women among the candidates; ${reserved} seat(s) are reserved for women, so at least ${reserved + 1} must stand`,
    },
  ];
}

/** The formal list is public long enough before the residents' election, and so is the departure audit. */
function checkPublication(body: Nomination, context: NominationContext): Violation[] {
  const violations: Violation[] = [];
  const electionDay = context.residentsElectionDay;
  const lead = daysBetween(body.publishedOn, electionDay);
  const required = context.policy.candidateListLeadDays;
  if (lead < required) {
    violations.push({
      rule: 'candidate-list-lead',
      path: 'publishedOn',
      message: `candidate list published ${lead} days before election day ${electionDay}; at least ${required} required`,
    });
  }
  if (body.departureAudit === null) {
    if (body.incumbentDirectorStands !== true) {
      violations.push({
        rule: 'audit-before-election',
        path: 'departureAudit',
        message: 'no departure audit: only a community whose director stands again (incumbentDirectorStands) may omit it',
      });
    }
  } else if (daysBetween(body.departureAudit.publishedOn, electionDay) <= 0) {
    violations.push({
      rule: 'audit-before-election',
      path: 'departureAudit.publishedOn',
      message: `departure audit published ${body.departureAudit.publishedOn}; it must be published before election day ${electionDay}`,
    });
  }
  return violations;
}

/** Distinct people: a person on both slates (交叉任职, the same id) counts once. */
export function teamOf(...groups: readonly (readonly string[])[]): number {
  return new Set(groups.flat()).size;
}

export function teamSizeWarning(size: number, policy: Policy, path: string, what: string): Violation[] {
  const { min, max } = policy.teamSize;
  if (size >= min && size <= max) return [];
  return [{ rule: 'team-size', path, message: `${what} ${size}; the two committees' team is generally ${min} to ${max}`, warning: true }];
}

/**
 * Whether the seats can make a team of the city's size: at least the larger committee's seats
 * (everyone cross-appointed), at most both committees' seats among the distinct candidates.
 */
function checkTeamSize(body: Nomination, policy: Policy): Violation[] {
  const smallest = Math.max(body.party.seats, body.residents.seats);
  const distinct = teamOf(body.party.candidates.map((c) => c.id), body.residents.candidates.map((c) => c.id));
  const largest = Math.min(body.party.seats + body.residents.seats, distinct);
  if (smallest > policy.teamSize.max) return teamSizeWarning(smallest, policy, 'residents.seats', 'these seats make a team of at least');
  if (largest < policy.teamSize.min) return teamSizeWarning(largest, policy, 'residents.seats', 'these seats make a team of at most');
  return [];
}
