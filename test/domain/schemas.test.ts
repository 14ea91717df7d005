import { z } from 'zod';
import {
  campaignDefinitionSchema,
  deadlineMoveSchema,
  maxCommunitiesPerStreet,
  stepBodySchemas,
  STEPS,
  type CampaignDefinitionInput,
} from '../../domain';
import { apiExample, candidate, candidates, validNomination } from './fixtures';

/** Dotted paths of the issues, or [] when the value parses. */
function issues(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

const minimal: CampaignDefinitionInput = {
  id: apiExample.id,
  name: apiExample.name,
  coordinators: apiExample.coordinators,
  calendar: apiExample.calendar,
  streets: apiExample.streets,
};

const secondStreet = {
  id: 'jiangdong',
  name: '江东街道',
  officeEmail: 'office@jiangdong.example.gov.cn',
  leaderEmail: 'secretary@jiangdong.example.gov.cn',
  communities: [{ id: 'qingkou', name: '青口社区' }],
};

describe('campaignDefinitionSchema', () => {
  it('accepts the example of API.md', () => {
    expect(issues(campaignDefinitionSchema, apiExample)).toEqual([]);
  });

  it('takes at most maxCommunitiesPerStreet communities in a street (its workflow carries them all)', () => {
    const street = apiExample.streets[0];
    const withCommunities = (n: number) => ({
      ...apiExample,
      streets: [{ ...street, communities: Array.from({ length: n }, (_, i) => ({ ...street.communities[0], id: `c-${i}` })) }],
    });
    expect(issues(campaignDefinitionSchema, withCommunities(maxCommunitiesPerStreet))).toEqual([]);
    expect(issues(campaignDefinitionSchema, withCommunities(maxCommunitiesPerStreet + 1))).toContainEqual(expect.stringContaining('streets.0.communities'));
  });

  it('fills the defaults of DOMAIN.md', () => {
    expect(campaignDefinitionSchema.parse(minimal)).toMatchObject({
      timezone: 'Asia/Shanghai',
      locale: 'zh-CN',
      reminders: ['P7D', 'P3D', 'P1D', 'PT0S'],
      escalation: { leader: 'PT0S', coordinators: 'P3D', repeat: 'P3D', atRisk: 'P7D' },
      policyPacks: ['cn-national-2026', 'zhejiang-2020', 'yiwu-2007'],
      policy: {},
    });
    expect(campaignDefinitionSchema.parse({ ...minimal, escalation: { repeat: 'PT1H' } }).escalation).toEqual({
      leader: 'PT0S',
      coordinators: 'P3D',
      repeat: 'PT1H',
      atRisk: 'P7D',
    });
  });

  it('repeats an escalation at most hourly, but in a drill on a compressed calendar', () => {
    for (const repeat of ['PT1M', 'PT59M59S', 'PT0.001S']) {
      expect(issues(campaignDefinitionSchema, { ...apiExample, escalation: { repeat } })).toEqual(['escalation.repeat']);
      expect(issues(campaignDefinitionSchema, { ...apiExample, escalation: { repeat }, drill: false })).toEqual(['escalation.repeat']);
    }
    expect(issues(campaignDefinitionSchema, { ...apiExample, escalation: { repeat: 'PT1H' } })).toEqual([]);
    expect(issues(campaignDefinitionSchema, { ...apiExample, escalation: { repeat: 'PT5S' }, drill: true })).toEqual([]);
    expect(campaignDefinitionSchema.parse(apiExample).drill).toBe(false);
    expect(issues(campaignDefinitionSchema, { ...apiExample, drill: 'yes' })).toEqual(['drill']);
  });

  it('accepts a compressed calendar of date-times with offsets', () => {
    const calendar = Object.fromEntries(STEPS.map((step, i) => [step, `2027-08-08T10:0${i}:00+08:00`]));
    expect(issues(campaignDefinitionSchema, { ...minimal, calendar })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a calendar that does not increase', { calendar: { ...apiExample.calendar, training: '2027-08-15' } }, ['calendar.training']],
    [
      'a calendar going back',
      { calendar: { ...apiExample.calendar, 'party-election': '2027-09-01' } },
      ['calendar.party-election'],
    ],
    ['a calendar missing a step', { calendar: { ...apiExample.calendar, handover: undefined } }, ['calendar.handover']],
    ['a date-time without offset', { calendar: { ...apiExample.calendar, handover: '2027-10-20T12:00:00' } }, ['calendar.handover']],
    ['an impossible date', { calendar: { ...apiExample.calendar, handover: '2027-02-30' } }, ['calendar.handover']],
    [
      'a duplicate community id',
      { streets: [...apiExample.streets, { ...secondStreet, communities: [{ id: 'xiuhu', name: '绣湖' }] }] },
      ['streets.1.communities.0.id'],
    ],
    ['a duplicate street id', { streets: [...apiExample.streets, { ...secondStreet, id: 'choucheng' }] }, ['streets.1.id']],
    ['an uppercase id', { id: 'Yiwu-2027' }, ['id']],
    ['a too short id', { id: 'yw' }, ['id']],
    ['an id starting with a hyphen', { id: '-yiwu' }, ['id']],
    ['an unknown policy key', { policy: { directQuta: 0.5 } }, ['policy']],
    ['an unknown policy pack', { policyPacks: ['cn-urban-1989'] }, ['policyPacks.0']],
    ['the old single policy pack field', { policyPack: 'cn-urban-2026' }, ['']],
    [
      'an unknown Party organisation',
      { streets: [{ ...secondStreet, communities: [{ id: 'qingkou', name: '青口社区', partyOrganisation: 'cell' }] }] },
      ['streets.0.communities.0.partyOrganisation'],
    ],
    ['an unknown time zone', { timezone: 'Asia/Yiwu' }, ['timezone']],
    ['an unknown locale', { locale: 'fr' }, ['locale']],
    ['a month duration', { reminders: ['P1M'] }, ['reminders.0']],
    ['an escalation repeating every zero seconds', { escalation: { repeat: 'PT0S' } }, ['escalation.repeat']],
    ['a bad coordinator email', { coordinators: ['org2'] }, ['coordinators.0']],
    ['no coordinators', { coordinators: [] }, ['coordinators']],
    ['a street without communities', { streets: [{ ...secondStreet, communities: [] }] }, ['streets.0.communities']],
    ['an unknown field', { timeZone: 'Asia/Shanghai' }, ['']],
  ])('rejects %s', (_, change, paths) => {
    expect(issues(campaignDefinitionSchema, { ...apiExample, ...change })).toEqual(paths);
  });

  it('gives each community a Party organisation, by default a general branch', () => {
    const street = {
      ...secondStreet,
      communities: [
        { id: 'qingkou', name: '青口社区', partyOrganisation: 'committee' },
        { id: 'jiangbin', name: '江滨社区', partyOrganisation: 'branch' },
        { id: 'constructor', name: '名字像对象方法的社区' },
      ],
    };
    const parsed = campaignDefinitionSchema.parse({ ...apiExample, streets: [...apiExample.streets, street] });
    expect(parsed.streets.flatMap((s) => s.communities.map((c) => [c.id, c.partyOrganisation]))).toEqual([
      ['xiuhu', 'general-branch'],
      ['qingkou', 'committee'],
      ['jiangbin', 'branch'],
      ['constructor', 'general-branch'],
    ]);
  });

  it('allows a community to share its street’s id: they live under different URLs', () => {
    const street = { ...secondStreet, communities: [{ id: 'jiangdong', name: '江东社区' }] };
    expect(issues(campaignDefinitionSchema, { ...apiExample, streets: [...apiExample.streets, street] })).toEqual([]);
  });

  it('turns into JSON Schema for the OpenAPI document', () => {
    for (const schema of [campaignDefinitionSchema, deadlineMoveSchema, ...Object.values(stepBodySchemas)]) {
      expect(() => z.toJSONSchema(schema, { io: 'input' })).not.toThrow();
    }
  });
});

describe('deadlineMoveSchema', () => {
  const move = { step: 'nomination', due: '2027-09-25', reason: 'typhoon warning' };
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a move for everyone', move, []],
    ['a move for one community', { ...move, communityId: 'xiuhu' }, []],
    ['a move to an instant', { ...move, due: '2027-09-25T18:00:00+08:00' }, []],
    ['a blank reason', { ...move, reason: '  ' }, ['reason']],
    ['an unknown step', { ...move, step: 'vote' }, ['step']],
    ['a community id on a street step', { ...move, step: 'election-plan', communityId: 'xiuhu' }, ['communityId']],
  ])('%s', (_, value, paths) => {
    expect(issues(deadlineMoveSchema, value)).toEqual(paths);
  });
});

