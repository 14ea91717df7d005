import { z } from 'zod';
import type { EligibilityTable } from './eligibility';

/**
 * Every number the rules use lives in a policy pack, not in code, and cites its source.
 * Packs are layered, lowest first: national law, the province, the city. A higher layer
 * replaces a lower one's number; a campaign names its packs and may override single
 * numbers. The Organic Law of Urban Residents' Committees was revised (in force
 * 2026-01-01) and cities set their own quotas, so packs are named and dated.
 */

export const PARTY_ORGANISATIONS = ['committee', 'general-branch', 'branch'] as const;
export type PartyOrganisation = (typeof PARTY_ORGANISATIONS)[number];
export const defaultPartyOrganisation: PartyOrganisation = 'general-branch';

export interface SeatRange {
  readonly min: number;
  readonly max: number;
}

/** A rule whose breach refuses the step (422) or is accepted with a warning. */
export type Severity = 'refusal' | 'warning';

const share = z.number().min(0).max(1);
const days = z.int().min(0).max(366);
const small = z.int().min(0).max(100);

/**
 * The scalar numbers a campaign may override one by one (`"policy": {...}` in the
 * campaign definition). Strict: a misspelt knob must not silently fall back to the
 * pack's value.
 */
export const policyOverridesSchema = z
  .strictObject({
    /** Share of a street's communities that must elect directly (at least). */
    directQuota: share,
    /** Party slate: candidates ≥ seats + ceil(seats × margin). */
    partyCompetitiveMargin: share,
    adultAge: z.int().min(1).max(150),
    /** Voter list published at least this many calendar days before election day. */
    voterListLeadDays: days,
    /** Formal candidate list published at least this many days before the residents' election. */
    candidateListLeadDays: days,
    /** Direct election valid when ballots cast > share × registered voters. */
    turnoutQuorum: share,
    /** First-round winner needs votes > share × ballots cast. */
    winnerMajority: share,
    /** Runoff winner needs votes ≥ share × ballots cast. */
    runoffMinShare: share,
    /** Representative assembly valid when present ≥ share × representatives. */
    representativeQuorum: share,
    /** Party election valid when present > share × entitled full members. */
    partyQuorum: share,
    /** Whom a Party winner's majority is counted of. */
    partyMajorityOf: z.enum(['present', 'entitled']),
    /** Residents' Committee seats reserved for women. */
    reservedWomenSeats: small,
    /** Proxies one voter may hold. */
    maxProxiesPerVoter: small,
    /** Supervisors each mobile ballot box needs. */
    minMobileBoxSupervisors: small,
    /** Members elected after the runoff for the committee to stand with vacancies. */
    minSeated: small,
    /** The handover is done within this many days of the residents' election. */
    handoverWithinDays: days,
    /** Whether a new member's education below the table's is refused or only warned of. */
    newMemberEducation: z.enum(['refusal', 'warning']),
  })
  .partial();

export type PolicyOverrides = z.output<typeof policyOverridesSchema>;

/** Every number of the rules, resolved from a campaign's packs and overrides. */
export interface Policy extends Required<PolicyOverrides> {
  readonly residentsSeats: SeatRange;
  /** The Party committee's seats, by the community's Party organisation. */
  readonly partySeats: Readonly<Record<PartyOrganisation, SeatRange>>;
  /** Distinct people on either committee (交叉任职 once): a warning outside it. */
  readonly teamSize: SeatRange;
  readonly eligibility: EligibilityTable;
}

export type PolicyNumber = keyof Policy;

/** A number with where it comes from: law and article, or document. */
export interface Sourced<T> {
  readonly value: T;
  readonly source: string;
}

export interface PolicyPack {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  /** YYYY-MM-DD, the day the pack's legal basis takes effect. */
  readonly effectiveFrom: string;
  readonly numbers: { readonly [K in PolicyNumber]?: Sourced<Policy[K]> };
}

const URBAN_LAW_2018 = '城市居民委员会组织法 (2018)';
const VILLAGE_LAW = '村民委员会组织法, by analogy';
const PARTY_RULES = '中国共产党基层组织选举工作条例 (2020)';
const ZHEJIANG = '浙江省村民委员会选举办法 (2020), by analogy';
const SPEECH = 'the launch speech of the third-term re-election (2007)';

