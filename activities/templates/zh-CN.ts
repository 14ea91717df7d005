import { RULE_NAMES } from '../../domain/names-zh';
import type { Phrases, Span } from './phrases';

const UNITS = { day: '天', hour: '小时', minute: '分钟' } as const;

function span(s: Span): string {
  return s === 'under-a-minute' ? '不到1分钟' : `${s.amount}${UNITS[s.unit]}`;
}

const complete = (steps: string) => `请登录换届系统完成${steps}并上传证明材料。`;
const urge = (streets: string, steps: string) =>
  `请督促${streets}尽快登录换届系统完成${steps}并上传证明材料；确需延期的，请联系市委组织部组织二科。`;

export const zhCN: Phrases = {
  subject: {
    reminder: (f) => `【换届提醒】${f.streets}${f.steps}${f.due}到期，${f.remaining}`,
    'due-today': (f) => `【今日到期】${f.streets}${f.steps}今天（${f.due}）到期`,
    overdue: (f) => `【逾期提醒】${f.streets}${f.steps}${f.due}到期，${f.remaining}`,
    'at-risk': (f) => `【换届风险】${f.streets}${f.steps}${f.due}到期，${f.remaining}，已列为风险`,
    'escalation-digest': (f) =>
      `【换届督办】${f.campaign}：${f.count}项逾期${f.atRisk ? `（${f.atRisk}项风险）` : ''}，${f.on}`,
    'deadline-moved': (f) => `【截止日期调整】${f.streets}${f.steps}截止日期改为${f.due}`,
    'reelection-required': (f) => `【需重新选举】${f.streets}${f.steps}，截止${f.due}`,
  },
  intro: {
    reminder: (f) => `${f.campaign}：以下${f.count}项换届工作即将到期，请及时办理。`,
    'due-today': (f) => `${f.campaign}：以下${f.count}项换届工作今天到期。`,
    overdue: (f) => `${f.campaign}：${f.streets}以下${f.count}项换届工作已逾期。`,
    'at-risk': (f) => `${f.campaign}：${f.streets}以下${f.count}项换届工作逾期较久，已列为风险事项。`,
    'escalation-digest': (f) =>
      `${f.campaign}：截至${f.on}，共有${f.count}项换届工作逾期（其中${f.atRisk}项为风险事项），按街道列出如下。`,
    'deadline-moved': (f) => `${f.campaign}：以下${f.count}项换届工作的截止日期已调整。`,
    'reelection-required': (f) => `${f.campaign}：以下${f.count}项选举未能选出全部成员，需要重新选举。`,
  },
  action: {
    reminder: (f) => complete(f.steps),
    'due-today': (f) => complete(f.steps),
    overdue: (f) => urge(f.streets, f.steps),
    'at-risk': (f) => urge(f.streets, f.steps),
    'escalation-digest': () => '请督促上述街道尽快办理；确需调整截止日期的，请在换届系统中登记新的日期和原因。',
    'deadline-moved': (f) => `请按新的截止日期登录换届系统完成${f.steps}。`,
    'reelection-required': () => '请依照法定程序组织重新选举，并在换届系统中登记选举结果。',
  },
  kindName: {
    reminder: '到期提醒',
    'due-today': '今日到期',
    overdue: '逾期提醒',
    'at-risk': '风险提醒',
    'escalation-digest': '督办汇总',
    'deadline-moved': '截止日期调整',
    'reelection-required': '重新选举',
  },
  greeting: '您好！',
  footer: '本邮件由换届系统自动发送，请勿直接回复。',
  link: (url) => `在换届工作台办理：${url}`,
  streetLevel: '街道',
  atRisk: '【风险】',
  list: (names) => names.join('、'),
  steps: (names) => names.map((n) => `「${n}」`).join('、'),
  earliest: (date) => `最早${date}`,
  more: (count) => `另有${count}项逾期未在此列出，请在换届工作台查看。`,
  remaining: (s, overdue) => `${overdue ? '逾期' : '还剩'}${span(s)}`,
  due: (date, remaining) => `截止${date}（${remaining}）`,
  moved: (previous, date, remaining) => `截止日期由${previous}改为${date}（${remaining}）`,
  reason: (text) => `原因：${text}`,
  group: (street, count) => `${street}（${count}项）`,
  failuresHeading: (count) => `投递失败的邮件（${count}封）`,
  failure: (f) => `${f.address}：${f.code ? `${f.code} ` : ''}${f.message}（${f.kindName}，${f.on}）`,
  warningsHeading: (count) => `已受理但有提示的步骤（${count}项）`,
  warning: (community, step, rule, message) => `${community}「${step}」：${RULE_NAMES[rule]}，${message}`,
};
