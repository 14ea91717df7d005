/**
 * The rules of DOMAIN.md through the API against a real dev server and worker: each new rule
 * id answers 422 and changes nothing, a warning is accepted (200) and kept, a Party
 * committee's seats follow its organisation, and a deadline move that would hold the
 * residents' election too soon after a published voter list is refused. The domain tests
 * walk each rule's boundaries; these check that the API and the workflows apply them.
 */
import request from 'supertest';
import { campaignDefinition, validBody } from '../../examples/sample-campaign';
import {
  bearer,
  communityStepPath,
  completeSteps,
  expectProblem,
  planStreet,
  startCampaign,
  startHarness,
  today,
  type Harness,
} from './harness';
import { eventually } from '../helpers/eventually';

jest.setTimeout(90_000);

let h: Harness;
const id = 'rules';
const base = `/api/campaigns/${id}`;

beforeAll(async () => {
  h = await startHarness();
  await startCampaign(h.app, id, {});
  await planStreet(h.app, id, 's1');
  await completeSteps(h.app, id, 's1-c1', ['election-committee', 'training', 'voter-registration']);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const get = (path: string) => request(h.app).get(path).set(bearer('coordinator'));
const post = (path: string, body: unknown) => request(h.app).post(path).set(bearer('s1')).send(body as object);

type Body = Record<string, unknown> & {
  party: { seats: number; candidates: Record<string, unknown>[] };
  residents: { seats: number; candidates: Record<string, unknown>[] };
};
const nomination = () => validBody('nomination', { today: today() }) as Body;
const residentsRound = () => validBody('residents-election', { today: today() }) as Record<string, unknown>;

/** `day` shifted by `days`, YYYY-MM-DD. */
const shift = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function dueOf(communityId: string, step: string): Promise<string> {
  const state = await get(`${base}/communities/${communityId}`);
  return state.body.steps.find((s: { step: string }) => s.step === step).due;
}

async function expectRefused(path: string, body: unknown, rule: string, field: string): Promise<void> {
  const before = await get(`${base}/communities/s1-c1`);
  const res = await post(path, body);
  expectProblem(res, 422);
  expect(res.body.errors).toContainEqual(expect.objectContaining({ rule, path: field }));
  // Each rule's message also in Chinese, for the board.
  for (const error of res.body.errors) expect(error.zh).toMatch(/[\u4e00-\u9fff]/);
  const after = await get(`${base}/communities/s1-c1`);
  expect(after.body.steps).toEqual(before.body.steps);
  expect(after.body.elections).toEqual(before.body.elections);
}

test('each new nomination rule answers 422 naming its rule and field, and changes nothing', async () => {
  const path = communityStepPath(id, 's1-c1', 'nomination');
  const residentsDay = await dueOf('s1-c1', 'residents-election');

  const noWoman = nomination();
  noWoman.residents.candidates = noWoman.residents.candidates.map((c) => ({ ...c, id: `m${String(c.id)}`, gender: 'male' }));
  await expectRefused(path, noWoman, 'women-member', 'residents.candidates');

  await expectRefused(path, { ...nomination(), publishedOn: shift(residentsDay, -4) }, 'candidate-list-lead', 'publishedOn');
  await expectRefused(path, { ...nomination(), departureAudit: null }, 'audit-before-election', 'departureAudit');
  await expectRefused(path, { ...nomination(), departureAudit: { publishedOn: residentsDay } }, 'audit-before-election', 'departureAudit.publishedOn');

  // A general branch (the default) has 5 to 7 seats.
  const eight = nomination();
  eight.party.seats = 8;
  await expectRefused(path, eight, 'seats', 'party.seats');
});

test('a new member below senior high is accepted with a warning, kept in the state and its list', async () => {
  // A seventh candidate, so that a runoff has someone outside its best-placed (below).
  const warned = nomination();
  warned.residents.candidates[5] = { ...warned.residents.candidates[5], education: 'junior-high' };
  warned.residents.candidates.push({ ...warned.residents.candidates[4], id: 'r7', name: '候选人r7' });
  const res = await post(communityStepPath(id, 's1-c1', 'nomination'), warned);
  expect(res.status).toBe(200);
  expect(res.body.current).toBe('party-election');
  const warning = { step: 'nomination', rule: 'eligibility-education', path: 'residents.candidates.5.education', message: expect.stringContaining('r6'),
    zh: '候选人“r6”（新任，女）文化程度为初中；一般应具有高中以上文化程度',
  };
  expect(res.body.warnings).toEqual([warning]);
  expect((await get(`${base}/communities/s1-c1`)).body.warnings).toEqual([warning]);
});

test('each new residents-election rule answers 422; a runoff only among the best-placed', async () => {
  await completeSteps(h.app, id, 's1-c1', ['party-election']);
  const path = communityStepPath(id, 's1-c1', 'residents-election');
  await expectRefused(path, { ...residentsRound(), registered: 2999 }, 'voter-count', 'registered');
  await expectRefused(path, { ...residentsRound(), votes: { r1: 2400, r2: 2400, r3: 2400, r4: 2400, r5: 2400, r6: 1 } }, 'ballot-count', 'votes');
  await expectRefused(path, { ...residentsRound(), proxies: { votes: 30, maxPerProxy: 4 } }, 'proxy-limit', 'proxies.maxPerProxy');
  await expectRefused(path, { ...residentsRound(), mobileBoxes: [{ supervisors: 2, ballots: 40 }] }, 'mobile-box', 'mobileBoxes.0.supervisors');

  // A corrected electorate is accepted with its reason; r1 and r2 win, three seats go to a runoff.
  const first = await post(path, {
    ...residentsRound(),
    registered: 2990,
    registeredCorrection: '异议成立，删除10名选民',
    votes: { r1: 1500, r2: 1300, r3: 1000, r4: 900, r5: 800, r6: 100, r7: 50 },
  });
  expect(first.status).toBe(200);
  expect(first.body.elections.residents).toMatchObject({ elected: ['r1', 'r2'], unfilled: 3, runoffRequired: true });

  // Four may stand for three seats, by first-round votes: r3, r4, r5 and r6, not r7.
  const runoff = { ...residentsRound(), registered: 2990, registeredCorrection: '异议成立', round: 'runoff' };
  await expectRefused(path, { ...runoff, votes: { r3: 900, r4: 850, r5: 800, r7: 700 } }, 'runoff-candidates', 'votes.r7');
  await expectRefused(path, { ...runoff, votes: { r1: 900, r3: 900, r4: 850, r5: 800 } }, 'already-elected', 'votes.r1');
  const filled = await post(path, { ...runoff, votes: { r3: 900, r4: 850, r5: 800, r6: 100 } });
  expect(filled.status).toBe(200);
  expect(filled.body.elections.residents).toMatchObject({ elected: ['r1', 'r2', 'r3', 'r4', 'r5'], unfilled: 0, womenElected: 2 });
  expect(filled.body.turnout).toBeCloseTo(2400 / 2990);
  expect(filled.body.attendance).toBeNull();
});

test('a Party branch has 3 to 5 seats and needs 4 candidates for 3', async () => {
  const org = 'rules-org';
  const { streets } = campaignDefinition({ id: org, streets: 2, communitiesPerStreet: 2, from: Date.now() });
  streets[0].communities[0] = { ...streets[0].communities[0], partyOrganisation: 'branch' };
  await startCampaign(h.app, org, { streets });
  expect((await get(`/api/campaigns/${org}/communities/s1-c1`)).body.partyOrganisation).toBe('branch');
  expect((await get(`/api/campaigns/${org}/communities/s1-c2`)).body.partyOrganisation).toBe('general-branch');
  await planStreet(h.app, org, 's1');
  await completeSteps(h.app, org, 's1-c1', ['election-committee', 'training', 'voter-registration']);
  const path = communityStepPath(org, 's1-c1', 'nomination');
  const three = nomination();
  three.party = { seats: 3, candidates: three.party.candidates.slice(0, 3) };
  const refused = await post(path, three);
  expectProblem(refused, 422);
  expect(refused.body.errors).toEqual([expect.objectContaining({ rule: 'competitive', path: 'party.candidates' })]);
  const four = nomination();
  four.party = { seats: 3, candidates: four.party.candidates.slice(0, 4) };
  expect((await post(path, four)).status).toBe(200);
});

test("a move bringing the residents' election within 20 days of a published voter list is refused, and moves nothing", async () => {
  // s1-c1 has elected its committee; s1-c2 publishes its voter list today (the sample body); s2's have not registered.
  await completeSteps(h.app, id, 's1-c2', ['election-committee', 'training', 'voter-registration']);
  const before = await dueOf('s2-c1', 'residents-election');
  const tooSoon = await request(h.app)
    .post(`${base}/deadlines`)
    .set(bearer('coordinator'))
    .send({ step: 'residents-election', due: shift(today(), 19), reason: '提前选举' });
  expectProblem(tooSoon, 422);
  expect(tooSoon.body.errors).toEqual([expect.objectContaining({ rule: 'voter-list-lead', path: 'due', message: expect.stringContaining("'s1-c2'") })]);
  expect(await dueOf('s2-c1', 'residents-election')).toBe(before);
  expect(await dueOf('s1-c2', 'residents-election')).not.toBe(shift(today(), 19));

  const enough = await request(h.app)
    .post(`${base}/deadlines`)
    .set(bearer('coordinator'))
    .send({ step: 'residents-election', due: shift(today(), 20), reason: '提前选举', streetId: 's1' });
  expect(enough.status).toBe(200);
});

test('ids such as constructor and toString are ids like any other, from the plan to the votes', async () => {
  const campaignId = 'rules-proto';
  const { streets } = campaignDefinition({ id: campaignId, streets: 2, communitiesPerStreet: 2, from: Date.now() });
  streets[0].communities = [
    { id: 'constructor', name: '构造社区' },
    { id: 'tostring', name: '字符社区' },
  ];
  await startCampaign(h.app, campaignId, { streets });
  const plan = (methods: Record<string, string>) => post(`/api/campaigns/${campaignId}/streets/s1/steps/election-plan`, { methods });
  expect((await post(`/api/campaigns/${campaignId}/streets/s1/steps/guidance-group`, validBody('guidance-group', { today: today() }))).status).toBe(200);
  const missing = await plan({ tostring: 'direct' });
  expectProblem(missing, 422);
  expect(missing.body.errors).toContainEqual(expect.objectContaining({ rule: 'election-method', path: 'methods.constructor' }));
  expect((await plan({ constructor: 'direct', tostring: 'representative' })).status).toBe(200);

  const renamed = (id: string) => (id === 'r1' ? 'toString' : id === 'r2' ? 'constructor' : id);
  const body = nomination();
  for (const slate of [body.party, body.residents]) slate.candidates = slate.candidates.map((c) => ({ ...c, id: renamed(String(c.id)) }));
  const path = (step: Parameters<typeof communityStepPath>[2]) => communityStepPath(campaignId, 'constructor', step);
  for (const step of ['election-committee', 'training', 'voter-registration'] as const) {
    const res = await post(path(step), validBody(step, { today: today() }));
    expect(res.status).toBe(200);
  }
  expect((await post(path('nomination'), body)).status).toBe(200);
  const party = validBody('party-election', { today: today() }) as { votes: Record<string, number> };
  const votes = (of: Record<string, number>) => Object.fromEntries(Object.entries(of).map(([id, n]) => [renamed(id), n]));
  expect((await post(path('party-election'), { ...party, votes: votes(party.votes) })).status).toBe(200);
  const residents = residentsRound() as { votes: Record<string, number> };
  const elected = await post(path('residents-election'), { ...residents, votes: votes(residents.votes) });
  expect(elected.status).toBe(200);
  expect(elected.body.elections.residents.elected).toEqual(['toString', 'constructor', 'r3', 'r4', 'r5']);
  expect(elected.body.current).toBe('handover');
});

test("an assembly's attendance is not turnout: 59 of 90 representatives invalid, 60 valid; turnout counts direct elections only", async () => {
  const campaignId = 'rules-proto';
  const path = (step: Parameters<typeof communityStepPath>[2]) => communityStepPath(campaignId, 'tostring', step);
  for (const step of ['election-committee', 'training', 'voter-registration', 'nomination', 'party-election'] as const) {
    expect((await post(path(step), validBody(step, { today: today() }))).status).toBe(200);
  }
  const assembly = { round: 'first', registered: 90, votes: { r1: 50, r2: 50, r3: 50, r4: 50, r5: 50, r6: 5 } };
  const short = await post(path('residents-election'), { ...assembly, ballotsCast: 59 });
  expect(short.status).toBe(200);
  expect(short.body.elections.residents).toMatchObject({ valid: false, reason: expect.stringContaining('59 of 90') });
  expect(short.body.turnout).toBeNull();
  const quorate = await post(path('residents-election'), { ...assembly, ballotsCast: 60 });
  expect(quorate.status).toBe(200);
  expect(quorate.body.elections.residents).toMatchObject({ valid: true, unfilled: 0 });
  expect(quorate.body.attendance).toBeCloseTo(60 / 90);
  expect(quorate.body.turnout).toBeNull();

  // The street's and the campaign's turnout: constructor's direct election (2400 of 3000) only.
  const street = await get(`/api/campaigns/${campaignId}/streets/s1`);
  expect(street.body.turnout).toBeCloseTo(0.8);
  await eventually(async () => {
    const summary = await get(`/api/campaigns/${campaignId}`);
    expect(summary.body.turnout).toEqual({ registered: 3000, cast: 2400, rate: 0.8 });
  });
});

test('a __proto__ key is refused as malformed (400), never silently dropped', async () => {
  const res = await request(h.app)
    .post(communityStepPath(id, 's1-c2', 'nomination'))
    .set(bearer('s1'))
    .set('Content-Type', 'application/json')
    .send('{"party": {"seats": 5, "candidates": []}, "votes": {"__proto__": 100}}');
  expectProblem(res, 400);
  expect(res.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('__proto__') })]);
});