describe('step bodies', () => {
  const person = { name: '张三', title: '党工委书记' };
  const handover = {
    date: '2027-10-18',
    checklist: { seals: true, premises: true, finances: true, assets: true, archives: true, liabilities: true },
    newTeamTrained: true,
    outgoingMembersTalkedWith: true,
  };
  const nomination = validNomination();
  const round = { round: 'first', registered: 200, ballotsCast: 150, votes: { r1: 150 } };
  it.each<[keyof typeof stepBodySchemas, unknown, string[]]>([
    ['guidance-group', { leader: person, members: [person, person] }, []],
    ['guidance-group', { leader: person, members: [person] }, ['members']],
    ['guidance-group', { leader: { name: '张三' }, members: [person, person] }, ['leader.title']],
    ['election-plan', { methods: { xiuhu: 'direct', qingkou: 'representative' } }, []],
    ['election-plan', { methods: { xiuhu: 'indirect' } }, ['methods.xiuhu']],
    ['election-committee', { chair: { name: '李四' }, members: [{ name: '王五' }] }, []],
    ['training', { date: '2027-08-20', attendees: 0 }, ['attendees']],
    ['voter-registration', { registeredVoters: 3000, publishedOn: '2027-09-01' }, []],
    ['voter-registration', { registeredVoters: 3000, publishedOn: '2027-09-01', extra: 1 }, ['']],
    ['nomination', nomination, []],
    [
      'nomination',
      { ...nomination, residents: { ...nomination.residents, candidates: [...nomination.residents.candidates, nomination.residents.candidates[0]] } },
      ['residents.candidates.6.id'],
    ],
    [
      'nomination',
      { ...nomination, party: { ...nomination.party, candidates: [{ ...nomination.party.candidates[0], education: 'phd' }] } },
      ['party.candidates.0.education'],
    ],
    ['nomination', { ...nomination, publishedOn: undefined }, ['publishedOn']],
    ['nomination', { ...nomination, publishedOn: '2027-02-30' }, ['publishedOn']],
    ['nomination', { ...nomination, departureAudit: undefined }, ['departureAudit']],
    ['nomination', { ...nomination, departureAudit: { publishedOn: '2027-10-32' } }, ['departureAudit.publishedOn']],
    ['nomination', { ...nomination, departureAudit: null, incumbentDirectorStands: true }, []],
    ['nomination', { ...nomination, incumbentDirectorStands: 'yes' }, ['incumbentDirectorStands']],
    [
      'nomination',
      { ...nomination, party: { ...nomination.party, candidates: [{ ...nomination.party.candidates[0], post: 'secretary' }] } },
      [],
    ],
    [
      'nomination',
      { ...nomination, party: { ...nomination.party, candidates: [{ ...nomination.party.candidates[0], post: 'mayor' }] } },
      ['party.candidates.0.post'],
    ],
    ['party-election', { entitled: 50, present: 45, votes: { p1: 45 } }, []],
    ['party-election', { entitled: 50, present: 51, votes: {} }, ['present']],
    ['party-election', { entitled: 50, present: 45, votes: { p1: 46 } }, ['votes.p1']],
    ['residents-election', { round: 'first', registered: 200, ballotsCast: 150, votes: { r1: 150 } }, []],
    ['residents-election', { round: 'first', registered: 200, ballotsCast: 201, votes: {} }, ['ballotsCast']],
    ['residents-election', { round: 'second', registered: 200, ballotsCast: 150, votes: {} }, ['round']],
    ['residents-election', { round: 'first', registered: 200, ballotsCast: 150, votes: { r1: -1 } }, ['votes.r1']],
    ['residents-election', { ...round, registeredCorrection: '两名选民异议成立，已补登' }, []],
    ['residents-election', { ...round, registeredCorrection: '  ' }, ['registeredCorrection']],
    ['residents-election', { ...round, proxies: { votes: 150, maxPerProxy: 3 } }, []],
    ['residents-election', { ...round, proxies: { votes: 151, maxPerProxy: 3 } }, ['proxies.votes']],
    ['residents-election', { ...round, proxies: { votes: 10 } }, ['proxies.maxPerProxy']],
    ['residents-election', { ...round, mobileBoxes: [{ supervisors: 3, ballots: 100 }, { supervisors: 3, ballots: 50 }] }, []],
    ['residents-election', { ...round, mobileBoxes: [{ supervisors: 3, ballots: 100 }, { supervisors: 3, ballots: 51 }] }, ['mobileBoxes']],
    ['residents-election', { ...round, mobileBoxes: [{ supervisors: -1, ballots: 1 }] }, ['mobileBoxes.0.supervisors']],
    ['handover', handover, []],
    ['handover', { ...handover, checklist: { ...handover.checklist, keys: true } }, ['checklist']],
  ])('%s %j', (step, body, paths) => {
    expect(issues(stepBodySchemas[step], body)).toEqual(paths);
  });
});

