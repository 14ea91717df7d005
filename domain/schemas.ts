import { z } from 'zod';
import { DURATION_PATTERN, dueInstant, isCalendarDay, isTimeZone, parseDuration } from './calendar';
import { EDUCATION_LEVELS, GENDERS } from './eligibility';
import { LOCALES } from './locale';
import { defaultPolicyPack, policyOverridesSchema, policyPacks } from './policy';
import { STEPS, isStreetStep, type StepId } from './steps';

/**
 * Request bodies of API.md. Only context-free checks live here (shape, ranges,
 * one field against another of the same body); rules that need the campaign —
 * its policy, calendar, slate — are in `rules/` and answer 422, not 400.
 * Objects are strict so a misspelt field is refused instead of ignored.
 * No transforms: the API derives its OpenAPI document from these schemas.
 */

// ---------- building blocks ----------

export const campaignIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, {
  error: 'expected 3-64 lowercase letters, digits or hyphens, not starting with a hyphen',
});

/** Street and community ids: URL path segments, unique within a campaign. */
export const placeIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
  error: 'expected 1-64 lowercase letters, digits or hyphens, not starting with a hyphen',
});

/**
 * Chosen by the street office; they appear in JSON paths and logs, so they
 * must be opaque codes (c1, 2027-r-03), never the candidate's name.
 */
export const candidateIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
  error: 'expected 1-64 letters, digits, hyphens or underscores',
});

/** A calendar day (a birth date, a publication date), no time or zone. */
// Not z.iso.date(): inside Temporal's workflow bundle it resolves to a Date schema and
// refuses every string (zod 4.6), and update validators run there.
export const daySchema = z
  .string()
  .refine(isCalendarDay, { error: 'expected a date YYYY-MM-DD' });

/** A due date: a day (ends 23:59:59.999 in the campaign's zone) or an instant. */
export const dueSchema = z.union([daySchema, z.iso.datetime({ offset: true })], {
  error: 'expected YYYY-MM-DD or an ISO 8601 date-time with offset',
});

export const durationSchema = z.string().regex(DURATION_PATTERN, {
  error: 'expected an ISO 8601 duration of weeks, days, hours, minutes, seconds (P7D, PT30S)',
});

export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, { error: 'expected an IANA time zone such as Asia/Shanghai' });

const text = (max: number) => z.string().trim().min(1).max(max);
const count = z.int().min(0);
const email = z.email();

// ---------- campaign definition ----------

export const communitySchema = z.strictObject({
  id: placeIdSchema,
  name: text(200),
  households: count.optional(),
  temporaryResidents: count.optional(),
});

export const streetSchema = z.strictObject({
  id: placeIdSchema,
  name: text(200),
  officeEmail: email,
  leaderEmail: email,
  communities: z.array(communitySchema).min(1),
});

/** Every step has a due date; a step may not be due before the one it waits for. */
export const campaignCalendarSchema = z.record(z.enum(STEPS), dueSchema);

export const escalationSchema = z
  .strictObject({
    /** After the due date: the street's guidance-group leader. */
    leader: durationSchema.default('PT0S'),
    /** After the due date: the campaign's coordinators. */
    coordinators: durationSchema.default('P3D'),
    /** Then again at this interval until done; zero would repeat forever. */
    repeat: durationSchema
      .default('P3D')
      // zod runs refinements even after the pattern failed; that case is already reported.
      .refine((d) => !DURATION_PATTERN.test(d) || parseDuration(d) > 0, {
        error: 'repeat must be longer than zero',
      }),
    /** Overdue longer than this: the community is "at risk". */
    atRisk: durationSchema.default('P7D'),
  })
  .prefault({});

