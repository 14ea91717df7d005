/**
 * A move of the residents' election's due date must leave every voter list already published
 * its lead (voter-list-lead): the communities it moves are read from their streets, each list
 * checked against the new election day, and a move that breaks one is refused (422) before it
 * reaches the campaign.
 */
import { checkVoterRegistration, dueDay, type DeadlineMove, type VoterRegistration } from '../domain';
import { campaignContext, streetCommunities, streetMemos } from './community-view';
import { Problem } from './problem';
import type { Temporal } from './temporal';

export async function checkMoveAgainstVoterLists(temporal: Temporal, campaignId: string, move: DeadlineMove): Promise<void> {
  if (move.step !== 'residents-election') return;
  const [context, memos] = await Promise.all([campaignContext(temporal, campaignId), streetMemos(temporal, campaignId, move.streetId)]);
  const policy = context.effectivePolicy;
  const electionDay = dueDay(move.due, context.timezone);
  const errors = [];
  for (const memo of memos) {
    // Read live from the street: a list published a second ago counts.
    const ids = move.communityId === undefined ? memo.communities.map((c) => c.id) : [move.communityId];
    for (const community of await streetCommunities(temporal, campaignId, memo.id, { ids })) {
      const [registration, election] = ['voter-registration', 'residents-election'].map((step) => community.steps.find((s) => s.step === step)!);
      if (registration.status !== 'done' || election.status === 'done') continue;
      for (const violation of checkVoterRegistration(registration.evidence as VoterRegistration, { electionDay, policy })) {
        errors.push({
          path: 'due',
          rule: violation.rule,
          message: `community '${community.communityId}': ${violation.message}`,
          zh: `${community.name}：${violation.zh}`,
        });
      }
    }
  }
  if (errors.length > 0) {
    throw new Problem(422, `The move would hold the residents' election too soon after ${errors.length} published voter list(s).`, errors);
  }
}
