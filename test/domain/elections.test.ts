import {
  checkPartyElection,
  checkResidentsRound,
  defaultPolicy,
  partyOutcome,
  residentsOutcome,
  runoffCandidates,
  settled,
  turnout,
  votesOf,
  womenSeatsOwed,
  type Candidate,
  type ElectionMethod,
  type Outcome,
  type PartyElectionResult,
  type ResidentsElectionResult,
  type Slate,
} from '../../domain';
import { candidate, candidates } from './fixtures';

const policy = defaultPolicy();

const man = (id: string): Candidate => candidate(id);
const woman = (id: string): Candidate => candidate(id, { gender: 'female' });

/** 5 seats, one reserved for a woman: men m1..m6, women w1, w2. */
const slate: Slate = {
  seats: 5,
  candidates: [man('m1'), man('m2'), man('m3'), man('m4'), man('m5'), man('m6'), woman('w1'), woman('w2')],
};

/** Direct rounds of 120 ballots among 200 registered, unless told otherwise. */
const first = (votes: Record<string, number>, ballotsCast = 120, registered = 200): ResidentsElectionResult => ({
  round: 'first',
  registered,
  ballotsCast,
  votes,
});
const runoff = (votes: Record<string, number>, ballotsCast = 120, registered = 200): ResidentsElectionResult => ({
  round: 'runoff',
  registered,
  ballotsCast,
  votes,
});
const direct = (result: ResidentsElectionResult, previous: Outcome | null = null, on: Slate = slate) =>
  residentsOutcome(result, on, 'direct', previous, policy);

/**
 * Of 120 ballots: m1, m2 and w1 win outright (61 is more than half), m3 has exactly half.
 * The woman's seat is filled, so the two empty seats are open to all.
 */
const split = { m1: 100, m2: 90, w1: 61, m3: 60, m4: 50, w2: 30, m5: 20, m6: 10 };
const afterSplit = direct(first(split));

describe('turnout', () => {
  it('is the share of the registered who voted', () => {
    expect(turnout(200, 101)).toBeCloseTo(0.505);
    expect(turnout(0, 0)).toBeNull();
  });
});

