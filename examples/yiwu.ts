/**
 * The speech's city as a ready campaign: four streets (稠城, 江东, 稠江, 北苑) and the 27 of
 * its 29 communities that re-elect, on the 2027 calendar of ../shared/API.md (guidance-group
 * rosters due 8 August). Community names are illustrative; the speech names none.
 */
import { STEPS, defaultPolicyPackIds, type CampaignDefinitionInput, type PartyOrganisation, type StepId } from '../domain';

/** A community's Party organisation, when not a general branch (党总支, the default). */
type Community = [id: string, name: string, partyOrganisation?: PartyOrganisation];

const street = (id: string, name: string, communities: Community[]) => ({
  id,
  name,
  officeEmail: `office@${id}.example.gov.cn`,
  leaderEmail: `secretary@${id}.example.gov.cn`,
  communities: communities.map(([communityId, communityName, partyOrganisation]) => ({
    id: communityId,
    name: communityName,
    ...(partyOrganisation && { partyOrganisation }),
  })),
});

export const yiwuCampaign: CampaignDefinitionInput = {
  id: 'yiwu-2027',
  name: '义乌市第三届社区两委换届选举',
  timezone: 'Asia/Shanghai',
  locale: 'zh-CN',
  coordinators: ['org2@example.gov.cn', 'minzheng@example.gov.cn'],
  calendar: {
    'guidance-group': '2027-08-08',
    'election-plan': '2027-08-12',
    'election-committee': '2027-08-15',
    training: '2027-08-25',
    'voter-registration': '2027-09-10',
    nomination: '2027-09-20',
    'party-election': '2027-09-25',
    'residents-election': '2027-10-10',
    handover: '2027-10-20',
  },
  // National law, then Zhejiang's rules, then the city's speech (GET /api/policy-packs).
  policyPacks: [...defaultPolicyPackIds],
  streets: [
    street('choucheng', '稠城街道', [
      ['xiuhu', '绣湖社区', 'committee'],
      ['binwang', '宾王社区'],
      ['xiachemen', '下车门社区'],
      ['chaoyang', '朝阳社区'],
      ['jiangbin', '江滨社区'],
      ['xinmalu', '新马路社区'],
      ['chouzhou', '稠州社区'],
      ['xianqian', '县前社区'],
    ]),
    street('jiangdong', '江东街道', [
      ['qingkou', '青口社区'],
      ['dongzhou', '东洲花园社区'],
      ['zongze', '宗泽社区'],
      ['xialuozhai', '下骆宅社区'],
      ['zhongxin', '中心社区'],
      ['xinguang', '新光社区'],
      ['dongjiang', '东江社区'],
    ]),
    street('choujiang', '稠江街道', [
      ['yangcun', '杨村社区'],
      ['siji', '四季社区'],
      ['longhui', '龙回社区'],
      ['xinwu', '新屋社区', 'branch'],
      ['gaoxin', '高新社区'],
      ['jiangwan', '江湾社区'],
    ]),
    street('beiyuan', '北苑街道', [
      ['chunhua', '春华社区'],
      ['lingyun', '凌云社区'],
      ['xiuhe', '秀禾社区'],
      ['xuefeng', '雪峰社区'],
      ['yinhai', '银海社区'],
      ['futian', '福田社区'],
    ]),
  ],
};

/**
 * The same campaign on a compressed calendar for drills and for trying huanjie out: the
 * steps fall due `spacingMs` apart from `from`, reminders come minutes (not days) before,
 * and escalation follows within minutes, so the emails of a whole campaign arrive in an hour.
 */
export function compressedCampaign(from: number, spacingMs = 5 * 60_000, id = `yiwu-drill-${from}`): CampaignDefinitionInput {
  const calendar = Object.fromEntries(
    STEPS.map((step, i) => [step, new Date(from + (i + 1) * spacingMs).toISOString()]),
  ) as Record<StepId, string>;
  return {
    ...yiwuCampaign,
    id,
    name: `${yiwuCampaign.name}（演练）`,
    calendar,
    reminders: ['PT2M', 'PT1M', 'PT0S'],
    escalation: { leader: 'PT0S', coordinators: 'PT1M', repeat: 'PT1M', atRisk: 'PT3M' },
    // Lists are published minutes, not days, before the elections of a compressed calendar.
    policy: { voterListLeadDays: 0, candidateListLeadDays: 0 },
    drill: true,
  };
}
