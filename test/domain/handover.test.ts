import { checkHandover, defaultPolicy, type Handover } from '../../domain';
import { RESIDENTS_DAY } from './fixtures';

const context = { residentsElectionDay: RESIDENTS_DAY, policy: defaultPolicy() };
const check = (body: Handover) => checkHandover(body, context);

const complete: Handover = {
  date: '2027-10-18',
  checklist: { seals: true, premises: true, finances: true, assets: true, archives: true, liabilities: true },
  newTeamTrained: true,
  outgoingMembersTalkedWith: true,
};

describe('checkHandover', () => {
  it('accepts a complete handover', () => {
    expect(check(complete)).toEqual([]);
  });

  it.each(['seals', 'premises', 'finances', 'assets', 'archives', 'liabilities'] as const)('refuses without %s', (item) => {
    const body = { ...complete, checklist: { ...complete.checklist, [item]: false } };
    expect(check(body).map(({ rule, path }) => ({ rule, path }))).toEqual([
      { rule: 'handover-incomplete', path: `checklist.${item}` },
    ]);
  });

  it.each(['newTeamTrained', 'outgoingMembersTalkedWith'] as const)('refuses without %s', (item) => {
    expect(check({ ...complete, [item]: false }).map(({ rule, path }) => ({ rule, path }))).toEqual([
      { rule: 'handover-incomplete', path: item },
    ]);
  });

  it('names every missing item', () => {
    const nothing: Handover = {
      ...complete,
      checklist: { seals: false, premises: false, finances: false, assets: false, archives: false, liabilities: false },
      newTeamTrained: false,
      outgoingMembersTalkedWith: false,
    };
    expect(check(nothing)).toHaveLength(8);
  });

  describe('handover-deadline: within 10 days of the residents’ election, a warning after', () => {
    it.each<[string, number, boolean]>([
      ['2027-10-10', 0, false],
      ['2027-10-20', 10, false],
      ['2027-10-21', 11, true],
      ['2027-11-10', 31, true],
    ])('handed over %s (%d days after)', (date, days, warned) => {
      expect(check({ ...complete, date })).toEqual(
        warned
          ? [
              {
                rule: 'handover-deadline',
                path: 'date',
                message: `handover ${days} days after the residents' election (2027-10-10); it is due within 10`,
                zh: `工作交接在居委会选举（2027-10-10）后第${days}天完成；应在10天内完成`,
                warning: true,
              },
            ]
          : [],
      );
    });

    it('follows the pack, and warns alongside the missing items', () => {
      const late = { ...complete, date: '2027-10-21' };
      expect(checkHandover(late, { ...context, policy: defaultPolicy({ handoverWithinDays: 11 }) })).toEqual([]);
      expect(check({ ...late, newTeamTrained: false }).map(({ rule, warning }) => ({ rule, warning }))).toEqual([
        { rule: 'handover-incomplete', warning: undefined },
        { rule: 'handover-deadline', warning: true },
      ]);
    });
  });
});
