import { communityState, onTime, type CommunityRecord, type ElectionMethod } from '../../domain';

function record(method: ElectionMethod, ballots: { registered: number; cast: number } | null): CommunityRecord {
  return {
    campaignId: 'yiwu-2027',
    streetId: 'choucheng',
    communityId: 'xiuhu',
    name: '绣湖社区',
    partyOrganisation: 'general-branch',
    method,
    steps: [],
    elections: { party: null, residents: null },
    warnings: [],
    ballots,
    reelectionRequired: false,
  };
}

describe('communityState: turnout and attendance', () => {
  it.each<[ElectionMethod, { registered: number; cast: number } | null, number | null, number | null]>([
    ['direct', { registered: 3000, cast: 1501 }, 1501 / 3000, null],
    ['representative', { registered: 90, cast: 60 }, null, 60 / 90],
    ['direct', null, null, null],
    ['representative', null, null, null],
  ])('%s election with ballots %j', (method, ballots, turnout, attendance) => {
    const state = communityState(record(method, ballots), () => onTime, false, 'campaign/yiwu-2027/street/choucheng');
    expect(state.turnout).toBe(turnout);
    expect(state.attendance).toBe(attendance);
  });
});
