/**
 * `npm run bench [-- --communities N --concurrency C]`: a campaign of N communities (streets
 * of 25) on the embedded dev server (or TEMPORAL_ADDRESS: the cluster of `npm run cluster`, or
 * another), measured in one run:
 *  1. the time until POST /api/campaigns answers 201 (every street ready), and until all settle;
 *  2. one reminder time across the campaign (after a deadline move): emails versus streets;
 *  3. every step of every community through the HTTP API, C requests in flight;
 *  4. the same number of updates by a bare Temporal client to a minimal workflow: the limit;
 *  5. history events and bytes per workflow, and the peak memory of each process.
 * Prints a table and writes bench/results/<date>-n<N>[-w<K>][-cluster].json (K when more than one
 * worker). Numbers, not assertions.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { messageIdOf } from '../activities/notifications';
import { sha256Hex } from '../api/auth';
import { loadEnv } from '../config/env';
import { dataConverter } from '../config/codec';
import { ensureCodecKeysFile, loadCodecKeys } from '../config/codec-keys';
import { COMMUNITY_STEPS, localDate, STEPS, type StepId } from '../domain';
import { Cluster } from '../scripts/cluster';
import { startDevServer } from '../scripts/dev-server';
import { startProcess } from '../scripts/processes';
import { registerSearchAttributes } from '../scripts/search-attributes';
import { issueTokens } from '../scripts/tokens';
import { campaignWorkflowId, streetWorkflowId } from '../workflows/definitions';
import { freePort } from '../scripts/ports';
import { startRecordingSmtpServer, type ReceivedMail } from '../test/helpers/recording-smtp-server';
import { campaignDefinition, timezone, validBody } from '../examples/sample-campaign';
import { bare, storeUpdate } from './bare-workflow';
import { bareTaskQueue } from './bare-worker';
import { runLoad, type LoadResult, type Task } from './load';
import { grown, scrape, summed, type Scrape } from './metrics';
import { cpuSeconds, cpuSince, groupMember, peakMemoryMiB } from './proc';
import { stepProfile, type RequestTimes } from './profile';

const { values } = parseArgs({
  options: {
    communities: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '32' },
    // Worker processes on the task queue. Each caches the workflows it runs, and the SDK's core
    // does work in proportion to its cache on every workflow task: more workers, smaller caches.
    workers: { type: 'string', default: '1' },
    // Each worker's V8 heap (MiB): it caches as many workflows as that holds (worker/worker.ts).
    // By default 12 GiB shared among the workers, at least 4 GiB each.
    'worker-heap': { type: 'string' },
    // Only part 1 and what the campaign then holds: for sizes whose every step would take hours.
    'start-only': { type: 'boolean', default: false },
  },
});
const communities = Number(values.communities);
const concurrency = Number(values.concurrency);
const workers = Number(values.workers);
const workerHeapMiB = Number(values['worker-heap'] ?? Math.max(4096, Math.ceil(12288 / workers)));
const streetSize = 25;

/** Polls `read` until `done` says so, or `deadline` passes; answers the last reading. */
async function until<T>(read: () => T, done: (value: T) => boolean, deadline: number): Promise<T> {
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(250);
  }
}

/**
 * Waits until the workers have run no workflow task for 1.5 s (at most 10 minutes); answers
 * when it ran its last one (performance.now()).
 */
async function settled(workerMetrics: () => Promise<Scrape>): Promise<number> {
  const tasks = async () => grown(new Map(), await workerMetrics(), 'temporal_workflow_task_execution_latency_count');
  let last = await tasks();
  let lastActive = performance.now();
  const deadline = lastActive + 600_000;
  while (performance.now() - lastActive < 1_500 && performance.now() < deadline) {
    await sleep(250);
    const now = await tasks();
    if (now !== last) lastActive = performance.now();
    last = now;
  }
  return lastActive;
}

