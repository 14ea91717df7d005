import { daysBetween } from '../calendar';
import type { Policy } from '../policy';
import { HANDOVER_ITEMS, type Handover } from '../update-schemas';
import type { Violation } from '../violations';

/**
 * The handover is complete only when every item is done; each missing one is named. Done
 * later than the policy's days after the residents' election, it is accepted with a warning.
 */
export function checkHandover(
  body: Handover,
  context: { residentsElectionDay: string; policy: Pick<Policy, 'handoverWithinDays'> },
): Violation[] {
  const missing: Violation[] = HANDOVER_ITEMS.filter((item) => !body.checklist[item]).map((item) => ({
    rule: 'handover-incomplete',
    path: `checklist.${item}`,
    message: `${item} not handed over`,
  }));
  if (!body.newTeamTrained) {
    missing.push({ rule: 'handover-incomplete', path: 'newTeamTrained', message: 'new team not trained' });
  }
  if (!body.outgoingMembersTalkedWith) {
    missing.push({
      rule: 'handover-incomplete',
      path: 'outgoingMembersTalkedWith',
      message: 'outgoing and defeated members not talked with',
    });
  }
  const after = daysBetween(context.residentsElectionDay, body.date);
  const within = context.policy.handoverWithinDays;
  if (after > within) {
    missing.push({
      rule: 'handover-deadline',
      path: 'date',
      message: `handover ${after} days after the residents' election (${context.residentsElectionDay}); it is due within ${within}`,
      warning: true,
    });
  }
  return missing;
}
