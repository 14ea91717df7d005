import { z } from 'zod';
import type { EligibilityTable } from './eligibility';

/**
 * Every number the rules use lives in a policy pack, not in code: the Organic
 * Law of Urban Residents' Committees was revised (in force 2026-01-01) and
 * cities set their own quotas, so rules are versioned by region and date.
 */

const share = z.number().min(0).max(1);
const days = z.int().min(0).max(366);

/**
 * The scalar knobs a campaign may override one by one (`"policy": {...}` in the
 * campaign definition). Strict: a misspelt knob must not silently fall back to
 * the pack's value.
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
    objectionDays: days,
    objectionDecisionDays: days,
    /** Direct election valid when ballots cast > share × registered voters. */
    turnoutQuorum: share,
    /** First-round winner needs votes > share × ballots cast. */
    winnerMajority: share,
    /** Runoff winner needs votes ≥ share × ballots cast. */
    runoffMinShare: share,
    /** Representative assembly valid when present > share × representatives. */
    representativeQuorum: share,
    /** Party election valid when present > share × entitled full members. */
    partyQuorum: share,
    /** Whom a Party winner's majority is counted of. */
    partyMajorityOf: z.enum(['present', 'entitled']),
    termYears: z.int().min(1).max(10),
  })
  .partial();

export type PolicyOverrides = Required<z.output<typeof policyOverridesSchema>>;

export interface SeatRange {
  readonly min: number;
  readonly max: number;
}

export interface PolicyPack extends Readonly<PolicyOverrides> {
  readonly id: string;
  readonly region: string;
  /** YYYY-MM-DD, the day the pack's legal basis takes effect. */
  readonly effectiveFrom: string;
  readonly residentsSeats: SeatRange;
  /** The "two-committee" team size; applied to the Party committee slate. */
  readonly partySeats: SeatRange;
  readonly eligibility: EligibilityTable;
}

/**
 * National law (revised Organic Law, villagers' committee law by analogy, Party
 * grassroots election rules) plus the municipal policy of the launch speech.
 */
export const defaultPolicyPack: PolicyPack = {
  id: 'cn-urban-2026',
  region: 'CN',
  effectiveFrom: '2026-01-01',
  directQuota: 0.5,
  residentsSeats: { min: 5, max: 9 },
  partySeats: { min: 5, max: 7 },
  partyCompetitiveMargin: 0.2,
  eligibility: {
    new: {
      male: { maxAgeExclusive: 51, minEducation: 'senior-high' },
      female: { maxAgeExclusive: 46, minEducation: 'senior-high' },
    },
    incumbent: {
      male: { maxAgeExclusive: 54, minEducation: 'junior-high' },
      female: { maxAgeExclusive: 49, minEducation: 'junior-high' },
    },
  },
  adultAge: 18,
  voterListLeadDays: 20,
  objectionDays: 5,
  objectionDecisionDays: 3,
  turnoutQuorum: 0.5,
  winnerMajority: 0.5,
  runoffMinShare: 1 / 3,
  representativeQuorum: 0.5,
  partyQuorum: 0.8,
  partyMajorityOf: 'present',
  termYears: 5,
};

export const policyPacks: readonly PolicyPack[] = [defaultPolicyPack];

export function resolvePolicy(
  overrides: Partial<PolicyOverrides> = {},
  packId: string = defaultPolicyPack.id,
): PolicyPack {
  const pack = policyPacks.find((candidate) => candidate.id === packId);
  if (!pack) throw new RangeError(`unknown policy pack '${packId}'`);
  const given = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...pack, ...Object.fromEntries(given) };
}