export const campaignDefinitionSchema = z
  .strictObject({
    id: campaignIdSchema,
    name: text(200),
    timezone: timeZoneSchema.default('Asia/Shanghai'),
    locale: z.enum(LOCALES).default('zh-CN'),
    coordinators: z.array(email).min(1),
    calendar: campaignCalendarSchema,
    /** Before each due date, to the street office. */
    reminders: z.array(durationSchema).max(20).default(['P7D', 'P3D', 'P1D', 'PT0S']),
    escalation: escalationSchema,
    /** Which dated rule set applies; overrides below change single rules of it. */
    policyPack: z
      .enum(policyPacks.map((pack) => pack.id) as [string, ...string[]])
      .default(defaultPolicyPack.id),
    policy: policyOverridesSchema.default({}),
    streets: z.array(streetSchema).min(1),
  })
  .superRefine((campaign, ctx) => {
    if (isTimeZone(campaign.timezone)) {
      STEPS.slice(1).forEach((step, i) => {
        const before = STEPS[i];
        const [due, previous] = [campaign.calendar[step], campaign.calendar[before]];
        if (dueInstant(due, campaign.timezone) <= dueInstant(previous, campaign.timezone)) {
          ctx.addIssue({
            code: 'custom',
            path: ['calendar', step],
            message: `${step} (${due}) must be due after ${before} (${previous})`,
          });
        }
      });
    }

    // Streets and communities have their own URL paths, so a street and a
    // community may share an id; two streets or two communities may not.
    const streetIds = new Set<string>();
    const communityIds = new Set<string>();
    campaign.streets.forEach((street, s) => {
      if (streetIds.has(street.id)) {
        ctx.addIssue({ code: 'custom', path: ['streets', s, 'id'], message: `duplicate street id '${street.id}'` });
      }
      streetIds.add(street.id);
      street.communities.forEach((community, c) => {
        if (communityIds.has(community.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['streets', s, 'communities', c, 'id'],
            message: `duplicate community id '${community.id}'`,
          });
        }
        communityIds.add(community.id);
      });
    });
  });

export type CampaignDefinitionInput = z.input<typeof campaignDefinitionSchema>;
export type CampaignDefinition = z.output<typeof campaignDefinitionSchema>;
export type Street = z.output<typeof streetSchema>;
export type Community = z.output<typeof communitySchema>;
export type Escalation = z.output<typeof escalationSchema>;

/** A coordinator moves a due date for one community, one street, or everyone. */
export const deadlineMoveSchema = z
  .strictObject({
    step: z.enum(STEPS),
    due: dueSchema,
    reason: text(1000),
    streetId: placeIdSchema.optional(),
    communityId: placeIdSchema.optional(),
  })
  .superRefine((move, ctx) => {
    if (move.communityId !== undefined && isStreetStep(move.step)) {
      ctx.addIssue({
        code: 'custom',
        path: ['communityId'],
        message: `${move.step} is a street step; it has no per-community due date`,
      });
    }
  });

export type DeadlineMove = z.output<typeof deadlineMoveSchema>;

// ---------- step bodies ----------

const titledPerson = z.strictObject({ name: text(100), title: text(100) });
const person = z.strictObject({ name: text(100) });

export const guidanceGroupSchema = z.strictObject({
  leader: titledPerson,
  members: z.array(titledPerson).min(2),
});

export const ELECTION_METHODS = ['direct', 'representative'] as const;
export type ElectionMethod = (typeof ELECTION_METHODS)[number];

export const electionPlanSchema = z.strictObject({
  methods: z.record(placeIdSchema, z.enum(ELECTION_METHODS)),
});

export const electionCommitteeSchema = z.strictObject({
  chair: person,
  members: z.array(person).min(1),
});

export const trainingSchema = z.strictObject({
  date: daySchema,
  attendees: z.int().min(1),
});

export const voterRegistrationSchema = z.strictObject({
  registeredVoters: z.int().min(1),
  publishedOn: daySchema,
});

export const candidateSchema = z.strictObject({
  id: candidateIdSchema,
  name: text(100),
  gender: z.enum(GENDERS),
  birthDate: daySchema,
  education: z.enum(EDUCATION_LEVELS),
  incumbent: z.boolean(),
  partyMember: z.boolean(),
  nomination: z.enum(['joint', 'self']),
});

