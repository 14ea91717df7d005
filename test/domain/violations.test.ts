import { RULE_IDS, refusals, warningsOf, type Violation } from '../../domain';

describe('refusals and warnings', () => {
  const refusal: Violation = { rule: 'seats', path: 'party.seats', message: '8 seats' };
  const warning: Violation = { rule: 'team-size', path: 'residents.seats', message: 'a team of 9', warning: true };

  it('refuses on refusals only; warnings are accepted and listed without their flag', () => {
    expect(refusals([warning, refusal])).toEqual([refusal]);
    expect(refusals([warning])).toEqual([]);
    expect(warningsOf([refusal, warning])).toEqual([{ rule: 'team-size', path: 'residents.seats', message: 'a team of 9' }]);
    expect(warningsOf([refusal])).toEqual([]);
  });

  it('names every rule of DOMAIN.md once', () => {
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    for (const rule of [
      'direct-quota',
      'seats',
      'team-size',
      'competitive',
      'eligibility-age',
      'eligibility-education',
      'adult',
      'party-member',
      'women-member',
      'candidate-list-lead',
      'audit-before-election',
      'voter-list-lead',
      'voter-count',
      'ballot-count',
      'runoff-candidates',
      'proxy-limit',
      'mobile-box',
      'handover-incomplete',
      'handover-deadline',
    ]) {
      expect(RULE_IDS).toContain(rule);
    }
  });
});
