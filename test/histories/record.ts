/**
 * `npm run record-histories`: runs one small campaign through every kind of event the
 * engine knows (a late street step with reminders, escalation and a deadline move, every
 * community step, a runoff) on the time-skipping server, and writes the histories of its
 * campaign, street and one community here. test/workflows/replay.test.ts replays them
 * against the current workflow code: a change that breaks determinism fails there.
 * Record anew only when the change is versioned (`patched`, listed in workflows/versions.ts)
 * or, before the first release, as the new baseline.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { localDate, MS_PER_DAY, STEPS } from '../../domain';
import { campaignWorkflowId, completeCommunityStep, moveDeadline, streetWorkflowId } from '../../workflows/definitions';
import { campaignDefinition } from '../../examples/sample-campaign';
import { completeEverywhere, dueOf, engineWorker, RecordingMailer, sleepUntil, startCampaign } from '../helpers/engine';
import { createTimeSkippingEnv } from '../helpers/temporal';

const { History } = temporal.api.history.v1;

export type RecordedKind = keyof typeof recorded;

/**
 * Every recorded history here: `<kind>.json` were recorded before the first versioned change,
 * `<kind>.<label>.json` after the change `label` (`npm run record-histories -- <label>`).
 */
export function recordedHistories(): { file: string; workflowId: string; history: temporal.api.history.v1.History }[] {
  return readdirSync(__dirname)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      workflowId: recorded[file.split('.')[0] as RecordedKind],
      history: History.fromObject(JSON.parse(readFileSync(path.join(__dirname, file), 'utf8'))),
    }));
}

export const recorded = {
  campaign: campaignWorkflowId('recorded'),
  street: streetWorkflowId('recorded', 's1'),
};

/**
 * Recorded in clear, unlike everything huanjie runs: replaying a history needs no keys then,
 * and the sample campaign's names are made up.
 */
const inClear = {};

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await createTimeSkippingEnv(inClear);
  const worker = await engineWorker(env, new RecordingMailer(), { dataConverter: inClear });
  await worker.runUntil(async () => {
    const { definition, handle } = await startCampaign(env, campaignDefinition({ id: 'recorded', from: await env.currentTimeMs() }));
    const late = dueOf(definition, 'guidance-group') + 4 * MS_PER_DAY;
    await sleepUntil(env, late);
    await handle.executeUpdate(moveDeadline, {
      args: [{ move: { step: 'guidance-group', due: localDate(late + 2 * MS_PER_DAY, definition.timezone), reason: '演练' }, by: 'coordinator', streetIds: ['s1'] }],
    });
    // A community step moved too: it travels campaign → move fan-out → street.
    await handle.executeUpdate(moveDeadline, {
      args: [{ move: { step: 'training', due: localDate(dueOf(definition, 'training') + MS_PER_DAY, definition.timezone), reason: '演练' }, by: 'coordinator', streetIds: ['s1'] }],
    });
    for (const step of STEPS.filter((s) => s !== 'residents-election' && s !== 'handover')) {
      await sleepUntil(env, dueOf(definition, step) - 3_600_000);
      await completeEverywhere(env, definition, step);
    }
    const street = env.client.workflow.getHandle(recorded.street);
    const round = (r: 'first' | 'runoff', votes: Record<string, number>) => ({ round: r, registered: 3000, ballotsCast: 2400, votes });
    await street.executeUpdate(completeCommunityStep, {
      args: [{ communityId: 's1-c1', step: 'residents-election', body: round('first', { r1: 1500, r2: 1300, r3: 1000, r4: 900, r5: 800, r6: 100 }), by: 'office-s1' }],
    });
    await street.executeUpdate(completeCommunityStep, {
      args: [{ communityId: 's1-c1', step: 'residents-election', body: round('runoff', { r3: 900, r4: 850, r5: 800, r6: 100 }), by: 'office-s1' }],
    });
    await street.executeUpdate(completeCommunityStep, {
      args: [{ communityId: 's1-c2', step: 'residents-election', body: round('first', { r1: 1500, r2: 1500, r3: 1500, r4: 1500, r5: 1500, r6: 100 }), by: 'office-s1' }],
    });
    await sleepUntil(env, dueOf(definition, 'handover') - 3_600_000);
    await completeEverywhere(env, definition, 'handover');
    await handle.result();
    const label = process.argv[2];
    for (const [name, workflowId] of Object.entries(recorded)) {
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      writeFileSync(path.join(__dirname, label ? `${name}.${label}.json` : `${name}.json`), JSON.stringify(History.toObject(History.fromObject(history), { longs: String, bytes: String }), null, 1));
      console.log(`${name}: ${history.events?.length} events`);
    }
  });
  await env.teardown();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
