import { daysBetween } from '../calendar';
import type { Policy } from '../policy';
import type { VoterRegistration } from '../update-schemas';
import type { Violation } from '../violations';

/** The voter list must be public long enough for objections to be raised and decided. */
export function checkVoterRegistration(
  body: VoterRegistration,
  context: { electionDay: string; policy: Pick<Policy, 'voterListLeadDays'> },
): Violation[] {
  const lead = daysBetween(body.publishedOn, context.electionDay);
  const required = context.policy.voterListLeadDays;
  if (lead >= required) return [];
  return [
    {
      rule: 'voter-list-lead',
      path: 'publishedOn',
      message: `voter list published ${lead} days before election day ${context.electionDay}; at least ${required} required`,
      zh: `选民名单在选举日（${context.electionDay}）前${lead}天公布；应至少提前${required}天`,
    },
  ];
}
