import {
  checkPartyElection,
  checkResidentsRound,
  partyOutcome,
  residentsOutcome,
  resolvePolicy,
  turnout,
  type Outcome,
  type ResidentsElectionResult,
  type Slate,
} from '../../domain';
import { candidates } from './fixtures';

const policy = resolvePolicy();
/** 5 seats, candidates r1..r7. */
const slate: Slate = { seats: 5, candidates: candidates('r', 7) };

const first = (ballotsCast: number, votes: Record<string, number>, registered = 200): ResidentsElectionResult => ({
  round: 'first',
  registered,
  ballotsCast,
  votes,
});
const runoff = (ballotsCast: number, votes: Record<string, number>): ResidentsElectionResult => ({
  round: 'runoff',
  registered: 200,
  ballotsCast,
  votes,
});

/** Of 120 ballots: r1..r3 win outright (61+), r4 has exactly half, r5..r7 fewer. */
const split = { r1: 100, r2: 90, r3: 61, r4: 60, r5: 50, r6: 30, r7: 10 };
const afterFirst: Outcome = residentsOutcome(first(120, split), slate, 'direct', null, policy);

describe('turnout', () => {
  it('is the share of the registered who voted', () => {
    expect(turnout(200, 101)).toBeCloseTo(0.505);
    expect(turnout(0, 0)).toBeNull();
  });
});

describe('residentsOutcome, direct election', () => {
  it.each([
    [100, false],
    [101, true],
  ])('%d of 200 registered voting: valid %s', (cast, valid) => {
    const outcome = residentsOutcome(first(cast, {}), slate, 'direct', null, policy);
    expect(outcome.valid).toBe(valid);
  });

  it('explains an invalid round and keeps every seat open', () => {
    expect(residentsOutcome(first(100, { r1: 100 }), slate, 'direct', null, policy)).toEqual({
      valid: false,
      reason: 'turnout 50.0% (100 of 200 registered voters) is not more than 50.0%',
      elected: [],
      unfilled: 5,
      rounds: 1,
    });
  });

  it('elects more than half of the ballots cast, not exactly half, and owes a runoff', () => {
    expect(afterFirst).toEqual({
      valid: true,
      reason: '2 of 5 seats unfilled; runoff required',
      elected: ['r1', 'r2', 'r3'],
      unfilled: 2,
      rounds: 1,
      runoffRequired: true,
    });
  });

  it('fills every seat in one round unless the last one is tied', () => {
    const votes = { r1: 70, r2: 70, r3: 70, r4: 70, r5: 70, r6: 70, r7: 10 };
    // Six qualify for five seats and r1..r6 are tied: nobody may be dropped by lot.
    expect(residentsOutcome(first(120, votes), slate, 'direct', null, policy)).toMatchObject({
      elected: [],
      unfilled: 5,
      runoffRequired: true,
    });
    const clear = { ...votes, r6: 65 };
    expect(residentsOutcome(first(120, clear), slate, 'direct', null, policy)).toEqual({
      valid: true,
      elected: ['r1', 'r2', 'r3', 'r4', 'r5'],
      unfilled: 0,
      rounds: 1,
    });
  });

  it('leaves a seat tied at the last place unfilled, and says who tied', () => {
    const votes = { r1: 100, r2: 100, r3: 100, r4: 100, r5: 80, r6: 80, r7: 10 };
    const outcome = residentsOutcome(first(120, votes), slate, 'direct', null, policy);
    expect(outcome.elected).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(outcome.reason).toBe('1 of 5 seats unfilled; r5, r6 tied for the last seat; runoff required');
  });

  it('elects a runoff candidate with exactly one third of the ballots, not fewer', () => {
    const outcome = residentsOutcome(runoff(120, { r4: 40, r5: 39, r6: 30 }), slate, 'direct', afterFirst, policy);
    expect(outcome).toEqual({
      valid: true,
      reason: '1 of 5 seats unfilled; new election required after the runoff',
      elected: ['r1', 'r2', 'r3', 'r4'],
      unfilled: 1,
      rounds: 2,
      reelectionRequired: true,
    });
  });

  it('completes the committee in the runoff', () => {
    const outcome = residentsOutcome(runoff(120, { r4: 60, r5: 50, r6: 10 }), slate, 'direct', afterFirst, policy);
    expect(outcome).toEqual({ valid: true, elected: ['r1', 'r2', 'r3', 'r4', 'r5'], unfilled: 0, rounds: 2 });
  });

  it('keeps the runoff owed when the runoff itself lacks turnout', () => {
    const outcome = residentsOutcome(runoff(90, { r4: 60, r5: 50, r6: 10 }), slate, 'direct', afterFirst, policy);
    expect(outcome).toMatchObject({ valid: false, elected: ['r1', 'r2', 'r3'], unfilled: 2, rounds: 2, runoffRequired: true });
  });
});

