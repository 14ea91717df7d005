/**
 * Renders a Notification into an email: subject, plain text and HTML, in the campaign's
 * language, with every date on the campaign's wall calendar (never the worker's).
 */
import { formatDate, localDate } from '../../domain/calendar';
import type { Locale } from '../../domain/locale';
import type { Notification, NotificationItem } from '../../domain/notifications';
import { stepName } from '../../domain/step-names';
import { paths } from '../../web/paths';
import { toHtml, toText, type Block } from './document';
import { en } from './en';
import type { Facts, Phrases, Span } from './phrases';
import { zhCN } from './zh-CN';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const PHRASES: Record<Locale, Phrases> = { 'zh-CN': zhCN, en };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Whole units, rounded down: "3 days left" stays true until the very end of the third day. */
function spanOf(ms: number): Span {
  const abs = Math.abs(ms);
  if (abs >= DAY) return { amount: Math.floor(abs / DAY), unit: 'day' };
  if (abs >= HOUR) return { amount: Math.floor(abs / HOUR), unit: 'hour' };
  if (abs >= MINUTE) return { amount: Math.floor(abs / MINUTE), unit: 'minute' };
  return 'under-a-minute';
}

const distinct = <T>(values: T[]): T[] => [...new Set(values)];

function groupByStreet(items: NotificationItem[]): NotificationItem[][] {
  const groups = new Map<string, NotificationItem[]>();
  for (const item of items) {
    const group = groups.get(item.streetId);
    if (group) group.push(item);
    else groups.set(item.streetId, [item]);
  }
  return [...groups.values()];
}

/** The board's page of a street's items: the community's when they are all about one, else the street's. */
function pageOf(boardUrl: string, campaignId: string, items: NotificationItem[]): string {
  const communities = distinct(items.map((item) => item.communityId));
  const [only] = communities;
  return boardUrl + (communities.length === 1 && only !== undefined ? paths.community(campaignId, only) : paths.street(campaignId, items[0].streetId));
}

export function renderNotification(n: Notification, boardUrl?: string): RenderedMail {
  const { locale, timezone } = n.campaign;
  const say = PHRASES[locale];
  const date = (ms: number) => formatDate(ms, timezone, locale);
  const remaining = (due: number) => say.remaining(spanOf(due - n.at), due < n.at);

  // A digest may carry only failures; its subject then has no due date to show.
  const dues = n.items.map((item) => item.due);
  const earliest = dues.reduce((a, b) => Math.min(a, b), dues[0] ?? n.at);
  const latest = dues.reduce((a, b) => Math.max(a, b), earliest);
  const sameDay = localDate(earliest, timezone) === localDate(latest, timezone);
  const facts: Facts = {
    campaign: n.campaign.name,
    streets: say.list(distinct(n.items.map((item) => item.streetName))),
    steps: say.steps(distinct(n.items.map((item) => stepName(item.step, locale)))),
    due: sameDay ? date(earliest) : say.earliest(date(earliest)),
    remaining: remaining(earliest),
    on: date(n.at),
    count: n.items.length + (n.more ?? 0),
    atRisk: n.items.filter((item) => item.atRisk).length,
  };

  const line = (item: NotificationItem): string =>
    [
      `${item.atRisk ? say.atRisk : ''}${item.communityName ?? say.streetLevel}`,
      stepName(item.step, locale),
      item.previousDue === undefined
        ? say.due(date(item.due), remaining(item.due))
        : say.moved(date(item.previousDue), date(item.due), remaining(item.due)),
      ...(item.reason ? [say.reason(item.reason)] : []),
    ].join(' · ');

  const failures = n.failures ?? [];
  const warnings = n.warnings ?? [];
  const blocks: Block[] = [
    { paragraph: say.greeting },
    { paragraph: say.intro[n.kind](facts) },
    ...groupByStreet(n.items).map((items) => ({
      heading: say.group(items[0].streetName, items.length),
      items: [...items.map(line), ...(boardUrl ? [say.link(pageOf(boardUrl, n.campaign.id, items))] : [])],
    })),
    ...(n.more ? [{ paragraph: say.more(n.more) }] : []),
    ...(failures.length
      ? [
          {
            heading: say.failuresHeading(failures.length),
            items: failures.map((f) => say.failure({ ...f, kindName: say.kindName[f.kind], on: date(f.at) })),
          },
        ]
      : []),
    ...(warnings.length
      ? [
          {
            heading: say.warningsHeading(warnings.length),
            items: warnings.map((w) => say.warning(w.communityName, stepName(w.step, locale), w.rule, locale === 'zh-CN' ? w.zh : w.message)),
          },
        ]
      : []),
    { paragraph: say.action[n.kind](facts) },
    { paragraph: say.footer },
  ];
  return { subject: say.subject[n.kind](facts), text: toText(blocks), html: toHtml(blocks, locale) };
}
