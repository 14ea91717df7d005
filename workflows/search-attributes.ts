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

export const searchAttributeKeys = [kindKey, campaignKey, streetKey, stepKey, overdueKey, atRiskKey];
