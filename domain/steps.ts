/**
 * The nine steps of a re-election, in legal order. The order is the law's
 * ("规定步骤不减少"): code derives "what comes next" from this tuple only.
 */
export const STEPS = [
  'guidance-group',
  'election-plan',
  'election-committee',
  'training',
  'voter-registration',
  'nomination',
  'party-election',
  'residents-election',
  'handover',
] as const;

export type StepId = (typeof STEPS)[number];

/** Completed once per street; the election plan fixes each community's method. */
export const STREET_STEPS = ['guidance-group', 'election-plan'] as const satisfies readonly StepId[];
export type StreetStepId = (typeof STREET_STEPS)[number];

/** Completed once per community, after its street's election plan. */
export const COMMUNITY_STEPS = [
  'election-committee',
  'training',
  'voter-registration',
  'nomination',
  'party-election',
  'residents-election',
  'handover',
] as const satisfies readonly StepId[];
export type CommunityStepId = (typeof COMMUNITY_STEPS)[number];

export function isStepId(value: string): value is StepId {
  return (STEPS as readonly string[]).includes(value);
}

export function stepIndex(step: StepId): number {
  return STEPS.indexOf(step);
}

export function isStreetStep(step: string): step is StreetStepId {
  return (STREET_STEPS as readonly string[]).includes(step);
}
