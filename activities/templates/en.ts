import type { Phrases, Span } from './phrases';

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const tasks = (n: number) => plural(n, 're-election task');

function span(s: Span): string {
  return s === 'under-a-minute' ? 'less than a minute' : plural(s.amount, s.unit);
}

const complete = (steps: string) => `Please sign in to huanjie, complete ${steps} and upload the evidence.`;
const urge = (streets: string, steps: string) =>
  `Please see that ${streets} completes ${steps} in huanjie and uploads the evidence without delay; ` +
  'if more time is truly needed, contact the Organisation Department (2nd section).';

export const en: Phrases = {
  subject: {
    reminder: (f) => `[Re-election] ${f.streets}: ${f.steps} due ${f.due}, ${f.remaining}`,
    'due-today': (f) => `[Due today] ${f.streets}: ${f.steps} due today, ${f.due}`,
    overdue: (f) => `[Overdue] ${f.streets}: ${f.steps} was due ${f.due}, ${f.remaining}`,
    'at-risk': (f) => `[At risk] ${f.streets}: ${f.steps} was due ${f.due}, ${f.remaining}`,
    'escalation-digest': (f) =>
      `[Escalation] ${f.campaign}: ${plural(f.count, 'overdue task')}${f.atRisk ? ` (${f.atRisk} at risk)` : ''}, ${f.on}`,
    'deadline-moved': (f) => `[Deadline moved] ${f.streets}: ${f.steps} now due ${f.due}`,
    'reelection-required': (f) => `[Re-election required] ${f.streets}: ${f.steps}, due ${f.due}`,
  },
  intro: {
    reminder: (f) => `${f.campaign}: ${tasks(f.count)} due soon, listed below.`,
    'due-today': (f) => `${f.campaign}: ${tasks(f.count)} due today, listed below.`,
    overdue: (f) => `${f.campaign}: ${tasks(f.count)} of ${f.streets} overdue, listed below.`,
    'at-risk': (f) => `${f.campaign}: ${tasks(f.count)} of ${f.streets} long overdue and now at risk, listed below.`,
    'escalation-digest': (f) =>
      `${f.campaign}: as of ${f.on}, ${tasks(f.count)} overdue (${f.atRisk} at risk), by street below.`,
    'deadline-moved': (f) => `${f.campaign}: new due dates for ${tasks(f.count)}, listed below.`,
    'reelection-required': (f) =>
      `${f.campaign}: ${plural(f.count, 'election')} that left seats empty and must be held again, listed below.`,
  },
  action: {
    reminder: (f) => complete(f.steps),
    'due-today': (f) => complete(f.steps),
    overdue: (f) => urge(f.streets, f.steps),
    'at-risk': (f) => urge(f.streets, f.steps),
    'escalation-digest': () =>
      'Please follow up with the streets above; to move a due date, record the new date and the reason in huanjie.',
    'deadline-moved': (f) => `Please complete ${f.steps} in huanjie by the new due date.`,
    'reelection-required': () => 'Please organise the new election as the law prescribes and record its result in huanjie.',
  },
  kindName: {
    reminder: 'reminder',
    'due-today': 'due today',
    overdue: 'overdue',
    'at-risk': 'at risk',
    'escalation-digest': 'escalation digest',
    'deadline-moved': 'deadline moved',
    'reelection-required': 're-election required',
  },
  greeting: 'Hello,',
  footer: 'This message was sent automatically by huanjie; please do not reply to it.',
  link: (url) => `Open it on the board: ${url}`,
  streetLevel: 'Street',
  atRisk: '[AT RISK] ',
  list: (names) => names.join(', '),
  steps: (names) => names.join(', '),
  earliest: (date) => `${date} (earliest)`,
  more: (count) => `${count} more late step(s) are not listed here: see them on the board.`,
  remaining: (s, overdue) => `${span(s)} ${overdue ? 'overdue' : 'left'}`,
  due: (date, remaining) => `due ${date} (${remaining})`,
  moved: (previous, date, remaining) => `due date moved from ${previous} to ${date} (${remaining})`,
  reason: (text) => `reason: ${text}`,
  group: (street, count) => `${street} (${count})`,
  failuresHeading: (count) => `Undeliverable mail (${count})`,
  failure: (f) => `${f.address}: ${f.code ? `${f.code} ` : ''}${f.message} (${f.kindName}, ${f.on})`,
  warningsHeading: (count) => `Steps accepted with warnings (${count})`,
  warning: (community, step, rule, message) => `${community}, ${step}: ${rule}, ${message}`,
};
