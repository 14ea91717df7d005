/**
 * Rule ids are part of the HTTP contract (422 `errors[].rule`): clients match on
 * them, so they are a closed list rather than free text.
 */
export const RULE_IDS = [
  'election-method',
  'direct-quota',
  'seats',
  'competitive',
  'eligibility-age',
  'eligibility-education',
  'party-member',
  'adult',
  'voter-list-lead',
  'unknown-candidate',
  'already-elected',
  'runoff-not-needed',
  'runoff-required',
  'handover-incomplete',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export interface Violation {
  rule: RuleId;
  /** Dotted JSON path into the step body, e.g. `residents.candidates.2.birthDate`. */
  path: string;
  message: string;
}