export const slateSchema = z
  .strictObject({
    seats: z.int().min(1),
    candidates: z.array(candidateSchema).min(1),
  })
  .superRefine((slate, ctx) => {
    const seen = new Set<string>();
    slate.candidates.forEach((candidate, i) => {
      if (seen.has(candidate.id)) {
        ctx.addIssue({ code: 'custom', path: ['candidates', i, 'id'], message: `duplicate candidate id '${candidate.id}'` });
      }
      seen.add(candidate.id);
    });
  });

/** The same person may stand on both slates (交叉任职), under the same id. */
export const nominationSchema = z.strictObject({
  party: slateSchema,
  residents: slateSchema,
});

const votesSchema = z.record(candidateIdSchema, count);

/** Each ballot marks a candidate at most once, so no one gets more votes than ballots. */
function votesWithinBallots(votes: Record<string, number>, ballots: number, ctx: z.RefinementCtx): void {
  for (const [id, n] of Object.entries(votes)) {
    if (n > ballots) {
      ctx.addIssue({ code: 'custom', path: ['votes', id], message: `${n} votes exceed ${ballots} ballots` });
    }
  }
}

export const partyElectionSchema = z
  .strictObject({
    entitled: z.int().min(1),
    present: count,
    votes: votesSchema,
  })
  .superRefine((result, ctx) => {
    if (result.present > result.entitled) {
      ctx.addIssue({
        code: 'custom',
        path: ['present'],
        message: `${result.present} present exceeds ${result.entitled} entitled`,
      });
    }
    votesWithinBallots(result.votes, result.present, ctx);
  });

/** For a representative assembly: registered = representatives, ballotsCast = present. */
export const residentsElectionSchema = z
  .strictObject({
    round: z.enum(['first', 'runoff']),
    registered: z.int().min(1),
    ballotsCast: count,
    votes: votesSchema,
  })
  .superRefine((result, ctx) => {
    if (result.ballotsCast > result.registered) {
      ctx.addIssue({
        code: 'custom',
        path: ['ballotsCast'],
        message: `${result.ballotsCast} ballots exceed ${result.registered} registered`,
      });
    }
    votesWithinBallots(result.votes, result.ballotsCast, ctx);
  });

export const HANDOVER_ITEMS = ['seals', 'premises', 'finances', 'assets', 'archives', 'liabilities'] as const;

export const handoverSchema = z.strictObject({
  date: daySchema,
  checklist: z.strictObject({
    seals: z.boolean(),
    premises: z.boolean(),
    finances: z.boolean(),
    assets: z.boolean(),
    archives: z.boolean(),
    liabilities: z.boolean(),
  } satisfies Record<(typeof HANDOVER_ITEMS)[number], z.ZodBoolean>),
  newTeamTrained: z.boolean(),
  outgoingMembersTalkedWith: z.boolean(),
});

export const stepBodySchemas = {
  'guidance-group': guidanceGroupSchema,
  'election-plan': electionPlanSchema,
  'election-committee': electionCommitteeSchema,
  training: trainingSchema,
  'voter-registration': voterRegistrationSchema,
  nomination: nominationSchema,
  'party-election': partyElectionSchema,
  'residents-election': residentsElectionSchema,
  handover: handoverSchema,
} as const satisfies { readonly [S in StepId]: z.ZodType };

export type StepBody<S extends StepId> = z.output<(typeof stepBodySchemas)[S]>;
export type GuidanceGroup = StepBody<'guidance-group'>;
export type ElectionPlan = StepBody<'election-plan'>;
export type ElectionCommittee = StepBody<'election-committee'>;
export type Training = StepBody<'training'>;
export type VoterRegistration = StepBody<'voter-registration'>;
export type Nomination = StepBody<'nomination'>;
export type Slate = z.output<typeof slateSchema>;
export type Candidate = z.output<typeof candidateSchema>;
export type PartyElectionResult = StepBody<'party-election'>;
export type ResidentsElectionResult = StepBody<'residents-election'>;
export type Handover = StepBody<'handover'>;
