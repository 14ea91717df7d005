/**
 * Every route by every role, a street's own token and a foreign street's: the allowed calls
 * succeed, the others are 401 or 403 and change nothing. A street never sees another street.
 */
import request from 'supertest';
import { routes } from '../../api/app';
import { campaignDefinition, validBody } from '../../examples/sample-campaign';
import { bearer, callers, communityStepPath, expectProblem, planStreet, startCampaign, startHarness, streetStepPath, today, type Caller, type Harness } from './harness';

let h: Harness;
const id = 'authz';
const base = `/api/campaigns/${id}`;

beforeAll(async () => {
  h = await startHarness();
  await startCampaign(h.app, id);
  await planStreet(h.app, id, 's2');
}, 90_000);

afterAll(async () => {
  await h?.close();
});

interface Row {
  route: string;
  allowed: Caller[] | 'anyone';
  call(caller: Caller | 'none' | 'unknown'): request.Test;
}

const auth = (req: request.Test, caller: Caller | 'none' | 'unknown') =>
  caller === 'none' ? req : caller === 'unknown' ? req.set('Authorization', 'Bearer forged') : req.set(bearer(caller));
const get = (path: string) => (caller: Caller | 'none' | 'unknown') => auth(request(h.app).get(path), caller);
const post = (path: string, body: () => unknown) => (caller: Caller | 'none' | 'unknown') => auth(request(h.app).post(path), caller).send(body() as object);

// s1's resources: s2 is the foreign street. The community step is s2's own (its plan is done).
const rows: Row[] = [
  { route: 'GET /health', allowed: 'anyone', call: get('/api/health') },
  { route: 'GET /openapi.json', allowed: 'anyone', call: get('/api/openapi.json') },
  { route: 'GET /policy-packs', allowed: ['coordinator', 'admin', 's1', 's2'], call: get('/api/policy-packs') },
  { route: 'POST /campaigns', allowed: ['coordinator'], call: post('/api/campaigns', () => campaignDefinition({ id: 'authz-new', from: Date.now() })) },
  { route: 'GET /campaigns', allowed: ['coordinator', 'admin'], call: get('/api/campaigns') },
  { route: 'GET /campaigns/{campaignId}', allowed: ['coordinator', 'admin', 's1', 's2'], call: get(base) },
  { route: 'GET /campaigns/{campaignId}/communities', allowed: ['coordinator', 'admin', 's1', 's2'], call: get(`${base}/communities`) },
  { route: 'GET /campaigns/{campaignId}/communities/{communityId}', allowed: ['coordinator', 'admin', 's1'], call: get(`${base}/communities/s1-c1`) },
  { route: 'GET /campaigns/{campaignId}/communities/{communityId}/history', allowed: ['coordinator', 'admin'], call: get(`${base}/communities/s1-c1/history`) },
  { route: 'GET /campaigns/{campaignId}/streets/{streetId}', allowed: ['coordinator', 'admin', 's1'], call: get(`${base}/streets/s1`) },
  {
    route: 'POST /campaigns/{campaignId}/streets/{streetId}/steps/{step}',
    allowed: ['s1'],
    call: post(streetStepPath(id, 's1', 'guidance-group'), () => validBody('guidance-group', { today: today() })),
  },
  {
    route: 'POST /campaigns/{campaignId}/communities/{communityId}/steps/{step}',
    allowed: ['s2'],
    call: post(communityStepPath(id, 's2-c1', 'election-committee'), () => validBody('election-committee', { today: today() })),
  },
  {
    route: 'POST /campaigns/{campaignId}/deadlines',
    allowed: ['coordinator'],
    call: post(`${base}/deadlines`, () => ({ step: 'training', due: '2031-01-01', reason: '调整培训' })),
  },
  { route: 'GET /campaigns/{campaignId}/statistics', allowed: ['coordinator', 'admin', 's1', 's2'], call: get(`${base}/statistics`) },
  { route: 'GET /campaigns/{campaignId}/communities.csv', allowed: ['coordinator', 'admin', 's1', 's2'], call: get(`${base}/communities.csv`) },
  { route: 'GET /campaigns/{campaignId}/report.xlsx', allowed: ['coordinator', 'admin', 's1', 's2'], call: get(`${base}/report.xlsx`) },
  { route: 'GET /templates/campaign.xlsx', allowed: ['coordinator', 'admin', 's1', 's2'], call: get('/api/templates/campaign.xlsx') },
  { route: 'GET /templates/nomination.xlsx', allowed: ['coordinator', 'admin', 's1', 's2'], call: get('/api/templates/nomination.xlsx') },
  { route: 'POST /codec/decode', allowed: ['admin'], call: post('/api/codec/decode', () => ({ payloads: [] })) },
  { route: 'POST /codec/encode', allowed: ['admin'], call: post('/api/codec/encode', () => ({ payloads: [] })) },
];

test('the matrix covers every route of the API', () => {
  expect(rows.map((r) => r.route).sort()).toEqual(routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort());
});

describe.each(rows)('$route', (row) => {
  const callerNames = Object.keys(callers) as Caller[];
  const allowed = row.allowed === 'anyone' ? callerNames : row.allowed;
  const denied = callerNames.filter((c) => !allowed.includes(c));

  if (row.allowed !== 'anyone') {
    test.each(['none', 'unknown'] as const)('401 for %s token', async (caller) => {
      const res = await row.call(caller);
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    });
  }
  if (denied.length > 0) {
    test.each(denied)('403 for %s', async (caller) => expectProblem(await row.call(caller), 403));
  }
  // After the refusals, so a refused call that had changed something would show here.
  test.each(allowed)('allowed for %s', async (caller) => {
    const res = await row.call(caller);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
  });
});

describe('a street token sees its own street only', () => {
  test('its list holds its communities only, even when it asks for none in particular', async () => {
    const own = await request(h.app).get(`${base}/communities`).set(bearer('s1'));
    expect(own.body.total).toBe(2);
    expect(own.body.items.map((c: { streetId: string }) => c.streetId)).toEqual(['s1', 's1']);
    for (const query of ['step=election-committee', 'limit=1000', 'overdue=false']) {
      const res = await request(h.app).get(`${base}/communities?${query}`).set(bearer('s1'));
      expect(res.body.items.every((c: { streetId: string }) => c.streetId === 's1')).toBe(true);
    }
    expectProblem(await request(h.app).get(`${base}/communities?street=s2`).set(bearer('s1')), 403);
  });

  test('its summary names its street only', async () => {
    const res = await request(h.app).get(base).set(bearer('s2'));
    expect(res.body.streets.map((s: { id: string }) => s.id)).toEqual(['s2']);
  });

  test("another street's community, street or steps: 403, and nothing changes", async () => {
    const before = await request(h.app).get(`${base}/communities/s2-c2`).set(bearer('coordinator'));
    expectProblem(await request(h.app).get(`${base}/communities/s2-c2`).set(bearer('s1')), 403);
    expectProblem(await request(h.app).get(`${base}/streets/s2`).set(bearer('s1')), 403);
    expectProblem(
      await request(h.app).post(communityStepPath(id, 's2-c2', 'election-committee')).set(bearer('s1')).send(validBody('election-committee', { today: today() }) as object),
      403,
    );
    expectProblem(await request(h.app).post(streetStepPath(id, 's2', 'guidance-group')).set(bearer('s1')).send(validBody('guidance-group', { today: today() }) as object), 403);
    const after = await request(h.app).get(`${base}/communities/s2-c2`).set(bearer('coordinator'));
    expect(after.body).toEqual(before.body);
  });
});
