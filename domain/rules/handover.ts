import { HANDOVER_ITEMS, type Handover } from '../update-schemas';
import type { Violation } from '../violations';

/** The handover is complete only when every item is done; each missing one is named. */
export function checkHandover(body: Handover): Violation[] {
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
  return missing;
}
