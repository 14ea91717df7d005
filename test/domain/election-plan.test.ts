import { checkElectionPlan, resolvePolicy, type ElectionMethod } from '../../domain';

const street = ['a', 'b', 'c', 'd'];
const plan = (direct: number, ids = street): Record<string, ElectionMethod> =>
  Object.fromEntries(ids.map((id, i) => [id, i < direct ? 'direct' : 'representative']));
const rules = (methods: Record<string, ElectionMethod>, ids = street, policy = resolvePolicy()) =>
  checkElectionPlan(methods, ids, policy).map(({ rule, path }) => ({ rule, path }));

describe('checkElectionPlan', () => {
  it.each([
    ['2 of 4 direct', plan(2), street, []],
    ['4 of 4 direct', plan(4), street, []],
    ['1 of 4 direct', plan(1), street, [{ rule: 'direct-quota', path: 'methods' }]],
    ['3 of 5 direct', plan(3, ['a', 'b', 'c', 'd', 'e']), ['a', 'b', 'c', 'd', 'e'], []],
    ['2 of 5 direct', plan(2, ['a', 'b', 'c', 'd', 'e']), ['a', 'b', 'c', 'd', 'e'], [{ rule: 'direct-quota', path: 'methods' }]],
  ])('%s', (_, methods, ids, expected) => {
    expect(rules(methods, ids)).toEqual(expected);
  });

  it('applies an overridden quota: 2 of 4 refused at 75%', () => {
    const policy = resolvePolicy({ directQuota: 0.75 });
    expect(checkElectionPlan(plan(2), street, policy)).toEqual([
      { rule: 'direct-quota', path: 'methods', message: '2 of 4 communities elect directly; at least 75.0% (3) must' },
    ]);
    expect(checkElectionPlan(plan(3), street, policy)).toEqual([]);
  });

  it('decides the exact share by law, not float rounding (0.55 × 20 = 11)', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const policy = resolvePolicy({ directQuota: 0.55 });
    expect(checkElectionPlan(plan(11, twenty), twenty, policy)).toEqual([]);
    expect(rules(plan(10, twenty), twenty, policy)).toEqual([{ rule: 'direct-quota', path: 'methods' }]);
  });

  it('needs every community of the street, and only those', () => {
    expect(rules(plan(3, ['a', 'b', 'c']))).toEqual([{ rule: 'election-method', path: 'methods.d' }]);
    expect(rules({ ...plan(2), x: 'direct' })).toEqual([{ rule: 'election-method', path: 'methods.x' }]);
  });
});
