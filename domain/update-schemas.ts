import { z } from 'zod';
import { isCalendarDay } from './calendar';
import { EDUCATION_LEVELS, GENDERS } from './eligibility';
import { STEPS, isStreetStep, type StepId } from './steps';

/**
 * The schemas of what updates carry (a step's body, a deadline move) and their building
 * blocks, built by a function: `schemas.ts` builds the copy the API and the tests use, and
 * each worker builds one more for its workflows' validators (workflows/validation.ts).
 */

export const ELECTION_METHODS = ['direct', 'representative'] as const;
export type ElectionMethod = (typeof ELECTION_METHODS)[number];

export const HANDOVER_ITEMS = ['seals', 'premises', 'finances', 'assets', 'archives', 'liabilities'] as const;

/** The posts a candidate may be nominated for (拟任职务); 一肩挑 is secretary on one slate, director on the other. */
export const POSTS = ['secretary', 'deputy-secretary', 'director', 'deputy-director', 'member'] as const;
export type Post = (typeof POSTS)[number];

/**
 * Caps on a step's lists (API.md): a slate of more than 50 is no real community's, and every
 * list travels in signals and carried state, so an unbounded one is a cost anyone could impose.
 */
export const maxListLength = 50;

/**
 * Free text, as people type it: NFC (so that the same name is the same string however it
 * was keyed in), without control characters (line breaks included: texts go into email
 * subjects and spreadsheet cells) or the bidirectional overrides that make a text display
 * as something other than what it says.
 */
export const text = (max: number) =>
  z
    .string()
    .normalize('NFC')
    .trim()
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]*$/, { error: 'expected no control or bidirectional-override characters' })
    .min(1)
    .max(max);

