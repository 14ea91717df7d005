/**
 * What a street shows of itself outside its workflow: its memo, read through visibility by
 * the campaign summary and the campaign-wide lists. Counts, ids and flags only.
 */
import { currentStep, isOverdue, type CommunityRecord, type StepCounts, type StepId, type StepRecord, type Street } from '../domain';
import type { CommunityDigest, StreetMemo } from './definitions';

export interface StreetFacts {
  index: number;
  street: Street;
  steps: StepRecord[];
  communities: CommunityRecord[];
  /** The deadline flags of a community's current step. */
  flagsOf(communityId: string): { overdue: boolean; atRisk: boolean };
  completed: boolean;
}

/** Turnout counts direct elections only: an assembly's attendance is not turnout. */
export function directBallots(communities: readonly CommunityRecord[]): { registered: number; cast: number } {
  let registered = 0;
  let cast = 0;
  for (const c of communities) {
    if (c.method !== 'direct' || !c.ballots) continue;
    registered += c.ballots.registered;
    cast += c.ballots.cast;
  }
  return { registered, cast };
}

export function streetMemo(facts: StreetFacts, now: number): StreetMemo {
  const steps: Partial<Record<StepId, StepCounts>> = {};
  const count = (record: StepRecord) => {
    const done = record.status === 'done';
    const overdue = !done && isOverdue(record.dueAt, now);
    // Steps nobody has reached count nothing: left out, the memo stays small.
    if (!done && record.status !== 'open' && !overdue) return;
    const counts = (steps[record.step] ??= { done: 0, open: 0, overdue: 0 });
    if (done) counts.done += 1;
    if (record.status === 'open') counts.open += 1;
    if (overdue) counts.overdue += 1;
  };
  facts.steps.forEach(count);
  const communities: CommunityDigest[] = facts.communities.map((c) => {
    c.steps.forEach(count);
    return { id: c.communityId, step: currentStep(c.steps), ...facts.flagsOf(c.communityId), reelection: c.reelectionRequired };
  });
  return {
    index: facts.index,
    id: facts.street.id,
    name: facts.street.name,
    communities,
    done: communities.filter((c) => c.step === 'done').length,
    overdue: communities.filter((c) => c.overdue).length,
    atRisk: communities.filter((c) => c.atRisk).length,
    steps,
    ...directBallots(facts.communities),
    completed: facts.completed,
  };
}
