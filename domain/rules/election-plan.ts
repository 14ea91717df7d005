import type { Policy } from '../policy';
import type { ElectionMethod } from '../update-schemas';
import { atLeast, ceilShare, percent } from '../shares';
import type { Violation } from '../violations';

/**
 * A street's election plan names a method for each of its communities, once,
 * and enough of them elect directly (the city's quota, per street).
 */
export function checkElectionPlan(
  methods: Readonly<Record<string, ElectionMethod>>,
  streetCommunityIds: readonly string[],
  policy: Pick<Policy, 'directQuota'>,
): Violation[] {
  const inStreet = new Set(streetCommunityIds);
  const violations: Violation[] = [];
  for (const id of Object.keys(methods)) {
    if (!inStreet.has(id)) {
      violations.push({ rule: 'election-method', path: `methods.${id}`, message: `community '${id}' is not in this street`, zh: `社区“${id}”不属于本街道` });
    }
  }
  // Own keys only: a community called `constructor` is one like any other.
  const methodOf = (id: string) => (Object.hasOwn(methods, id) ? methods[id] : undefined);
  for (const id of streetCommunityIds) {
    if (methodOf(id) === undefined) {
      violations.push({ rule: 'election-method', path: `methods.${id}`, message: `no election method for community '${id}'`, zh: `社区“${id}”未确定选举方式` });
    }
  }

  const total = streetCommunityIds.length;
  const direct = streetCommunityIds.filter((id) => methodOf(id) === 'direct').length;
  if (!atLeast(direct, policy.directQuota, total)) {
    violations.push({
      rule: 'direct-quota',
      path: 'methods',
      message: `${direct} of ${total} communities elect directly; at least ${percent(policy.directQuota)} (${ceilShare(policy.directQuota, total)}) must`,
      zh: `${total}个社区中${direct}个直接选举；直接选举的社区不得少于${percent(policy.directQuota)}（${ceilShare(policy.directQuota, total)}个）`,
    });
  }
  return violations;
}
