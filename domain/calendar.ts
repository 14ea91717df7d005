import type { Locale } from './locale';

/**
 * Dates and durations, computed from the caller's instants only: this module
 * runs inside Temporal's deterministic workflow sandbox, so it never reads a
 * clock. Time zones go through Intl, which knows each zone's DST history.
 */

export const MS_PER_DAY = 86_400_000;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A date-time without an offset would be read in the host's zone: refused. */
const HAS_OFFSET = /T.*(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * Weeks, days, hours, minutes, seconds. Months and years are refused: their
 * length varies, and a reminder offset must mean the same span every time.
 */
export const DURATION_PATTERN =
  /^P(?!$)(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return true;
  } catch {
    return false;
  }
}

// Building a DateTimeFormat is costly and a campaign has one zone: reuse them.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let found = formatters.get(key);
  if (!found) {
    found = make();
    formatters.set(key, found);
  }
  return found;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(ms: number, timeZone: string): WallClock {
  const parts = formatter(`parts|${timeZone}`, () =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }),
  ).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
}

/** Milliseconds the zone's wall clock is ahead of UTC at that instant. */
function zoneOffset(ms: number, timeZone: string): number {
  const wall = wallClock(ms, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant a wall-clock time (given as if it were UTC) happens in a zone.
 * The offset is looked up twice because the first guess may sit on the other
 * side of a DST change.
 */
function wallToInstant(wallAsUtc: number, timeZone: string): number {
  const guess = wallAsUtc - zoneOffset(wallAsUtc, timeZone);
  return wallAsUtc - zoneOffset(guess, timeZone);
}

function parseDay(day: string): [number, number, number] | null {
  const match = DAY.exec(day);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

/** A real `YYYY-MM-DD` day (no 2027-02-30). */
export function isCalendarDay(value: string): boolean {
  const parsed = parseDay(value);
  if (!parsed) return false;
  const date = new Date(Date.UTC(parsed[0], parsed[1] - 1, parsed[2]));
  return date.getUTCFullYear() === parsed[0] && date.getUTCMonth() === parsed[1] - 1 && date.getUTCDate() === parsed[2];
}

function dayAsUtc(day: string): number {
  const parsed = parseDay(day);
  if (!parsed) throw new RangeError(`not a YYYY-MM-DD date: '${day}'`);
  return Date.UTC(parsed[0], parsed[1] - 1, parsed[2]);
}

/**
 * Epoch ms of a due date: a `YYYY-MM-DD` day means its last millisecond
 * (23:59:59.999) in the campaign's zone; a date-time must carry its offset.
 */
export function dueInstant(due: string, timeZone: string): number {
  if (parseDay(due)) return wallToInstant(dayAsUtc(due) + MS_PER_DAY - 1, timeZone);
  const ms = HAS_OFFSET.test(due) ? Date.parse(due) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not a date or a date-time with offset: '${due}'`);
  return ms;
}

/** `YYYY-MM-DD` of an instant on the zone's wall calendar. */
export function localDate(ms: number, timeZone: string): string {
  const wall = wallClock(ms, timeZone);
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(wall.year, 4)}-${pad(wall.month, 2)}-${pad(wall.day, 2)}`;
}

/** The calendar day a due date falls on in the zone. */
export function dueDay(due: string, timeZone: string): string {
  return parseDay(due) ? due : localDate(dueInstant(due, timeZone), timeZone);
}

/** Whole calendar days from one `YYYY-MM-DD` to another (negative if earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayAsUtc(to) - dayAsUtc(from)) / MS_PER_DAY);
}

/** Age in whole years on a day; the year is reached on the birthday itself. */
export function ageOn(birthDate: string, day: string): number {
  const born = parseDay(birthDate);
  const on = parseDay(day);
  if (!born || !on) throw new RangeError(`not YYYY-MM-DD dates: '${birthDate}', '${day}'`);
  const beforeBirthday = on[1] < born[1] || (on[1] === born[1] && on[2] < born[2]);
  return on[0] - born[0] - (beforeBirthday ? 1 : 0);
}

export function parseDuration(iso: string): number {
  const match = DURATION_PATTERN.exec(iso);
  if (!match) throw new RangeError(`not an ISO 8601 duration of weeks, days, hours, minutes, seconds: '${iso}'`);
  const [weeks, daysCount, hours, minutes] = match.slice(1, 5).map((n) => Number(n ?? 0));
  const seconds = Number(match[5] ?? 0);
  return Math.round(
    (((weeks * 7 + daysCount) * 24 + hours) * 60 + minutes) * 60_000 + seconds * 1000,
  );
}

/** A date for people: '2027年8月8日' (zh-CN) or '8 August 2027' (en). */
export function formatDate(ms: number, timeZone: string, locale: Locale): string {
  return formatter(`date|${locale}|${timeZone}`, () =>
    new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-GB', {
      timeZone,
      year: 'numeric',
      month: 'long',
      day: 'numeric',
    }),
  ).format(ms);
}
