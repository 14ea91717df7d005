import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createMailer, type Mailer } from '../../activities/mailer';
import { createActivities } from '../../activities';
import { messageIdOf } from '../../activities/notifications';
import { PERMANENT_MAIL_FAILURE, type MailFailure } from '../../domain/notifications';
import { notify } from '../fixtures/notify-workflow';
import { freePort } from '../../scripts/ports';
import { createDevServerEnv } from '../helpers/temporal';
import { testDataConverter } from '../helpers/codec';
import { startRecordingSmtpServer, type RecordingSmtpServer } from '../helpers/recording-smtp-server';
import { LEADER, OFFICE, reminder } from './example-notifications';

const taskQueue = 'notify';
let env: TestWorkflowEnvironment;
let mailer: Mailer;
let port: number;
let smtp: RecordingSmtpServer | undefined;

beforeAll(async () => {
  [env, port] = await Promise.all([createDevServerEnv(), freePort()]);
  mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'huanjie@example.gov.cn' });
});

/** A worker runs only once: each test gets its own, on the same mailer. */
async function withWorker<T>(until: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    dataConverter: testDataConverter,
    workflowsPath: require.resolve('../fixtures/notify-workflow'),
    activities: createActivities({ mailer }),
  });
  return worker.runUntil(until);
}

afterAll(async () => {
  mailer?.close();
  await smtp?.close();
  await env?.teardown();
});

test('SMTP down when the reminder falls due, up 3 s later: delivered once, with the failed attempts’ Message-ID', async () => {
  const n = reminder();
  let smtpUp: Promise<RecordingSmtpServer> | undefined;
  const handle = await env.client.workflow.start(notify, { args: [n], workflowId: 'smtp-down', taskQueue });
  const report = await withWorker(() => {
    // Counted from the moment the worker runs, so that bundling time cannot eat the outage.
    smtpUp = new Promise((resolve) => setTimeout(() => resolve(startRecordingSmtpServer(port)), 3_000));
    return handle.result();
  });
  smtp = await smtpUp!;

  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0].parsed.messageId).toBe(messageIdOf(n.key));
  expect(report).toEqual({ messageId: messageIdOf(n.key), accepted: [OFFICE], rejected: [] });
  const history = await handle.fetchHistory();
  const attempt = history.events?.find((e) => e.activityTaskStartedEventAttributes)?.activityTaskStartedEventAttributes?.attempt;
  expect(attempt).toBeGreaterThan(1);
});

test('a 4xx for the Cc: the retry reaches only the Cc, as the progress survives in heartbeat details', async () => {
  smtp!.received.length = 0;
  smtp!.refuseRecipient.set(LEADER, 450);
  const handle = await env.client.workflow.start(notify, { args: [{ ...reminder(), cc: [LEADER] }], workflowId: 'cc-deferred', taskQueue });
  const report = await withWorker(async () => {
    // The first attempt delivers to the office only; the mailbox frees up before the retry (1 s later).
    while (!smtp!.received.length) await new Promise((resolve) => setTimeout(resolve, 50));
    smtp!.refuseRecipient.clear();
    return handle.result();
  });
  expect(report.accepted).toEqual([OFFICE, LEADER]);
  expect(smtp!.received.map((m) => m.envelopeTo)).toEqual([[OFFICE], [LEADER]]);
});

test('every recipient refused: one attempt, and the workflow sees PermanentMailFailure with the failures', async () => {
  smtp!.refuseRecipient.set(OFFICE, 550);
  const handle = await env.client.workflow.start(notify, { args: [reminder()], workflowId: 'all-refused', taskQueue });
  const err = await withWorker(() => handle.result()).catch((e: unknown) => e);

  expect(err).toBeInstanceOf(WorkflowFailedError);
  const activityFailure = (err as WorkflowFailedError).cause as ActivityFailure;
  expect(activityFailure).toBeInstanceOf(ActivityFailure);
  const cause = activityFailure.cause as ApplicationFailure;
  expect(cause.type).toBe(PERMANENT_MAIL_FAILURE);
  expect(cause.nonRetryable).toBe(true);
  expect((cause.details?.[0] as MailFailure[]).map((f) => [f.address, f.code])).toEqual([[OFFICE, 550]]);
  const history = await handle.fetchHistory();
  expect(history.events?.find((e) => e.activityTaskStartedEventAttributes)?.activityTaskStartedEventAttributes?.attempt).toBe(1);
});
