/**
 * A campaign definition larger than one Temporal payload is handed to the campaign in
 * chunks (`addStreets`); chunks here are a few kilobytes so that six streets make several.
 * An interrupted handover is finished by the same POST again.
 */
import request from 'supertest';
import { campaignDefinitionSchema } from '../../domain';
import { streetChunks } from '../../api/routes/campaigns';
import { campaignInput, campaignWorkflowId } from '../../workflows/definitions';
import { campaignDefinition } from '../../examples/sample-campaign';
import { bearer, expectProblem, startHarness, taskQueue, type Harness } from './harness';

jest.setTimeout(90_000);

const chunkBytes = 800;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ chunkBytes });
}, 90_000);

afterAll(async () => {
  await h?.close();
});

const definition = (id: string) => campaignDefinition({ id, streets: 6, communitiesPerStreet: 3, from: Date.now() });

/** Right after the 201, with no wait: every street and community of the definition is served. */
async function loaded(id: string, communities: number): Promise<void> {
  const list = await request(h.app).get(`/api/campaigns/${id}/communities?limit=1000`).set(bearer('coordinator'));
  expect(list.body.total).toBe(communities);
  const answers = await Promise.all(
    definition(id).streets.flatMap((s) => [`streets/${s.id}`, ...s.communities.map((c) => `communities/${c.id}`)]).map((path) => request(h.app).get(`/api/campaigns/${id}/${path}`).set(bearer('coordinator'))),
  );
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  const summary = await request(h.app).get(`/api/campaigns/${id}`).set(bearer('coordinator'));
  expect(summary.body.streets.map((s: { id: string }) => s.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
}

test('a definition in several chunks starts every street and community', async () => {
  const input = definition('chunked');
  expect(streetChunks(campaignDefinitionSchema.parse(input).streets, chunkBytes).length).toBeGreaterThan(2);
  const created = await request(h.app).post('/api/campaigns').set(bearer('coordinator')).send(input);
  expect(created.status).toBe(201);
  await loaded('chunked', 18);
  expectProblem(await request(h.app).post('/api/campaigns').set(bearer('coordinator')).send(input), 409);
});

test('a handover interrupted after the first chunk is finished by the same POST', async () => {
  const parsed = campaignDefinitionSchema.parse(definition('resumed'));
  const [first] = streetChunks(parsed.streets, chunkBytes);
  // As if the API had died right after starting the workflow.
  await h.env.client.workflow.start('campaign', {
    taskQueue,
    workflowId: campaignWorkflowId('resumed'),
    args: [campaignInput({ ...parsed, streets: first }, parsed.streets.length)],
  });
  const again = await request(h.app).post('/api/campaigns').set(bearer('coordinator')).send(definition('resumed'));
  expect(again.status).toBe(201);
  await loaded('resumed', 18);
});
