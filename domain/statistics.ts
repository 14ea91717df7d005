import { ageOn } from './calendar';
import { turnout } from './elections';
import type { Education, Gender } from './eligibility';
import type { ElectionMethod } from './update-schemas';

/**
 * The structure of the elected teams and the turnout (../shared/API.md, "Statistics"),
 * computed from what was recorded: the nomination's slates, the elections' elected ids and
 * the residents' first round. Pure: the API reads the evidence, these functions count it.
 */

/** What the statistics read of a candidate (API.md's Candidate). */
export interface TeamCandidate {
  id: string;
  gender: Gender;
  birthDate: string;
  education: Education;
  incumbent: boolean;
  post?: string;
}

/** One community's recorded evidence. */
export interface CommunityEvidence<C extends TeamCandidate = TeamCandidate> {
  streetId: string;
  method: ElectionMethod | null;
  /** The residents' election's day: ages are counted on it. */
  electionDay: string;
  /** The nomination's slates; null while not nominated. */
  slates: { party: readonly C[]; residents: readonly C[] } | null;
  elected: { party: readonly string[]; residents: readonly string[] };
  /** The residents' election's first round; null before it. */
  firstRound: { registered: number; cast: number } | null;
}

export interface TurnoutStatistics {
  registered: number;
  cast: number;
  rate: number | null;
}

export interface TeamStatistics {
  /** Communities with at least one elected member. */
  communities: number;
  /** Distinct people elected: one on both committees counts once. */
  members: number;
  women: number;
  /** On each community's election day, to one decimal; null with no one elected. */
  averageAge: number | null;
  /** 35 and younger (35岁以下, the number included as in Chinese usage). */
  under35: number;
  /** 50 and older (50岁以上). */
  over50: number;
  /** 大专 and above. */
  collegeOrAbove: number;
  incumbentsReelected: number;
  /** Elected to both committees (交叉任职). */
  crossAppointed: number;
  /** Communities whose Party secretary is also the Residents' Committee director (一肩挑). */
  dualRole: number;
}

export interface StreetStatistics {
  id: string;
  turnout: TurnoutStatistics;
  teams: TeamStatistics;
}

export interface CampaignStatistics {
  turnout: TurnoutStatistics;
  teams: TeamStatistics;
  streets: StreetStatistics[];
}

const COLLEGE_OR_ABOVE: ReadonlySet<Education> = new Set(['college', 'bachelor', 'master', 'doctorate']);

/** An elected person of one community, with their age on its election day. */
export interface ElectedMember<C extends TeamCandidate = TeamCandidate> {
  /** As on the Party slate when on both. */
  candidate: C;
  age: number;
  party: boolean;
  residents: boolean;
  /** The posts given on each slate, Party's first. */
  posts: NonNullable<C['post']>[];
}

/** The distinct people a community elected, in slate order, party first. */
export function electedMembers<C extends TeamCandidate>(community: CommunityEvidence<C>): ElectedMember<C>[] {
  if (!community.slates) return [];
  const members = new Map<string, ElectedMember<C>>();
  const add = (slate: readonly C[], elected: readonly string[], committee: 'party' | 'residents') => {
    const chosen = new Set(elected);
    for (const candidate of slate.filter((c) => chosen.has(c.id))) {
      const member = members.get(candidate.id) ?? { candidate, age: ageOn(candidate.birthDate, community.electionDay), party: false, residents: false, posts: [] };
      member[committee] = true;
      if (candidate.post) member.posts.push(candidate.post);
      members.set(candidate.id, member);
    }
  };
  add(community.slates.party, community.elected.party, 'party');
  add(community.slates.residents, community.elected.residents, 'residents');
  return [...members.values()];
}

/** The Party secretary elected to the Party committee is the director elected to the Residents' Committee. */
function hasDualRole(community: CommunityEvidence): boolean {
  if (!community.slates) return false;
  const holders = (slate: readonly TeamCandidate[], elected: readonly string[], post: string) =>
    new Set(slate.filter((c) => c.post === post && elected.includes(c.id)).map((c) => c.id));
  const directors = holders(community.slates.residents, community.elected.residents, 'director');
  return [...holders(community.slates.party, community.elected.party, 'secretary')].some((id) => directors.has(id));
}

/** Direct elections' first rounds only: a representative assembly's attendance is not turnout. */
export function turnoutOf(communities: readonly CommunityEvidence[]): TurnoutStatistics {
  const rounds = communities.flatMap((c) => (c.method === 'direct' && c.firstRound ? [c.firstRound] : []));
  const registered = rounds.reduce((sum, r) => sum + r.registered, 0);
  const cast = rounds.reduce((sum, r) => sum + r.cast, 0);
  return { registered, cast, rate: turnout(registered, cast) };
}

export function teamsOf(communities: readonly CommunityEvidence[]): TeamStatistics {
  const teams = communities.map(electedMembers);
  const members = teams.flat();
  const count = (test: (m: ElectedMember) => boolean) => members.filter(test).length;
  return {
    communities: teams.filter((team) => team.length > 0).length,
    members: members.length,
    women: count((m) => m.candidate.gender === 'female'),
    averageAge: members.length ? Math.round((members.reduce((sum, m) => sum + m.age, 0) / members.length) * 10) / 10 : null,
    under35: count((m) => m.age <= 35),
    over50: count((m) => m.age >= 50),
    collegeOrAbove: count((m) => COLLEGE_OR_ABOVE.has(m.candidate.education)),
    incumbentsReelected: count((m) => m.candidate.incumbent),
    crossAppointed: count((m) => m.party && m.residents),
    dualRole: communities.filter(hasDualRole).length,
  };
}

/** Per street (in the order streets first appear) and in all. */
export function campaignStatistics(communities: readonly CommunityEvidence[]): CampaignStatistics {
  const byStreet = new Map<string, CommunityEvidence[]>();
  for (const community of communities) {
    const ofStreet = byStreet.get(community.streetId) ?? [];
    ofStreet.push(community);
    byStreet.set(community.streetId, ofStreet);
  }
  return {
    turnout: turnoutOf(communities),
    teams: teamsOf(communities),
    streets: [...byStreet].map(([id, ofStreet]) => ({ id, turnout: turnoutOf(ofStreet), teams: teamsOf(ofStreet) })),
  };
}
