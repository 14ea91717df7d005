/**
 * Rule ids are part of the HTTP contract (422 `errors[].rule`, 200 `warnings[].rule`):
 * clients match on them, so they are a closed list rather than free text.
 */
export const RULE_IDS = [
  'election-method',
  'direct-quota',
  'seats',
  'team-size',
  'competitive',
  'eligibility-age',
  'eligibility-education',
  'party-member',
  'adult',
  'women-member',
  'candidate-list-lead',
  'audit-before-election',
  'voter-list-lead',
  'voter-count',
  'ballot-count',
  'proxy-limit',
  'mobile-box',
  'unknown-candidate',
  'already-elected',
  'runoff-candidates',
  'runoff-not-needed',
  'runoff-required',
  'handover-incomplete',
  'handover-deadline',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export interface Violation {
  rule: RuleId;
  /** Dotted JSON path into the step body, e.g. `residents.candidates.2.birthDate`. */
  path: string;
  message: string;
  /** The message in Simplified Chinese, for the board and the emails of a zh-CN campaign. */
  zh: string;
  /** Accepted all the same: listed in the answer, kept with the step, sent in the coordinators' digest. */
  warning?: true;
}

/** A warning as the step's record keeps it and the API answers it. */
export interface StepWarning {
  path: string;
  rule: RuleId;
  message: string;
  zh: string;
}

export const refusals = (violations: readonly Violation[]): Violation[] => violations.filter((v) => !v.warning);

export const warningsOf = (violations: readonly Violation[]): StepWarning[] =>
  violations.filter((v) => v.warning).map(({ path, rule, message, zh }) => ({ path, rule, message, zh }));
