/**
 * The Temporal dev server killed with SIGKILL and restarted on the same SQLite file while
 * the worker and the API keep running: campaigns, steps and timers intact, and reminders
 * that fell due while it was down sent once it is back.
 */
import { messageIdOf } from '../../activities/notifications';
import { retry, secondsCampaign, until, useDrill } from './harness';

const drill = useDrill({ workers: ['w1'], apis: ['a1'] });

test('dev server SIGKILL and restart: state intact, reminders due meanwhile sent once', async () => {
  const t0 = Date.now() + 2_000;
  const definition = secondsCampaign('temporal-kill', t0, 16_000);
  const base = '/api/campaigns/temporal-kill';
  expect((await drill.call('a1', 'POST', '/api/campaigns', 'coordinator', definition)).status).toBe(201);
  await retry(() => drill.call('a1', 'GET', `${base}/communities/s1-c3`, 'coordinator'), (a) => a.status === 200);

  drill.killTemporal();
  const down = await drill.call('a1', 'GET', base, 'coordinator');
  expect(down.status).toBe(503);

  // The guidance group's reminders (6 s and 3 s before its due) fall due while Temporal is down.
  const due = Date.parse(String(definition.calendar['guidance-group']));
  await until(due - 2_000);
  await drill.startTemporal();

  const summary = await retry(() => drill.call('a1', 'GET', base, 'coordinator'), (a) => a.status === 200);
  expect(summary.body).toMatchObject({ id: 'temporal-kill', status: 'running', streets: [{ id: 's1', communities: 3 }] });
  const street = await drill.call('a1', 'GET', `${base}/streets/s1`, 'coordinator');
  expect(street.body).toMatchObject({ current: 'guidance-group', communities: ['s1-c1', 's1-c2', 's1-c3'] });

  const reminders = [6_000, 3_000].map((before) => messageIdOf(`temporal-kill.s1.reminder.${due - before}`));
  await retry(async () => ({ status: reminders.every((id) => drill.messageIds().has(id)) ? 200 : 0, body: {} }), (a) => a.status === 200);
  // And the lateness after it, on time now that Temporal is back.
  const overdue = messageIdOf(`temporal-kill.s1.overdue.${due + 1}`);
  await retry(async () => ({ status: drill.messageIds().has(overdue) ? 200 : 0, body: {} }), (a) => a.status === 200);
  for (const id of [...reminders, overdue]) expect(drill.messageIds().get(id)).toBe(1);
  expect([...drill.messageIds().values()].every((n) => n === 1)).toBe(true);
});