async function main() {
  Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  // The cluster of `npm run cluster`, if it is the one TEMPORAL_ADDRESS names: its processes are measured.
  const localCluster = new Cluster(path.join(loadEnv().DATA_DIR, 'cluster'));
  const cluster = localCluster.processes().length > 0 && localCluster.address === process.env.TEMPORAL_ADDRESS ? localCluster : undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'huanjie-bench-'));
  const env = loadEnv({ ...process.env, DATA_DIR: dataDir, TEMPORAL_DEV_PORT: String(await freePort(1000)), LOG_LEVEL: 'ERROR' });
  const serverMetricsPort = await freePort();
  const devServer = env.TEMPORAL_ADDRESS ? undefined : await startDevServer(env, { metricsPort: serverMetricsPort });
  onExit.push(async () => {
    await devServer?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const address = env.TEMPORAL_ADDRESS ?? devServer!.address;
  // The server itself (not the shell that ties the dev server's life to this process), or the cluster's processes.
  // Read anew each time: PostgreSQL starts a backend per connection the services open.
  const devServerPid = groupMember(devServer?.pid, 'temporal');
  const serverPids = () => (devServerPid ? [devServerPid] : (cluster?.processes() ?? []));
  const serverCpu = () => serverPids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const serverMiB = () => {
    const pids = serverPids();
    return pids.length ? pids.reduce((sum, pid) => sum + (peakMemoryMiB(pid) ?? 0), 0) : null;
  };
  // Encrypted as in production: the bench's client, its bare worker and the processes share one keys file.
  const codecKeysFile = ensureCodecKeysFile(dataDir);
  const converter = dataConverter(loadCodecKeys(codecKeysFile));
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: env.TEMPORAL_NAMESPACE, dataConverter: converter });
  await registerSearchAttributes(connection, env.TEMPORAL_NAMESPACE);

  // Mail goes to a recording SMTP server in this process.
  const smtp = await startRecordingSmtpServer();
  const mail = smtp.received;

  const id = `bench-${communities}-${Date.now()}`;
  if (communities % streetSize !== 0) throw new Error(`--communities must be a multiple of ${streetSize} (streets of ${streetSize})`);
  // Steps ten days apart from today: the run is on time. Reminders one minute before, for part 2.
  const definition = {
    ...campaignDefinition({ id, from: Date.now(), streets: communities / streetSize, communitiesPerStreet: streetSize, spacingDays: 10 }),
    reminders: ['PT1M'],
  };
  const streetIds = definition.streets.map((s) => s.id);
  const issued = issueTokens(streetIds);
  const tokensFile = path.join(dataDir, 'tokens.json');
  writeFileSync(tokensFile, JSON.stringify(issued.map(({ token, ...entry }) => ({ ...entry, sha256: sha256Hex(token) }))), { mode: 0o600 });
  const token = new Map(issued.map((t) => [t.name, t.token]));

  const apiPort = await freePort();
  const processEnv = {
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
    SMTP_URL: smtp.url,
    AUTH_TOKENS_FILE: tokensFile,
    CODEC_KEYS_FILE: codecKeysFile,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'ERROR',
    PORT: String(apiPort),
  };
  const workerMetricsUrls: string[] = [];
  const workerEnvs = [];
  for (let i = 0; i < workers; i += 1) {
    const metricsAddress = `127.0.0.1:${await freePort()}`;
    workerMetricsUrls.push(`http://${metricsAddress}/metrics`);
    workerEnvs.push({ ...processEnv, METRICS_ADDRESS: metricsAddress, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${workerHeapMiB}`.trim() });
  }
  const [api, ...workerProcesses]: ChildProcess[] = await Promise.all([startProcess('api', processEnv), ...workerEnvs.map((e) => startProcess('worker', e))]);
  onExit.push(async () => {
    for (const child of [api, ...workerProcesses]) child.kill('SIGTERM');
  });
  /** Every worker's metrics, summed. */
  const workerMetrics = async () => summed(await Promise.all(workerMetricsUrls.map(scrape)));
  const call = async (method: 'GET' | 'POST', route: string, who: string, body?: unknown, idempotencyKey?: string) => {
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${apiPort}${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${token.get(who)}`,
        'Content-Type': 'application/json',
        ...(idempotencyKey && { 'Idempotency-Key': idempotencyKey }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const timing = Object.fromEntries(
      (res.headers.get('server-timing') ?? '').split(', ').map((metric) => [metric.split(';')[0], Number(metric.split('dur=')[1])]),
    );
    if (/\/communities\/[^/]+\/steps\//.test(route)) {
      times.requests += 1;
      times.clientMs += performance.now() - t0;
      times.apiMs += timing.total ?? 0;
      times.callMs += timing['temporal-call'] ?? 0;
      times.updateMs += timing['temporal-update'] ?? 0;
    }
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const times: RequestTimes = { requests: 0, clientMs: 0, apiMs: 0, callMs: 0, updateMs: 0 };
  const base = `/api/campaigns/${id}`;
  const outcome = (answer: { status: number; body: Record<string, unknown> }) =>
    answer.status === 200 ? 'ok' : `${answer.status} ${String(answer.body.detail ?? '').slice(0, 60)}`;
  /**
   * A new client's way: no retries. A 503 counts as an error, whatever API.md allows a client
   * to do about it, so that the run shows whether the API ever needs one.
   */
  const post = (route: string, who: string, body: unknown) => call('POST', route, who, body, `bench.${route.replaceAll('/', '.').slice(-100)}`);
  console.log(`huanjie bench: ${communities} communities in ${streetIds.length} streets, ${concurrency} requests in flight, ${workers} worker(s) with a ${workerHeapMiB} MiB heap each, Temporal ${address}`);

  // 1. Until the 201, which promises every street and community served; then until the workers are idle.
  const t = performance.now();
  const created = await call('POST', '/api/campaigns', 'coordinator', definition);
  if (created.status !== 201) throw new Error(`POST /api/campaigns: ${created.status} ${JSON.stringify(created.body)}`);
  const startSeconds = Math.round((performance.now() - t) / 100) / 10;
  const startSettledSeconds = Math.round(((await settled(workerMetrics)) - t) / 100) / 10;
  console.log(`  201 (every street ready) after ${startSeconds} s, all settled after ${startSettledSeconds} s`);
  const readSummary = async () => {
    const t0 = performance.now();
    const answer = await call('GET', base, 'coordinator');
    return { ms: Math.round(performance.now() - t0), body: answer.body as { steps: Record<string, { done: number }>; streets: unknown[] } };
  };
  if (values['start-only']) {
    const summary = await readSummary();
    const campaignRun = await client.workflow.getHandle(campaignWorkflowId(id)).describe();
    const { events } = await client.workflow.getHandle(campaignWorkflowId(id)).fetchHistory();
    // What the campaign's latest run was handed (its carried state), as Temporal stores it: encrypted bytes.
    const inputBytes = (events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? []).reduce((n, p) => n + (p.data?.length ?? 0), 0);
    const result = {
      date: new Date().toISOString(),
      communities,
      streets: streetIds.length,
      workers,
      startSeconds,
      startSettledSeconds,
      summary: { ms: summary.ms, streets: summary.body.streets.length },
      campaign: { events: campaignRun.historyLength, bytes: campaignRun.historySize ?? null, latestRunInputBytes: inputBytes },
      memory: { workersMiB: workerProcesses.map((w) => peakMemoryMiB(w.pid) ?? 0), apiMiB: peakMemoryMiB(api.pid), serverMiB: serverMiB() },
    };
    console.log(JSON.stringify(result, null, 1));
    const file = path.join(__dirname, 'results', `${result.date.slice(0, 10)}-n${communities}-start.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written to ${path.relative(process.cwd(), file)}`);
    await smtp.close();
    await connection.close();
    return;
  }

  // 2. One reminder time: the committee's due moved so that its reminder (1 min before) falls
  // after the move has reached every street (a street that hears of it later does not send
  // that reminder), then back on time. The margin is N × 6 ms, a minute at N = 10,000.
  const committeeDue = definition.calendar['election-committee'];
  // A Message-ID is the notification's key (campaign.street.kind.time) escaped character by character.
  const kindOf = (kind: string) => {
    const infix = messageIdOf(`.${kind}.`).slice('<'.length, -'@huanjie>'.length);
    return (m: ReceivedMail) => (m.parsed.messageId ?? '').includes(infix);
  };
  const reminderAt = Date.now() + Math.max(15_000, communities * 6);
  const movedDue = new Date(reminderAt + 60_000).toISOString();
  const mailBefore = mail.length;
  const moved = await post(`${base}/deadlines`, 'coordinator', { step: 'election-committee', due: movedDue, reason: 'bench: one reminder time' });
  if (moved.status !== 200) throw new Error(`POST deadlines: ${moved.status} ${JSON.stringify(moved.body)}`);
  const reminders = await until(() => mail.slice(mailBefore).filter(kindOf('reminder')), (r) => r.length >= streetIds.length, reminderAt + 300_000);
  const reminder = {
    emails: reminders.length,
    streets: streetIds.length,
    /** Seconds from the reminder time to the last reminder email. */
    lastAfterSeconds: reminders.length ? Math.round((Math.max(...reminders.map((m) => m.at)) - reminderAt) / 100) / 10 : null,
  };
  console.log(`  one reminder time: ${reminder.emails} emails for ${reminder.streets} streets, the last ${reminder.lastAfterSeconds} s after it`);

  // A campaign-wide move costs a signal per street: measured on a quiet system, then let settle.
  await settled(workerMetrics);
  const movedBackAt = performance.now();
  const mailBeforeBack = mail.length;
  const movedBack = await call('POST', `${base}/deadlines`, 'coordinator', { step: 'election-committee', due: committeeDue, reason: 'bench: back on time' }, 'bench.move.2');
  if (movedBack.status !== 200) throw new Error(`POST deadlines: ${movedBack.status} ${JSON.stringify(movedBack.body)}`);
  await until(() => mail.slice(mailBeforeBack).filter(kindOf('deadline-moved')).length, (n) => n >= streetIds.length, Date.now() + 600_000);
  const moveToEveryStreetSeconds = Math.round((performance.now() - movedBackAt) / 100) / 10;
  const moveSettledSeconds = Math.round(((await settled(workerMetrics)) - movedBackAt) / 100) / 10;
  console.log(`  a campaign-wide deadline move: every street told after ${moveToEveryStreetSeconds} s, all settled after ${moveSettledSeconds} s`);

  // 3. Every step through the API.
  const today = localDate(Date.now(), timezone);
  const stepTasks = (step: StepId) =>
    STEPS.indexOf(step) < 2
      ? definition.streets.map((s) => async () => {
          const body = validBody(step, { today, communityIds: s.communities.map((c) => c.id) });
          return outcome(await post(`${base}/streets/${s.id}/steps/${step}`, `street-${s.id}`, body));
        })
      : // Round the streets, one community of each at a time: C offices at work at once, as in a
        // campaign, rather than C requests queued on one street.
        Array.from({ length: streetSize }, (_, i) => definition.streets.map((s) => ({ s, c: s.communities[i] }))).flat().map(({ s, c }) => async () => {
            return outcome(await post(`${base}/communities/${c.id}/steps/${step}`, `street-${s.id}`, validBody(step, { today })));
          });
  const perStep: Record<string, LoadResult> = {};
  /** Seconds from a kind of step's last answer until the worker had been idle for 3 s. */
  const settledAfter: Record<string, number> = {};
  /** Seconds from a kind of step's last answer until the campaign summary counted it done everywhere. */
  const summaryLag: Record<string, number> = {};
  /** The drive's time, its steps answered and settled, without the quiet waited to know it settled. */
  let busySeconds = 0;
  const all: Task[] = [];
  const serverMetrics = devServer ? `http://127.0.0.1:${serverMetricsPort}/metrics` : undefined;
  const metricsBefore = { worker: await workerMetrics(), server: await scrape(serverMetrics) };
  const cpuNow = () => ({
    server: serverCpu(),
    worker: workerProcesses.reduce((sum, w) => sum + cpuSeconds(w.pid), 0),
    api: cpuSeconds(api.pid),
    bench: cpuSeconds(process.pid),
  });
  const cpuBeforeDrive = cpuNow();
  for (const step of STEPS) {
    const tasks = stepTasks(step);
    all.push(...tasks);
    perStep[step] = await runLoad(tasks, concurrency);
    // What a step sets off (emails, memos) finishes before the next kind of step starts; the wait counts in the overall rate.
    const answered = performance.now();
    // How old the summary is: from the last answer until it counts every one.
    const expected = tasks.length;
    for (;;) {
      const summary = await readSummary();
      if ((summary.body.steps[step]?.done ?? 0) >= expected || performance.now() - answered > 300_000) break;
      await sleep(500);
    }
    summaryLag[step] = Math.round((performance.now() - answered) / 100) / 10;
    const quiet = await settled(workerMetrics);
    settledAfter[step] = Math.max(0, Math.round((quiet - answered) / 100) / 10);
    busySeconds += perStep[step].seconds + settledAfter[step];
    console.log(
      `  ${step.padEnd(20)} ${perStep[step].perSecond} /s, p50 ${perStep[step].p50} ms, p99 ${perStep[step].p99} ms, max ${perStep[step].max} ms, ${perStep[step].errors} errors; summary ${summaryLag[step]} s, settled ${settledAfter[step]} s later`,
    );
  }
  const driveSeconds = busySeconds;
  const driveCpu = cpuSince(cpuBeforeDrive, cpuNow());
  const metricsAfter = { worker: await workerMetrics(), server: await scrape(serverMetrics) };
  const totals = Object.values(perStep);
  const huanjie = {
    updates: totals.reduce((n, r) => n + r.requests, 0),
    errors: totals.reduce((n, r) => n + r.errors, 0),
    // As the bare side's: requests over the time it took to answer them. What a step sets off
    // after its answer is in `settledAfter` (today the memos' refresh, at most 10 s a kind).
    perSecond: Math.round((totals.reduce((n, r) => n + r.requests, 0) / totals.reduce((n, r) => n + r.seconds, 0)) * 10) / 10,
    /** The same with each kind's settling counted (how the runs before 2026-12-02 were rated). */
    withSettlingPerSecond: Math.round((totals.reduce((n, r) => n + r.requests, 0) / driveSeconds) * 10) / 10,
    p50: Math.max(...COMMUNITY_STEPS.map((s) => perStep[s].p50)),
    p95: Math.max(...COMMUNITY_STEPS.map((s) => perStep[s].p95)),
    p99: Math.max(...COMMUNITY_STEPS.map((s) => perStep[s].p99)),
  };
  const profile = stepProfile(times, metricsBefore, metricsAfter, huanjie.updates);

  // 5a. History sizes after the full on-time run.
  const describe = async (workflowId: string) => {
    const d = await client.workflow.getHandle(workflowId).describe();
    return { events: d.historyLength, bytes: d.historySize ?? null };
  };
  const sample = definition.streets.slice(0, 5);
  const history = {
    street: await Promise.all(sample.map((s) => describe(streetWorkflowId(id, s.id)))),
    campaign: await describe(campaignWorkflowId(id)),
  };
  const workersMiB = workerProcesses.map((w) => peakMemoryMiB(w.pid) ?? 0);
  const memory = { workerMiB: workersMiB.reduce((a, b) => a + b, 0), workersMiB, apiMiB: peakMemoryMiB(api.pid), serverMiB: serverMiB() };

  // 4. The same number of updates to a minimal workflow, by a bare client, on the same server,
  // with as many worker processes as huanjie had (each as its own process, as huanjie's are).
  for (const child of workerProcesses) child.kill('SIGTERM');
  const bareWorkers = await Promise.all(workerEnvs.map(() => startProcess('bare-worker', processEnv)));
  onExit.push(async () => {
    for (const child of bareWorkers) child.kill('SIGTERM');
  });
  const bareIds = Array.from({ length: communities }, (_, i) => `${id}-bare-${i}`);
  await runLoad(bareIds.map((workflowId) => async () => (await client.workflow.start(bare, { taskQueue: bareTaskQueue, workflowId }), 'ok')), concurrency);
  const bareCpuNow = () => ({ server: serverCpu(), worker: bareWorkers.reduce((sum, w) => sum + cpuSeconds(w.pid), 0), bench: cpuSeconds(process.pid) });
  const cpuBeforeBare = bareCpuNow();
  const bareResult = await runLoad(
    all.map((_, i) => async () => (await client.workflow.getHandle(bareIds[i % bareIds.length]).executeUpdate(storeUpdate, { args: [i] }), 'ok')),
    concurrency,
  );
  const bareCpu = cpuSince(cpuBeforeBare, bareCpuNow());
  await Promise.all(bareIds.map((workflowId) => client.workflow.getHandle(workflowId).terminate('bench done').catch(() => undefined)));

  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    /** Which Temporal: the embedded dev server (SQLite), `npm run cluster` (four services, PostgreSQL), or another (not measured). */
    temporal: devServer ? 'dev-server' : cluster ? 'cluster' : 'external',
    communities,
    streets: streetIds.length,
    concurrency,
    workers,
    workerHeapMiB,
    startSeconds,
    startSettledSeconds,
    reminder,
    deadlineMove: { everyStreetToldSeconds: moveToEveryStreetSeconds, settledSeconds: moveSettledSeconds },
    huanjie,
    bare: bareResult,
    overhead: Math.round((huanjie.perSecond / bareResult.perSecond) * 100) / 100,
    perStep,
    settledAfter,
    summaryLag,
    profile,
    /** CPU seconds each process used while huanjie's steps were driven, and while the bare updates were (`worker`: the bare workers). */
    cpu: { huanjie: driveCpu, bare: bareCpu },
    history,
    /** Temporal's defaults for suggesting continue-as-new (limit.historyCount / historySize.suggestContinueAsNew). */
    continueAsNewSuggestedAt: { events: 4 * 1024, bytes: 4 * 1024 * 1024 },
    memory,
  };
  console.table({
    huanjie: { 'updates/s': huanjie.perSecond, p50: huanjie.p50, p95: huanjie.p95, p99: huanjie.p99, errors: huanjie.errors },
    bare: { 'updates/s': bareResult.perSecond, p50: bareResult.p50, p95: bareResult.p95, p99: bareResult.p99, errors: bareResult.errors },
  });
  console.log(JSON.stringify({ overhead: result.overhead, history, memory, profile }, null, 1));
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.date.slice(0, 10)}-n${communities}${workers > 1 ? `-w${workers}` : ''}${cluster ? '-cluster' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${path.relative(process.cwd(), file)}`);

  await smtp.close();
  await connection.close();

  // What must hold at any speed (CI runs this at N = 100 as a smoke check): no step refused
  // or failed, and one reminder email per street.
  const broken = [
    ...(huanjie.errors > 0 ? [`${huanjie.errors} step(s) failed: ${JSON.stringify(Object.fromEntries(Object.entries(perStep).map(([s, r]) => [s, r.errorKinds])))}`] : []),
    ...(bareResult.errors > 0 ? [`${bareResult.errors} bare update(s) failed`] : []),
    ...(reminder.emails !== streetIds.length ? [`${reminder.emails} reminder emails for ${streetIds.length} streets`] : []),
  ];
  if (broken.length > 0) throw new Error(`bench: ${broken.join('; ')}`);
}

/** What to stop on the way out, however the run ends (latest first): the processes it started, its data. */
const onExit: (() => Promise<void>)[] = [];
async function stopEverything(): Promise<void> {
  for (const stop of onExit.splice(0).reverse()) await stop().catch(() => undefined);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopEverything().then(() => process.exit(130)));
}
main()
  .then(stopEverything)
  .catch(async (err) => {
    console.error(err);
    await stopEverything();
    process.exit(1);
  });
