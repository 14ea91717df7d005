import type { Policy } from './policy';
import type { Candidate, ElectionMethod, PartyElectionResult, ResidentsElectionResult, Slate } from './update-schemas';
import { atLeast, moreThan, percent } from './shares';

/**
 * What a recorded election result means. A failed vote (quorum, empty seats)
 * is a fact, not an error: it is recorded and the outcome says what comes next.
 */
export interface Outcome {
  valid: boolean;
  reason?: string;
  /** Candidate ids, accumulated over the rounds: a seat filled stays filled. */
  elected: string[];
  /** Seats still owed an election. */
  unfilled: number;
  /** Rounds recorded so far, re-votes included. */
  rounds: number;
  /** Seats left empty after the runoff, with at least `minSeated` members elected. */
  vacancies: number;
  womenElected: number;
  /** Seats are still owed a runoff (另行选举); the next round must be one. */
  runoffRequired?: boolean;
  /** Seats stayed empty after the runoff: a new election, escalated. */
  reelectionRequired?: boolean;
  /** Residents: the first round's votes, which rank the runoff's candidates. */
  firstRoundVotes?: Record<string, number>;
}

/** Whether the outcome completes its step: every seat filled, or the vacancies accepted. */
export const settled = (outcome: Outcome): boolean => outcome.valid && outcome.unfilled === 0;

/** Share of the registered who voted; null while no one is registered. */
export function turnout(registered: number, cast: number): number | null {
  return registered > 0 ? cast / registered : null;
}

/** A candidate's votes; ids are own keys only, so a candidate called `constructor` is one like any other. */
export function votesOf(votes: Readonly<Record<string, number>>, id: string): number {
  return Object.hasOwn(votes, id) ? votes[id] : 0;
}

interface Ranking {
  winners: string[];
  /** Candidates tied for the last seat open to them, which therefore stays empty. */
  tied: string[];
}

interface Seats {
  /** Seats this round fills. */
  open: number;
  /** Men already elected, and the most the committee may have (seats − reserved women's seats). */
  men: number;
  maxMen: number;
}

/**
 * The best-placed qualifying candidates for the open seats. Men fill at most the seats not
 * reserved for women, so a reserved seat goes to the best-placed qualifying woman. A tie for
 * the last seat is not broken (no lot, no seniority): the law's answer to a tie is another
 * vote, so the tied seat stays unfilled and goes to the next round. Men tied for the last
 * men's seat leave it empty, and the women below them may still take the reserved ones.
 */
function rank(
  candidates: readonly Candidate[],
  votes: Readonly<Record<string, number>>,
  seats: Seats,
  qualifies: (votes: number) => boolean,
): Ranking {
  const of = (c: Candidate) => votesOf(votes, c.id);
  const levels = new Map<number, Candidate[]>();
  for (const c of candidates.filter((c) => qualifies(of(c)))) levels.set(of(c), [...(levels.get(of(c)) ?? []), c]);
  const winners: string[] = [];
  let men = seats.men;
  let menClosed = false;
  /** Seats men tied for: they stay empty, not taken by anyone placed below those men. */
  let frozen = 0;
  let tied: string[] = [];
  for (const level of [...levels.keys()].sort((a, b) => b - a)) {
    const remaining = seats.open - winners.length - frozen;
    if (remaining <= 0) break;
    const group = levels.get(level)!;
    let groupMen = menClosed ? [] : group.filter((c) => c.gender === 'male');
    const menRoom = Math.min(remaining, seats.maxMen - men);
    if (groupMen.length > menRoom) {
      // More men than the seats left to men: tied for the last seats (none is taken), or
      // beyond the men's share, where only women below them may still be elected.
      if (menRoom === remaining) return { winners, tied: group.map((c) => c.id) };
      menClosed = true;
      frozen = menRoom;
      if (menRoom > 0) tied = groupMen.map((c) => c.id);
      groupMen = [];
    }
    const taking = group.filter((c) => c.gender === 'female' || groupMen.includes(c));
    if (taking.length > remaining) return { winners, tied: taking.map((c) => c.id) };
    winners.push(...taking.map((c) => c.id));
    men += groupMen.length;
  }
  return { winners, tied };
}

function unfilledReason(unfilled: number, seats: number, tied: readonly string[], next: string): string {
  const tie = tied.length > 0 ? `; ${tied.join(', ')} tied for the last seat` : '';
  return `${unfilled} of ${seats} seats unfilled${tie}; ${next}`;
}

function quorumReason(what: string, present: number, of: number, whom: string, quorum: number, inclusive: boolean): string {
  const bound = inclusive ? 'less than' : 'not more than';
  return `${what} ${percent(present / of)} (${present} of ${of} ${whom}) is ${bound} ${percent(quorum)}`;
}

const womenAmong = (ids: readonly string[], slate: Slate) =>
  slate.candidates.filter((c) => c.gender === 'female' && ids.includes(c.id)).length;

/**
 * Party organisation: quorum of full members, then a majority of present (or entitled).
 * Seats filled in a round stay filled; a further round elects only the empty seats, among
 * candidates not yet elected.
 */
