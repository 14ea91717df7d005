import { STEPS } from '../../domain';
import { campaignDefinition } from '../../examples/sample-campaign';
import { completeEverywhere, dueOf, sleepUntil, startCampaign, useEngine } from '../helpers/engine';

const hour = 3_600_000;
const engine = useEngine();

test('a campaign on time: every step before its due date, reminders only, and it completes', async () => {
  const { definition, handle } = await startCampaign(engine.env, campaignDefinition({ id: 'on-time', from: await engine.env.currentTimeMs() }));
  for (const step of STEPS) {
    await sleepUntil(engine.env, dueOf(definition, step) - 2 * hour);
    await completeEverywhere(engine.env, definition, step);
  }
  const summary = await handle.result();
  expect(summary.status).toBe('completed');
  expect(summary.steps.handover).toEqual({ done: 2, open: 0, overdue: 0 });
  expect(summary.turnout).toEqual({ registered: 6000, cast: 4800, rate: 0.8 });

  const kinds = new Set(engine.mailer.sent.map((n) => n.kind));
  expect([...kinds].sort()).toEqual(['due-today', 'reminder']);
  // One email per reminder time (P7D, P3D, P1D before the due day; the morning of it), per step.
  expect(engine.mailer.ofKind('reminder')).toHaveLength(3 * STEPS.length);
  expect(engine.mailer.ofKind('due-today')).toHaveLength(STEPS.length);
  const communityReminders = engine.mailer.ofKind('reminder').filter((n) => n.items[0].communityId);
  expect(communityReminders.every((n) => n.items.length === 2 && n.to[0] === 'office@s1.example.gov.cn')).toBe(true);
}, 120_000);
