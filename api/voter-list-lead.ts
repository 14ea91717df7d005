/**
 * A move of the residents' election's due date must leave every voter list already published
 * its lead (voter-list-lead): the communities it moves are read from their streets, each list
 * checked against the new election day, and a move that breaks one is refused (422) before it
 * reaches the campaign.
 */
import { checkVoterRegistration, COMMUNITY_STEPS, dueDay, type DeadlineMove, type VoterRegistration } from '../domain';
import { campaignContext, streetCommunities, streetMemos } from './community-view';
import { Problem } from './problem';
import type { Temporal } from './temporal';

/** Steps between a published voter list and the residents' election's end. */
const listPublished = COMMUNITY_STEPS.slice(COMMUNITY_STEPS.indexOf('voter-registration') + 1, COMMUNITY_STEPS.indexOf('residents-election') + 1);

export async function checkMoveAgainstVoterLists(temporal: Temporal, campaignId: string, move: DeadlineMove): Promise<void> {
  if (move.step !== 'residents-election') return;
  const [context, memos] = await Promise.all([campaignContext(temporal, campaignId), streetMemos(temporal, campaignId, move.streetId)]);
  const policy = context.effectivePolicy;
  const electionDay = dueDay(move.due, context.timezone);
  const errors = [];
  for (const memo of memos) {
    // The memos say which communities have published their lists (a few seconds late at most);
    // their registrations are read from their street.
    const ids = memo.communities.filter((c) => (listPublished as string[]).includes(c.step) && (move.communityId === undefined || c.id === move.communityId)).map((c) => c.id);
    if (ids.length === 0) continue;
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
