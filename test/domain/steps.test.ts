import { COMMUNITY_STEPS, STEPS, STREET_STEPS, isStepId, isStreetStep, stepIndex } from '../../domain';

describe('steps', () => {
  it('lists the nine steps in legal order, street steps first', () => {
    expect(STEPS).toHaveLength(9);
    expect([...STREET_STEPS, ...COMMUNITY_STEPS]).toEqual([...STEPS]);
    expect(stepIndex('guidance-group')).toBe(0);
    expect(stepIndex('party-election')).toBeLessThan(stepIndex('residents-election'));
    expect(stepIndex('handover')).toBe(8);
  });

  it.each([
    ['guidance-group', true],
    ['election-plan', true],
    ['election-committee', false],
    ['handover', false],
  ])('isStreetStep(%s) is %s', (step, street) => {
    expect(isStreetStep(step)).toBe(street);
  });

  it('recognises step ids only', () => {
    expect(isStepId('nomination')).toBe(true);
    expect(isStepId('vote')).toBe(false);
  });
});
