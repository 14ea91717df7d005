import type { Policy } from './policy';
import type { ElectionMethod, PartyElectionResult, ResidentsElectionResult, Slate } from './update-schemas';
import { atLeast, moreThan, percent } from './shares';

/**
 * What a recorded election result means. A failed vote (quorum, empty seats)
 * is a fact, not an error: it is recorded and the outcome says what comes next.
 */
export interface Outcome {
  valid: boolean;
  reason?: string;
  /** Candidate ids, accumulated over a first round and its runoff. */
  elected: string[];
  unfilled: number;
  /** Rounds recorded so far, re-votes included. */
  rounds: number;
  /** Seats are still owed a runoff (另行选举); the next round must be one. */
  runoffRequired?: boolean;
  /** Seats stayed empty after the runoff: a new election, escalated. */
  reelectionRequired?: boolean;
}

/** Share of the registered who voted; null while no one is registered. */
export function turnout(registered: number, cast: number): number | null {
  return registered > 0 ? cast / registered : null;
}

interface Ranking {
  winners: string[];
  /** Candidates tied for the last seat, which therefore stays empty. */
  tied: string[];
}

/**
 * The best-placed qualifying candidates, at most `seats` of them. A tie for
 * the last seat is not broken (no lot, no seniority): the law's answer to a
 * tie is another vote, so the tied seat stays unfilled and goes to the next
 * round.
 */
function rank(
  candidates: readonly string[],
  votes: Readonly<Record<string, number>>,
  seats: number,
  qualifies: (votes: number) => boolean,
): Ranking {
  const of = (id: string): number => votes[id] ?? 0;
  const qualified = candidates.filter((id) => qualifies(of(id))).sort((a, b) => of(b) - of(a));
  const firstLoser = qualified.length > seats ? of(qualified[seats]) : -1;
  const winners = qualified.filter((id) => of(id) > firstLoser);
  const tied = winners.length < seats ? qualified.filter((id) => of(id) === firstLoser) : [];
  return { winners, tied };
}

function unfilledReason(unfilled: number, seats: number, tied: readonly string[], next: string): string {
  const tie = tied.length > 0 ? `; ${tied.join(', ')} tied for the last seat` : '';
  return `${unfilled} of ${seats} seats unfilled${tie}; ${next}`;
}

function quorumReason(what: string, present: number, of: number, whom: string, quorum: number): string {
  return `${what} ${percent(present / of)} (${present} of ${of} ${whom}) is not more than ${percent(quorum)}`;
}

/** Party organisation: quorum of full members, then a majority of present (or entitled). */
export function partyOutcome(
  result: PartyElectionResult,
  slate: Slate,
  policy: Policy,
  previous: Outcome | null = null,
): Outcome {
  const rounds = (previous?.rounds ?? 0) + 1;
  if (!moreThan(result.present, policy.partyQuorum, result.entitled)) {
    return {
      valid: false,
      reason: quorumReason('attendance', result.present, result.entitled, 'entitled members', policy.partyQuorum),
      elected: [],
      unfilled: slate.seats,
      rounds,
    };
  }
  const base = policy.partyMajorityOf === 'present' ? result.present : result.entitled;
  const { winners, tied } = rank(
    slate.candidates.map((c) => c.id),
    result.votes,
    slate.seats,
    (votes) => moreThan(votes, policy.winnerMajority, base),
  );
  const unfilled = slate.seats - winners.length;
  return {
    valid: true,
    ...(unfilled > 0 && { reason: unfilledReason(unfilled, slate.seats, tied, 'another vote required') }),
    elected: winners,
    unfilled,
    rounds,
  };
}

/**
 * Residents' Committee, one round at a time. A first round starts afresh (a
 * re-vote after an invalid round, or a new election); a runoff fills the
 * seats its previous round left empty, among candidates not yet elected.
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

  const quorum = method === 'direct' ? policy.turnoutQuorum : policy.representativeQuorum;
  if (!moreThan(result.ballotsCast, quorum, result.registered)) {
    const reason =
      method === 'direct'
        ? quorumReason('turnout', result.ballotsCast, result.registered, 'registered voters', quorum)
        : quorumReason('attendance', result.ballotsCast, result.registered, 'representatives', quorum);
    return { valid: false, reason, elected: carried, unfilled: open, rounds, ...(runoff && { runoffRequired: true }) };
  }

  // A runoff's candidates are the ones on its ballot, i.e. listed in its votes.
  const standing = slate.candidates
    .map((c) => c.id)
    .filter((id) => !carried.includes(id) && (!runoff || Object.hasOwn(result.votes, id)));
  const { winners, tied } = rank(
    standing,
    result.votes,
    open,
    runoff
      ? (votes) => atLeast(votes, policy.runoffMinShare, result.ballotsCast)
      : (votes) => moreThan(votes, policy.winnerMajority, result.ballotsCast),
  );
  const elected = [...carried, ...winners];
  const unfilled = open - winners.length;
  if (unfilled === 0) return { valid: true, elected, unfilled, rounds };
  if (!runoff) {
    return {
      valid: true,
      reason: unfilledReason(unfilled, slate.seats, tied, 'runoff required'),
      elected,
      unfilled,
      rounds,
      runoffRequired: true,
    };
  }
  return {
    valid: true,
    reason: unfilledReason(unfilled, slate.seats, tied, 'new election required after the runoff'),
    elected,
    unfilled,
    rounds,
    reelectionRequired: true,
  };
}
