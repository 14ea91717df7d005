/**
 * A street's worker killed with SIGKILL just before the street's reminders fall due, the
 * street read throughout: the first read waits on the dead worker's sticky queue while a
 * reminder's timer fires, then reaches the other worker with that event untaken
 * (workflows/clock-guard.ts). Every read is answered, each reminder is sent once, and the
 * street's history replays.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { messageIdOf } from '../../activities/notifications';
import { retry, secondsCampaign, until, useDrill, type Answer } from './harness';

jest.setTimeout(180_000);

const drill = useDrill({ workers: ['w1'], apis: ['a1'] });

test('reads of a street whose worker died as its reminders fall due: answered, reminders sent once, history replays', async () => {
  const id = 'dead-sticky';
  const definition = secondsCampaign(id, Date.now() + 2_000, 30_000);
  const base = `/api/campaigns/${id}`;
  expect((await drill.call('a1', 'POST', '/api/campaigns', 'coordinator', definition)).status).toBe(201);
  await retry(() => drill.call('a1', 'GET', `${base}/communities/s1-c1`, 'coordinator'), (a) => a.status === 200);
  // w1 has run the street's every task so far, so the street sticks to it; w2 is there to take over.
  await drill.startWorker('w2');

  const due = Date.parse(String(definition.calendar['guidance-group']));
  const reminders = [6_000, 3_000].map((before) => messageIdOf(`${id}.s1.reminder.${due - before}`));
  // Read throughout: w1 answers until it dies, so its sticky queue looks alive to Temporal, and
  // the first read after that waits on it (up to 10 s) while the first reminder's timer fires.
  const reads: { at: number; answer: Answer }[] = [];
  const reading = (async () => {
    while (Date.now() < due + 5_000) {
      reads.push({ at: Date.now(), answer: await drill.call('a1', 'GET', `${base}/communities/s1-c1`, 'coordinator') });
      await sleep(500);
    }
  })();
  await until(due - 8_000);
  await drill.kill('w1');
  await reading;

  expect(reads.filter((r) => r.answer.status !== 200).map((r) => ({ at: r.at - due, status: r.answer.status, detail: r.answer.body.detail }))).toEqual([]);
  await retry(async () => ({ status: reminders.every((r) => drill.messageIds().has(r)) ? 200 : 0, body: {} }), (a) => a.status === 200);
  for (const reminder of reminders) expect(drill.messageIds().get(reminder)).toBe(1);
  const replay = await drill.replayAll(id);
  expect(replay.replayed).toBeGreaterThan(1);
  expect(replay.failed).toEqual([]);
  expect(replay.failedTasks).toEqual([]);
});
