/**
 * A move of the residents' election's due date must leave every voter list already published
 * its lead (voter-list-lead): the communities it moves are read from their streets, each list
 * checked against the new election day, and a move that breaks one is refused (422) before it
 * reaches the campaign.
 */
import { checkVoterRegistration, dueDay, type DeadlineMove, type VoterRegistration } from '../domain';
import { campaignContext, campaignSummary, streetWithCommunities } from './community-view';
import type { Principal } from './auth';
import { Problem } from './problem';
import type { Temporal } from './temporal';

export async function checkMoveAgainstVoterLists(temporal: Temporal, campaignId: string, move: DeadlineMove, principal: Principal): Promise<void> {
  if (move.step !== 'residents-election') return;
  const [context, summary] = await Promise.all([campaignContext(temporal, campaignId), campaignSummary(temporal, campaignId, principal)]);
  const policy = context.effectivePolicy;
  const streetIds = move.streetId !== undefined ? [move.streetId] : summary.streets.map((s) => s.id);
  const electionDay = dueDay(move.due, context.timezone);
  const errors = [];
  for (const streetId of streetIds) {
    for (const community of (await streetWithCommunities(temporal, campaignId, streetId)).communities) {
      if (move.communityId !== undefined && community.communityId !== move.communityId) continue;
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
