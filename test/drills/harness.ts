/**
 * Drills drive huanjie as it runs in production, process by process: Temporal (the dev
 * server on SQLite, or the cluster of `npm run cluster` on PostgreSQL), worker and API
 * processes started from their npm entry points, and a real SMTP server in the test
 * process. Each can be killed outright and restarted.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { sha256Hex } from '../../api/auth';
import { dataConverter } from '../../config/codec';
import { ensureCodecKeysFile, loadCodecKeys } from '../../config/codec-keys';
import { loadEnv } from '../../config/env';
import { STEPS, type CampaignDefinitionInput, type StepId } from '../../domain';
import { Cluster } from '../../scripts/cluster';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { registerSearchAttributes } from '../../scripts/search-attributes';
import { startProcess, type ProcessKind } from '../../scripts/processes';
import { issueTokens } from '../../scripts/tokens';
import { campaignDefinition } from '../../examples/sample-campaign';
import { freePort } from '../../scripts/ports';
import { workflowSources } from '../../worker/worker';
import { startRecordingSmtpServer, type RecordingSmtpServer } from '../helpers/recording-smtp-server';

const { WorkflowTaskFailedCause } = temporal.api.enums.v1;
/**
 * Workflow tasks that Temporal fails itself, as it should: new events came while the task ran
 * (the worker takes them with the next), or a sticky queue was given up.
 */
const temporalsOwnCauses = new Set([WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND, WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_STICKY_TASK_QUEUE]);

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Which Temporal a drill runs on. */
export type DrillTemporal = 'dev-server' | 'cluster';