export const nationalPack: PolicyPack = {
  id: 'cn-national-2026',
  name: 'National law',
  region: 'CN',
  // The revised Organic Law is in force from this day; its election chapter was not
  // available to us, so the 2018 numbers stand until verified.
  effectiveFrom: '2026-01-01',
  numbers: {
    residentsSeats: { value: { min: 5, max: 9 }, source: `${URBAN_LAW_2018} art. 7` },
    partySeats: {
      value: { committee: { min: 5, max: 9 }, 'general-branch': { min: 5, max: 7 }, branch: { min: 3, max: 5 } },
      source: PARTY_RULES,
    },
    partyCompetitiveMargin: { value: 0.2, source: `${PARTY_RULES}: 差额不少于应选人数的20%` },
    adultAge: { value: 18, source: `${URBAN_LAW_2018} art. 8` },
    voterListLeadDays: { value: 20, source: `${VILLAGE_LAW} art. 14` },
    turnoutQuorum: { value: 0.5, source: `${VILLAGE_LAW} art. 15: 过半数` },
    winnerMajority: { value: 0.5, source: `${VILLAGE_LAW} art. 15: 过半数` },
    runoffMinShare: { value: 1 / 3, source: `${VILLAGE_LAW} art. 15: 不得少于三分之一` },
    representativeQuorum: { value: 2 / 3, source: `${VILLAGE_LAW} art. 26: 三分之二以上` },
    partyQuorum: { value: 0.8, source: `${PARTY_RULES}: 超过应到会人数的五分之四` },
    partyMajorityOf: { value: 'present', source: `${PARTY_RULES}: 超过实到会人数的半数` },
    reservedWomenSeats: { value: 1, source: `${VILLAGE_LAW} art. 6: 妇女应当有适当的名额` },
    handoverWithinDays: { value: 10, source: `${VILLAGE_LAW} art. 20` },
  },
};

export const zhejiangPack: PolicyPack = {
  id: 'zhejiang-2020',
  name: 'Zhejiang province',
  region: 'CN-ZJ',
  // The year of the revision; its day is still to be verified against the gazette.
  effectiveFrom: '2020-01-01',
  numbers: {
    candidateListLeadDays: { value: 5, source: `${ZHEJIANG}: 选举日的五日前公布正式候选人名单` },
    maxProxiesPerVoter: { value: 3, source: `${ZHEJIANG} art. 25` },
    minMobileBoxSupervisors: { value: 3, source: `${ZHEJIANG} art. 24` },
    minSeated: { value: 3, source: `${ZHEJIANG} arts. 27–30` },
    handoverWithinDays: { value: 10, source: `${ZHEJIANG} art. 33` },
  },
};

export const cityPack: PolicyPack = {
  id: 'yiwu-2007',
  name: 'The city: the launch speech',
  region: 'CN-ZJ-Yiwu',
  // The speech's year; it names no day.
  effectiveFrom: '2007-01-01',
  numbers: {
    directQuota: { value: 0.5, source: `${SPEECH}: 直接选举的社区不得少于二分之一` },
    teamSize: { value: { min: 5, max: 7 }, source: `${SPEECH}: 一般按5至7名配备` },
    eligibility: {
      value: {
        new: {
          male: { maxAge: 51, minEducation: 'senior-high' },
          female: { maxAge: 46, minEducation: 'senior-high' },
        },
        incumbent: {
          male: { maxAge: 54, minEducation: 'junior-high' },
          female: { maxAge: 49, minEducation: 'junior-high' },
        },
      },
      source: `${SPEECH}: 51周岁以下 (以下 includes the number: Civil Code art. 1259)`,
    },
    newMemberEducation: { value: 'warning', source: `${SPEECH}: 一般具有高中以上文化程度` },
  },
};

/** Lowest layer first. */
export const policyPacks: readonly PolicyPack[] = [nationalPack, zhejiangPack, cityPack];
export const defaultPolicyPackIds: readonly string[] = policyPacks.map((pack) => pack.id);

export const OVERRIDE_SOURCE = 'the campaign definition';

export interface ResolvedPolicy {
  policy: Policy;
  /** Each number's source: the pack's citation, or the campaign definition's override. */
  sources: Record<PolicyNumber, string>;
}

/** Numbers the given packs leave undefined: a campaign must name packs that define them all. */
export function missingNumbers(packIds: readonly string[]): PolicyNumber[] {
  const defined = new Set(packIds.flatMap((id) => Object.keys(packById(id)?.numbers ?? {})));
  const all = new Set(policyPacks.flatMap((pack) => Object.keys(pack.numbers))) as Set<PolicyNumber>;
  return [...all].filter((number) => !defined.has(number));
}

function packById(id: string): PolicyPack | undefined {
  return policyPacks.find((pack) => pack.id === id);
}

/**
 * The effective policy of a campaign: its packs layered lowest first, then its overrides.
 * Resolved once, when the campaign starts: a later release's packs never change the rules
 * under a running campaign.
 */
export function resolvePolicy(
  overrides: PolicyOverrides = {},
  packIds: readonly string[] = defaultPolicyPackIds,
): ResolvedPolicy {
  const values: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const id of packIds) {
    const pack = packById(id);
    if (!pack) throw new RangeError(`unknown policy pack '${id}'`);
    for (const [number, { value, source }] of Object.entries(pack.numbers) as [string, Sourced<unknown>][]) {
      values[number] = value;
      sources[number] = `${pack.id}: ${source}`;
    }
  }
  const missing = missingNumbers(packIds);
  if (missing.length > 0) throw new RangeError(`policy packs ${packIds.join(', ')} leave ${missing.join(', ')} undefined`);
  for (const [number, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    values[number] = value;
    sources[number] = OVERRIDE_SOURCE;
  }
  return { policy: values as unknown as Policy, sources: sources as Record<PolicyNumber, string> };
}

/** The default packs' policy, for tests and examples. */
export const defaultPolicy = (overrides: PolicyOverrides = {}): Policy => resolvePolicy(overrides).policy;
