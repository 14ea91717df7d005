/**
 * The custom search attributes of huanjie's workflows: an admin finds a campaign's streets
 * with them in Temporal's Web UI, and the API lists a campaign's streets (whose memos say the
 * rest). They carry ids and flags only: never a person's name or birth date.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const kindKey = defineSearchAttributeKey('HuanjieKind', SearchAttributeType.KEYWORD);
export const campaignKey = defineSearchAttributeKey('HuanjieCampaign', SearchAttributeType.KEYWORD);
export const streetKey = defineSearchAttributeKey('HuanjieStreet', SearchAttributeType.KEYWORD);
/** The street's own current step, and whether it is overdue or at risk. */
export const stepKey = defineSearchAttributeKey('HuanjieStep', SearchAttributeType.KEYWORD);
export const overdueKey = defineSearchAttributeKey('HuanjieOverdue', SearchAttributeType.BOOL);
export const atRiskKey = defineSearchAttributeKey('HuanjieAtRisk', SearchAttributeType.BOOL);

export const searchAttributeKeys = [kindKey, campaignKey, streetKey, stepKey, overdueKey, atRiskKey];

/** The attributes a street workflow starts with: on its first step, on time. */
export function initialSearchAttributes(campaignId: string, streetId: string, step: string) {
  return [
    { key: kindKey, value: 'street' },
    { key: campaignKey, value: campaignId },
    { key: streetKey, value: streetId },
    { key: stepKey, value: step },
    { key: overdueKey, value: false },
    { key: atRiskKey, value: false },
  ];
}
