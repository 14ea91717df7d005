/** The vocabulary the candidate eligibility table (DOMAIN.md) is written in. */

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

/** Lowest to highest, as listed in API.md. */
export const EDUCATION_LEVELS = [
  'primary',
  'junior-high',
  'senior-high',
  'vocational',
  'college',
  'bachelor',
  'master',
  'doctorate',
] as const;
export type Education = (typeof EDUCATION_LEVELS)[number];

/**
 * Secondary vocational school (中专/职高) counts as senior high school: "高中以上"
 * in practice includes 中专, so the two share a rank.
 */
const EDUCATION_RANK: Readonly<Record<Education, number>> = {
  primary: 0,
  'junior-high': 1,
  'senior-high': 2,
  vocational: 2,
  college: 3,
  bachelor: 4,
  master: 5,
  doctorate: 6,
};

export function meetsEducation(actual: Education, minimum: Education): boolean {
  return EDUCATION_RANK[actual] >= EDUCATION_RANK[minimum];
}

/** Incumbents (原班子成员) get looser limits so experience is kept. */
export type Standing = 'new' | 'incumbent';

export interface EligibilityLimit {
  /** Whole years on election day, at most ("51周岁以下" includes 51: Civil Code art. 1259). */
  maxAge: number;
  minEducation: Education;
}

export type EligibilityTable = {
  readonly [S in Standing]: { readonly [G in Gender]: EligibilityLimit };
};
