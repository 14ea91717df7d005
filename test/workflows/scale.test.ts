/**
 * A reminder time of a 1,000-community campaign (40 streets of 25) sends one email per
 * street, listing its 25 communities, not 1,000 emails.
 */
import { MS_PER_DAY } from '../../domain';
import { campaignDefinition } from '../../examples/sample-campaign';
import { dueOf, sleepUntil, startCampaign, useEngine } from '../helpers/engine';

const engine = useEngine();

test('one reminder email per street at a reminder time, for 1,000 communities', async () => {
  const { definition } = await startCampaign(engine.env, campaignDefinition({ id: 'thousand', from: await engine.env.currentTimeMs(), streets: 40, communitiesPerStreet: 25 }));
  // The election committee's first reminder: 7 days before the start of its due day.
  const firstReminder = dueOf(definition, 'election-committee') + 1 - MS_PER_DAY - 7 * MS_PER_DAY;
  await sleepUntil(engine.env, firstReminder + 3_600_000);
  const reminders = engine.mailer.ofKind('reminder').filter((n) => n.items[0].step === 'election-committee');
  expect(reminders).toHaveLength(40);
  expect(new Set(reminders.map((n) => n.to[0])).size).toBe(40);
  expect(reminders.every((n) => n.items.length === 25 && n.at === firstReminder)).toBe(true);
}, 300_000);
