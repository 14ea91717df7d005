import { DeadlineTracker, type DeadlineConfig, type DeadlineTrackerState, type UnitDeadline } from '../../domain';

const HOUR = 3_600_000;
const T = Date.UTC(2027, 7, 8, 4, 0, 0); // an instant due date: reminders count back from it
const config: DeadlineConfig = { timezone: 'Asia/Shanghai', reminders: [2 * HOUR, HOUR], leader: 0, coordinators: 3 * HOUR, repeat: 3 * HOUR, atRisk: 7 * HOUR };

function tracker(): { tracker: DeadlineTracker; state: DeadlineTrackerState } {
  const state: DeadlineTrackerState = { tracks: {}, flags: {} };
  return { tracker: new DeadlineTracker(config, state), state };
}

const due = (unit: string, dueAt = T): UnitDeadline => ({ unit, current: { step: 'training', dueAt } });

describe('one step through its deadline, tick by tick', () => {
  const { tracker: t, state } = tracker();
  const units = [due('c1')];
  const cases: [string, number, object][] = [
    ['becomes current before its reminders: nothing yet', T - 3 * HOUR, { mails: [], escalations: [], flags: [] }],
    ['the first reminder', T - 2 * HOUR, { mails: [{ kind: 'reminder', at: T - 2 * HOUR, items: [{ unit: 'c1', step: 'training', dueAt: T }] }], escalations: [], flags: [] }],
    ['the second reminder, no repeat of the first', T - HOUR + 5, { mails: [{ kind: 'reminder', at: T - HOUR, items: [expect.objectContaining({ unit: 'c1' })] }], escalations: [], flags: [] }],
    ['a millisecond late: overdue, the leader told at once', T + 1, { mails: [{ kind: 'overdue', at: T + 1, items: [expect.objectContaining({ unit: 'c1' })] }], escalations: [], flags: [{ unit: 'c1', flags: { overdue: true, atRisk: false } }] }],
    ['three hours late: the coordinators', T + 1 + 3 * HOUR, { mails: [], escalations: [{ at: T + 1 + 3 * HOUR, items: [{ unit: 'c1', step: 'training', dueAt: T }] }], flags: [] }],
    ['seven hours late: at risk, and the repeat at six', T + 1 + 7 * HOUR, {
      mails: [{ kind: 'at-risk', at: T + 1 + 7 * HOUR, items: [expect.objectContaining({ unit: 'c1', atRisk: true })] }],
      escalations: [{ at: T + 1 + 6 * HOUR, items: [expect.objectContaining({ unit: 'c1' })] }],
      flags: [{ unit: 'c1', flags: { overdue: true, atRisk: true } }],
    }],
  ];
  test.each(cases)('%s', (_name, now, expected) => {
    expect(t.tick(units, now)).toEqual(expected);
  });
  test('the track counts what was sent and how far it escalated', () => {
    expect(state.tracks['c1/training']).toMatchObject({ remindersSent: 2, escalationLevel: 3, overdue: true, atRisk: true });
  });
  test('done: its flags go back, its view keeps the counts, nothing wakes it', () => {
    expect(t.tick([{ unit: 'c1', current: null }], T + 8 * HOUR).flags).toEqual([{ unit: 'c1', flags: { overdue: false, atRisk: false } }]);
    const record = { step: 'training' as const, due: '', dueAt: T, status: 'done' as const, completedAt: null, completedBy: null, evidence: null };
    expect(t.view('c1', record, T + 8 * HOUR)).toEqual({ overdue: false, remindersSent: 2, escalationLevel: 3 });
    expect(t.nextWake([{ unit: 'c1', current: null }])).toBe(Infinity);
  });
});

test('units due at the same instant share one email per kind and time', () => {
  const { tracker: t } = tracker();
  const units = [due('c1'), due('c2'), due('c3', T + HOUR)];
  t.tick(units, T - 3 * HOUR);
  expect(t.nextWake(units)).toBe(T - 2 * HOUR);
  const { mails } = t.tick(units, T - 2 * HOUR);
  expect(mails).toEqual([{ kind: 'reminder', at: T - 2 * HOUR, items: [expect.objectContaining({ unit: 'c1' }), expect.objectContaining({ unit: 'c2' })] }]);
  expect(t.nextWake(units)).toBe(T - HOUR);
});

test('a step that becomes current already late sends one overdue email now, no reminders', () => {
  const { tracker: t } = tracker();
  const now = T + 2 * HOUR;
  expect(t.tick([due('c1')], now)).toEqual({
    mails: [{ kind: 'overdue', at: now, items: [{ unit: 'c1', step: 'training', dueAt: T, atRisk: false }] }],
    escalations: [],
    flags: [{ unit: 'c1', flags: { overdue: true, atRisk: false } }],
  });
  expect(t.nextWake([due('c1')])).toBe(T + 1 + 3 * HOUR);
});

test('a moved due date starts the track afresh and keeps its reminder count', () => {
  const { tracker: t, state } = tracker();
  t.tick([due('c1')], T - 3 * HOUR);
  t.tick([due('c1')], T - 2 * HOUR);
  const later = T + 24 * HOUR;
  expect(t.tick([due('c1', later)], T - HOUR)).toEqual({ mails: [], escalations: [], flags: [] });
  expect(state.tracks['c1/training']).toMatchObject({ dueAt: later, remindersSent: 1, overdue: false });
  expect(t.nextWake([due('c1', later)])).toBe(later - 2 * HOUR);
});

test('an overdue step moved into the future is back on time', () => {
  const { tracker: t } = tracker();
  t.tick([due('c1')], T + HOUR);
  expect(t.tick([due('c1', T + 48 * HOUR)], T + 2 * HOUR).flags).toEqual([{ unit: 'c1', flags: { overdue: false, atRisk: false } }]);
});
