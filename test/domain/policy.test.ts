import { defaultPolicyPack, policyOverridesSchema, policyPacks, resolvePolicy } from '../../domain';

describe('policy packs', () => {
  it('resolves the default pack, in force from the revised Organic Law', () => {
    const policy = resolvePolicy();
    expect(policy).toEqual(defaultPolicyPack);
    expect(policy.effectiveFrom).toBe('2026-01-01');
    expect(policyPacks.map((p) => p.id)).toContain(policy.id);
  });

  it('overrides single rules without touching the pack', () => {
    const policy = resolvePolicy({ directQuota: 0.75, voterListLeadDays: undefined });
    expect(policy.directQuota).toBe(0.75);
    expect(policy.voterListLeadDays).toBe(20);
    expect(defaultPolicyPack.directQuota).toBe(0.5);
  });

  it('refuses an unknown pack id', () => {
    expect(() => resolvePolicy({}, 'cn-urban-1989')).toThrow(/unknown policy pack/);
  });

  it.each([
    [{ directQuota: 0.5, voterListLeadDays: 20 }, true],
    [{ partyMajorityOf: 'entitled' }, true],
    [{ directQuta: 0.5 }, false],
    [{ directQuota: 1.5 }, false],
    [{ voterListLeadDays: 2.5 }, false],
    [{ partyMajorityOf: 'everyone' }, false],
  ])('override %j valid: %s', (overrides, valid) => {
    expect(policyOverridesSchema.safeParse(overrides).success).toBe(valid);
  });
});