export class Drill {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'huanjie-drill-'));
  readonly processes = new Map<string, ChildProcess>();
  private readonly issued: ReturnType<typeof issueTokens>;
  private readonly tokens: Map<string, string>;
  private readonly tokensFile = path.join(this.dataDir, 'tokens.json');
  /** The keys file the processes encrypt with, as npm start creates it; clients of the test process use it too. */
  readonly codecKeysFile = ensureCodecKeysFile(this.dataDir);
  readonly dataConverter = dataConverter(loadCodecKeys(this.codecKeysFile));
  devServer?: DevServer;
  /** The cluster's frontend, history, matching and worker services, each its own process. */
  readonly cluster?: Cluster;
  smtp!: RecordingSmtpServer;
  private devPort = 0;
  private smtpPort = 0;
  readonly apiPorts = new Map<string, number>();

  /** `streets`: the street ids whose offices get a token. */
  constructor(temporal: DrillTemporal = 'dev-server', streets = ['s1', 's2']) {
    this.issued = issueTokens(streets);
    this.tokens = new Map(this.issued.map((t) => [t.name, t.token]));
    if (temporal === 'cluster') this.cluster = new Cluster(path.join(this.dataDir, 'cluster'));
  }

  async open(): Promise<void> {
    this.devPort = await freePort(1000);
    this.smtp = await startRecordingSmtpServer();
    this.smtpPort = this.smtp.port;
    writeFileSync(this.tokensFile, JSON.stringify(this.issued.map(({ token, ...entry }) => ({ ...entry, sha256: sha256Hex(token) }))), { mode: 0o600 });
    await this.startTemporal();
  }

  get address(): string {
    return this.cluster?.address ?? `127.0.0.1:${this.devPort}`;
  }

  private get env() {
    return loadEnv({ DATA_DIR: this.dataDir, TEMPORAL_DEV_PORT: String(this.devPort), LOG_LEVEL: 'ERROR' });
  }

  async startTemporal(): Promise<void> {
    if (this.cluster) {
      await this.cluster.up('default');
      return;
    }
    this.devServer = await startDevServer(this.env);
    const connection = await Connection.connect({ address: this.address });
    await registerSearchAttributes(connection, 'default');
    await connection.close();
  }

  /** SIGKILL to the dev server's process group: no shutdown, SQLite as it lies. */
  killTemporal(): void {
    if (this.devServer) process.kill(-this.devServer.pid, 'SIGKILL');
  }

  async stopSmtp(): Promise<void> {
    await this.smtp.close();
  }

  /** The SMTP server again on the same port, keeping what it had received. */
  async restartSmtp(): Promise<void> {
    const received = this.smtp.received;
    this.smtp = await startRecordingSmtpServer(this.smtpPort);
    this.smtp.received.push(...received);
  }

  private async spawnProcess(name: string, kind: ProcessKind, env: Record<string, string> = {}): Promise<void> {
    const child = await startProcess(kind, {
      TEMPORAL_ADDRESS: this.address,
      SMTP_URL: `smtp://127.0.0.1:${this.smtpPort}`,
      AUTH_TOKENS_FILE: this.tokensFile,
      CODEC_KEYS_FILE: this.codecKeysFile,
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'ERROR',
      ...env,
    });
    this.processes.set(name, child);
  }

  startWorker(name: string): Promise<void> {
    return this.spawnProcess(name, 'worker');
  }

  async startApi(name: string): Promise<void> {
    const port = this.apiPorts.get(name) ?? (await freePort());
    this.apiPorts.set(name, port);
    await this.spawnProcess(name, 'api', { PORT: String(port) });
  }

  /** SIGKILL, and wait until the process is gone. */
  async kill(name: string): Promise<void> {
    const child = this.processes.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  async call(api: string, method: 'GET' | 'POST', route: string, who: string, body?: unknown, idempotencyKey?: string): Promise<Answer> {
    const res = await fetch(`http://127.0.0.1:${this.apiPorts.get(api)}${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.tokens.get(who)}`,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(idempotencyKey && { 'Idempotency-Key': idempotencyKey }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** Message-IDs received, with how many times each arrived. */
  messageIds(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const mail of this.smtp.received) {
      const id = mail.parsed.messageId ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * Replays every run of every workflow on the workflow code: how many replayed, those that
   * failed, and the workflow tasks a worker failed while they ran (none should). The histories
   * that failed are kept in `test-output/<evidence>/`, with the keys that decrypt them (a
   * drill's data is made up).
   */
  async replayAll(evidence: string): Promise<{ replayed: number; failed: { workflowId: string; error: string }[]; failedTasks: { workflowId: string; eventId: number; cause: string }[] }> {
    const connection = await Connection.connect({ address: this.address });
    try {
      const client = new Client({ connection, dataConverter: this.dataConverter });
      const histories = [];
      for await (const run of client.workflow.list()) {
        histories.push({ workflowId: run.workflowId, history: await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory() });
      }
      const workflowBundle = await bundleWorkflowCode({ ...workflowSources, logger: new DefaultLogger('WARN') });
      const failedTasks = histories.flatMap(({ workflowId, history }) =>
        (history.events ?? []).flatMap((e) => {
          const cause = e.workflowTaskFailedEventAttributes?.cause;
          return cause == null || temporalsOwnCauses.has(cause) ? [] : [{ workflowId, eventId: Number(e.eventId), cause: WorkflowTaskFailedCause[cause] }];
        }),
      );
      const failed = [];
      for await (const result of Worker.runReplayHistories({ workflowBundle, dataConverter: this.dataConverter }, histories)) {
        if (result.error) failed.push({ workflowId: result.workflowId, error: result.error.message });
      }
      if (failed.length > 0) {
        const dir = path.resolve(__dirname, '../../test-output', evidence);
        mkdirSync(dir, { recursive: true });
        copyFileSync(this.codecKeysFile, path.join(dir, 'codec-keys.json'));
        for (const { workflowId } of failed) {
          const { history } = histories.find((h) => h.workflowId === workflowId)!;
          writeFileSync(path.join(dir, `${workflowId.replaceAll('/', '_')}.json`), JSON.stringify(history));
        }
      }
      return { replayed: histories.length, failed, failedTasks };
    } finally {
      await connection.close();
    }
  }

  async close(): Promise<void> {
    for (const name of this.processes.keys()) await this.kill(name);
    await this.devServer?.stop();
    await this.cluster?.down();
    await this.smtp.close().catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A drill for one test file: Temporal, SMTP, and the named workers and APIs, all closed after it. */
export function useDrill({ workers, apis, temporal, streets }: { workers: string[]; apis: string[]; temporal?: DrillTemporal; streets?: string[] }): Drill {
  const drill = new Drill(temporal, streets);
  beforeAll(async () => {
    await drill.open();
    await Promise.all([...workers.map((w) => drill.startWorker(w)), ...apis.map((a) => drill.startApi(a))]);
  }, 120_000);
  afterAll(() => drill.close());
  return drill;
}

/**
 * A campaign of one street and three communities on a calendar of seconds: its steps fall
 * due `spacingMs` apart from `from`, reminders 6 and 3 s before; by default escalation to
 * the coordinators 5 s after, every 5 s, at risk after 20 s.
 */
export function secondsCampaign(
  id: string,
  from: number,
  spacingMs: number,
  escalation: CampaignDefinitionInput['escalation'] = { leader: 'PT0S', coordinators: 'PT5S', repeat: 'PT5S', atRisk: 'PT20S' },
): CampaignDefinitionInput {
  return {
    ...campaignDefinition({ id, from, streets: 1, communitiesPerStreet: 3 }),
    calendar: Object.fromEntries(STEPS.map((step, i) => [step, new Date(from + (i + 1) * spacingMs).toISOString()])) as Record<StepId, string>,
    reminders: ['PT6S', 'PT3S'],
    escalation,
    drill: true,
  };
}

/** Retries `attempt` until `done` says its answer is final, as a client would. */
export async function retry(attempt: () => Promise<Answer>, done: (a: Answer) => boolean, timeoutMs = 60_000): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await attempt().catch((): Answer => ({ status: 0, body: {} }));
    if (done(answer) || Date.now() > deadline) return answer;
    await sleep(500);
  }
}

/** Resolves once the API on `port` answers its health check (`npm start` takes a while). */
export async function waitForHealth(port: number, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
    if (res?.status === 200) return;
    await sleep(250);
  }
  throw new Error(`the API on port ${port} did not become healthy`);
}

export async function until(at: number): Promise<void> {
  if (at > Date.now()) await sleep(at - Date.now());
}
