import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createMailer, type Mailer } from '../../activities/mailer';
import { createNotificationActivities, messageIdOf } from '../../activities/notifications';
import { PERMANENT_MAIL_FAILURE, type DeliveryReport, type MailFailure, type Notification } from '../../domain/notifications';
import { freePort } from '../../scripts/ports';
import { addresses, startRecordingSmtpServer, type RecordingSmtpServer } from '../helpers/recording-smtp-server';
import { LEADER, OFFICE, reminder } from './example-notifications';

const BOUNCING = 'nobody@choucheng.example.gov.cn';
const FROM = 'huanjie@example.gov.cn';

const servers: RecordingSmtpServer[] = [];
const mailers: Mailer[] = [];

async function smtpServer(port?: number): Promise<RecordingSmtpServer> {
  const server = await startRecordingSmtpServer(port);
  servers.push(server);
  return server;
}

function sender(smtpUrl: string) {
  const mailer = createMailer({ smtpUrl, from: FROM });
  mailers.push(mailer);
  const { sendNotification } = createNotificationActivities(mailer);
  /** One activity attempt; `heartbeatDetails` as Temporal hands the previous attempt's to a retry. */
  return (n: Notification, heartbeatDetails?: unknown) => {
    // Failed attempts are what these tests are about: no warning per attempt.
    const env = new MockActivityEnvironment({ heartbeatDetails }, { logger: new DefaultLogger('ERROR') });
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => heartbeats.push(details));
    return { heartbeats, result: env.run<[Notification], DeliveryReport, typeof sendNotification>(sendNotification, n) };
  };
}

afterAll(async () => {
  mailers.forEach((m) => m.close());
  await Promise.all(servers.map((s) => s.close()));
});

test('a Message-ID is the key, escaped into a valid dot-atom, one-to-one', () => {
  expect(messageIdOf('yiwu-2027/choucheng/reminder/P3D')).toBe('<yiwu-2027/choucheng/reminder/P3D@huanjie>');
  const odd = ['a.b', 'a=2Eb', 'a b:c', '稠城', '.a..b.'].map(messageIdOf);
  expect(new Set(odd).size).toBe(odd.length);
  for (const id of odd) expect(id).toMatch(/^<[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*@huanjie>$/);
});

test('the same notification sent twice carries the same Message-ID', async () => {
  const smtp = await smtpServer();
  const send = sender(smtp.url);
  const first = await send(reminder()).result;
  const second = await send(reminder()).result;
  expect(smtp.received.map((m) => m.parsed.messageId)).toEqual([first.messageId, first.messageId]);
  expect(second.messageId).toBe('<yiwu-2027/choucheng/election-committee/reminder/P3D@huanjie>');
});

test('SMTP down: a retryable failure; once it is up, the same call delivers once, same Message-ID', async () => {
  const port = await freePort();
  const send = sender(`smtp://127.0.0.1:${port}`);
  const failure = await send(reminder()).result.catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(Error);
  expect(failure).not.toBeInstanceOf(ApplicationFailure);
  expect((failure as Error).message).toMatch(/ECONNREFUSED|ECONNECTION/);

  const smtp = await smtpServer(port);
  const report = await send(reminder()).result;
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0].parsed.messageId).toBe(report.messageId);
  expect(report.messageId).toBe(messageIdOf(reminder().key));
});

test('a 550 for one address comes back in `rejected`; the others still get the message', async () => {
  const smtp = await smtpServer();
  smtp.refuseRecipient.set(BOUNCING, 550);
  const report = await sender(smtp.url)({ ...reminder(), to: [OFFICE, BOUNCING], cc: [LEADER] }).result;
  expect(report.accepted).toEqual([OFFICE, LEADER]);
  expect(report.rejected).toEqual([
    expect.objectContaining({ address: BOUNCING, code: 550, key: reminder().key, kind: 'reminder', message: expect.stringContaining('unavailable') }),
  ]);
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0].envelopeTo).toEqual([OFFICE, LEADER]);
  expect(addresses(smtp.received[0].parsed.to)).toEqual([OFFICE, BOUNCING]);
});

async function permanentFailure(outcome: Promise<unknown>): Promise<MailFailure[]> {
  const err = await outcome.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApplicationFailure);
  const failure = err as ApplicationFailure;
  expect(failure.type).toBe(PERMANENT_MAIL_FAILURE);
  expect(failure.nonRetryable).toBe(true);
  return failure.details?.[0] as MailFailure[];
}

test('every recipient refused: a non-retryable PermanentMailFailure carrying each failure', async () => {
  const smtp = await smtpServer();
  smtp.refuseRecipient.set(OFFICE, 550).set(LEADER, 553);
  const failures = await permanentFailure(sender(smtp.url)({ ...reminder(), cc: [LEADER] }).result);
  expect(failures.map((f) => [f.address, f.code])).toEqual([
    [OFFICE, 550],
    [LEADER, 553],
  ]);
  expect(smtp.received).toHaveLength(0);
});

test('a 5xx to the message itself fails it for every recipient, not retried', async () => {
  const smtp = await smtpServer();
  smtp.refuseData = 554;
  const failures = await permanentFailure(sender(smtp.url)({ ...reminder(), cc: [LEADER] }).result);
  expect(failures.map((f) => [f.address, f.code])).toEqual([
    [OFFICE, 554],
    [LEADER, 554],
  ]);
});

test('a 4xx for one address retries; the retry goes only to that address, as the same message', async () => {
  const smtp = await smtpServer();
  smtp.refuseRecipient.set(LEADER, 450);
  const send = sender(smtp.url);
  const n: Notification = { ...reminder(), cc: [LEADER] };

  const first = send(n);
  const failure = await first.result.catch((err: unknown) => err);
  expect(failure).not.toBeInstanceOf(ApplicationFailure);
  expect(first.heartbeats).toEqual([{ accepted: [OFFICE], rejected: [] }]);

  smtp.refuseRecipient.clear();
  const report = await send(n, first.heartbeats.at(-1)).result;
  expect(report.accepted).toEqual([OFFICE, LEADER]);
  expect(smtp.received.map((m) => m.envelopeTo)).toEqual([[OFFICE], [LEADER]]);
  expect(smtp.received.map((m) => m.parsed.messageId)).toEqual([report.messageId, report.messageId]);
  expect(addresses(smtp.received[1].parsed.cc)).toEqual([LEADER]);
});
