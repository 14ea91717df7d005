import { checkVoterRegistration, defaultPolicy } from '../../domain';

const electionDay = '2027-10-10';

describe('checkVoterRegistration', () => {
  it.each([
    ['2027-09-01', 39, []],
    ['2027-09-20', 20, []],
    ['2027-09-21', 19, ['voter-list-lead']],
    ['2027-10-11', -1, ['voter-list-lead']],
  ])('published %s (%d days before) ', (publishedOn, _days, rules) => {
    const violations = checkVoterRegistration({ registeredVoters: 3000, publishedOn }, { electionDay, policy: defaultPolicy() });
    expect(violations.map((v) => v.rule)).toEqual(rules);
    violations.forEach((v) => expect(v.path).toBe('publishedOn'));
  });

  it('names the numbers and follows an overridden lead', () => {
    const body = { registeredVoters: 3000, publishedOn: '2027-09-21' };
    expect(checkVoterRegistration(body, { electionDay, policy: defaultPolicy() })[0].message).toBe(
      'voter list published 19 days before election day 2027-10-10; at least 20 required',
    );
    expect(checkVoterRegistration(body, { electionDay, policy: defaultPolicy({ voterListLeadDays: 15 }) })).toEqual([]);
  });
});
