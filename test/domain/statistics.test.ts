import { campaignStatistics, electedMembers, teamsOf, turnoutOf, type CommunityEvidence, type TeamCandidate } from '../../domain';

const person = (id: string, fields: Partial<TeamCandidate> = {}): TeamCandidate => ({
  id,
  gender: 'male',
  birthDate: '1980-01-01',
  education: 'bachelor',
  incumbent: false,
  ...fields,
});

const community = (fields: Partial<CommunityEvidence>): CommunityEvidence => ({
  streetId: 's1',
  method: 'direct',
  electionDay: '2027-10-10',
  slates: { party: [], residents: [] },
  elected: { party: [], residents: [] },
  firstRound: null,
  ...fields,
});

describe('electedMembers', () => {
  test.each([
    ['a person elected to both committees is one member, cross-appointed', ['a', 'b'], ['a', 'c'], ['a', 'b', 'c'], ['a']],
    ['one on both slates but elected to one only is not cross-appointed', ['a'], ['c'], ['a', 'c'], []],
    ['a candidate not elected is no member', [], ['c'], ['c'], []],
  ])('%s', (_, party, residents, members, cross) => {
    const evidence = community({
      slates: { party: [person('a'), person('b')], residents: [person('a'), person('c')] },
      elected: { party, residents },
    });
    const elected = electedMembers(evidence);
    expect(elected.map((m) => m.candidate.id)).toEqual(members);
    expect(elected.filter((m) => m.party && m.residents).map((m) => m.candidate.id)).toEqual(cross);
    expect(teamsOf([evidence]).crossAppointed).toBe(cross.length);
    expect(teamsOf([evidence]).members).toBe(members.length);
  });
});

describe('ages are counted on the election day', () => {
  test.each([
    // birthDate, electionDay, age, under35, over50
    ['1992-10-10', '2027-10-10', 35, 1, 0],
    ['1992-10-11', '2027-10-10', 34, 1, 0],
    ['1991-10-10', '2027-10-10', 36, 0, 0],
    ['1977-10-11', '2027-10-10', 49, 0, 0],
    ['1977-10-10', '2027-10-10', 50, 0, 1],
    ['1977-10-10', '2027-10-09', 49, 0, 0],
  ])('born %s, elected %s: %i', (birthDate, electionDay, age, under35, over50) => {
    const evidence = community({ electionDay, slates: { party: [person('a', { birthDate })], residents: [] }, elected: { party: ['a'], residents: [] } });
    expect(electedMembers(evidence)[0].age).toBe(age);
    expect(teamsOf([evidence])).toMatchObject({ averageAge: age, under35, over50 });
  });

  test('the average is over distinct people, to one decimal', () => {
    const evidence = community({
      slates: { party: [person('a', { birthDate: '1990-01-01' }), person('b', { birthDate: '1980-01-01' })], residents: [person('a', { birthDate: '1990-01-01' }), person('c', { birthDate: '1970-06-01' })] },
      elected: { party: ['a', 'b'], residents: ['a', 'c'] },
    });
    // 37, 47, 57 (a counted once, not twice)
    expect(teamsOf([evidence]).averageAge).toBe(47);
    expect(teamsOf([community({})]).averageAge).toBeNull();
  });
});

describe('一肩挑 (dual role) is detected by post', () => {
  test.each([
    ['secretary elected to the party committee and director elected to the residents committee', 'secretary', 'director', ['a'], ['a'], 1],
    ['the secretary is not elected director', 'secretary', 'director', ['a'], [], 0],
    ['the secretary stands as deputy director', 'secretary', 'deputy-director', ['a'], ['a'], 0],
    ['the director is the deputy secretary', 'deputy-secretary', 'director', ['a'], ['a'], 0],
    ['no posts given', undefined, undefined, ['a'], ['a'], 0],
  ])('%s', (_, partyPost, residentsPost, party, residents, dualRole) => {
    const evidence = community({
      slates: { party: [person('a', { post: partyPost })], residents: [person('a', { post: residentsPost })] },
      elected: { party, residents },
    });
    expect(teamsOf([evidence]).dualRole).toBe(dualRole);
  });

  test('two different people as secretary and director are not 一肩挑', () => {
    const evidence = community({
      slates: { party: [person('a', { post: 'secretary' })], residents: [person('b', { post: 'director' })] },
      elected: { party: ['a'], residents: ['b'] },
    });
    expect(teamsOf([evidence]).dualRole).toBe(0);
  });
});

describe('teams', () => {
  test('women, education and incumbents are counted over distinct people', () => {
    const a = person('a', { gender: 'female', education: 'college', incumbent: true });
    const evidence = community({
      slates: {
        party: [a, person('b', { education: 'vocational' })],
        residents: [a, person('c', { gender: 'female', education: 'senior-high', incumbent: true }), person('d', { education: 'doctorate' })],
      },
      elected: { party: ['a', 'b'], residents: ['a', 'c', 'd'] },
    });
    expect(teamsOf([evidence])).toEqual({
      communities: 1,
      members: 4,
      women: 2,
      averageAge: 47,
      under35: 0,
      over50: 0,
      collegeOrAbove: 2,
      incumbentsReelected: 2,
      crossAppointed: 1,
      dualRole: 0,
    });
  });

  test('a community not yet nominated or elected adds no team', () => {
    expect(teamsOf([community({ slates: null }), community({})]).communities).toBe(0);
  });
});

describe('turnout', () => {
  test.each([
    ['direct first rounds add up', [['direct', 1000, 800], ['direct', 3000, 2000]], 4000, 2800],
    ['a representative assembly is not turnout', [['direct', 1000, 800], ['representative', 50, 45]], 1000, 800],
    ['a community without a first round adds nothing', [['direct', null, null]], 0, 0],
  ] as const)('%s', (_, rounds, registered, cast) => {
    const communities = rounds.map(([method, r, c]) => community({ method, firstRound: r === null ? null : { registered: r, cast: c! } }));
    const result = turnoutOf(communities);
    expect(result).toEqual({ registered, cast, rate: registered ? cast / registered : null });
  });
});

test('campaignStatistics: per street in order of appearance, and in all', () => {
  const team = (streetId: string, ids: string[], firstRound: { registered: number; cast: number }) =>
    community({ streetId, slates: { party: ids.map((id) => person(id)), residents: [] }, elected: { party: ids, residents: [] }, firstRound });
  const stats = campaignStatistics([team('s2', ['a', 'b'], { registered: 100, cast: 60 }), team('s1', ['c'], { registered: 100, cast: 80 }), team('s2', ['d'], { registered: 200, cast: 100 })]);
  expect(stats.streets.map((s) => [s.id, s.teams.members, s.teams.communities, s.turnout.cast])).toEqual([
    ['s2', 3, 2, 160],
    ['s1', 1, 1, 80],
  ]);
  expect(stats.teams.members).toBe(4);
  expect(stats.turnout).toEqual({ registered: 400, cast: 240, rate: 0.6 });
});
