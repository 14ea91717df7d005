import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RULE_IDS, refusals, warningsOf, type Violation } from '../../domain';
import { projectRoot } from '../../scripts/temporal-binaries';

const domainFile = path.join(projectRoot, '..', 'shared', 'DOMAIN.md');

describe('refusals and warnings', () => {
  const refusal: Violation = { rule: 'seats', path: 'party.seats', message: '8 seats', zh: '职数8名' };
  const warning: Violation = { rule: 'team-size', path: 'residents.seats', message: 'a team of 9', zh: '班子9人', warning: true };

  it('refuses on refusals only; warnings are accepted and listed without their flag', () => {
    expect(refusals([warning, refusal])).toEqual([refusal]);
    expect(refusals([warning])).toEqual([]);
    expect(warningsOf([refusal, warning])).toEqual([{ rule: 'team-size', path: 'residents.seats', message: 'a team of 9', zh: '班子9人' }]);
    expect(warningsOf([refusal])).toEqual([]);
  });

  it('names every rule of DOMAIN.md once', () => {
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    // Where the domain brief is at hand (CI lays shared/ beside the clone), each rule it names is one of ours.
    if (!existsSync(domainFile)) return;
    const named = [...readFileSync(domainFile, 'utf8').matchAll(/`([a-z]+(?:-[a-z]+)*)`[,:]? \(?(?:a )?(?:refusal|warning)/g)].map(([, rule]) => rule);
    expect(named.length).toBeGreaterThanOrEqual(19);
    expect(named.filter((rule) => !(RULE_IDS as readonly string[]).includes(rule))).toEqual([]);
  });
});
