/**
 * Two workers and two API processes against one Temporal server, as huanjie scales out on
 * a cluster: an API process killed mid-request leaves the step applied once or not at all
 * (the client reads which, and its retry with the same Idempotency-Key settles it); one
 * worker and one API killed, the campaign carries on with the others.
 */
import { Client, Connection } from '@temporalio/client';
import { messageIdOf } from '../../activities/notifications';
import { streetWorkflowId } from '../../workflows/definitions';
import { communityTimeline } from '../../api/history';
import { validBody } from '../../examples/sample-campaign';
import { retry, secondsCampaign, until, useDrill } from './harness';

const drill = useDrill({ workers: ['w1', 'w2'], apis: ['a1', 'a2'] });

const today = () => new Date().toISOString().slice(0, 10);
const base = '/api/campaigns/scale-out';

async function completedUpdates(communityId: string): Promise<number> {
  const connection = await Connection.connect({ address: drill.address });
  try {
    const client = new Client({ connection, dataConverter: drill.dataConverter });
    // Its street's workflow holds the community: the updates of this community among the street's.
    const timeline = await communityTimeline({ client, street: client.workflow.getHandle(streetWorkflowId('scale-out', 's1')), communityId });
    return timeline.filter((e) => e.type === 'step-completed' || e.type === 'election-round-failed').length;
  } finally {
    await connection.close();
  }
}

test('an API process killed mid-request; then a worker and an API killed: the campaign carries on', async () => {
  const t0 = Date.now() + 2_000;
  const definition = secondsCampaign('scale-out', t0, 12_000);
  expect((await drill.call('a1', 'POST', '/api/campaigns', 'coordinator', definition)).status).toBe(201);
  await retry(() => drill.call('a2', 'GET', `${base}/communities/s1-c3`, 'coordinator'), (a) => a.status === 200);
  for (const step of ['guidance-group', 'election-plan'] as const) {
    const body = validBody(step, { today: today(), communityIds: ['s1-c1', 's1-c2', 's1-c3'] });
    expect((await drill.call('a2', 'POST', `${base}/streets/s1/steps/${step}`, 'street-s1', body)).status).toBe(200);
  }

  // The request reaches API a2, which dies before it answers.
  const committee = validBody('election-committee', { today: today() });
  const post = (api: string) => drill.call(api, 'POST', `${base}/communities/s1-c1/steps/election-committee`, 'street-s1', committee, 'c1-committee');
  const lost = post('a2').then(
    () => 'answered',
    () => 'no answer',
  );
  await drill.kill('a2');
  await lost;
  // Whatever happened, the state says it, and the retry through the other API settles it once.
  const state = await drill.call('a1', 'GET', `${base}/communities/s1-c1`, 'coordinator');
  const before = (state.body.steps as { step: string; status: string }[]).find((s) => s.step === 'election-committee')!.status;
  expect(['open', 'done']).toContain(before);
  expect((await post('a1')).status).toBe(200);
  expect(await completedUpdates('s1-c1')).toBe(1);

  // One worker and one API gone for good: the other worker runs the timers, the other API the steps.
  await drill.kill('w1');
  for (const id of ['s1-c2', 's1-c3']) {
    const answer = await retry(
      () => drill.call('a1', 'POST', `${base}/communities/${id}/steps/election-committee`, 'street-s1', committee, `${id}-committee`),
      (a) => a.status === 200,
    );
    expect(answer.status).toBe(200);
  }
  const trainingDue = Date.parse(String(definition.calendar.training));
  await until(trainingDue - 2_000);
  const reminders = [6_000, 3_000].map((before) => messageIdOf(`scale-out.s1.reminder.${trainingDue - before}`));
  await retry(async () => ({ status: reminders.every((id) => drill.messageIds().has(id)) ? 200 : 0, body: {} }), (a) => a.status === 200);
  for (const id of reminders) expect(drill.messageIds().get(id)).toBe(1);
  const list = await drill.call('a1', 'GET', `${base}/communities?step=training`, 'coordinator');
  expect(list.body.total).toBe(3);
});
