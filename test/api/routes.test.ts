/**
 * Every route's success path, and every status of API.md's error table in its
 * problem+json shape, against a real dev server and worker.
 */
import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { COMMUNITY_STEPS } from '../../domain';
import { sha256Hex } from '../../api/auth';
import { campaignDefinition, validBody } from '../../examples/sample-campaign';
import {
  bearer,
  communityStepPath,
  completeSteps,
  expectProblem,
  planStreet,
  startCampaign,
  startHarness,
  streetStepPath,
  taskQueue,
  today,
  type Harness,
} from './harness';
import { eventually, memoFreshMs } from '../helpers/eventually';
import { testDataConverter } from '../helpers/codec';

jest.setTimeout(60_000);

let h: Harness;
const id = 'routes';
const base = `/api/campaigns/${id}`;

beforeAll(async () => {
  h = await startHarness();
  await startCampaign(h.app, id);
}, 90_000);

afterAll(async () => {
  await h?.close();
});

const get = (path: string, caller: Parameters<typeof bearer>[0] = 'coordinator') => request(h.app).get(path).set(bearer(caller));
const post = (path: string, body: unknown, caller: Parameters<typeof bearer>[0]) =>
  request(h.app).post(path).set(bearer(caller)).send(body as object);

describe('campaigns', () => {
  test('POST starts a campaign (201); its id again is 409; a malformed definition is 400 naming each field', async () => {
    const again = await post('/api/campaigns', { ...validDefinition(), id }, 'coordinator');
    expectProblem(again, 409);

    const bad = await post('/api/campaigns', { ...validDefinition(), id: 'Bad Id', calendar: { ...validDefinition().calendar, training: '2000-01-01' } }, 'coordinator');
    expectProblem(bad, 400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['id', 'calendar.training']));

    const notJson = await request(h.app).post('/api/campaigns').set(bearer('coordinator')).set('Content-Type', 'application/json').send('{"id":');
    expectProblem(notJson, 400);
  });

  test('GET lists campaigns with name and status; GET one is its summary, 404 when unknown', async () => {
    const list = await get('/api/campaigns');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual({ id, name: validDefinition().name, status: 'running' });

    const summary = await get(base);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ id, status: 'running', streets: [{ id: 's1', communities: 2 }, { id: 's2', communities: 2 }] });

    const street = await get(base, 's1');
    expect(street.body.streets.map((s: { id: string }) => s.id)).toEqual(['s1']);

    expectProblem(await get('/api/campaigns/nope-nope'), 404);
    expectProblem(await get('/api/campaigns/NOT_AN_ID'), 404);
  });
});

