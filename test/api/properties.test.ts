/**
 * Whatever a client posts, the API never answers 5xx, and a refused post changes nothing:
 * random JSON, random text, and valid bodies with one thing changed, to every POST route.
 */
import fc from 'fast-check';
import request from 'supertest';
import { COMMUNITY_STEPS, STREET_STEPS, type StepId } from '../../domain';
import { campaignDefinition, validBody } from '../../examples/sample-campaign';
import { bearer, communityStepPath, completeSteps, planStreet, startCampaign, startHarness, streetStepPath, today, type Caller, type Harness } from './harness';
import { eventually } from '../helpers/eventually';

jest.setTimeout(120_000);

let h: Harness;
const id = 'props';
const base = `/api/campaigns/${id}`;
const numRuns = 50;

beforeAll(async () => {
  // The property posts faster than a client should; the rate limit is not what is tested here.
  h = await startHarness({ rateLimit: { perSecond: 1_000, burst: 1_000 } });
  await startCampaign(h.app, id);
  await planStreet(h.app, id, 's2');
  // Its nomination open, so well-formed posts meet the rules (422) as well as the order (409).
  await completeSteps(h.app, id, 's2-c1', ['election-committee', 'training', 'voter-registration']);
}, 90_000);

afterAll(async () => {
  await h?.close();
});

// ---------- bodies ----------

type Path = (string | number)[];
type Body = { json: unknown } | { raw: string };

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]))];
}

/** A value of the same type as `target` that may well break a rule (422) rather than the schema (400). */
const plausible = fc
  .record({
    number: fc.integer({ min: 0, max: 5_000 }),
    text: fc.constantFrom('2020-01-01', '2031-06-30', '1950-05-05', 's1-c1', 's2-c1', 'p1', 'r7', 'direct', 'representative', 'female', 'primary', 'runoff'),
  })
  .map(({ number, text }) => (target: unknown) => (typeof target === 'number' ? number : typeof target === 'boolean' ? !target : text));

/**
 * `valid` with one node deleted, replaced by random JSON or by a plausible value, or given
 * a random extra field or element.
 */
function mutated(valid: unknown): fc.Arbitrary<unknown> {
  return fc
    .tuple(
      fc.constantFrom(...pathsOf(valid)),
      fc.constantFrom('delete', 'replace', 'tweak', 'tweak', 'add'),
      fc.jsonValue({ maxDepth: 2 }),
      plausible,
      fc.string({ maxLength: 8 }),
    )
    .map(([path, operation, random, tweak, key]) => {
      const at = path.reduce((node: unknown, k) => (node as Record<string | number, unknown>)[k], valid);
      const value = operation === 'tweak' ? tweak(at) : random;
      const copy = structuredClone(valid) as Record<string | number, unknown>;
      if (path.length === 0) return operation === 'replace' ? value : operation === 'delete' ? undefined : copy;
      const parent = path.slice(0, -1).reduce((node: Record<string | number, unknown>, k) => node[k] as Record<string | number, unknown>, copy);
      const last = path[path.length - 1];
      const target = parent[last];
      if (operation === 'delete') {
        if (Array.isArray(parent)) parent.splice(last as number, 1);
        else delete parent[last];
      } else if (operation !== 'add' || target === null || typeof target !== 'object') {
        parent[last] = value;
      } else if (Array.isArray(target)) {
        target.push(value);
      } else {
        (target as Record<string, unknown>)[key] = value;
      }
      return copy;
    });
}

const bodies = (valid: unknown): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 3, arbitrary: mutated(valid).map((json) => ({ json })) },
    { weight: 1, arbitrary: fc.jsonValue().map((json) => ({ json })) },
    { weight: 1, arbitrary: fc.string().map((raw) => ({ raw })) },
  );

function send(path: string, caller: Caller, body: Body): request.Test {
  const req = request(h.app).post(path).set(bearer(caller)).set('Content-Type', 'application/json');
  return 'raw' in body ? req.send(body.raw) : body.json === undefined ? req : req.send(JSON.stringify(body.json));
}

// ---------- the property ----------

const read = async (path: string) => (await request(h.app).get(path).set(bearer('coordinator'))).body as unknown;

/** What an accepted post set going (signals between workflows) has come to rest. */
async function settled(path: string): Promise<unknown> {
  let last = await read(path);
  return eventually(async () => {
    await new Promise((r) => setTimeout(r, 150));
    const now = await read(path);
    const same = JSON.stringify(now) === JSON.stringify(last);
    last = now;
    expect(same).toBe(true);
    return now;
  });
}

async function neverBreaks<T>(arbitrary: fc.Arbitrary<T>, post: (input: T) => request.Test, statePath: string): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      const before = await read(statePath);
      const res = await post(input);
      expect(res.status).toBeLessThan(500);
      if (res.status < 400) {
        await settled(statePath);
        return;
      }
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await read(statePath)).toEqual(before);
    }),
    { numRuns },
  );
}

const stepAndBody = (steps: readonly StepId[], bodyOf: (step: StepId) => unknown) =>
  fc.constantFrom(...steps).chain((step) => bodies(bodyOf(step)).map((body) => ({ step, body })));

test('POST /api/campaigns', async () => {
  const valid = campaignDefinition({ id: 'props-new', streets: 1, communitiesPerStreet: 1, from: Date.now() });
  await neverBreaks(bodies(valid), (body) => send('/api/campaigns', 'coordinator', body), '/api/campaigns');
});

test('POST .../streets/{streetId}/steps/{step}', async () => {
  await neverBreaks(
    stepAndBody(STREET_STEPS, (step) => validBody(step, { today: today(), communityIds: ['s1-c1', 's1-c2'] })),
    ({ step, body }) => send(streetStepPath(id, 's1', step), 's1', body),
    `${base}/streets/s1`,
  );
});

test('POST .../communities/{communityId}/steps/{step}', async () => {
  await neverBreaks(
    stepAndBody(COMMUNITY_STEPS, (step) => validBody(step, { today: today() })),
    ({ step, body }) => send(communityStepPath(id, 's2-c1', step), 's2', body),
    `${base}/communities/s2-c1`,
  );
});

test('POST .../deadlines', async () => {
  const valid = { step: 'training', due: '2031-06-30', reason: '防汛抢险', streetId: 's2', communityId: 's2-c2' };
  await neverBreaks(bodies(valid), (body) => send(`${base}/deadlines`, 'coordinator', body), `${base}/communities/s2-c2`);
});
