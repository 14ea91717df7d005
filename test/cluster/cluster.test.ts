/**
 * huanjie in production's shape: the Temporal server's frontend, history, matching and worker
 * as four processes on PostgreSQL (`npm run cluster`), two worker and two API processes. The
 * example campaign runs on a calendar of seconds to its end while one worker and one API are
 * killed with SIGKILL for good, and the history service is killed and started again 10 s
 * later. Nothing is lost: every step is applied once, every reminder is sent once, the
 * surviving API answers throughout (503 only around the history outage), the campaign
 * completes, and every history it left replays deterministically.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { messageIdOf } from '../../activities/notifications';
import { communityTimeline } from '../../api/history';
import { COMMUNITY_STEPS, localDate, STEPS, type StepId } from '../../domain';
import { timezone, validBody } from '../../examples/sample-campaign';
import { compressedCampaign, yiwuCampaign } from '../../examples/yiwu';
import { streetWorkflowId } from '../../workflows/definitions';
import { retry, until, useDrill, type Answer } from '../drills/harness';

const drill = useDrill({ workers: ['w1', 'w2'], apis: ['a1', 'a2'], temporal: 'cluster', streets: yiwuCampaign.streets.map((s) => s.id) });

const id = 'cluster-drill';
const base = `/api/campaigns/${id}`;
/** Steps fall due this far apart, reminders 6 and 3 s before. */
const spacingMs = 20_000;
const remindersBeforeMs = [6_000, 3_000];
/** Once the history service listens again, how long Temporal may take to route to it. */
const historyRecoveryMs = 30_000;

interface Seen {
  at: number;
  api: string;
  route: string;
  status: number;
}