describe('residentsOutcome, direct election', () => {
  it.each([
    [1500, false],
    [1501, true],
  ])('turnout quorum (more than half): %d of 3000 voting, valid %s', (cast, valid) => {
    expect(direct(first({}, cast, 3000)).valid).toBe(valid);
  });

  it('explains an invalid round and keeps every seat open', () => {
    expect(direct(first({ m1: 1500 }, 1500, 3000))).toEqual({
      valid: false,
      reason: 'turnout 50.0% (1500 of 3000 registered voters) is not more than 50.0%',
      elected: [],
      unfilled: 5,
      rounds: 1,
      vacancies: 0,
      womenElected: 0,
      firstRoundVotes: { m1: 1500 },
    });
  });

  it('elects more than half of the ballots cast, not exactly half, and owes a runoff', () => {
    expect(afterSplit).toEqual({
      valid: true,
      reason: '2 of 5 seats unfilled; runoff required',
      elected: ['m1', 'm2', 'w1'],
      unfilled: 2,
      rounds: 1,
      vacancies: 0,
      womenElected: 1,
      runoffRequired: true,
      firstRoundVotes: split,
    });
    expect(settled(afterSplit)).toBe(false);
  });

  it('fills every seat in one round', () => {
    const outcome = direct(first({ m1: 100, m2: 95, m3: 90, m4: 85, w1: 80, m5: 20, m6: 10, w2: 5 }));
    expect(outcome).toMatchObject({ valid: true, elected: ['m1', 'm2', 'm3', 'm4', 'w1'], unfilled: 0, womenElected: 1 });
    expect(outcome.reason).toBeUndefined();
    expect(settled(outcome)).toBe(true);
  });

  it('leaves a seat tied at the last place unfilled, and says who tied', () => {
    const outcome = direct(first({ m1: 100, m2: 100, m3: 100, w1: 100, m4: 80, m5: 80, m6: 10, w2: 5 }));
    expect(outcome.elected).toEqual(['m1', 'm2', 'm3', 'w1']);
    expect(outcome.reason).toBe('1 of 5 seats unfilled; m4, m5 tied for the last seat; runoff required');
    expect(runoffCandidates(outcome, slate, policy)).toEqual(new Set(['m4', 'm5']));
  });

  describe('the reserved women’s seat', () => {
    const topFiveMen = { m1: 100, m2: 95, m3: 90, m4: 85, m5: 80 };

    it('goes to the best-placed woman above the threshold when the top five are men', () => {
      const outcome = direct(first({ ...topFiveMen, w1: 61, w2: 70, m6: 10 }));
      expect(outcome).toMatchObject({ valid: true, elected: ['m1', 'm2', 'm3', 'm4', 'w2'], unfilled: 0, womenElected: 1 });
      expect(settled(outcome)).toBe(true);
    });

    it('goes to a runoff among women only when no woman is above the threshold', () => {
      const outcome = direct(first({ ...topFiveMen, w1: 60, w2: 20, m6: 10 }));
      expect(outcome).toMatchObject({
        valid: true,
        elected: ['m1', 'm2', 'm3', 'm4'],
        unfilled: 1,
        womenElected: 0,
        runoffRequired: true,
      });
      expect(womenSeatsOwed(outcome, policy)).toBe(1);
      expect(runoffCandidates(outcome, slate, policy)).toEqual(new Set(['w1', 'w2']));
      // m5, best placed of the rest, may not stand for the woman's seat.
      const rules = (votes: Record<string, number>) =>
        checkResidentsRound(runoff(votes), { slate, method: 'direct', previous: outcome, registeredVoters: 200, policy }).map(
          ({ rule, path }) => ({ rule, path }),
        );
      expect(rules({ w1: 70, w2: 40 })).toEqual([]);
      expect(rules({ w1: 70, w2: 30, m5: 20 })).toEqual([{ rule: 'runoff-candidates', path: 'votes.m5' }]);
      const after = direct(runoff({ w1: 70, w2: 40 }), outcome);
      expect(after).toMatchObject({ valid: true, elected: ['m1', 'm2', 'm3', 'm4', 'w1'], unfilled: 0, womenElected: 1 });
    });

    it('admits women tied at the cut of the women’s runoff', () => {
      const three: Slate = { ...slate, candidates: [...slate.candidates, woman('w3')] };
      const outcome = direct(first({ ...topFiveMen, w1: 60, w2: 20, w3: 20, m6: 10 }), null, three);
      expect(runoffCandidates(outcome, three, policy)).toEqual(new Set(['w1', 'w2', 'w3']));
    });

    it('leaves men no more than the seats not reserved, even in the runoff', () => {
      const outcome = direct(first({ ...topFiveMen, w1: 60, w2: 20, m6: 10 }));
      // A man cannot take the woman's seat, whatever his votes.
      const after = direct(runoff({ m5: 100, w1: 10 }), outcome);
      expect(after.elected).toEqual(['m1', 'm2', 'm3', 'm4']);
    });
  });

  describe('the runoff', () => {
    it.each([
      [40, ['m1', 'm2', 'w1', 'm3'], 1],
      [39, ['m1', 'm2', 'w1'], 2],
    ])('a candidate with %d of 120 ballots (one third is 40)', (votes, elected, vacancies) => {
      const outcome = direct(runoff({ m3: votes, m4: 39, w2: 30 }), afterSplit);
      expect(outcome).toMatchObject({ valid: true, elected, unfilled: 0, vacancies, rounds: 2 });
    });

    it('completes the committee', () => {
      const outcome = direct(runoff({ m3: 60, m4: 50, w2: 10 }), afterSplit);
      expect(outcome).toMatchObject({ valid: true, elected: ['m1', 'm2', 'w1', 'm3', 'm4'], unfilled: 0, vacancies: 0 });
      expect(outcome.reason).toBeUndefined();
      expect(settled(outcome)).toBe(true);
    });

    it('minSeated: 3 elected of 5 after the runoff stand with 2 vacancies', () => {
      const outcome = direct(runoff({ m3: 39, m4: 39, w2: 30 }), afterSplit);
      expect(outcome).toEqual({
        valid: true,
        reason: '2 of 5 seats unfilled; the committee stands with 2 vacancies (3 elected)',
        elected: ['m1', 'm2', 'w1'],
        unfilled: 0,
        rounds: 2,
        vacancies: 2,
        womenElected: 1,
        firstRoundVotes: split,
      });
      expect(settled(outcome)).toBe(true);
    });

    it('minSeated: 2 elected of 5 after the runoff need a new election', () => {
      const two = direct(first({ m1: 100, m2: 90, w1: 60, m3: 50, m4: 40, w2: 30, m5: 20, m6: 10 }));
      expect(two).toMatchObject({ elected: ['m1', 'm2'], unfilled: 3, runoffRequired: true });
      const outcome = direct(runoff({ w1: 39, m3: 39, m4: 39, w2: 30 }), two);
      expect(outcome).toMatchObject({ valid: true, elected: ['m1', 'm2'], unfilled: 3, vacancies: 0, reelectionRequired: true });
      expect(outcome.reason).toBe('3 of 5 seats unfilled; fewer than 3 elected; new election required');
      expect(settled(outcome)).toBe(false);
    });

    it('follows the pack’s minSeated', () => {
      const outcome = residentsOutcome(runoff({ m3: 39, m4: 39, w2: 30 }), slate, 'direct', afterSplit, defaultPolicy({ minSeated: 4 }));
      expect(outcome).toMatchObject({ elected: ['m1', 'm2', 'w1'], unfilled: 2, reelectionRequired: true });
    });

    it('stays owed when the runoff itself lacks turnout', () => {
      const outcome = direct(runoff({ m3: 60, m4: 50, w2: 10 }, 100), afterSplit);
      expect(outcome).toMatchObject({ valid: false, elected: ['m1', 'm2', 'w1'], unfilled: 2, rounds: 2, runoffRequired: true });
      expect(direct(runoff({ m3: 60, m4: 50, w2: 10 }), outcome)).toMatchObject({
        valid: true,
        elected: ['m1', 'm2', 'w1', 'm3', 'm4'],
        unfilled: 0,
        rounds: 3,
      });
    });
  });
});