describe('caps on step lists: at most 50', () => {
  const person = { name: '张三', title: '委员' };
  const nomination = validNomination();
  const slate = (n: number) => ({ seats: 5, candidates: candidates('c', n) });
  const votes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i + 1}`, 1]));
  const round = { round: 'first', registered: 200, ballotsCast: 150, votes: {} };
  const boxes = (n: number) => Array.from({ length: n }, () => ({ supervisors: 3, ballots: 1 }));
  it.each<[string, keyof typeof stepBodySchemas, unknown, string[]]>([
    ['50 residents’ candidates', 'nomination', { ...nomination, residents: slate(50) }, []],
    ['51 residents’ candidates', 'nomination', { ...nomination, residents: slate(51) }, ['residents.candidates']],
    ['50 Party candidates', 'nomination', { ...nomination, party: slate(50) }, []],
    ['51 Party candidates', 'nomination', { ...nomination, party: slate(51) }, ['party.candidates']],
    ['50 guidance-group members', 'guidance-group', { leader: person, members: Array(50).fill(person) }, []],
    ['51 guidance-group members', 'guidance-group', { leader: person, members: Array(51).fill(person) }, ['members']],
    ['50 election-committee members', 'election-committee', { chair: { name: '王五' }, members: Array(50).fill({ name: '李四' }) }, []],
    ['51 election-committee members', 'election-committee', { chair: { name: '王五' }, members: Array(51).fill({ name: '李四' }) }, ['members']],
    ['votes for 100 candidates (both slates)', 'residents-election', { ...round, votes: votes(100) }, []],
    ['votes for 101 candidates', 'residents-election', { ...round, votes: votes(101) }, ['votes']],
    ['101 Party votes', 'party-election', { entitled: 50, present: 45, votes: votes(101) }, ['votes']],
    ['50 mobile boxes', 'residents-election', { ...round, mobileBoxes: boxes(50) }, []],
    ['51 mobile boxes', 'residents-election', { ...round, mobileBoxes: boxes(51) }, ['mobileBoxes']],
  ])('%s', (_, step, body, paths) => {
    expect(issues(stepBodySchemas[step], body)).toEqual(paths);
  });
});

describe('ids named like Object.prototype members', () => {
  const nomination = validNomination();
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])('accepts %s as a candidate id and in votes', (id) => {
    const residents = { ...nomination.residents, candidates: [...nomination.residents.candidates, candidate(id)] };
    expect(issues(stepBodySchemas.nomination, { ...nomination, residents })).toEqual([]);
    const round = { round: 'first', registered: 200, ballotsCast: 150, votes: JSON.parse(`{"${id}": 100}`) };
    expect(issues(stepBodySchemas['residents-election'], round)).toEqual([]);
  });

  it('refuses __proto__ as a candidate id: the id pattern excludes it', () => {
    const residents = { ...nomination.residents, candidates: [...nomination.residents.candidates, candidate('__proto__')] };
    expect(issues(stepBodySchemas.nomination, { ...nomination, residents })).toEqual(['residents.candidates.6.id']);
  });

  it('accepts a community called constructor in an election plan', () => {
    expect(issues(stepBodySchemas['election-plan'], { methods: JSON.parse('{"constructor": "direct"}') })).toEqual([]);
  });
});
