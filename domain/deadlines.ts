import { localDate, MS_PER_DAY, parseDuration } from './calendar';
import type { Escalation } from './schemas';

/**
 * When a step's street office is reminded and when its lateness escalates, as pure
 * functions of its due instant. The street workflow arms its timers from these, the
 * campaign its coordinator digests, and the API shows the same numbers: one home.
 */
export interface DeadlineConfig {
  timezone: string;
  /** Offsets before the due date, longest first. */
  reminders: number[];
  leader: number;
  coordinators: number;
  repeat: number;
  atRisk: number;
}

export function deadlineConfig(campaign: { timezone: string; reminders: string[]; escalation: Escalation }): DeadlineConfig {
  return {
    timezone: campaign.timezone,
    reminders: campaign.reminders.map(parseDuration).sort((a, b) => b - a),
    leader: parseDuration(campaign.escalation.leader),
    coordinators: parseDuration(campaign.escalation.coordinators),
    repeat: parseDuration(campaign.escalation.repeat),
    atRisk: parseDuration(campaign.escalation.atRisk),
  };
}

/**
 * `reminder` and `due-today` go to the street office; `overdue` only flips the flag;
 * `leader` and `at-risk` go to the guidance-group leader. Coordinators hear through the
 * campaign's digest (`coordinatorTimes`).
 */
export type DeadlineEventKind = 'reminder' | 'due-today' | 'overdue' | 'leader' | 'at-risk';

export interface DeadlineEvent {
  at: number;
  kind: DeadlineEventKind;
}

/** A step is late from the first millisecond after its due instant. */
export function overdueFrom(dueAt: number): number {
  return dueAt + 1;
}

/**
 * A due date given as a day ends at 23:59:59.999; its reminders count back from the
 * start of that day, so "P1D" arrives the day before and "PT0S" on the morning of the
 * day itself (DOMAIN.md: "7, 3 and 1 days before, and on the day"). A due given as an
 * instant (compressed drill calendars) is its own anchor.
 */
function reminderAnchor(dueAt: number, timezone: string): number {
  const endsADay = localDate(dueAt, timezone) !== localDate(dueAt + 1, timezone);
  return endsADay ? dueAt + 1 - MS_PER_DAY : dueAt;
}

/** Every event of one step's deadline, in time order. */
export function deadlineEvents(dueAt: number, config: DeadlineConfig): DeadlineEvent[] {
  const anchor = reminderAnchor(dueAt, config.timezone);
  const late = overdueFrom(dueAt);
  const events: DeadlineEvent[] = [
    ...config.reminders.map((offset): DeadlineEvent => ({ at: anchor - offset, kind: offset === 0 ? 'due-today' : 'reminder' })),
    { at: late, kind: 'overdue' },
    { at: late + config.leader, kind: 'leader' },
    { at: late + config.atRisk, kind: 'at-risk' },
  ];
  return events.sort((a, b) => a.at - b.at);
}

export function isOverdue(dueAt: number, now: number): boolean {
  return now >= overdueFrom(dueAt);
}

export function isAtRisk(dueAt: number, now: number, config: DeadlineConfig): boolean {
  return now >= overdueFrom(dueAt) + config.atRisk;
}

/** The first coordinator escalation time of a late step after `after`. */
export function nextCoordinatorTime(dueAt: number, config: DeadlineConfig, after: number): number {
  const first = overdueFrom(dueAt) + config.coordinators;
  if (after < first) return first;
  return first + (Math.floor((after - first) / config.repeat) + 1) * config.repeat;
}

/** Whether `at` is one of a late step's coordinator escalation times. */
export function isCoordinatorTime(dueAt: number, config: DeadlineConfig, at: number): boolean {
  const first = overdueFrom(dueAt) + config.coordinators;
  return at >= first && (at - first) % config.repeat === 0;
}

/**
 * 0 on time; 1 once the leader has been told; then one more for each coordinator
 * escalation (the first, then every repeat).
 */
export function escalationLevel(dueAt: number, config: DeadlineConfig, now: number): number {
  const late = overdueFrom(dueAt);
  if (now < late + config.leader) return 0;
  const first = late + config.coordinators;
  return now < first ? 1 : 2 + Math.floor((now - first) / config.repeat);
}
