import {
  OVERRIDE_SOURCE,
  campaignDefinitionSchema,
  cityPack,
  defaultPolicy,
  defaultPolicyPackIds,
  missingNumbers,
  nationalPack,
  policyOverridesSchema,
  policyPacks,
  resolvePolicy,
  zhejiangPack,
  type PolicyNumber,
} from '../../domain';
import { apiExample } from './fixtures';

/** Every number a Policy has: the overridable scalars and the structured ones. */
const ALL_NUMBERS = [
  ...Object.keys(policyOverridesSchema.shape),
  'residentsSeats',
  'partySeats',
  'teamSize',
  'eligibility',
].sort() as PolicyNumber[];

describe('policy packs', () => {
  it('layers national law, the province and the city, lowest first, each named and dated', () => {
    expect(defaultPolicyPackIds).toEqual([nationalPack.id, zhejiangPack.id, cityPack.id]);
    for (const pack of policyPacks) {
      expect(pack.name).not.toBe('');
      expect(pack.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(nationalPack.effectiveFrom).toBe('2026-01-01');
  });

  it('gives every number of the default packs a value and a non-empty source', () => {
    const { policy, sources } = resolvePolicy();
    expect(Object.keys(policy).sort()).toEqual(ALL_NUMBERS);
    expect(Object.keys(sources).sort()).toEqual(ALL_NUMBERS);
    for (const number of ALL_NUMBERS) {
      expect(policy[number]).toBeDefined();
      expect(sources[number].trim()).not.toBe('');
    }
    for (const pack of policyPacks) {
      for (const [number, sourced] of Object.entries(pack.numbers)) {
        expect([number, sourced.source.trim()]).not.toEqual([number, '']);
      }
    }
  });

  it('names the pack a number comes from; a higher layer replaces a lower one', () => {
    const { sources } = resolvePolicy();
    expect(sources.turnoutQuorum).toMatch(/^cn-national-2026: /);
    expect(sources.maxProxiesPerVoter).toMatch(/^zhejiang-2020: /);
    expect(sources.eligibility).toMatch(/^yiwu-2007: .*art\. 1259/);
    // Both national law and Zhejiang give the handover's 10 days: the province's stands.
    expect(sources.handoverWithinDays).toBe(`zhejiang-2020: ${zhejiangPack.numbers.handoverWithinDays?.source}`);
  });

  it('resolves the numbers DOMAIN.md gives', () => {
    expect(defaultPolicy()).toMatchObject({
      directQuota: 0.5,
      residentsSeats: { min: 5, max: 9 },
      partySeats: { committee: { min: 5, max: 9 }, 'general-branch': { min: 5, max: 7 }, branch: { min: 3, max: 5 } },
      teamSize: { min: 5, max: 7 },
      partyCompetitiveMargin: 0.2,
      adultAge: 18,
      voterListLeadDays: 20,
      candidateListLeadDays: 5,
      turnoutQuorum: 0.5,
      winnerMajority: 0.5,
      runoffMinShare: 1 / 3,
      representativeQuorum: 2 / 3,
      partyQuorum: 0.8,
      partyMajorityOf: 'present',
      reservedWomenSeats: 1,
      maxProxiesPerVoter: 3,
      minMobileBoxSupervisors: 3,
      minSeated: 3,
      handoverWithinDays: 10,
      newMemberEducation: 'warning',
      eligibility: {
        new: { male: { maxAge: 51, minEducation: 'senior-high' }, female: { maxAge: 46, minEducation: 'senior-high' } },
        incumbent: { male: { maxAge: 54, minEducation: 'junior-high' }, female: { maxAge: 49, minEducation: 'junior-high' } },
      },
    });
  });

  it('gives overrides the campaign definition as their source, without touching the packs', () => {
    const { policy, sources } = resolvePolicy({ directQuota: 0.75, voterListLeadDays: undefined });
    expect(policy.directQuota).toBe(0.75);
    expect(sources.directQuota).toBe(OVERRIDE_SOURCE);
    expect(OVERRIDE_SOURCE).toBe('the campaign definition');
    expect(policy.voterListLeadDays).toBe(20);
    expect(sources.voterListLeadDays).toMatch(/^cn-national-2026: /);
    expect(cityPack.numbers.directQuota?.value).toBe(0.5);
    expect(defaultPolicy().directQuota).toBe(0.5);
  });

  it('refuses an unknown pack', () => {
    expect(() => resolvePolicy({}, ['cn-urban-1989'])).toThrow(/unknown policy pack 'cn-urban-1989'/);
  });

  it('refuses packs that leave numbers undefined', () => {
    expect(missingNumbers(defaultPolicyPackIds)).toEqual([]);
    expect(missingNumbers([nationalPack.id, zhejiangPack.id]).sort()).toEqual(
      ['directQuota', 'eligibility', 'newMemberEducation', 'teamSize'].sort(),
    );
    expect(() => resolvePolicy({}, [nationalPack.id])).toThrow(/leave .*undefined/);
  });

  it.each([
    [{ directQuota: 0.5, voterListLeadDays: 20 }, true],
    [{ partyMajorityOf: 'entitled' }, true],
    [{ newMemberEducation: 'refusal' }, true],
    [{ minSeated: 3, maxProxiesPerVoter: 3, minMobileBoxSupervisors: 3, reservedWomenSeats: 1 }, true],
    [{ directQuta: 0.5 }, false],
    [{ directQuota: 1.5 }, false],
    [{ voterListLeadDays: 2.5 }, false],
    [{ partyMajorityOf: 'everyone' }, false],
    [{ newMemberEducation: 'ignore' }, false],
    // Structured numbers come from packs, not single overrides.
    [{ teamSize: { min: 3, max: 9 } }, false],
  ])('override %j valid: %s', (overrides, valid) => {
    expect(policyOverridesSchema.safeParse(overrides).success).toBe(valid);
  });
});

describe('policy packs in the campaign definition', () => {
  const paths = (value: unknown) => {
    const result = campaignDefinitionSchema.safeParse(value);
    return result.success ? [] : [...new Set(result.error.issues.map((issue) => issue.path.join('.')))];
  };

  it('defaults to the three default packs', () => {
    expect(campaignDefinitionSchema.parse(apiExample).policyPacks).toEqual([...defaultPolicyPackIds]);
  });

  it.each<[string, unknown, string[]]>([
    ['the three packs', ['cn-national-2026', 'zhejiang-2020', 'yiwu-2007'], []],
    ['an unknown pack', ['cn-national-2026', 'cn-urban-1989', 'yiwu-2007'], ['policyPacks.1']],
    ['national law alone, leaving numbers undefined', ['cn-national-2026'], ['policyPacks']],
    ['no pack', [], ['policyPacks']],
    ['a pack named twice', ['cn-national-2026', 'zhejiang-2020', 'yiwu-2007', 'yiwu-2007'], ['policyPacks']],
    ['the old single field', undefined, ['']],
  ])('%s', (_, policyPacks, expected) => {
    const value = policyPacks === undefined ? { ...apiExample, policyPack: 'cn-urban-2026' } : { ...apiExample, policyPacks };
    expect(paths(value)).toEqual(expected);
  });

  it('says which numbers the packs leave undefined', () => {
    const result = campaignDefinitionSchema.safeParse({ ...apiExample, policyPacks: ['cn-national-2026', 'zhejiang-2020'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/directQuota/);
  });
});
