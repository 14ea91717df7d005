/**
 * A permanent SMTP refusal (550) is not retried: it is recorded in the street's state and
 * reported in the coordinators' next escalation digest.
 */
import { MS_PER_DAY, type DeliveryReport, type Notification } from '../../domain';
import { streetStateQuery, streetWorkflowId } from '../../workflows/definitions';
import { campaignDefinition } from '../../examples/sample-campaign';
import { dueOf, RecordingMailer, sleepUntil, startCampaign, useEngine } from '../helpers/engine';

/** Refuses one address for good, as an SMTP server's 550 would; delivers to the others. */
class RefusingMailer extends RecordingMailer {
  constructor(private readonly refused: string) {
    super();
  }

  override async sendNotification(notification: Notification): Promise<DeliveryReport> {
    const report = await super.sendNotification(notification);
    if (![...notification.to, ...notification.cc].includes(this.refused)) return report;
    return {
      ...report,
      accepted: report.accepted.filter((a) => a !== this.refused),
      rejected: [{ key: notification.key, kind: notification.kind, address: this.refused, code: 550, message: '550 5.1.1 mailbox unavailable', at: notification.at }],
    };
  }
}

const mailer = new RefusingMailer('leader@s1.example.gov.cn');
const engine = useEngine(mailer);

test('a 550 for the leader is recorded in the street state and reported in the next digest', async () => {
  const { definition } = await startCampaign(engine.env, campaignDefinition({ id: 'bounce', from: await engine.env.currentTimeMs() }));
  const late = dueOf(definition, 'guidance-group') + 1;
  await sleepUntil(engine.env, late + 3 * MS_PER_DAY + 3_600_000);

  const overdue = mailer.ofKind('overdue');
  expect(overdue).toHaveLength(1);
  expect(overdue[0].cc).toEqual(['office@s1.example.gov.cn']);

  const state = await engine.env.client.workflow.getHandle(streetWorkflowId('bounce', 's1')).query(streetStateQuery);
  expect(state.mailFailures).toEqual([expect.objectContaining({ address: 'leader@s1.example.gov.cn', code: 550, kind: 'overdue' })]);

  const [digest] = mailer.ofKind('escalation-digest');
  expect(digest.at).toBe(late + 3 * MS_PER_DAY);
  expect(digest.failures).toEqual([expect.objectContaining({ address: 'leader@s1.example.gov.cn', code: 550 })]);
  // Recorded once, not retried: one overdue email, and the failure is not reported twice.
  await sleepUntil(engine.env, late + 6 * MS_PER_DAY + 3_600_000);
  expect(mailer.ofKind('escalation-digest')[1].failures).toEqual([]);
}, 60_000);