export function partyOutcome(result: PartyElectionResult, slate: Slate, policy: Policy, previous: Outcome | null = null): Outcome {
  const rounds = (previous?.rounds ?? 0) + 1;
  const carried = previous?.elected ?? [];
  const open = slate.seats - carried.length;
  const base = { rounds, vacancies: 0, womenElected: womenAmong(carried, slate) };
  if (!moreThan(result.present, policy.partyQuorum, result.entitled)) {
    return {
      ...base,
      valid: false,
      reason: quorumReason('attendance', result.present, result.entitled, 'entitled members', policy.partyQuorum, false),
      elected: carried,
      unfilled: open,
    };
  }
  const majorityOf = policy.partyMajorityOf === 'present' ? result.present : result.entitled;
  const { winners, tied } = rank(
    slate.candidates.filter((c) => !carried.includes(c.id)),
    result.votes,
    { open, men: 0, maxMen: open },
    (votes) => moreThan(votes, policy.winnerMajority, majorityOf),
  );
  const elected = [...carried, ...winners];
  const unfilled = open - winners.length;
  return {
    ...base,
    valid: true,
    ...(unfilled > 0 && { reason: unfilledReason(unfilled, slate.seats, tied, 'another round for the empty seats required') }),
    elected,
    unfilled,
    womenElected: womenAmong(elected, slate),
  };
}

/** Whether a residents' round of this method reached its quorum: 过半数 for voters, 三分之二以上 for representatives. */
function residentsQuorum(result: ResidentsElectionResult, method: ElectionMethod, policy: Policy): string | undefined {
  if (method === 'direct') {
    if (moreThan(result.ballotsCast, policy.turnoutQuorum, result.registered)) return undefined;
    return quorumReason('turnout', result.ballotsCast, result.registered, 'registered voters', policy.turnoutQuorum, false);
  }
  if (atLeast(result.ballotsCast, policy.representativeQuorum, result.registered)) return undefined;
  return quorumReason('attendance', result.ballotsCast, result.registered, 'representatives', policy.representativeQuorum, true);
}

/** Women's seats a residents' outcome still owes. */
export function womenSeatsOwed(outcome: Outcome, policy: Policy): number {
  return Math.min(outcome.unfilled, Math.max(0, policy.reservedWomenSeats - outcome.womenElected));
}

/**
 * Residents' Committee, one round at a time. A first round starts afresh (a re-vote after an
 * invalid round, or a new election); a runoff fills the seats its previous round left empty,
 * among candidates not yet elected. After the runoff, a committee of at least `minSeated`
 * stands with its vacancies recorded; a smaller one needs a new election.
 */
export function residentsOutcome(
  result: ResidentsElectionResult,
  slate: Slate,
  method: ElectionMethod,
  previous: Outcome | null,
  policy: Policy,
): Outcome {
  const rounds = (previous?.rounds ?? 0) + 1;
  const runoff = result.round === 'runoff';
  const carried = runoff ? (previous?.elected ?? []) : [];
  const open = runoff ? (previous?.unfilled ?? slate.seats) : slate.seats;
  const firstRoundVotes = runoff ? previous?.firstRoundVotes : result.votes;
  const base = { rounds, vacancies: 0, ...(firstRoundVotes && { firstRoundVotes }) };

  const failed = residentsQuorum(result, method, policy);
  if (failed !== undefined) {
    return {
      ...base,
      valid: false,
      reason: failed,
      elected: carried,
      unfilled: open,
      womenElected: womenAmong(carried, slate),
      ...(runoff && { runoffRequired: true }),
    };
  }

  // A runoff's candidates are the ones on its ballot, i.e. listed in its votes.
  const standing = slate.candidates.filter((c) => !carried.includes(c.id) && (!runoff || Object.hasOwn(result.votes, c.id)));
  const menCarried = slate.candidates.filter((c) => c.gender === 'male' && carried.includes(c.id)).length;
  const { winners, tied } = rank(
    standing,
    result.votes,
    { open, men: menCarried, maxMen: slate.seats - policy.reservedWomenSeats },
    runoff
      ? (votes) => atLeast(votes, policy.runoffMinShare, result.ballotsCast)
      : (votes) => moreThan(votes, policy.winnerMajority, result.ballotsCast),
  );
  const elected = [...carried, ...winners];
  const unfilled = open - winners.length;
  const outcome = { ...base, valid: true, elected, unfilled, womenElected: womenAmong(elected, slate) };
  if (unfilled === 0) return outcome;
  if (!runoff) {
    return { ...outcome, reason: unfilledReason(unfilled, slate.seats, tied, 'runoff required'), runoffRequired: true };
  }
  if (elected.length >= policy.minSeated) {
    return {
      ...outcome,
      reason: unfilledReason(unfilled, slate.seats, tied, `the committee stands with ${unfilled} vacancies (${elected.length} elected)`),
      unfilled: 0,
      vacancies: unfilled,
    };
  }
  return {
    ...outcome,
    reason: unfilledReason(unfilled, slate.seats, tied, `fewer than ${policy.minSeated} elected; new election required`),
    reelectionRequired: true,
  };
}

/**
 * Who may stand in the runoff: the best-placed candidates not yet elected, by first-round
 * votes, one more than the empty seats, ties at the cut included. Seats owed to women are
 * contested among women only.
 */
export function runoffCandidates(previous: Outcome, slate: Slate, policy: Policy): Set<string> {
  const firstRound = previous.firstRoundVotes ?? {};
  const unelected = slate.candidates.filter((c) => !previous.elected.includes(c.id));
  const best = (among: readonly Candidate[], count: number): string[] => {
    if (count <= 0) return [];
    const sorted = [...among].sort((a, b) => votesOf(firstRound, b.id) - votesOf(firstRound, a.id));
    if (sorted.length <= count) return sorted.map((c) => c.id);
    const cut = votesOf(firstRound, sorted[count - 1].id);
    return sorted.filter((c, i) => i < count || votesOf(firstRound, c.id) === cut).map((c) => c.id);
  };
  const women = womenSeatsOwed(previous, policy);
  const general = previous.unfilled - women;
  return new Set([
    ...best(unelected, general > 0 ? general + 1 : 0),
    ...best(unelected.filter((c) => c.gender === 'female'), women > 0 ? women + 1 : 0),
  ]);
}
