import { MockActivityEnvironment } from '@temporalio/testing';
import { createMailer, type Mailer } from '../../activities/mailer';
import { createNotificationActivities } from '../../activities/notifications';
import { MS_PER_DAY } from '../../domain/calendar';
import type { Notification } from '../../domain/notifications';
import { addresses, startRecordingSmtpServer, type RecordingSmtpServer } from '../helpers/recording-smtp-server';
import { CHOUCHENG_COMMUNITIES, COMMITTEE_DUE, COORDINATORS, LEADER, OFFICE, digest, reminder } from './example-notifications';

let smtp: RecordingSmtpServer;
let mailer: Mailer;

beforeAll(async () => {
  smtp = await startRecordingSmtpServer();
  mailer = createMailer({ smtpUrl: smtp.url, from: '换届系统 <huanjie@example.gov.cn>' });
});

afterAll(async () => {
  mailer.close();
  await smtp.close();
});

beforeEach(() => {
  smtp.received.length = 0;
});

async function deliver(n: Notification) {
  await new MockActivityEnvironment().run(createNotificationActivities(mailer).sendNotification, n);
  expect(smtp.received).toHaveLength(1);
  return smtp.received[0].parsed;
}

const expected = {
  'zh-CN': {
    reminderSubject: '【换届提醒】稠城街道「选举委员会」2027年8月15日到期，还剩3天',
    reminderLines: CHOUCHENG_COMMUNITIES.map((c) => `- ${c} · 选举委员会 · 截止2027年8月15日（还剩3天）`),
    next: '请登录换届系统完成「选举委员会」并上传证明材料。',
    overdueSubject: '【逾期提醒】稠城街道「选举委员会」2027年8月15日到期，逾期1天',
    digestSubject: '【换届督办】义乌市第三届社区两委换届选举：4项逾期（1项风险），2027年8月18日',
    digestBody: [
      '稠城街道（3项）',
      ...CHOUCHENG_COMMUNITIES.map((c) => `- ${c} · 选举委员会 · 截止2027年8月15日（逾期3天）`),
      '江东街道（1项）',
      '- 【风险】街道 · 指导小组 · 截止2027年8月8日（逾期10天）',
      '投递失败的邮件（1封）',
      '- secretary@jiangdong.example.gov.cn：550 5.1.1 mailbox unavailable（逾期提醒，2027年8月8日）',
    ],
  },
  en: {
    reminderSubject: '[Re-election] 稠城街道: Election committee due 15 August 2027, 3 days left',
    reminderLines: CHOUCHENG_COMMUNITIES.map((c) => `- ${c} · Election committee · due 15 August 2027 (3 days left)`),
    next: 'Please sign in to huanjie, complete Election committee and upload the evidence.',
    overdueSubject: '[Overdue] 稠城街道: Election committee was due 15 August 2027, 1 day overdue',
    digestSubject: '[Escalation] 义乌市第三届社区两委换届选举: 4 overdue tasks (1 at risk), 18 August 2027',
    digestBody: [
      '稠城街道 (3)',
      ...CHOUCHENG_COMMUNITIES.map((c) => `- ${c} · Election committee · due 15 August 2027 (3 days overdue)`),
      '江东街道 (1)',
      '- [AT RISK] Street · Guidance group · due 8 August 2027 (10 days overdue)',
      'Undeliverable mail (1)',
      '- secretary@jiangdong.example.gov.cn: 550 5.1.1 mailbox unavailable (overdue, 8 August 2027)',
    ],
  },
} as const;

describe.each(Object.entries(expected))('%s', (locale, want) => {
  const lang = locale as keyof typeof expected;

  test('a reminder to the street office lists every community with its due date and what to do', async () => {
    const mail = await deliver(reminder(lang));
    expect(mail.subject).toBe(want.reminderSubject);
    expect(addresses(mail.to)).toEqual([OFFICE]);
    expect(mail.cc).toBeUndefined();
    expect(mail.text).toContain(want.reminderLines.join('\n'));
    expect(mail.text).toContain(want.next);
    expect(mail.html).toContain(CHOUCHENG_COMMUNITIES[0]);
  });

  test('an overdue notice goes to the leader with the office in Cc', async () => {
    const mail = await deliver({ ...reminder(lang, 'overdue-1'), kind: 'overdue', to: [LEADER], cc: [OFFICE], at: COMMITTEE_DUE + MS_PER_DAY });
    expect(mail.subject).toBe(want.overdueSubject);
    expect(addresses(mail.to)).toEqual([LEADER]);
    expect(addresses(mail.cc)).toEqual([OFFICE]);
  });

  test('the coordinators’ digest groups by street, marks the item at risk and reports the bounce', async () => {
    const mail = await deliver(digest(lang));
    expect(mail.subject).toBe(want.digestSubject);
    expect(addresses(mail.to)).toEqual(COORDINATORS);
    expect(smtp.received[0].envelopeTo).toEqual(COORDINATORS);
    expect(mail.text?.replace(/\n\n/g, '\n')).toContain(want.digestBody.join('\n'));
  });
});
