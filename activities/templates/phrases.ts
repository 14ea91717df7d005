import type { NotificationKind } from '../../domain/notifications';
import type { RuleId } from '../../domain/violations';

/** What a notification is about, already formatted in the campaign's language and time zone. */
export interface Facts {
  campaign: string;
  /** The streets concerned, listed. */
  streets: string;
  /** The steps concerned, listed and quoted as the language quotes a form's name. */
  steps: string;
  /** The earliest due date of the items. */
  due: string;
  /** Time left before (or past) that earliest due date, at the notification's moment. */
  remaining: string;
  /** The notification's moment, as a date. */
  on: string;
  count: number;
  atRisk: number;
}

/** A stretch of time as people say it: whole days, else whole hours, else whole minutes. */
export type Span = { amount: number; unit: 'day' | 'hour' | 'minute' } | 'under-a-minute';

export interface FailureFacts {
  address: string;
  code?: number;
  message: string;
  kindName: string;
  on: string;
}

/** Everything a language says in an email; one table per locale, filled in by hand. */
export interface Phrases {
  subject: Record<NotificationKind, (facts: Facts) => string>;
  intro: Record<NotificationKind, (facts: Facts) => string>;
  action: Record<NotificationKind, (facts: Facts) => string>;
  kindName: Record<NotificationKind, string>;
  greeting: string;
  footer: string;
  /** The line linking a street's items to their page on the board. */
  link: (url: string) => string;
  /** The label of an item about a street step, where a community's name would be. */
  streetLevel: string;
  atRisk: string;
  list(names: string[]): string;
  steps(names: string[]): string;
  /** A due date that is only the earliest of several. */
  earliest(date: string): string;
  remaining(span: Span, overdue: boolean): string;
  due(date: string, remaining: string): string;
  moved(previous: string, date: string, remaining: string): string;
  reason(text: string): string;
  group(street: string, count: number): string;
  failuresHeading(count: number): string;
  failure(facts: FailureFacts): string;
  /** A digest's late steps beyond those it lists. */
  more(count: number): string;
  warningsHeading(count: number): string;
  warning(community: string, step: string, rule: RuleId, message: string): string;
}
