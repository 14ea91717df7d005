import { campaignDefinitionSchema } from '../domain';
import { compressedCampaign, yiwuCampaign } from '../examples/yiwu';

test('the example campaign is the speech city: 4 streets, 27 communities, rosters due 8 August', () => {
  const parsed = campaignDefinitionSchema.parse(yiwuCampaign);
  expect(parsed.streets.map((s) => s.name)).toEqual(['稠城街道', '江东街道', '稠江街道', '北苑街道']);
  expect(parsed.streets.flatMap((s) => s.communities)).toHaveLength(27);
  expect(parsed.calendar['guidance-group']).toBe('2027-08-08');
});

test('the compressed calendar is a valid campaign with steps minutes apart', () => {
  const parsed = campaignDefinitionSchema.parse(compressedCampaign(Date.UTC(2027, 0, 1), 60_000, 'drill'));
  expect(parsed.calendar['guidance-group']).toBe('2027-01-01T00:01:00.000Z');
  expect(parsed.calendar.handover).toBe('2027-01-01T00:09:00.000Z');
});