describe('communities and streets', () => {
  test('the list filters by street and step, pages with limit and cursor, and refuses a malformed query', async () => {
    const all = await get(`${base}/communities`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(4);
    expect(all.body.items.map((c: { communityId: string }) => c.communityId).sort()).toEqual(['s1-c1', 's1-c2', 's2-c1', 's2-c2']);
    expect(all.body.items[0]).toMatchObject({ campaignId: id, current: 'election-committee', steps: expect.any(Array), elections: { party: null, residents: null } });

    const s2 = await get(`${base}/communities?street=s2&step=election-committee`);
    expect(s2.body.items.map((c: { streetId: string }) => c.streetId)).toEqual(['s2', 's2']);

    const first = await get(`${base}/communities?limit=3`);
    expect(first.body.items).toHaveLength(3);
    expect(first.body.total).toBe(4);
    const second = await get(`${base}/communities?limit=3&cursor=${first.body.next}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.next).toBeUndefined();

    const bad = await get(`${base}/communities?overdue=yes&limit=0&colour=red`);
    expectProblem(bad, 400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['', 'limit', 'overdue']);
    expectProblem(await get(`${base}/communities?cursor=bm90LWEtdG9rZW4`), 400);
    expectProblem(await get('/api/campaigns/nope-nope/communities'), 404);
  });

  test('GET a community, a street: their states; unknown ones are 404', async () => {
    const community = await get(`${base}/communities/s1-c1`);
    expect(community.status).toBe(200);
    expect(community.body).toMatchObject({ communityId: 's1-c1', streetId: 's1', method: null, atRisk: false, turnout: null });
    expect(community.body.steps.map((s: { step: string }) => s.step)).toEqual(COMMUNITY_STEPS);

    const street = await get(`${base}/streets/s1`);
    expect(street.status).toBe(200);
    expect(street.body).toMatchObject({ streetId: 's1', current: 'guidance-group', communities: ['s1-c1', 's1-c2'] });

    expectProblem(await get(`${base}/communities/nowhere`), 404);
    expectProblem(await get(`${base}/streets/nowhere`), 404);
  });
});

describe('steps', () => {
  test('street steps: 200 with the new state, 400 with paths, 404 for a step that is not the street\'s, 422 with rules, 409 when done', async () => {
    const body = validBody('guidance-group', { today: today() });
    const malformed = await post(streetStepPath(id, 's2', 'guidance-group'), { leader: { name: '王' }, members: [] }, 's2');
    expectProblem(malformed, 400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['leader.title', 'members']);

    expectProblem(await post(streetStepPath(id, 's2', 'training'), body, 's2'), 404);
    const tooEarly = await post(streetStepPath(id, 's2', 'election-plan'), { methods: { 's2-c1': 'direct', 's2-c2': 'direct' } }, 's2');
    expectProblem(tooEarly, 409);

    const done = await post(streetStepPath(id, 's2', 'guidance-group'), body, 's2');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ streetId: 's2', current: 'election-plan' });
    expect(done.body.steps.map((s: { status: string; completedBy: string | null }) => [s.status, s.completedBy])).toEqual([['done', 's2'], ['open', null]]);
    expectProblem(await post(streetStepPath(id, 's2', 'guidance-group'), body, 's2'), 409);

    const unlawful = await post(streetStepPath(id, 's2', 'election-plan'), { methods: { 's2-c1': 'representative', 's2-c2': 'representative' } }, 's2');
    expectProblem(unlawful, 422);
    expect(unlawful.body.errors).toContainEqual(expect.objectContaining({ rule: 'direct-quota', path: expect.any(String), message: expect.any(String) }));
  });

  test("a community's first step posted right after its street's plan waits for the plan to reach it: 200, not 409", async () => {
    const plan = await post(streetStepPath(id, 's2', 'election-plan'), validBody('election-plan', { today: today(), communityIds: ['s2-c1', 's2-c2'] }), 's2');
    expect(plan.status).toBe(200);
    const committee = validBody('election-committee', { today: today() });
    const answers = await Promise.all(['s2-c1', 's2-c2'].map((c) => post(communityStepPath(id, c, 'election-committee'), committee, 's2')));
    expect(answers.map((a) => [a.status, a.body.method, a.body.current])).toEqual([
      [200, 'direct', 'training'],
      [200, 'direct', 'training'],
    ]);
  });

  test('community steps: 409 before the plan; then 200 with the merged state, 400, 404, 422 with rules, an election round that fails is recorded (200)', async () => {
    const committee = validBody('election-committee', { today: today() });
    expectProblem(await post(communityStepPath(id, 's1-c1', 'election-committee'), committee, 's1'), 409);
    await planStreet(h.app, id, 's1');

    const done = await post(communityStepPath(id, 's1-c1', 'election-committee'), committee, 's1');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ communityId: 's1-c1', method: 'direct', current: 'training' });
    expect(done.body.steps[0]).toMatchObject({ status: 'done', completedBy: 's1', overdue: false, evidence: committee });

    expectProblem(await post(communityStepPath(id, 's1-c1', 'guidance-group'), committee, 's1'), 404);
    expectProblem(await post(communityStepPath(id, 'nowhere', 'training'), validBody('training', { today: today() }), 's1'), 404);
    const malformed = await post(communityStepPath(id, 's1-c1', 'training'), { date: 'soon', attendees: 0 }, 's1');
    expectProblem(malformed, 400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['attendees', 'date']);

    await completeSteps(h.app, id, 's1-c1', ['training', 'voter-registration']);
    const nomination = validBody('nomination', { today: today() }) as { residents: { candidates: { birthDate: string }[] } };
    nomination.residents.candidates[5].birthDate = '1950-01-01';
    const unlawful = await post(communityStepPath(id, 's1-c1', 'nomination'), nomination, 's1');
    expectProblem(unlawful, 422);
    expect(unlawful.body.errors).toContainEqual(expect.objectContaining({ rule: 'eligibility-age', path: 'residents.candidates.5.birthDate' }));

    await completeSteps(h.app, id, 's1-c1', ['nomination']);
    const quorumless = await post(communityStepPath(id, 's1-c1', 'party-election'), { ...(validBody('party-election', { today: today() }) as object), present: 75 }, 's1');
    expect(quorumless.status).toBe(200);
    expect(quorumless.body.current).toBe('party-election');
    expect(quorumless.body.elections.party).toMatchObject({ valid: false, rounds: 1 });
    expect(quorumless.body.reelectionRequired).toBe(true);
    await eventually(async () => {
      const owed = await get(`${base}/communities?reelectionRequired=true`);
      expect(owed.body.items.map((c: { communityId: string }) => c.communityId)).toEqual(['s1-c1']);
    }, memoFreshMs);
  });

  test('a community that has done every step: its state still reads, a step on it is 409', async () => {
    await completeSteps(h.app, id, 's1-c1', ['party-election', 'residents-election', 'handover']);
    await eventually(async () => expect((await get(`${base}/communities?step=done`)).body.total).toBe(1), memoFreshMs);
    const state = await get(`${base}/communities/s1-c1`);
    expect(state.body.current).toBe('done');
    expectProblem(await post(communityStepPath(id, 's1-c1', 'handover'), validBody('handover', { today: today() }), 's1'), 409);
  });
});

describe('deadlines and history', () => {
  test('a move for one community finds its street; a past due date makes it overdue; the history tells it all', async () => {
    const moved = await post(`${base}/deadlines`, { step: 'election-committee', due: '2020-01-01', reason: '台风停课', communityId: 's1-c2' }, 'coordinator');
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ step: 'election-committee', due: '2020-01-01', reason: '台风停课', communityId: 's1-c2', streetId: 's1', by: 'coordinator' });

    const overdue = await eventually(async () => {
      const res = await get(`${base}/communities?overdue=true`);
      expect(res.body.items.map((c: { communityId: string }) => c.communityId)).toEqual(['s1-c2']);
      return res.body.items[0];
    });
    expect(overdue.steps[0]).toMatchObject({ step: 'election-committee', due: '2020-01-01', overdue: true });

    const malformed = await post(`${base}/deadlines`, { step: 'handover', due: 'tomorrow', reason: '' }, 'coordinator');
    expectProblem(malformed, 400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['due', 'reason']);
    const streetStep = await post(`${base}/deadlines`, { step: 'guidance-group', due: '2030-01-01', reason: 'x', communityId: 's1-c2' }, 'coordinator');
    expect(streetStep.body.errors).toEqual([expect.objectContaining({ path: 'communityId' })]);
    expectProblem(await post(`${base}/deadlines`, { step: 'training', due: '2030-01-01', reason: 'x', communityId: 'nowhere' }, 'coordinator'), 404);
    expectProblem(await post(`${base}/deadlines`, { step: 'training', due: '2030-01-01', reason: 'x', streetId: 'nowhere' }, 'coordinator'), 404);
    expectProblem(await post(`${base}/deadlines`, { step: 'training', due: '2030-01-01', reason: 'x'.repeat(1_100_000) }, 'coordinator'), 413);

    const history = await eventually(async () => {
      const res = await get(`${base}/communities/s1-c2/history`, 'admin');
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['deadline-moved', 'notification-sent']));
      return res.body.events as { type: string; summary: string; details: Record<string, unknown> }[];
    });
    expect(history[0].type).toBe('started');
    expect(history.find((e) => e.type === 'plan-decided')?.details).toEqual({ method: 'direct' });
    expect(history.find((e) => e.type === 'deadline-moved')).toMatchObject({ details: { reason: '台风停课', by: 'coordinator', due: '2020-01-01' } });
    // The move's email, and the overdue one its past due date brings, in either order.
    expect(history.filter((e) => e.type === 'notification-sent').map((e) => e.details)).toContainEqual(expect.objectContaining({ kind: 'deadline-moved', step: 'election-committee' }));
  });

  test("a completed community's history: each step by whom with its evidence, the failed round, nothing of its street's other community", async () => {
    const res = await get(`${base}/communities/s1-c1/history`, 'coordinator');
    expect(res.status).toBe(200);
    const events = res.body.events as { id: string; time: string; type: string; details: { step?: string; by?: string; evidence?: unknown } }[];
    const completed = events.filter((e) => e.type === 'step-completed');
    expect(completed.map((e) => e.details.step)).toEqual(COMMUNITY_STEPS);
    expect(completed[0].details).toMatchObject({ by: 's1', evidence: validBody('election-committee', { today: today() }) });
    expect(events.filter((e) => e.type === 'election-round-failed').map((e) => e.details.step)).toEqual(['party-election']);
    // The street's workflow holds s1-c2 too: its move (the test before) and that move's emails are not s1-c1's.
    expect(events.filter((e) => e.type === 'deadline-moved')).toEqual([]);
    expect(events.filter((e) => e.type === 'plan-decided')).toHaveLength(1);
    expect(events.every((e) => e.id && !Number.isNaN(Date.parse(e.time)))).toBe(true);
    expectProblem(await get(`${base}/communities/nowhere/history`), 404);
  });
});

describe('every response', () => {
  test('carries a request id (echoed or new), helmet headers and its wait on Temporal (Server-Timing); logs name the route and token, never the body', async () => {
    const echoed = await get(base).set('X-Request-Id', 'trace-123');
    expect(echoed.headers['x-request-id']).toBe('trace-123');
    const fresh = await get(base).set('X-Request-Id', 'bad id with spaces');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.headers['x-content-type-options']).toBe('nosniff');
    // The campaign's summary is one query: its wait on Temporal is inside the total.
    const timing = Object.fromEntries(
      String(fresh.headers['server-timing'])
        .split(', ')
        .map((metric) => [metric.split(';')[0], Number(metric.split('dur=')[1])]),
    );
    expect(timing['temporal-call']).toBeGreaterThan(0);
    expect(timing['temporal-update']).toBe(0);
    expect(timing.total).toBeGreaterThanOrEqual(timing['temporal-call']);
    expect((await get('/api/nothing-here')).headers['server-timing']).toMatch(/^temporal-call;dur=0, temporal-update;dur=0, total;dur=/);

    const entry = h.logs.find((e) => e.requestId === 'trace-123');
    expect(entry).toMatchObject({ method: 'GET', route: '/api/campaigns/{campaignId}', status: 200, token: 'coordinator', ms: expect.any(Number) });
    const logged = JSON.stringify(h.logs);
    expect(logged).not.toMatch(/王书记|候选人|台风/);
  });

  test('401 without or with an unknown token, 403 for a wrong role, 404 for no route', async () => {
    expectProblem(await request(h.app).get(base), 401);
    expectProblem(await request(h.app).get(base).set('Authorization', 'Bearer not-a-token'), 401);
    expectProblem(await get('/api/campaigns', 's1'), 403);
    expectProblem(await get('/api/nothing-here'), 404);
  });

  test('429 once a token has spent its burst', async () => {
    const limited = createApp({
      client: h.env.client,
      connection: h.env.connection,
      taskQueue,
      tokens: [{ name: 'coordinator', role: 'coordinator', sha256: sha256Hex('test-token-coordinator') }],
      rateLimit: { perSecond: 0.5, burst: 2 },
      log: () => {},
    });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await request(limited).get(base).set(bearer('coordinator'))).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await request(limited).get(base).set(bearer('coordinator'));
    expectProblem(refused, 429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  test('503 within its bound when Temporal is unreachable; a step then says it may or may not be applied', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const app = createApp({
      client: new Client({ connection, dataConverter: testDataConverter }),
      connection,
      taskQueue,
      tokens: [{ name: 's1', role: 'street', street: 's1', sha256: sha256Hex('test-token-s1') }],
      timeouts: { callMs: 500, workerMs: 500 },
      log: () => {},
    });
    const started = Date.now();
    expectProblem(await request(app).get(`${base}/streets/s1`).set(bearer('s1')), 503);
    const step = await request(app).post(streetStepPath(id, 's1', 'guidance-group')).set(bearer('s1')).send(validBody('guidance-group', { today: today() }) as object);
    expectProblem(step, 503);
    expect(step.body.detail).toMatch(/may or may not.*Idempotency-Key/);
    expect(Date.now() - started).toBeLessThan(5_000);
    await connection.close();
  });
});

const validDefinition = () => campaignDefinition({ id: 'another', streets: 1, from: Date.now() });