export function buildUpdateSchemas() {
  /** Street and community ids: URL path segments, unique within a campaign. */
  const placeIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    error: 'expected 1-64 lowercase letters, digits or hyphens, not starting with a hyphen',
  });

  /**
   * Chosen by the street office; they appear in JSON paths and logs, so they
   * must be opaque codes (c1, 2027-r-03), never the candidate's name.
   */
  const candidateIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
    error: 'expected 1-64 letters, digits, hyphens or underscores',
  });

  /** A calendar day (a birth date, a publication date), no time or zone. */
  // Not z.iso.date(): inside Temporal's workflow bundle it resolves to a Date schema and
  // refuses every string (zod 4.6), and update validators run there.
  const daySchema = z
    .string()
    .refine(isCalendarDay, { error: 'expected a date YYYY-MM-DD' });

  /** A due date: a day (ends 23:59:59.999 in the campaign's zone) or an instant. */
  const dueSchema = z.union([daySchema, z.iso.datetime({ offset: true })], {
    error: 'expected YYYY-MM-DD or an ISO 8601 date-time with offset',
  });

  const count = z.int().min(0);

  /** A coordinator moves a due date for one community, one street, or everyone. */
  const deadlineMoveSchema = z
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

  const titledPerson = z.strictObject({ name: text(100), title: text(100) });
  const person = z.strictObject({ name: text(100) });
  const list = <T extends z.ZodType>(item: T) => z.array(item).max(maxListLength);

  const guidanceGroupSchema = z.strictObject({
    leader: titledPerson,
    members: list(titledPerson).min(2),
  });

  const electionPlanSchema = z.strictObject({
    methods: z.record(placeIdSchema, z.enum(ELECTION_METHODS)),
  });

  const electionCommitteeSchema = z.strictObject({
    chair: person,
    members: list(person).min(1),
  });

  const trainingSchema = z.strictObject({
    date: daySchema,
    attendees: z.int().min(1),
  });

  const voterRegistrationSchema = z.strictObject({
    registeredVoters: z.int().min(1),
    publishedOn: daySchema,
  });

  const candidateSchema = z.strictObject({
    id: candidateIdSchema,
    name: text(100),
    gender: z.enum(GENDERS),
    birthDate: daySchema,
    education: z.enum(EDUCATION_LEVELS),
    incumbent: z.boolean(),
    partyMember: z.boolean(),
    nomination: z.enum(['joint', 'self']),
    post: z.enum(POSTS).optional(),
  });

  const slateSchema = z
    .strictObject({
      seats: z.int().min(1),
      candidates: list(candidateSchema).min(1),
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
  const nominationSchema = z
    .strictObject({
      party: slateSchema,
      residents: slateSchema,
      /** The formal candidate list's publication (正式候选人名单公布). */
      publishedOn: daySchema,
      /** The outgoing director's departure audit (离任经济责任审计); null when the director stands again. */
      departureAudit: z.strictObject({ publishedOn: daySchema }).nullable(),
      incumbentDirectorStands: z.boolean().optional(),
    })
    .superRefine((nomination, ctx) => {
      // The same id on both slates is the same person (交叉任职): the two entries must agree.
      const party = new Map(nomination.party.candidates.map((c) => [c.id, c]));
      nomination.residents.candidates.forEach((candidate, i) => {
        const other = party.get(candidate.id);
        if (!other) return;
        for (const field of ['name', 'gender', 'birthDate'] as const) {
          if (other[field] !== candidate[field]) {
            ctx.addIssue({
              code: 'custom',
              path: ['residents', 'candidates', i, field],
              message: `candidate '${candidate.id}' is on both slates with a different ${field}`,
            });
          }
        }
      });
    });

  /** At most one entry per candidate of the two slates; ids outside the slate are a 422 (unknown-candidate). */
  const votesSchema = z
    .record(candidateIdSchema, count)
    .refine((votes) => Object.keys(votes).length <= 2 * maxListLength, {
      error: `at most ${2 * maxListLength} candidates`,
    });

  /** Each ballot marks a candidate at most once, so no one gets more votes than ballots. */
  function votesWithinBallots(votes: Record<string, number>, ballots: number, ctx: z.RefinementCtx): void {
    for (const [id, n] of Object.entries(votes)) {
      if (n > ballots) {
        ctx.addIssue({ code: 'custom', path: ['votes', id], message: `${n} votes exceed ${ballots} ballots` });
      }
    }
  }

  const partyElectionSchema = z
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
  const residentsElectionSchema = z
    .strictObject({
      round: z.enum(['first', 'runoff']),
      registered: z.int().min(1),
      ballotsCast: count,
      votes: votesSchema,
      /** Why `registered` differs from the voter registration (objections upheld after publication). */
      registeredCorrection: text(1000).optional(),
      /** Proxy votes (委托投票), counted in ballots cast. */
      proxies: z.strictObject({ votes: count, maxPerProxy: count }).optional(),
      /** Mobile ballot boxes (流动票箱), their ballots counted in ballots cast. */
      mobileBoxes: list(z.strictObject({ supervisors: count, ballots: count })).optional(),
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
      if (result.proxies && result.proxies.votes > result.ballotsCast) {
        ctx.addIssue({
          code: 'custom',
          path: ['proxies', 'votes'],
          message: `${result.proxies.votes} proxy votes exceed ${result.ballotsCast} ballots cast`,
        });
      }
      const boxed = (result.mobileBoxes ?? []).reduce((sum, box) => sum + box.ballots, 0);
      if (boxed > result.ballotsCast) {
        ctx.addIssue({
          code: 'custom',
          path: ['mobileBoxes'],
          message: `${boxed} ballots in mobile boxes exceed ${result.ballotsCast} ballots cast`,
        });
      }
    });

  const handoverSchema = z.strictObject({
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

  const stepBodySchemas = {
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
  // What the campaign definition reuses, and what updates carry; the types below derive from these.
  return { placeIdSchema, dueSchema, count, deadlineMoveSchema, stepBodySchemas };
}

type UpdateSchemas = ReturnType<typeof buildUpdateSchemas>;
export type DeadlineMove = z.output<UpdateSchemas['deadlineMoveSchema']>;

export type StepBody<S extends StepId> = z.output<UpdateSchemas['stepBodySchemas'][S]>;
export type GuidanceGroup = StepBody<'guidance-group'>;
export type ElectionPlan = StepBody<'election-plan'>;
export type ElectionCommittee = StepBody<'election-committee'>;
export type Training = StepBody<'training'>;
export type VoterRegistration = StepBody<'voter-registration'>;
export type Nomination = StepBody<'nomination'>;
export type Slate = Nomination['party'];
export type Candidate = Slate['candidates'][number];
export type SlateKind = 'party' | 'residents';
export type PartyElectionResult = StepBody<'party-election'>;
export type ResidentsElectionResult = StepBody<'residents-election'>;
export type Handover = StepBody<'handover'>;