describe('residentsOutcome, representative assembly', () => {
  it.each([
    [20, false],
    [21, true],
  ])('%d of 40 representatives present: valid %s', (present, valid) => {
    const outcome = residentsOutcome(first(present, {}, 40), slate, 'representative', null, policy);
    expect(outcome.valid).toBe(valid);
    if (!valid) expect(outcome.reason).toBe('attendance 50.0% (20 of 40 representatives) is not more than 50.0%');
  });
});

describe('partyOutcome', () => {
  const party: Slate = { seats: 5, candidates: candidates('p', 6) };

  it.each([
    [5, 4, false],
    [50, 40, false],
    [50, 41, true],
  ])('%d entitled, %d present: valid %s', (entitled, present, valid) => {
    const outcome = partyOutcome({ entitled, present, votes: {} }, party, policy);
    expect(outcome.valid).toBe(valid);
  });

  it('reports attendance at exactly four fifths', () => {
    expect(partyOutcome({ entitled: 5, present: 4, votes: {} }, party, policy).reason).toBe(
      'attendance 80.0% (4 of 5 entitled members) is not more than 80.0%',
    );
  });

  it('needs more than half of those present by default', () => {
    const votes = { p1: 41, p2: 30, p3: 25, p4: 21, p5: 20, p6: 20 };
    expect(partyOutcome({ entitled: 50, present: 41, votes }, party, policy)).toEqual({
      valid: true,
      reason: '1 of 5 seats unfilled; another vote required',
      elected: ['p1', 'p2', 'p3', 'p4'],
      unfilled: 1,
      rounds: 1,
    });
  });

  it('counts the majority of the entitled when the pack says so', () => {
    const ofEntitled = resolvePolicy({ partyMajorityOf: 'entitled' });
    const votes = { p1: 26, p2: 26, p3: 26, p4: 26, p5: 25, p6: 0 };
    const outcome = partyOutcome({ entitled: 50, present: 45, votes }, party, ofEntitled);
    expect(outcome.elected).toEqual(['p1', 'p2', 'p3', 'p4']);
  });

  it('counts re-votes as rounds', () => {
    const previous = partyOutcome({ entitled: 50, present: 30, votes: {} }, party, policy);
    expect(partyOutcome({ entitled: 50, present: 45, votes: {} }, party, policy, previous).rounds).toBe(2);
  });
});

describe('round and vote checks', () => {
  const rules = (result: ResidentsElectionResult, previous: Outcome | null) =>
    checkResidentsRound(result, slate, previous).map(({ rule, path }) => ({ rule, path }));
  const allFilled: Outcome = { valid: true, elected: ['r1', 'r2', 'r3', 'r4', 'r5'], unfilled: 0, rounds: 1 };
  const invalidFirst = residentsOutcome(first(90, {}), slate, 'direct', null, policy);

  it.each<[string, ResidentsElectionResult, Outcome | null, { rule: string; path: string }[]]>([
    ['a first round', first(120, split), null, []],
    ['a re-vote after an invalid first round', first(120, split), invalidFirst, []],
    ['a first round while a runoff is owed', first(120, split), afterFirst, [{ rule: 'runoff-required', path: 'round' }]],
    ['a runoff without a first round', runoff(120, { r4: 1, r5: 1, r6: 1 }), null, [{ rule: 'runoff-not-needed', path: 'round' }]],
    ['a runoff after an invalid first round', runoff(120, { r4: 1, r5: 1, r6: 1 }), invalidFirst, [{ rule: 'runoff-not-needed', path: 'round' }]],
    ['a runoff after every seat was filled', runoff(120, { r6: 1, r7: 1 }), allFilled, [{ rule: 'runoff-not-needed', path: 'round' }]],
    ['a runoff with 3 candidates for 2 seats', runoff(120, { r4: 1, r5: 1, r6: 1 }), afterFirst, []],
    ['a runoff with 2 candidates for 2 seats', runoff(120, { r4: 1, r5: 1 }), afterFirst, [{ rule: 'competitive', path: 'votes' }]],
    [
      'a runoff including an elected candidate',
      runoff(120, { r1: 1, r4: 1, r5: 1, r6: 1 }),
      afterFirst,
      [{ rule: 'already-elected', path: 'votes.r1' }],
    ],
    ['votes for someone not nominated', first(120, { r1: 1, zz: 1 }), null, [{ rule: 'unknown-candidate', path: 'votes.zz' }]],
  ])('%s', (_, result, previous, expected) => {
    expect(rules(result, previous)).toEqual(expected);
  });

  it('refuses party votes for someone not nominated', () => {
    const party: Slate = { seats: 5, candidates: candidates('p', 6) };
    expect(checkPartyElection({ entitled: 50, present: 45, votes: { p1: 40, r1: 3 } }, party)).toEqual([
      { rule: 'unknown-candidate', path: 'votes.r1', message: "'r1' is not a candidate on the slate" },
    ]);
  });
});
