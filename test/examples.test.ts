import { campaignDefinitionSchema } from '../domain';
import { compressedCampaign, yiwuCampaign } from '../examples/yiwu';

test('the example campaign is the speech city: 4 streets, 27 communities, rosters due 8 August', () => {
  const parsed = campaignDefinitionSchema.parse(yiwuCampaign);
  expect(parsed.streets.map((s) => s.name)).toEqual(['稠城街道', '江东街道', '稠江街道', '北苑街道']);
  expect(parsed.streets.flatMap((s) => s.communities)).toHaveLength(27);
  expect(parsed.calendar['guidance-group']).toBe('2027-08-08');
  expect(parsed.policyPacks).toEqual(['cn-national-2026', 'zhejiang-2020', 'yiwu-2007']);
  const organisations = parsed.streets.flatMap((s) => s.communities.map((c) => c.partyOrganisation));
  expect(new Set(organisations)).toEqual(new Set(['committee', 'general-branch', 'branch']));
});

test('the compressed calendar is a valid campaign with steps minutes apart', () => {
  const parsed = campaignDefinitionSchema.parse(compressedCampaign(Date.UTC(2027, 0, 1), 60_000, 'drill'));
  expect(parsed.calendar['guidance-group']).toBe('2027-01-01T00:01:00.000Z');
  expect(parsed.calendar.handover).toBe('2027-01-01T00:09:00.000Z');
});
