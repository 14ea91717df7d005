/**
 * `npm run bench:report -- <result.json>...`: results of runs of different sizes side by side,
 * as the Markdown table the README's Performance section shows.
 */
import { readFileSync } from 'node:fs';

interface Run {
  communities: number;
  streets: number;
  concurrency: number;
  /** Absent from runs made before the option: one worker. */
  workers?: number;
  startSeconds: number;
  startSettledSeconds: number;
  reminder: { emails: number; streets: number; lastAfterSeconds: number | null };
  deadlineMove: { everyStreetToldSeconds: number; settledSeconds: number };
  huanjie: { updates: number; errors: number; perSecond: number; withSettlingPerSecond?: number; p50: number; p95: number; p99: number; retried503?: number };
  summaryLag?: Record<string, number>;
  bare: { perSecond: number; p50: number; p95: number; p99: number; errors: number };
  overhead: number;
  cpu: { huanjie: Record<string, number>; bare: Record<string, number> };
  /** `community` only in runs of the design with a workflow per community. */
  history: { community?: Sample[]; street: Sample[]; campaign: Sample };
  /** Which Temporal; runs before it was recorded were on the dev server. */
  temporal?: 'dev-server' | 'cluster' | 'external';
  /** `devServerMiB` in runs before the cluster (the dev server's was all there was). */
  memory: { workerMiB: number | null; workersMiB?: number[]; apiMiB: number | null; serverMiB?: number | null; devServerMiB?: number | null };
  profile: { worker: { workflowTasks: Record<string, { perUpdate: number }> } };
  perStep: Record<string, { p99: number; errors: number; requests: number; seconds: number }>;
}

interface Sample {
  events: number;
  bytes: number | null;
}

const runs = process.argv.slice(2).map((file) => JSON.parse(readFileSync(file, 'utf8')) as Run);
const range = (samples: Sample[], pick: (s: Sample) => number) => {
  const values = samples.map(pick);
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return low === high ? `${low}` : `${low}–${high}`;
};
const kb = (bytes: number | null) => Math.round((bytes ?? 0) / 1024);
const perStep = (seconds: number | undefined, run: Run) => (seconds === undefined ? '–' : `${Math.round((seconds * 1000) / run.huanjie.updates)}`);

/** Steps over the time taken to answer them, as the bare side is rated (runs before 2026-12-02 rated with settling). */
const answered = (r: Run) => {
  const steps = Object.values(r.perStep);
  return Math.round((steps.reduce((n, s) => n + s.requests, 0) / steps.reduce((n, s) => n + s.seconds, 0)) * 10) / 10;
};

/** The Temporal server's CPU seconds in a reading (`devServer` in runs before the cluster). */
const serverCpu = (cpu: Record<string, number>) => cpu.server ?? cpu.devServer;
const temporalNames = { 'dev-server': 'dev server (SQLite)', cluster: 'cluster: 4 services, PostgreSQL', external: 'another cluster' };

const rows: [string, (run: Run) => string | number][] = [
  ['Temporal', (r) => temporalNames[r.temporal ?? 'dev-server']],
  ['communities (streets), worker processes', (r) => `${r.communities} (${r.streets}), ${r.workers ?? 1}`],
  ['start: campaign ready (201, or every community workflow running before) / all settled', (r) => `${r.startSeconds} s / ${r.startSettledSeconds} s`],
  ['one reminder time: emails / streets (last one after)', (r) => `${r.reminder.emails} / ${r.reminder.streets} (${r.reminder.lastAfterSeconds} s)`],
  ['campaign-wide deadline move: every street told / settled', (r) => `${r.deadlineMove.everyStreetToldSeconds} s / ${r.deadlineMove.settledSeconds} s`],
  ['**huanjie** step updates/s through the API: answered (with each kind settling)', (r) => `**${answered(r)}** (${r.huanjie.withSettlingPerSecond ?? r.huanjie.perSecond})`],
  ['huanjie p50 / p95 / p99 (ms, slowest kind of step)', (r) => `${r.huanjie.p50} / ${r.huanjie.p95} / ${r.huanjie.p99}`],
  ['huanjie errors (503s answered and retried by the client)', (r) => `${r.huanjie.errors} (${r.huanjie.retried503 ?? 'no retries'})`],
  ['election plans: p99 (s)', (r) => `${Math.round(r.perStep['election-plan'].p99 / 100) / 10}`],
  ['workflow tasks per step, all workflow types', (r) => `${Math.round(Object.values(r.profile.worker.workflowTasks).reduce((n, t) => n + t.perUpdate, 0) * 100) / 100}`],
  ['campaign summary: seconds behind the last step, at most', (r) => (r.summaryLag ? `${Math.max(...Object.values(r.summaryLag))}` : '–')],
  ['**bare** updates/s, same count, same server', (r) => `**${r.bare.perSecond}**`],
  ['bare p50 / p95 / p99 (ms)', (r) => `${r.bare.p50} / ${r.bare.p95} / ${r.bare.p99}`],
  ['**overhead ratio** huanjie / bare, answered', (r) => `**${Math.round((answered(r) / r.bare.perSecond) * 100) / 100}**`],
  ['CPU ms per step: Temporal / worker / API', (r) => `${perStep(serverCpu(r.cpu.huanjie), r)} / ${perStep(r.cpu.huanjie.worker, r)} / ${perStep(r.cpu.huanjie.api, r)}`],
  ['CPU ms per bare update: Temporal / workers / client', (r) => `${perStep(serverCpu(r.cpu.bare), r)} / ${r.cpu.bare.worker === undefined ? '(in the client)' : perStep(r.cpu.bare.worker, r)} / ${perStep(r.cpu.bare.bench, r)}`],
  ['history of an on-time community: events (KiB)', (r) => (r.history.community ? `${range(r.history.community, (s) => s.events)} (${range(r.history.community, (s) => kb(s.bytes))})` : 'in its street')],
  ['history of a street of 25: events (KiB)', (r) => `${range(r.history.street, (s) => s.events)} (${range(r.history.street, (s) => kb(s.bytes))})`],
  ['history of the campaign: events (KiB)', (r) => `${r.history.campaign.events} (${kb(r.history.campaign.bytes)})`],
  ['peak memory (MiB): workers (summed; the largest) / API / Temporal (summed)', (r) => `${r.memory.workerMiB} (${Math.max(...(r.memory.workersMiB ?? [r.memory.workerMiB ?? 0]))}) / ${r.memory.apiMiB} / ${r.memory.serverMiB ?? r.memory.devServerMiB}`],
];

console.log(`| | ${runs.map((r) => `N = ${r.communities.toLocaleString('en')}`).join(' | ')} |`);
console.log(`| --- | ${runs.map(() => '---').join(' | ')} |`);
for (const [label, value] of rows) console.log(`| ${label} | ${runs.map(value).join(' | ')} |`);
