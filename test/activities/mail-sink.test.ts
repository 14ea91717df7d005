import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { startMailSink, type MailSink } from '../../activities/mail-sink';
import { createMailer, type Mailer } from '../../activities/mailer';
import { createNotificationActivities } from '../../activities/notifications';
import { digest, reminder } from './example-notifications';

let root: string;
let sink: MailSink;
let mailer: Mailer;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'huanjie-sink-'));
  sink = await startMailSink({ dir: path.join(root, 'data', 'mail') });
  mailer = createMailer({ smtpUrl: sink.url, from: 'huanjie@localhost' });
});

afterAll(async () => {
  mailer.close();
  await sink?.close();
  await rm(root, { recursive: true, force: true });
});

test('every message lands as an .eml file named by time and Message-ID', async () => {
  expect(sink.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
  const { sendNotification } = createNotificationActivities(mailer);
  for (const n of [reminder(), digest()]) await new MockActivityEnvironment().run(sendNotification, n);

  const dir = path.join(root, 'data', 'mail');
  const files = (await readdir(dir)).sort();
  expect(files).toHaveLength(2);
  expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T.*_yiwu-2027_choucheng_election-committee_reminder_P3D@huanjie\.eml$/);
  expect(files[1]).toMatch(/_yiwu-2027_escalation-digest_2027-08-18@huanjie\.eml$/);
  const eml = await readFile(path.join(dir, files[0]), 'utf8');
  expect(eml).toContain('Message-ID: <yiwu-2027/choucheng/election-committee/reminder/P3D@huanjie>');
  expect(eml).toMatch(/^To: office@choucheng\.example\.gov\.cn$/m);
});
