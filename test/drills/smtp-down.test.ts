/**
 * SMTP down for minutes across reminder and escalation times: every email is delivered
 * once after recovery, with the Message-ID it was first tried with.
 */
import { messageIdOf } from '../../activities/notifications';
import { retry, secondsCampaign, until, useDrill } from './harness';

const outageMs = 150_000;
const drill = useDrill({ workers: ['w1'], apis: ['a1'] });

test('every email due during a 150 s SMTP outage arrives once after it', async () => {
  const t0 = Date.now() + 2_000;
  const definition = secondsCampaign('smtp-down', t0, 20_000, { leader: 'PT0S', coordinators: 'PT5S', repeat: 'PT60S', atRisk: 'PT60S' });
  expect((await drill.call('a1', 'POST', '/api/campaigns', 'coordinator', definition)).status).toBe(201);
  await retry(() => drill.call('a1', 'GET', '/api/campaigns/smtp-down/communities/s1-c3', 'coordinator'), (a) => a.status === 200);

  await drill.stopSmtp();
  const recovery = Date.now() + outageMs;
  await until(recovery);
  expect(drill.smtp.received).toHaveLength(0);
  await drill.restartSmtp();

  // The guidance group is never reported: its reminders, the leader's notice, the first
  // coordinators' digest and the at-risk notice all fell due during the outage.
  const due = Date.parse(String(definition.calendar['guidance-group']));
  const late = due + 1;
  const expected = [
    `smtp-down.s1.reminder.${due - 6_000}`,
    `smtp-down.s1.reminder.${due - 3_000}`,
    `smtp-down.s1.overdue.${late}`,
    `smtp-down.escalation-digest.${late + 5_000}`,
    `smtp-down.s1.at-risk.${late + 60_000}`,
  ].map(messageIdOf);
  await retry(async () => ({ status: expected.every((id) => drill.messageIds().has(id)) ? 200 : 0, body: {} }), (a) => a.status === 200, 90_000);
  for (const id of expected) expect(drill.messageIds().get(id)).toBe(1);
  expect([...drill.messageIds().values()].every((n) => n === 1)).toBe(true);
}, 300_000);