describe('residentsOutcome, representative assembly', () => {
  const assembly = (present: number, votes: Record<string, number> = {}) =>
    residentsOutcome(first(votes, present, 90), slate, 'representative', null, policy);

  it.each([
    [59, false],
    [60, true],
  ])('two thirds present (三分之二以上 includes it): %d of 90, valid %s', (present, valid) => {
    expect(assembly(present).valid).toBe(valid);
  });

  it('explains a failed attendance', () => {
    expect(assembly(59).reason).toBe('attendance 65.6% (59 of 90 representatives) is less than 66.7%');
  });

  it('elects with more than half of those present', () => {
    const votes = { m1: 60, m2: 50, m3: 40, w1: 31, m4: 30, w2: 10 };
    expect(assembly(60, votes)).toMatchObject({ valid: true, elected: ['m1', 'm2', 'm3', 'w1'], unfilled: 1 });
  });
});

describe('partyOutcome', () => {
  const party: Slate = { seats: 5, candidates: candidates('p', 7) };
  const vote = (present: number, votes: Record<string, number>, entitled = 50): PartyElectionResult => ({
    entitled,
    present,
    votes,
  });
  /** Of 41 present: p1..p4 have more than half, p5 and p6 exactly 20. */
  const fourOfFive = partyOutcome(vote(41, { p1: 41, p2: 30, p3: 25, p4: 21, p5: 20, p6: 20, p7: 3 }), party, policy);

  it.each([
    [5, 4, false],
    [50, 40, false],
    [50, 41, true],
  ])('%d entitled, %d present: valid %s', (entitled, present, valid) => {
    expect(partyOutcome(vote(present, {}, entitled), party, policy).valid).toBe(valid);
  });

  it('reports attendance at exactly four fifths', () => {
    expect(partyOutcome(vote(4, {}, 5), party, policy).reason).toBe(
      'attendance 80.0% (4 of 5 entitled members) is not more than 80.0%',
    );
  });

  it('elects 4 of 5 with more than half of those present, and owes a round for the fifth', () => {
    expect(fourOfFive).toEqual({
      valid: true,
      reason: '1 of 5 seats unfilled; another round for the empty seats required',
      elected: ['p1', 'p2', 'p3', 'p4'],
      unfilled: 1,
      rounds: 1,
      vacancies: 0,
      womenElected: 0,
    });
    expect(settled(fourOfFive)).toBe(false);
  });

  it('keeps the 4 elected and fills the fifth seat in the next round', () => {
    const next = partyOutcome(vote(45, { p5: 30, p6: 14, p7: 1 }), party, policy, fourOfFive);
    expect(next).toEqual({
      valid: true,
      elected: ['p1', 'p2', 'p3', 'p4', 'p5'],
      unfilled: 0,
      rounds: 2,
      vacancies: 0,
      womenElected: 0,
    });
    expect(settled(next)).toBe(true);
  });

  it('keeps the 4 elected when the next round fails its quorum or ties', () => {
    expect(partyOutcome(vote(40, { p5: 40 }), party, policy, fourOfFive)).toMatchObject({
      valid: false,
      elected: ['p1', 'p2', 'p3', 'p4'],
      unfilled: 1,
      rounds: 2,
    });
    expect(partyOutcome(vote(45, { p5: 23, p6: 23 }), party, policy, fourOfFive)).toMatchObject({
      valid: true,
      elected: ['p1', 'p2', 'p3', 'p4'],
      unfilled: 1,
    });
  });

  it('counts the majority of the entitled when the pack says so', () => {
    const ofEntitled = defaultPolicy({ partyMajorityOf: 'entitled' });
    const outcome = partyOutcome(vote(45, { p1: 26, p2: 26, p3: 26, p4: 26, p5: 25, p6: 0 }), party, ofEntitled);
    expect(outcome.elected).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('counts women elected', () => {
    const withWomen: Slate = { seats: 5, candidates: [...candidates('p', 4), woman('f1'), woman('f2')] };
    const outcome = partyOutcome(vote(45, { p1: 40, p2: 40, p3: 40, f1: 40, f2: 40, p4: 1 }), withWomen, policy);
    expect(outcome).toMatchObject({ elected: ['p1', 'p2', 'p3', 'f1', 'f2'], womenElected: 2 });
  });

  describe('checkPartyElection', () => {
    it('refuses votes for someone not nominated', () => {
      expect(checkPartyElection(vote(45, { p1: 40, r1: 3 }), party, null)).toEqual([
        { rule: 'unknown-candidate', path: 'votes.r1', message: "'r1' is not a candidate on the slate", zh: '“r1”不是本次选举的候选人' },
      ]);
    });

    it('refuses a further round voting for an already elected candidate', () => {
      expect(checkPartyElection(vote(45, { p5: 30, p6: 14 }), party, fourOfFive)).toEqual([]);
      expect(checkPartyElection(vote(45, { p4: 30, p5: 30 }), party, fourOfFive)).toEqual([
        { rule: 'already-elected', path: 'votes.p4', message: "'p4' was already elected", zh: '“p4”已经当选' },
      ]);
    });
  });
});

describe('checkResidentsRound', () => {
  const context = (previous: Outcome | null, method: ElectionMethod = 'direct', registeredVoters = 200) => ({
    slate,
    method,
    previous,
    registeredVoters,
    policy,
  });
  const rules = (result: ResidentsElectionResult, previous: Outcome | null = null, method: ElectionMethod = 'direct') =>
    checkResidentsRound(result, context(previous, method)).map(({ rule, path }) => ({ rule, path }));
  const allFilled = direct(first({ m1: 100, m2: 95, m3: 90, m4: 85, w1: 80 }));
  const invalidFirst = direct(first({}, 90));

  it.each<[string, ResidentsElectionResult, Outcome | null, { rule: string; path: string }[]]>([
    ['a first round', first(split), null, []],
    ['a re-vote after an invalid first round', first(split), invalidFirst, []],
    ['a first round while a runoff is owed', first(split), afterSplit, [{ rule: 'runoff-required', path: 'round' }]],
    ['a runoff without a first round', runoff({ m3: 1, m4: 1, w2: 1 }), null, [{ rule: 'runoff-not-needed', path: 'round' }]],
    ['a runoff after an invalid first round', runoff({ m3: 1, m4: 1, w2: 1 }), invalidFirst, [{ rule: 'runoff-not-needed', path: 'round' }]],
    ['a runoff with the 3 best-placed for 2 seats', runoff({ m3: 1, m4: 1, w2: 1 }), afterSplit, []],
    ['a runoff with 2 candidates for 2 seats', runoff({ m3: 1, m4: 1 }), afterSplit, [{ rule: 'competitive', path: 'votes' }]],
    [
      'a runoff with a candidate outside the best-placed',
      runoff({ m3: 1, m4: 1, m5: 1 }),
      afterSplit,
      [
        { rule: 'runoff-candidates', path: 'votes.m5' },
        { rule: 'competitive', path: 'votes' },
      ],
    ],
    [
      'a runoff including an elected candidate',
      runoff({ m1: 1, m3: 1, m4: 1, w2: 1 }),
      afterSplit,
      [{ rule: 'already-elected', path: 'votes.m1' }],
    ],
    ['votes for someone not nominated', first({ m1: 1, zz: 1 }), null, [{ rule: 'unknown-candidate', path: 'votes.zz' }]],
  ])('%s', (_, result, previous, expected) => {
    expect(rules(result, previous)).toEqual(expected);
  });

  it('refuses a runoff after every seat was filled', () => {
    // Its votes also exceed its 0 seats (ballot-count); the runoff itself is what is wrong.
    expect(rules(runoff({ m5: 1, m6: 1 }), allFilled)).toContainEqual({ rule: 'runoff-not-needed', path: 'round' });
  });

  describe('runoff-candidates: one more than the empty seats, ties at the cut included', () => {
    // m3 60, m4 50, then w2 and m5 tied at 30 for the third place.
    const tiedAtCut = direct(first({ ...split, m5: 30 }));

    it('admits everyone tied at the cut', () => {
      expect(runoffCandidates(tiedAtCut, slate, policy)).toEqual(new Set(['m3', 'm4', 'w2', 'm5']));
      expect(rules(runoff({ m3: 1, m4: 1, w2: 1, m5: 1 }), tiedAtCut)).toEqual([]);
    });

    it('refuses the one just below the cut', () => {
      expect(rules(runoff({ m3: 1, m4: 1, w2: 1, m6: 1 }), tiedAtCut)).toEqual([{ rule: 'runoff-candidates', path: 'votes.m6' }]);
    });

    it('without a tie, the cut is exact', () => {
      expect(runoffCandidates(afterSplit, slate, policy)).toEqual(new Set(['m3', 'm4', 'w2']));
    });
  });

  describe('voter-count: a direct round’s registered voters are the registration’s', () => {
    it.each<[string, Partial<ResidentsElectionResult>, ElectionMethod, { rule: string; path: string }[]]>([
      ['as registered', { registered: 200 }, 'direct', []],
      ['one fewer than registered', { registered: 199 }, 'direct', [{ rule: 'voter-count', path: 'registered' }]],
      ['one more than registered', { registered: 201 }, 'direct', [{ rule: 'voter-count', path: 'registered' }]],
      ['one fewer, corrected with a reason', { registered: 199, registeredCorrection: '一名选民迁出，异议成立' }, 'direct', []],
      ['an assembly of 90 representatives', { registered: 90, ballotsCast: 60 }, 'representative', []],
    ])('%s', (_, change, method, expected) => {
      expect(rules({ ...first({ m1: 50 }), ...change }, null, method)).toEqual(expected);
    });
  });

  describe('ballot-count: no more votes in all than ballots × seats to fill', () => {
    const fill = (total: number, ids: readonly string[]): Record<string, number> => {
      const each = Math.floor(total / ids.length);
      return Object.fromEntries(ids.map((id, i) => [id, i === 0 ? total - each * (ids.length - 1) : each]));
    };
    it.each<[string, ResidentsElectionResult, Outcome | null, { rule: string; path: string }[]]>([
      ['600 votes of 120 ballots for 5 seats', first(fill(600, ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'w1', 'w2'])), null, []],
      [
        '601 votes of 120 ballots for 5 seats',
        first(fill(601, ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'w1', 'w2'])),
        null,
        [{ rule: 'ballot-count', path: 'votes' }],
      ],
      ['240 votes of 120 ballots for the runoff’s 2 seats', runoff({ m3: 100, m4: 100, w2: 40 }), afterSplit, []],
      ['241 votes of 120 ballots for the runoff’s 2 seats', runoff({ m3: 100, m4: 100, w2: 41 }), afterSplit, [{ rule: 'ballot-count', path: 'votes' }]],
    ])('%s', (_, result, previous, expected) => {
      expect(rules(result, previous)).toEqual(expected);
    });
  });

  describe('proxy-limit and mobile-box', () => {
    it.each<[string, Partial<ResidentsElectionResult>, { rule: string; path: string }[]]>([
      ['a voter holding 3 proxies', { proxies: { votes: 20, maxPerProxy: 3 } }, []],
      ['a voter holding 4 proxies', { proxies: { votes: 20, maxPerProxy: 4 } }, [{ rule: 'proxy-limit', path: 'proxies.maxPerProxy' }]],
      ['mobile boxes with 3 supervisors', { mobileBoxes: [{ supervisors: 3, ballots: 10 }, { supervisors: 4, ballots: 5 }] }, []],
      [
        'a second mobile box with 2 supervisors',
        { mobileBoxes: [{ supervisors: 3, ballots: 10 }, { supervisors: 2, ballots: 5 }] },
        [{ rule: 'mobile-box', path: 'mobileBoxes.1.supervisors' }],
      ],
    ])('%s', (_, change, expected) => {
      expect(rules({ ...first({ m1: 70 }), ...change })).toEqual(expected);
    });

    it('follows the pack', () => {
      const strict = { ...context(null), policy: defaultPolicy({ maxProxiesPerVoter: 2, minMobileBoxSupervisors: 4 }) };
      const result = { ...first({ m1: 70 }), proxies: { votes: 20, maxPerProxy: 3 }, mobileBoxes: [{ supervisors: 3, ballots: 10 }] };
      expect(checkResidentsRound(result, strict).map((v) => v.message)).toEqual([
        'a voter held 3 proxies; at most 2',
        'mobile ballot box 1 had 3 supervisors; at least 4',
      ]);
    });
  });
});

