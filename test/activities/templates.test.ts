import { LOCALES, type Locale } from '../../domain/locale';
import { NOTIFICATION_KINDS, type Notification } from '../../domain/notifications';
import { renderNotification } from '../../activities/templates/render';
import { CHOUCHENG_COMMUNITIES, COMMITTEE_DUE, GUIDANCE_DUE, digest, reminder } from './example-notifications';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function at(n: Notification, offsetFromDue: number): Notification {
  return { ...n, at: n.items[0].due + offsetFromDue };
}

describe.each(LOCALES)('every kind in %s', (locale) => {
  test.each(NOTIFICATION_KINDS)('%s: subject, every community, a plain-text and an HTML part', (kind) => {
    const mail = renderNotification({ ...reminder(locale), kind });
    expect(mail.subject).toContain(kind === 'escalation-digest' ? '义乌市第三届社区两委换届选举' : '稠城街道');
    for (const community of CHOUCHENG_COMMUNITIES) {
      expect(mail.text).toContain(community);
      expect(mail.html).toContain(community);
    }
  });
});

test('a due date is the day of the campaign’s zone, not UTC’s nor the worker’s', () => {
  expect(GUIDANCE_DUE).toBe(Date.parse('2027-08-08T15:59:59.999Z'));
  const n = { ...reminder(), items: [{ ...reminder().items[0], due: GUIDANCE_DUE }], at: GUIDANCE_DUE - HOUR };
  const zh = renderNotification(n);
  expect(zh.subject).toContain('2027年8月8日');
  expect(zh.text).not.toMatch(/8月[79]日/);
  expect(renderNotification({ ...n, campaign: { ...n.campaign, locale: 'en' } }).text).toContain('8 August 2027');
  expect(renderNotification({ ...n, items: [{ ...n.items[0], due: GUIDANCE_DUE + 1 }] }).text).toContain('2027年8月9日');
});

test.each([
  [-3 * 24 * HOUR, '还剩3天', '3 days left'],
  [-24 * HOUR, '还剩1天', '1 day left'],
  [-5 * HOUR - 59 * MINUTE, '还剩5小时', '5 hours left'],
  [-90_000, '还剩1分钟', '1 minute left'],
  [-30_000, '还剩不到1分钟', 'less than a minute left'],
  [2 * MINUTE, '逾期2分钟', '2 minutes overdue'],
  [10 * 24 * HOUR + HOUR, '逾期10天', '10 days overdue'],
])('%i ms from the due instant: "%s" / "%s"', (offset, zh, en) => {
  expect(renderNotification(at(reminder(), offset)).text).toContain(zh);
  expect(renderNotification(at(reminder('en'), offset)).text).toContain(en);
});

test('the subject of items due on different days names the earliest', () => {
  const n = reminder();
  const mail = renderNotification({ ...n, items: [...n.items, { ...n.items[0], due: COMMITTEE_DUE + 2 * 24 * HOUR }] });
  expect(mail.subject).toContain('最早2027年8月15日');
});

test('a deadline move shows both dates and the reason; HTML escapes what people typed', () => {
  const n = reminder();
  const moved: Notification = {
    ...n,
    kind: 'deadline-moved',
    items: [{ ...n.items[0], previousDue: COMMITTEE_DUE, due: COMMITTEE_DUE + 5 * 24 * HOUR, reason: '台风<b>“梅花”</b>' }],
  };
  const mail = renderNotification(moved);
  expect(mail.text).toContain('截止日期由2027年8月15日改为2027年8月20日');
  expect(mail.text).toContain('原因：台风<b>“梅花”</b>');
  expect(mail.html).toContain('原因：台风&lt;b&gt;“梅花”&lt;/b&gt;');
  expect(mail.html).not.toContain('<b>');
});

test("the digest lists the warnings of accepted steps, in the campaign's language", () => {
  const warned = (locale: Locale) => ({
    ...digest(locale),
    warnings: [
      {
        streetId: 'choucheng',
        streetName: '稠城街道',
        communityId: 'xiuhu',
        communityName: '绣湖社区',
        step: 'nomination' as const,
        rule: 'eligibility-education' as const,
        message: "candidate 'r6' (new, female) has junior-high education; senior-high or above is expected",
        zh: '候选人“r6”（新任，女）文化程度为初中；一般应具有高中以上文化程度',
      },
    ],
  });
  const zh = renderNotification(warned('zh-CN')).text;
  expect(zh).toContain('已受理但有提示的步骤（1项）');
  expect(zh).toContain('绣湖社区「候选人提名」：学历条件，候选人“r6”（新任，女）文化程度为初中');
  const en = renderNotification(warned('en')).text;
  expect(en).toContain('Steps accepted with warnings (1)');
  expect(en).toContain("senior-high or above is expected");
});
