/** The board's Chinese words for the API's ids: states, methods, rules, enumerations. */
import type { Role } from '../api/auth';
import { isStepId, percent, type StepStatus } from '../domain';
import { stepName } from '../domain/step-names';

export const roleLabel: Record<Role, string> = {
  coordinator: '组织部协调人',
  street: '街道办',
  admin: '管理员（审计）',
};

export const statusLabel: Record<StepStatus, string> = { waiting: '未开始', open: '进行中', done: '已完成' };

export const methodOptions = [
  ['direct', '直接选举'],
  ['representative', '居民代表会议选举'],
] as const;

export const methodLabel = (method: string | null): string => methodOptions.find(([id]) => id === method)?.[1] ?? '未确定';

export const genderOptions = [
  ['male', '男'],
  ['female', '女'],
] as const;

export const educationOptions = [
  ['primary', '小学'],
  ['junior-high', '初中'],
  ['senior-high', '高中'],
  ['vocational', '中专/职高'],
  ['college', '大专'],
  ['bachelor', '本科'],
  ['master', '硕士研究生'],
  ['doctorate', '博士研究生'],
] as const;

export const nominationOptions = [
  ['joint', '联合提名'],
  ['self', '自荐'],
] as const;

export const postOptions = [
  ['secretary', '书记'],
  ['deputy-secretary', '副书记'],
  ['director', '主任'],
  ['deputy-director', '副主任'],
  ['member', '委员'],
] as const;

export const roundOptions = [
  ['first', '第一轮'],
  ['runoff', '另行选举'],
] as const;

/** Rule ids are the API's (domain/violations.ts); a rule without a name here shows its id. */
const RULES: Record<string, string> = {
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

export const ruleLabel = (rule: string): string => (Object.hasOwn(RULES, rule) ? RULES[rule] : rule);

/** Refusals by status, as the heading of a refused form. */
export const refusalTitle: Record<number, string> = {
  400: '填写内容格式有误，请按提示修改',
  409: '该步骤现在不能提交',
  422: '不符合换届规定，未予受理',
};

export const errorPageTitle: Record<number, string> = {
  403: '无权访问',
  404: '未找到',
  503: '系统繁忙，请稍后再试',
};

/** A turnout or attendance: '80.0%', or a dash before any vote. */
export const rate = (ratio: number | null): string => (ratio === null ? '—' : percent(ratio));

/** A step's Chinese name; a place's `current` of 'done' reads 已全部完成. */
export const stepLabel = (step: string): string => (step === 'done' ? '已全部完成' : isStepId(step) ? stepName(step, 'zh-CN') : step);
