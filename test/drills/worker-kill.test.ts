/**
 * The worker killed with SIGKILL while step updates are in flight and reminders fall due:
 * the API answers within its bound, the client retries with its Idempotency-Key, a new
 * worker resumes; every step is applied once and every due reminder is sent once.
 */
import { Client, Connection } from '@temporalio/client';
import { messageIdOf } from '../../activities/notifications';
import { streetWorkflowId } from '../../workflows/definitions';
import { communityTimeline } from '../../api/history';
import { validBody } from '../../examples/sample-campaign';
import { retry, secondsCampaign, until, type Answer, useDrill } from './harness';

jest.setTimeout(180_000);

const drill = useDrill({ workers: ['w1'], apis: ['a1'] });

const today = () => new Date().toISOString().slice(0, 10);

test('worker SIGKILL mid-update and across reminder times: steps applied once, reminders sent once', async () => {
  const t0 = Date.now() + 2_000;
  const spacing = 14_000;
  const definition = secondsCampaign('worker-kill', t0, spacing);
  const base = '/api/campaigns/worker-kill';
  expect((await drill.call('a1', 'POST', '/api/campaigns', 'coordinator', definition)).status).toBe(201);
  const community = (id: string) => retry(() => drill.call('a1', 'GET', `${base}/communities/${id}`, 'coordinator'), (a) => a.status === 200);
  await Promise.all(['s1-c1', 's1-c2', 's1-c3'].map(community));
  for (const step of ['guidance-group', 'election-plan'] as const) {
    const body = validBody(step, { today: today(), communityIds: ['s1-c1', 's1-c2', 's1-c3'] });
    expect((await drill.call('a1', 'POST', `${base}/streets/s1/steps/${step}`, 'street-s1', body)).status).toBe(200);
  }

  // Two committee steps in flight as the worker dies; the third community's stays open.
  const post = (id: string) => () =>
    drill.call('a1', 'POST', `${base}/communities/${id}/steps/election-committee`, 'street-s1', validBody('election-committee', { today: today() }), `committee-${id}`);
  const started = Date.now();
  const inFlight = ['s1-c1', 's1-c2'].map((id) => post(id)());
  await drill.kill('w1');
  const firstAnswers: Answer[] = await Promise.all(inFlight);
  expect(Date.now() - started).toBeLessThan(20_000);
  for (const answer of firstAnswers) expect([200, 503]).toContain(answer.status);

  // Both committee reminders (6 s and 3 s before its due) fall due with no worker running.
  const committeeDue = Date.parse(String(definition.calendar['election-committee']));
  await until(committeeDue - 2_000);
  await drill.startWorker('w2');
  const retried = await Promise.all(['s1-c1', 's1-c2'].map((id) => retry(post(id), (a) => a.status === 200)));
  for (const answer of retried) expect(answer.body).toMatchObject({ steps: expect.arrayContaining([expect.objectContaining({ step: 'election-committee', status: 'done', completedBy: 'street-s1' })]) });

  const connection = await Connection.connect({ address: drill.address });
  const client = new Client({ connection, dataConverter: drill.dataConverter });
  for (const id of ['s1-c1', 's1-c2']) {
    const timeline = await communityTimeline({ client, street: client.workflow.getHandle(streetWorkflowId('worker-kill', 's1')), communityId: id });
    expect(timeline.filter((e) => e.type === 'step-completed')).toHaveLength(1);
  }
  await connection.close();

  const reminderIds = [6_000, 3_000].map((before) => messageIdOf(`worker-kill.s1.reminder.${committeeDue - before}`));
  await retry(
    async () => ({ status: reminderIds.every((id) => drill.messageIds().has(id)) ? 200 : 0, body: {} }),
    (a) => a.status === 200,
  );
  for (const id of reminderIds) expect(drill.messageIds().get(id)).toBe(1);
  expect([...drill.messageIds().values()].every((n) => n === 1)).toBe(true);
});
