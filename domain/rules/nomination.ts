import { ageOn, daysBetween } from '../calendar';
import { meetsEducation } from '../eligibility';
import { COMMITTEE_NAMES, EDUCATION_NAMES, GENDER_NAMES, PARTY_ORGANISATION_NAMES, STANDING_NAMES } from '../names-zh';
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
    const committeeZh = kind === 'party' ? PARTY_ORGANISATION_NAMES[context.partyOrganisation] : '居民委员会';
    violations.push({
      rule: 'seats',
      path: `${kind}.seats`,
      message: `${slate.seats} seats; ${committee} has ${range.min} to ${range.max}`,
      zh: `职数${slate.seats}名；${committeeZh}应为${range.min}至${range.max}名`,
    });
  }
  const required = candidatesRequired(kind, slate.seats, policy);
  if (slate.candidates.length < required) {
    violations.push({
      rule: 'competitive',
      path: `${kind}.candidates`,
      message: `${slate.candidates.length} candidates for ${slate.seats} seats; at least ${required} required`,
      zh: `${COMMITTEE_NAMES[kind]}应选${slate.seats}名，候选人${slate.candidates.length}名；差额选举至少需要${required}名`,
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
  const whoZh = `候选人“${candidate.id}”（${STANDING_NAMES[standing]}，${GENDER_NAMES[candidate.gender]}）`;
  const age = ageOn(candidate.birthDate, electionDay);

  if (age < policy.adultAge) {
    violations.push({
      rule: 'adult',
      path: `${path}.birthDate`,
      message: `candidate '${candidate.id}' is ${age} on ${electionDay}; must be at least ${policy.adultAge}`,
      zh: `候选人“${candidate.id}”在选举日（${electionDay}）为${age}周岁；应年满${policy.adultAge}周岁`,
    });
  } else if (age > limit.maxAge) {
    violations.push({
      rule: 'eligibility-age',
      path: `${path}.birthDate`,
      message: `${who} is ${age} on ${electionDay}; must be at most ${limit.maxAge}`,
      zh: `${whoZh}在选举日（${electionDay}）为${age}周岁；应在${limit.maxAge}周岁以下`,
    });
  }
  if (!meetsEducation(candidate.education, limit.minEducation)) {
    // Incumbents' minimum is firm; a new member's is "generally" (一般): the pack decides.
    const warning = standing === 'new' && policy.newMemberEducation === 'warning';
    violations.push({
      rule: 'eligibility-education',
      path: `${path}.education`,
      message: `${who} has ${candidate.education} education; ${limit.minEducation} or above ${warning ? 'is expected' : 'required'}`,
      zh: `${whoZh}文化程度为${EDUCATION_NAMES[candidate.education]}；${warning ? '一般应' : '应'}具有${EDUCATION_NAMES[limit.minEducation]}以上文化程度`,
      ...(warning && { warning: true }),
    });
  }
  // Probationary members may neither vote nor stand in the Party election.
  if (kind === 'party' && !candidate.partyMember) {
    violations.push({
      rule: 'party-member',
      path: `${path}.partyMember`,
      message: `candidate '${candidate.id}' on the party slate is not a full Party member`,
      zh: `党组织候选人“${candidate.id}”不是正式党员`,
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
      zh: `居委会候选人中女性${women}名；应有${reserved}名女性成员，女性候选人至少需要${reserved + 1}名`,
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
      zh: `正式候选人名单在选举日（${electionDay}）前${lead}天公布；应至少提前${required}天`,
    });
  }
  if (body.departureAudit === null) {
    if (body.incumbentDirectorStands !== true) {
      violations.push({
        rule: 'audit-before-election',
        path: 'departureAudit',
        message: 'no departure audit: only a community whose director stands again (incumbentDirectorStands) may omit it',
        zh: '缺少离任经济责任审计：只有原主任继续参选的社区可以不填',
      });
    }
  } else if (daysBetween(body.departureAudit.publishedOn, electionDay) <= 0) {
    violations.push({
      rule: 'audit-before-election',
      path: 'departureAudit.publishedOn',
      message: `departure audit published ${body.departureAudit.publishedOn}; it must be published before election day ${electionDay}`,
      zh: `离任经济责任审计结果于${body.departureAudit.publishedOn}公布；应在选举日（${electionDay}）前公布`,
    });
  }
  return violations;
}

/** Distinct people: a person on both slates (交叉任职, the same id) counts once. */
export function teamOf(...groups: readonly (readonly string[])[]): number {
  return new Set(groups.flat()).size;
}

export function teamSizeWarning(size: number, policy: Policy, path: string, what: string, whatZh: string): Violation[] {
  const { min, max } = policy.teamSize;
  if (size >= min && size <= max) return [];
  return [{ rule: 'team-size', path, message: `${what} ${size}; the two committees' team is generally ${min} to ${max}`, zh: `${whatZh}${size}人；“两委”班子一般按${min}至${max}名配备`, warning: true }];
}

/**
 * Whether the seats can make a team of the city's size: at least the larger committee's seats
 * (everyone cross-appointed), at most both committees' seats among the distinct candidates.
 */
function checkTeamSize(body: Nomination, policy: Policy): Violation[] {
  const smallest = Math.max(body.party.seats, body.residents.seats);
  const distinct = teamOf(body.party.candidates.map((c) => c.id), body.residents.candidates.map((c) => c.id));
  const largest = Math.min(body.party.seats + body.residents.seats, distinct);
  if (smallest > policy.teamSize.max) return teamSizeWarning(smallest, policy, 'residents.seats', 'these seats make a team of at least', '按此职数，班子至少');
  if (largest < policy.teamSize.min) return teamSizeWarning(largest, policy, 'residents.seats', 'these seats make a team of at most', '按此职数，班子至多');
  return [];
}