test('two workers and two APIs on the cluster; a worker, an API and the history service killed: nothing lost, the campaign completes', async () => {
  const definition = {
    ...compressedCampaign(Date.now() + 5_000, spacingMs, id),
    reminders: remindersBeforeMs.map((ms) => `PT${ms / 1000}S`),
    escalation: { leader: 'PT0S', coordinators: 'PT5S', repeat: 'PT5S', atRisk: 'PT20S' },
  };
  const streets = definition.streets;
  const dueOf = (step: StepId) => Date.parse(String(definition.calendar[step]));
  const remindersOf = (step: StepId) => streets.flatMap((s) => remindersBeforeMs.map((before) => messageIdOf(`${id}.${s.id}.reminder.${dueOf(step) - before}`)));
  const today = () => localDate(Date.now(), timezone);
  const seen: Seen[] = [];
  const killed = new Set<string>();
  const call = async (api: string, method: 'GET' | 'POST', route: string, who: string, body?: unknown, key?: string): Promise<Answer> => {
    const answer = await drill.call(api, method, route, who, body, key).catch((): Answer => ({ status: 0, body: {} }));
    seen.push({ at: Date.now(), api, route, status: answer.status });
    return answer;
  };

  expect((await call('a1', 'POST', '/api/campaigns', 'coordinator', definition)).status).toBe(201);

  /** A step posted by its street as a client would: alternating APIs, retried with its key until applied. */
  let turn = 0;
  const post = async (route: string, street: string, body: unknown, key: string): Promise<Answer> => {
    const first = turn++ % 2 === 0 ? 'a1' : 'a2';
    return retry(
      () => call(killed.has(first) ? 'a1' : first, 'POST', `${base}${route}`, `street-${street}`, body, key),
      (a) => a.status !== 0 && a.status !== 503,
      120_000,
    );
  };
  // On a calendar of seconds the residents' election is the nomination's day, and a departure
  // audit must be published the day before: these communities' directors stand again instead.
  const communityBody = (step: StepId) => ({
    ...(validBody(step, { today: today() }) as object),
    ...(step === 'nomination' && { departureAudit: null, incumbentDirectorStands: true }),
  });
  /**
   * Every street completes `step` once its reminders have arrived, as its office would: a
   * reminder is for a step still open, so one that never comes fails the drill.
   */
  const complete = async (step: StepId): Promise<void> => {
    await until(dueOf(step) - 2_500);
    await retry(async () => ({ status: remindersOf(step).every((r) => drill.messageIds().has(r)) ? 200 : 0, body: {} }), (a) => a.status === 200, 60_000);
    const answers = await Promise.all(
      step === 'guidance-group' || step === 'election-plan'
        ? streets.map((s) => post(`/streets/${s.id}/steps/${step}`, s.id, validBody(step, { today: today(), communityIds: s.communities.map((c) => c.id) }), `${s.id}-${step}`))
        : streets.flatMap((s) => s.communities.map((c) => post(`/communities/${c.id}/steps/${step}`, s.id, communityBody(step), `${c.id}-${step}`))),
    );
    expect(answers.filter((a) => a.status !== 200).map((a) => ({ step, status: a.status, detail: a.body.detail, errors: a.body.errors }))).toEqual([]);
  };

  // The surviving API, read throughout: the summary and one community.
  let polling = true;
  const poller = (async () => {
    while (polling) {
      await Promise.all([call('a1', 'GET', base, 'coordinator'), call('a1', 'GET', `${base}/communities/xiuhu`, 'coordinator')]);
      await sleep(500);
    }
  })();
  let historyDown = { from: Infinity, to: Infinity };
  try {
    for (const step of STEPS) {
      if (step === 'training') {
        // One worker and one API die for good while the training steps are in flight.
        const inFlight = complete(step);
        await until(dueOf(step) - 2_200);
        await Promise.all(['w1', 'a2'].map((name) => drill.kill(name)));
        for (const name of ['w1', 'a2']) killed.add(name);
        await inFlight;
      } else if (step === 'nomination') {
        // The history service dies 14 s before the nomination's due, so its first reminder
        // falls while it is down, and is started again 10 s later.
        await until(dueOf(step) - 14_000);
        historyDown = { from: Date.now(), to: Infinity };
        await drill.cluster!.stopService('history', 'SIGKILL');
        await sleep(10_000);
        await drill.cluster!.startServices();
        historyDown.to = Date.now();
        await complete(step);
      } else {
        await complete(step);
      }
    }
    const summary = await retry(() => call('a1', 'GET', base, 'coordinator'), (a) => a.body.status === 'completed', 60_000);
    expect(summary.body.status).toBe('completed');
  } finally {
    polling = false;
    await poller;
  }

  const connection = await Connection.connect({ address: drill.address });
  try {
    const client = new Client({ connection, dataConverter: drill.dataConverter });
    // Every community's steps, each applied once.
    for (const s of streets) {
      const street = client.workflow.getHandle(streetWorkflowId(id, s.id));
      for (const c of s.communities) {
        const completed = (await communityTimeline({ client, street, communityId: c.id })).filter((e) => e.type === 'step-completed').map((e) => e.details.step);
        expect({ community: c.id, completed }).toEqual({ community: c.id, completed: [...COMMUNITY_STEPS] });
      }
    }
  } finally {
    await connection.close();
  }

  // Every run of every workflow replays on the workflow code without a determinism error.
  const replay = await drill.replayAll('cluster-drill');
  expect(replay.replayed).toBeGreaterThan(streets.length);
  expect(replay.failed).toEqual([]);
  expect(replay.failedTasks).toEqual([]);

  // Every reminder of every street and step, once; no email twice.
  const mailed = drill.messageIds();
  expect(STEPS.flatMap(remindersOf).filter((r) => mailed.get(r) !== 1)).toEqual([]);
  expect([...mailed].filter(([, n]) => n !== 1)).toEqual([]);

  // The surviving API answered every read and step, 503 only around the history outage.
  const answered = seen.filter((s) => s.api === 'a1' && s.route !== '/api/campaigns');
  const outage = (s: Seen) => s.at >= historyDown.from && s.at <= historyDown.to + historyRecoveryMs;
  expect(answered.filter((s) => s.status !== 200 && !(s.status === 503 && outage(s)))).toEqual([]);
  const unavailable = answered.filter((s) => s.status === 503);
  console.log(
    `history down ${historyDown.to - historyDown.from} ms; API a1 answered ${answered.length} calls, ${unavailable.length} with 503, ` +
      `the last ${Math.max(0, ...unavailable.map((s) => s.at - historyDown.to))} ms after history listened again`,
  );
});
