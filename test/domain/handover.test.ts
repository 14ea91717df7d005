import { checkHandover, type Handover } from '../../domain';

const complete: Handover = {
  date: '2027-10-18',
  checklist: { seals: true, premises: true, finances: true, assets: true, archives: true, liabilities: true },
  newTeamTrained: true,
  outgoingMembersTalkedWith: true,
};

describe('checkHandover', () => {
  it('accepts a complete handover', () => {
    expect(checkHandover(complete)).toEqual([]);
  });

  it.each(['seals', 'premises', 'finances', 'assets', 'archives', 'liabilities'] as const)('refuses without %s', (item) => {
    const body = { ...complete, checklist: { ...complete.checklist, [item]: false } };
    expect(checkHandover(body).map(({ rule, path }) => ({ rule, path }))).toEqual([
      { rule: 'handover-incomplete', path: `checklist.${item}` },
    ]);
  });

  it.each(['newTeamTrained', 'outgoingMembersTalkedWith'] as const)('refuses without %s', (item) => {
    expect(checkHandover({ ...complete, [item]: false }).map(({ rule, path }) => ({ rule, path }))).toEqual([
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
    expect(checkHandover(nothing)).toHaveLength(8);
  });
});
