/**
 * A step is applied once: a retry with the same Idempotency-Key is answered as the first
 * post was, and two different posts of one step race to one 200 and one 409.
 */
import request from 'supertest';
import { temporal } from '@temporalio/proto';
import type { StepId } from '../../domain';
import { campaignWorkflowId, streetWorkflowId } from '../../workflows/definitions';
import { validBody } from '../../examples/sample-campaign';
import { bearer, communityStepPath, expectProblem, planStreet, startCampaign, startHarness, streetStepPath, today, type Harness } from './harness';

let h: Harness;
const id = 'idempotency';

beforeAll(async () => {
  h = await startHarness();
  await startCampaign(h.app, id);
  await planStreet(h.app, id, 's1');
}, 90_000);

afterAll(async () => {
  await h?.close();
});

/** The street that holds s1-c1 and s1-c2, whose updates are theirs and its own. */
const street = streetWorkflowId(id, 's1');

const completedUpdates = async (workflowId: string) => {
  const { events } = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
  return (events ?? []).filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED).length;
};

test('the same step posted twice with one Idempotency-Key is applied once, and both answers agree', async () => {
  const post = () =>
    request(h.app)
      .post(communityStepPath(id, 's1-c1', 'election-committee'))
      .set(bearer('s1'))
      .set('Idempotency-Key', 'committee-s1-c1-001')
      .send(validBody('election-committee', { today: today() }) as object);
  const before = await completedUpdates(street);
  const first = await post();
  const retry = await post();
  expect(first.status).toBe(200);
  expect(retry.status).toBe(200);
  expect(retry.body).toEqual(first.body);
  expect(await completedUpdates(street)).toBe(before + 1);

  const history = await request(h.app).get(`/api/campaigns/${id}/communities/s1-c1/history`).set(bearer('admin'));
  expect(history.body.events.filter((e: { type: string }) => e.type === 'step-completed')).toHaveLength(1);
});

test("a key is the caller's, for one request: the same key with another body is refused, not answered as the first", async () => {
  const workflowId = street;
  const before = await completedUpdates(workflowId);
  const other = await request(h.app)
    .post(communityStepPath(id, 's1-c1', 'election-committee'))
    .set(bearer('s1'))
    .set('Idempotency-Key', 'committee-s1-c1-001')
    .send({ ...(validBody('election-committee', { today: today() }) as object), chair: { name: '另一位主任' } });
  expectProblem(other, 409);
  expect(await completedUpdates(workflowId)).toBe(before);
  // The update id Temporal keeps names the caller: another token's same key is another request.
  const { events } = await h.env.client.workflow.getHandle(workflowId).fetchHistory();
  const accepted = (events ?? []).map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId).filter((updateId) => updateId?.includes('committee-s1-c1-001'));
  expect(accepted).toEqual([expect.stringMatching(/^s1:committee-s1-c1-001:[0-9a-f]{64}$/)]);
});

test('a deadline move: a retry is answered with the move applied once; the same key with another move is 409', async () => {
  const move = (reason: string) =>
    request(h.app).post(`/api/campaigns/${id}/deadlines`).set(bearer('coordinator')).set('Idempotency-Key', 'move-001').send({ step: 'handover', due: '2030-01-01', reason });
  const first = await move('街道人员调整');
  expect(first.status).toBe(200);
  expect((await move('街道人员调整')).body).toEqual(first.body);
  const other = await move('另一个理由');
  expectProblem(other, 409);
  expect(other.body.detail).toMatch(/Idempotency-Key/);
  expect(await completedUpdates(campaignWorkflowId(id))).toBe(1);
});

test('a malformed Idempotency-Key is 400 naming the header', async () => {
  const res = await request(h.app)
    .post(communityStepPath(id, 's1-c2', 'election-committee'))
    .set(bearer('s1'))
    .set('Idempotency-Key', 'no spaces allowed')
    .send(validBody('election-committee', { today: today() }) as object);
  expectProblem(res, 400);
  expect(res.body.errors).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);
});

/** Three bodies of `step` that differ, all valid. */
function variants(step: StepId): object[] {
  const body = validBody(step, { today: today() }) as Record<string, unknown>;
  return [1, 2, 3].map((n) => {
    switch (step) {
      case 'election-committee':
        return { ...body, chair: { name: `主任${n}` } };
      case 'training':
        return { ...body, attendees: 10 + n };
      case 'voter-registration':
        return { ...body, registeredVoters: 3000 + n };
      default:
        return { ...body, members: [...(body.members as object[]), { name: `成员${n}`, title: '委员' }] };
    }
  });
}

test('different concurrent posts of the same step: one 200, the others 409, one update in history', async () => {
  const workflowId = street;
  const before = await completedUpdates(workflowId);
  for (const [i, step] of (['election-committee', 'training', 'voter-registration'] as const).entries()) {
    const answers = await Promise.all(variants(step).map((body) => request(h.app).post(communityStepPath(id, 's1-c2', step)).set(bearer('s1')).send(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    answers.filter((a) => a.status === 409).forEach((a) => expectProblem(a, 409));
    expect(await completedUpdates(workflowId)).toBe(before + i + 1);
  }
});

test('the same for a street step', async () => {
  const answers = await Promise.all(variants('guidance-group').map((body) => request(h.app).post(streetStepPath(id, 's2', 'guidance-group')).set(bearer('s2')).send(body)));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
  expect(await completedUpdates(streetWorkflowId(id, 's2'))).toBe(1);
});
