import type { Outcome } from '../elections';
import type { PartyElectionResult, ResidentsElectionResult, Slate } from '../update-schemas';
import type { Violation } from '../violations';

function unknownCandidates(votes: Readonly<Record<string, number>>, slate: Slate): Violation[] {
  const onSlate = new Set(slate.candidates.map((c) => c.id));
  return Object.keys(votes)
    .filter((id) => !onSlate.has(id))
    .map((id) => ({ rule: 'unknown-candidate', path: `votes.${id}`, message: `'${id}' is not a candidate on the slate` }));
}

/** Votes go to the nominated Party slate only. */
export function checkPartyElection(result: PartyElectionResult, slate: Slate): Violation[] {
  return unknownCandidates(result.votes, slate);
}

/**
 * Whether this round may be held now. A runoff follows a first round that left
 * seats empty (or a runoff that failed its quorum); while one is owed, a fresh
 * first round is refused. Runoff candidates are those in `votes`: none already
 * elected, and more of them than empty seats.
 */
export function checkResidentsRound(
  result: ResidentsElectionResult,
  slate: Slate,
  previous: Outcome | null,
): Violation[] {
  const violations = unknownCandidates(result.votes, slate);
  const owed = previous?.runoffRequired === true ? previous.unfilled : 0;

  if (result.round === 'first') {
    if (owed > 0) {
      violations.push({
        rule: 'runoff-required',
        path: 'round',
        message: `${owed} seats await a runoff; a new first round is not allowed`,
      });
    }
    return violations;
  }

  if (owed === 0) {
    violations.push({
      rule: 'runoff-not-needed',
      path: 'round',
      message: 'a runoff follows only a valid first round that left seats unfilled',
    });
    return violations;
  }
  const onSlate = new Set(slate.candidates.map((c) => c.id));
  const elected = new Set(previous?.elected);
  const candidates = Object.keys(result.votes).filter((id) => onSlate.has(id));
  for (const id of candidates.filter((c) => elected.has(c))) {
    violations.push({ rule: 'already-elected', path: `votes.${id}`, message: `'${id}' was already elected` });
  }
  const standing = candidates.filter((id) => !elected.has(id)).length;
  if (standing <= owed) {
    violations.push({
      rule: 'competitive',
      path: 'votes',
      message: `${standing} runoff candidates for ${owed} empty seats; more candidates than seats required`,
    });
  }
  return violations;
}
