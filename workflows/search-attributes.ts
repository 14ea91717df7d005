/**
 * The custom search attributes huanjie upserts, so that lists and counts are visibility
 * queries rather than one workflow query per community. They carry ids and flags only:
 * never a person's name or birth date.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const kindKey = defineSearchAttributeKey('HuanjieKind', SearchAttributeType.KEYWORD);
export const campaignKey = defineSearchAttributeKey('HuanjieCampaign', SearchAttributeType.KEYWORD);
export const streetKey = defineSearchAttributeKey('HuanjieStreet', SearchAttributeType.KEYWORD);
export const stepKey = defineSearchAttributeKey('HuanjieStep', SearchAttributeType.KEYWORD);
export const overdueKey = defineSearchAttributeKey('HuanjieOverdue', SearchAttributeType.BOOL);
export const atRiskKey = defineSearchAttributeKey('HuanjieAtRisk', SearchAttributeType.BOOL);
/** A community whose election failed or left seats empty after the runoff: a new election is owed. */
export const reelectionKey = defineSearchAttributeKey('HuanjieReelection', SearchAttributeType.BOOL);

export const searchAttributeKeys = [kindKey, campaignKey, streetKey, stepKey, overdueKey, atRiskKey, reelectionKey];

/** The attributes a street or community workflow starts with: on its first step, on time. */
export function initialSearchAttributes(kind: 'street' | 'community', campaignId: string, streetId: string, step: string) {
  return [
    { key: kindKey, value: kind },
    { key: campaignKey, value: campaignId },
    { key: streetKey, value: streetId },
    { key: stepKey, value: step },
    { key: overdueKey, value: false },
    { key: atRiskKey, value: false },
    ...(kind === 'community' ? [{ key: reelectionKey, value: false }] : []),
  ];
}
