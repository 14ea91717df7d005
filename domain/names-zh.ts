import type { Education, Gender, Standing } from './eligibility';
import type { PartyOrganisation } from './policy';
import type { Candidate, ElectionMethod, Post, SlateKind } from './update-schemas';
import type { RuleId } from './violations';

/**
 * The Chinese words for the domain's enumerations, as the speech, the forms and the
 * spreadsheets write them: one home for the board, the templates and the rules' messages.
 */
export const GENDER_NAMES: Readonly<Record<Gender, string>> = { male: '男', female: '女' };

export const EDUCATION_NAMES: Readonly<Record<Education, string>> = {
  primary: '小学',
  'junior-high': '初中',
  'senior-high': '高中',
  vocational: '中专',
  college: '大专',
  bachelor: '本科',
  master: '硕士',
  doctorate: '博士',
};

export const PARTY_ORGANISATION_NAMES: Readonly<Record<PartyOrganisation, string>> = { committee: '党委', 'general-branch': '党总支', branch: '党支部' };

export const POST_NAMES: Readonly<Record<Post, string>> = { secretary: '书记', 'deputy-secretary': '副书记', director: '主任', 'deputy-director': '副主任', member: '委员' };

export const COMMITTEE_NAMES: Readonly<Record<SlateKind, string>> = { party: '党组织', residents: '居委会' };

export const NOMINATION_NAMES: Readonly<Record<Candidate['nomination'], string>> = { joint: '联合提名', self: '自荐' };

export const STANDING_NAMES: Readonly<Record<Standing, string>> = { new: '新任', incumbent: '原班子成员' };

export const METHOD_NAMES: Readonly<Record<ElectionMethod, string>> = { direct: '直接选举', representative: '居民代表会议选举' };

/** Each rule's name, as a refusal or a warning is headed. */
export const RULE_NAMES: Readonly<Record<RuleId, string>> = {
  'election-method': '选举方式',
  'direct-quota': '直接选举比例',
  seats: '职数',
  'team-size': '班子规模',
  competitive: '差额选举',
  'eligibility-age': '年龄条件',
  'eligibility-education': '学历条件',
  'party-member': '党员身份',
  adult: '年满十八周岁',
  'women-member': '女性成员',
  'candidate-list-lead': '候选人名单公布时间',
  'audit-before-election': '离任审计公布时间',
  'voter-list-lead': '选民名单公布时间',
  'voter-count': '选民人数',
  'ballot-count': '选票数',
  'proxy-limit': '委托投票',
  'mobile-box': '流动票箱',
  'unknown-candidate': '候选人编号',
  'already-elected': '已当选',
  'runoff-candidates': '另行选举候选人',
  'runoff-not-needed': '无需另行选举',
  'runoff-required': '须另行选举',
  'handover-incomplete': '交接未完成',
  'handover-deadline': '交接期限',
};
