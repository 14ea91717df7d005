import { z } from 'zod';
import { DURATION_PATTERN, dueInstant, isTimeZone, parseDuration } from './calendar';
import { LOCALES } from './locale';
import {
  PARTY_ORGANISATIONS,
  defaultPartyOrganisation,
  defaultPolicyPackIds,
  missingNumbers,
  policyOverridesSchema,
  policyPacks,
} from './policy';
import { STEPS } from './steps';
import { buildUpdateSchemas, text } from './update-schemas';

/**
 * Request bodies of API.md. Only context-free checks live here (shape, ranges,
 * one field against another of the same body); rules that need the campaign —
 * its policy, calendar, slate — are in `rules/` and answer 422, not 400.
 * Objects are strict so a misspelt field is refused instead of ignored.
 * No transforms: the API derives its OpenAPI document from these schemas.
 */

// ---------- building blocks ----------

const { placeIdSchema, dueSchema, count, deadlineMoveSchema, stepBodySchemas } = buildUpdateSchemas();
export { placeIdSchema, deadlineMoveSchema, stepBodySchemas };

export const campaignIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, {
  error: 'expected 3-64 lowercase letters, digits or hyphens, not starting with a hyphen',
});

export const durationSchema = z.string().regex(DURATION_PATTERN, {
  error: 'expected an ISO 8601 duration of weeks, days, hours, minutes, seconds (P7D, PT30S)',
});

export const timeZoneSchema = z
  .string()
  .refine(isTimeZone, { error: 'expected an IANA time zone such as Asia/Shanghai' });

const email = z.email();

// ---------- campaign definition ----------

export const communitySchema = z.strictObject({
  id: placeIdSchema,
  name: text(200),
  households: count.optional(),
  temporaryResidents: count.optional(),
  /** Sets the Party committee's seats (党委 5–9, 党总支 5–7, 党支部 3–5). */
  partyOrganisation: z.enum(PARTY_ORGANISATIONS).default(defaultPartyOrganisation),
});

/**
 * Communities of one street: its workflow carries all their records (a street office has a
 * few dozen at most; the bound keeps its state far from Temporal's 2 MB payload limit).
 */
export const maxCommunitiesPerStreet = 200;

export const streetSchema = z.strictObject({
  id: placeIdSchema,
  name: text(200),
  officeEmail: email,
  leaderEmail: email,
  communities: z.array(communitySchema).min(1).max(maxCommunitiesPerStreet),
});

/** Every step has a due date; a step may not be due before the one it waits for. */
export const campaignCalendarSchema = z.record(z.enum(STEPS), dueSchema);

/** The shortest interval at which an escalation repeats, but in a drill. */
export const minEscalationRepeatMs = 60 * 60_000;

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
    /** The dated rule sets that apply, lowest layer first; `policy` overrides single numbers. */
    policyPacks: z
      .array(z.enum(policyPacks.map((pack) => pack.id) as [string, ...string[]]))
      .min(1)
      .max(policyPacks.length)
      .default([...defaultPolicyPackIds])
      .refine((ids) => new Set(ids).size === ids.length, { error: 'a policy pack is named twice' })
      .refine((ids) => missingNumbers(ids).length === 0, {
        error: (issue) => `these packs leave ${missingNumbers(issue.input as string[]).join(', ')} undefined`,
      }),
    policy: policyOverridesSchema.default({}),
    streets: z.array(streetSchema).min(1),
    /**
     * A drill or a test on a compressed calendar (minutes or seconds): the escalation's
     * minimum repeat and the hourly cap on re-election emails do not apply.
     */
    drill: z.boolean().default(false),
  })
  .superRefine((campaign, ctx) => {
    // A malformed or zero repeat is reported by the escalation's own schema.
    const repeatMs = DURATION_PATTERN.test(campaign.escalation.repeat) ? parseDuration(campaign.escalation.repeat) : 0;
    if (!campaign.drill && repeatMs > 0 && repeatMs < minEscalationRepeatMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['escalation', 'repeat'],
        message: `repeat must be at least PT1H, or the escalation floods the coordinators' mailboxes (a drill on a compressed calendar sets "drill": true)`,
      });
    }

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
