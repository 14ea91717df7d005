import { daysBetween } from '../calendar';
import type { Policy } from '../policy';
import { HANDOVER_ITEMS, type Handover } from '../update-schemas';

const HANDOVER_ITEM_NAMES: Record<(typeof HANDOVER_ITEMS)[number], string> = {
  seals: '印章',
  premises: '办公用房',
  finances: '财务账目',
  assets: '固定资产',
  archives: '档案资料',
  liabilities: '债权债务及未了事项',
};
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
    zh: `${HANDOVER_ITEM_NAMES[item]}未移交`,
  }));
  if (!body.newTeamTrained) {
    missing.push({ rule: 'handover-incomplete', path: 'newTeamTrained', message: 'new team not trained', zh: '新班子未培训' });
  }
  if (!body.outgoingMembersTalkedWith) {
    missing.push({
      rule: 'handover-incomplete',
      path: 'outgoingMembersTalkedWith',
      message: 'outgoing and defeated members not talked with',
      zh: '未与离任和落选人员谈心谈话',
    });
  }
  const after = daysBetween(context.residentsElectionDay, body.date);
  const within = context.policy.handoverWithinDays;
  if (after > within) {
    missing.push({
      rule: 'handover-deadline',
      path: 'date',
      message: `handover ${after} days after the residents' election (${context.residentsElectionDay}); it is due within ${within}`,
      zh: `工作交接在居委会选举（${context.residentsElectionDay}）后第${after}天完成；应在${within}天内完成`,
      warning: true,
    });
  }
  return missing;
}
