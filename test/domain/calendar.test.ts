import { ageOn, daysBetween, dueDay, dueInstant, formatDate, localDate, parseDuration } from '../../domain';

describe('dueInstant', () => {
  it.each([
    ['2027-08-08', 'Asia/Shanghai', Date.UTC(2027, 7, 8, 15, 59, 59, 999)],
    // New York: EST (UTC-5) in winter, EDT (UTC-4) in summer.
    ['2027-01-15', 'America/New_York', Date.UTC(2027, 0, 16, 4, 59, 59, 999)],
    ['2027-07-04', 'America/New_York', Date.UTC(2027, 6, 5, 3, 59, 59, 999)],
    // The days clocks change: the day's end is already on the new offset.
    ['2027-03-14', 'America/New_York', Date.UTC(2027, 2, 15, 3, 59, 59, 999)],
    ['2027-11-07', 'America/New_York', Date.UTC(2027, 10, 8, 4, 59, 59, 999)],
    ['2027-08-08T12:00:00+08:00', 'America/New_York', Date.UTC(2027, 7, 8, 4)],
    ['2027-08-08T12:00:00Z', 'Asia/Shanghai', Date.UTC(2027, 7, 8, 12)],
  ])('%s in %s', (due, zone, expected) => {
    expect(dueInstant(due, zone)).toBe(expected);
  });

  it('refuses a date-time without offset, which would depend on the host zone', () => {
    expect(() => dueInstant('2027-08-08T12:00:00', 'Asia/Shanghai')).toThrow(RangeError);
  });
});

describe('parseDuration', () => {
  it.each([
    ['P7D', 7 * 86_400_000],
    ['PT30S', 30_000],
    ['P1DT2H', 26 * 3_600_000],
    ['PT0S', 0],
    ['P2W', 14 * 86_400_000],
    ['PT1H30M', 90 * 60_000],
    ['PT1.5S', 1500],
  ])('%s is %d ms', (iso, ms) => {
    expect(parseDuration(iso)).toBe(ms);
  });

  it.each(['P1M', 'P1Y', 'P', 'PT', 'P1DT', '7D', 'P-1D', ''])('refuses %j', (iso) => {
    expect(() => parseDuration(iso)).toThrow(RangeError);
  });
});

describe('dates for people and calendars', () => {
  const due = Date.UTC(2027, 7, 8, 15, 59, 59, 999);

  it('formats in the campaign language and zone', () => {
    expect(formatDate(due, 'Asia/Shanghai', 'zh-CN')).toBe('2027年8月8日');
    expect(formatDate(due, 'Asia/Shanghai', 'en')).toBe('8 August 2027');
  });

  it('reads the local calendar day', () => {
    expect(localDate(due, 'Asia/Shanghai')).toBe('2027-08-08');
    expect(localDate(due + 1, 'Asia/Shanghai')).toBe('2027-08-09');
    expect(localDate(due, 'America/New_York')).toBe('2027-08-08');
    expect(dueDay('2027-08-08T20:00:00-04:00', 'Asia/Shanghai')).toBe('2027-08-09');
    expect(dueDay('2027-08-08', 'Asia/Shanghai')).toBe('2027-08-08');
  });

  it('counts calendar days', () => {
    expect(daysBetween('2027-09-20', '2027-10-10')).toBe(20);
    expect(daysBetween('2027-10-10', '2027-09-20')).toBe(-20);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
  });

  it.each([
    ['1981-10-10', '2027-10-10', 46],
    ['1981-10-11', '2027-10-10', 45],
    ['1981-10-09', '2027-10-10', 46],
    ['2000-02-29', '2027-02-28', 26],
    ['2000-02-29', '2027-03-01', 27],
  ])('born %s, on %s, is %d', (born, day, age) => {
    expect(ageOn(born, day)).toBe(age);
  });
});