describe('candidate ids named like Object.prototype members', () => {
  const odd: Slate = {
    seats: 5,
    candidates: ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'm1'].map((id) => man(id)).concat([
      woman('toLocaleString'),
      woman('w1'),
    ]),
  };

  it('counts their votes like anyone’s', () => {
    const outcome = direct(first({ toString: 100, hasOwnProperty: 90, valueOf: 80, m1: 70, toLocaleString: 61, constructor: 10 }), null, odd);
    expect(outcome).toMatchObject({
      valid: true,
      elected: ['toString', 'hasOwnProperty', 'valueOf', 'm1', 'toLocaleString'],
      unfilled: 0,
      womenElected: 1,
    });
  });

  it('gives no votes to one not voted for, and ranks the runoff right', () => {
    expect(votesOf({ m1: 3 }, 'constructor')).toBe(0);
    expect(votesOf({ m1: 3 }, 'toString')).toBe(0);
    expect(votesOf({ constructor: 3 }, 'constructor')).toBe(3);
    const outcome = direct(first({ toString: 100, hasOwnProperty: 90, m1: 70, isPrototypeOf: 40, w1: 30 }), null, odd);
    expect(outcome).toMatchObject({ elected: ['toString', 'hasOwnProperty', 'm1'], unfilled: 2 });
    // Unvoted constructor and valueOf rank last, not first.
    expect(runoffCandidates(outcome, odd, policy)).toEqual(new Set(['isPrototypeOf', 'w1', 'toLocaleString']));
  });

  it('checks rounds and Party votes with them like any other ids', () => {
    const outcome = direct(first({ toString: 100, hasOwnProperty: 90, m1: 70, isPrototypeOf: 40, w1: 30 }), null, odd);
    const found = checkResidentsRound(runoff({ toString: 1, isPrototypeOf: 1, w1: 1, toLocaleString: 1, constructor: 1 }), {
      slate: odd,
      method: 'direct',
      previous: outcome,
      registeredVoters: 200,
      policy,
    }).map(({ rule, path }) => ({ rule, path }));
    expect(found).toEqual([
      { rule: 'already-elected', path: 'votes.toString' },
      { rule: 'runoff-candidates', path: 'votes.constructor' },
    ]);
    const plain: Slate = { seats: 5, candidates: candidates('p', 6) };
    expect(checkPartyElection({ entitled: 50, present: 45, votes: { toString: 1, constructor: 1 } }, plain, null).map((v) => v.rule)).toEqual([
      'unknown-candidate',
      'unknown-candidate',
    ]);
    const party = partyOutcome({ entitled: 50, present: 45, votes: { toString: 40, constructor: 40, valueOf: 40, m1: 40, w1: 40 } }, odd, policy);
    expect(party).toMatchObject({ elected: ['constructor', 'toString', 'valueOf', 'm1', 'w1'], unfilled: 0 });
  });
});
