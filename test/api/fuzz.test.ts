/**
 * Every route with whatever a client or an attacker may send: any method, path parameters
 * (valid, unknown, encoded, malformed, huge), query, headers (tokens, content types,
 * Idempotency-Keys) and bodies. The API never answers 5xx, answers every refusal as
 * problem+json, and a refusal changes nothing a user can see.
 */
import fc from 'fast-check';
import request from 'supertest';
import { routes } from '../../api/app';
import { STEPS } from '../../domain';
import { campaignDefinition, validBody } from '../../examples/sample-campaign';
import { campaignWorkflowId } from '../../workflows/definitions';
import { memoRefresh } from '../../workflows/street';
import { bearer, planStreet, startCampaign, startHarness, today, type Harness } from './harness';

jest.setTimeout(120_000);

let h: Harness;
const id = 'fuzz';
const numRuns = 150;

beforeAll(async () => {
  // The fuzz calls faster than a client should; the rate limit is not what is tested here.
  h = await startHarness({ rateLimit: { perSecond: 10_000, burst: 10_000 } });
  await startCampaign(h.app, id);
  await planStreet(h.app, id, 's1');
  await settled();
}, 90_000);

afterAll(async () => {
  await h?.close();
});

// ---------- what is sent ----------

/** Path segments: the campaign's own ids, other valid ones, and what no client should send. */
const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(id, 's1', 's2', 's1-c1', 's2-c2', 'nowhere', ...STEPS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E4%B8', '%00', '..', '%2e%2e', '%2F', 'a'.repeat(5_000), '', '%20s1') },
);

const pathOf = (template: string) =>
  fc.tuple(...[...template.matchAll(/\{(\w+)\}/g)].map(() => segment)).map((values) => {
    let i = 0;
    return `/api${template.replace(/\{\w+\}/g, () => values[i++])}`;
  });

const query = fc.oneof(
  fc.constant(''),
  fc
    .dictionary(fc.constantFrom('street', 'step', 'overdue', 'atRisk', 'reelectionRequired', 'limit', 'cursor', 'x', 'limit[]'), fc.string({ maxLength: 12 }), { maxKeys: 3 })
    .map((q) => `?${new URLSearchParams(q).toString()}`),
  fc.constantFrom('?limit=0', '?limit=1e9', '?cursor=a.b', '?cursor=%ZZ', '?a=1&a=2', '?step=done&overdue=true'),
);

/** Header values Node will send: printable ASCII. */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 });

const authorization = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('coordinator', 'admin', 's1', 's2').map((caller) => bearer(caller as 's1').Authorization) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, 'Bearer', 'Bearer ', 'Basic YTpi', 'bearer test-token-admin', 'Bearer test-token-admin x') },
  { weight: 1, arbitrary: headerText },
);

const contentType = fc.constantFrom(undefined, 'application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/merge-patch+json');

const idempotencyKey = fc.oneof(fc.constant(undefined), fc.stringMatching(/^[A-Za-z0-9._:-]{1,20}$/), headerText);

const validBodies = [
  campaignDefinition({ id: 'fuzz-new', streets: 1, communitiesPerStreet: 1, from: Date.now() }),
  validBody('election-committee', { today: today() }),
  validBody('guidance-group', { today: today(), communityIds: ['s1-c1', 's1-c2'] }),
  { step: 'handover', due: '2031-06-30', reason: '防汛抢险' },
];

const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }).map((json) => JSON.stringify(json)),
  fc.string({ maxLength: 50 }),
  fc.constantFrom(...validBodies).map((json) => JSON.stringify(json)),
  fc.constantFrom('{"a":', '[]'.repeat(1_000), '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000', 'null'),
);

const call = fc.record({
  route: fc.constantFrom(...routes),
  otherMethod: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('get', 'post', 'put', 'delete', 'patch') as fc.Arbitrary<'get'> }),
  query,
  authorization,
  contentType,
  idempotencyKey,
  accept: fc.constantFrom(undefined, 'application/json', 'text/html', '*/*', 'application/xml'),
  body,
}).chain((c) => pathOf(c.route.path).map((path) => ({ ...c, path })));

// ---------- what a user can see ----------

const asAdmin = async (path: string) => {
  const res = await request(h.app).get(path).set(bearer('admin'));
  return { status: res.status, body: res.body as unknown };
};

const visible = () =>
  Promise.all([
    asAdmin('/api/campaigns'),
    asAdmin(`/api/campaigns/${id}`),
    asAdmin(`/api/campaigns/${id}/streets/s1`),
    asAdmin(`/api/campaigns/${id}/streets/s2`),
    asAdmin(`/api/campaigns/${id}/communities?limit=1000`),
  ]);

/**
 * What an accepted call set going has come to rest: nothing visible changed for longer than
 * a street may take to refresh its memo (the summary's source) after a change.
 */
async function settled(): Promise<void> {
  const quietMs = memoRefresh.maxDelayMs + 2_000;
  let last = JSON.stringify(await visible());
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    await new Promise((r) => setTimeout(r, 250));
    const now = JSON.stringify(await visible());
    if (now !== last) [last, since] = [now, Date.now()];
  }
}

test('every route, any method, path, query, headers and body: never a 5xx, refusals are problem+json and change nothing', async () => {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(call, async (c) => {
      const before = await visible();
      const method = c.otherMethod ?? c.route.method;
      let req = request(h.app)[method](`${c.path}${c.query}`);
      if (c.authorization !== undefined) req = req.set('Authorization', c.authorization);
      if (c.contentType !== undefined) req = req.set('Content-Type', c.contentType);
      if (c.idempotencyKey !== undefined) req = req.set('Idempotency-Key', c.idempotencyKey);
      if (c.accept !== undefined) req = req.set('Accept', c.accept);
      const res = await (c.body === undefined ? req : req.send(c.body));
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);

      expect(res.status).toBeLessThan(500);
      if (res.status < 400) {
        if (method !== 'get') await settled();
        return;
      }
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: res.status, title: expect.any(String), detail: expect.any(String) });
      expect(await visible()).toEqual(before);
    }),
    { numRuns },
  );
  // The fuzz reached past the gates: refusals of every kind, and some calls through.
  expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 400, 401, 403, 404]));
  // No refused campaign definition started a workflow.
  const started = await h.env.client.workflow
    .getHandle(campaignWorkflowId('fuzz-new'))
    .describe()
    .then(() => true, () => false);
  expect(started).toBe([...statuses.keys()].includes(201));
});
