import { checkElectionPlan, defaultPolicy, type ElectionMethod } from '../../domain';

const street = ['a', 'b', 'c', 'd'];
const plan = (direct: number, ids = street): Record<string, ElectionMethod> =>
  Object.fromEntries(ids.map((id, i) => [id, i < direct ? 'direct' : 'representative']));
const rules = (methods: Record<string, ElectionMethod>, ids = street, policy = defaultPolicy()) =>
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
    const policy = defaultPolicy({ directQuota: 0.75 });
    expect(checkElectionPlan(plan(2), street, policy)).toEqual([
      {
        rule: 'direct-quota',
        path: 'methods',
        message: '2 of 4 communities elect directly; at least 75.0% (3) must',
        zh: '4个社区中2个直接选举；直接选举的社区不得少于75.0%（3个）',
      },
    ]);
    expect(checkElectionPlan(plan(3), street, policy)).toEqual([]);
  });

  it('decides the exact share by law, not float rounding (0.55 × 20 = 11)', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const policy = defaultPolicy({ directQuota: 0.55 });
    expect(checkElectionPlan(plan(11, twenty), twenty, policy)).toEqual([]);
    expect(rules(plan(10, twenty), twenty, policy)).toEqual([{ rule: 'direct-quota', path: 'methods' }]);
  });

  it('needs every community of the street, and only those', () => {
    expect(rules(plan(3, ['a', 'b', 'c']))).toEqual([{ rule: 'election-method', path: 'methods.d' }]);
    expect(rules({ ...plan(2), x: 'direct' })).toEqual([{ rule: 'election-method', path: 'methods.x' }]);
  });

  describe('communities named like Object.prototype members', () => {
    const odd = ['constructor', 'a', 'b', 'c'];
    it.each<[string, Record<string, ElectionMethod>, { rule: string; path: string }[]]>([
      ['a method for each', { constructor: 'direct' as ElectionMethod, a: 'direct', b: 'representative', c: 'representative' }, []],
      [
        'constructor missing its method',
        { a: 'direct', b: 'direct', c: 'representative' },
        [{ rule: 'election-method', path: 'methods.constructor' }],
      ],
      [
        'constructor missing, the others not direct enough',
        { a: 'direct', b: 'representative', c: 'representative' },
        [
          { rule: 'election-method', path: 'methods.constructor' },
          { rule: 'direct-quota', path: 'methods' },
        ],
      ],
    ])('%s', (_, methods, expected) => {
      expect(rules(methods, odd)).toEqual(expected);
    });

    it('does not take a prototype member for a community of the street', () => {
      // Parsed JSON has own keys only; `toString` and `hasOwnProperty` here are plain ids.
      const methods = JSON.parse('{"a": "direct", "b": "direct", "toString": "direct", "hasOwnProperty": "direct"}');
      expect(rules(methods, ['a', 'b'])).toEqual([
        { rule: 'election-method', path: 'methods.toString' },
        { rule: 'election-method', path: 'methods.hasOwnProperty' },
      ]);
      expect(rules({ a: 'direct' }, ['a', 'toString', 'hasOwnProperty'])).toEqual([
        { rule: 'election-method', path: 'methods.toString' },
        { rule: 'election-method', path: 'methods.hasOwnProperty' },
        { rule: 'direct-quota', path: 'methods' },
      ]);
    });
  });
});
