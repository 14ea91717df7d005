/** The board's Chinese words for the API's ids: states, methods, rules, enumerations. */
import type { Role } from '../api/auth';
import { EDUCATION_NAMES, GENDER_NAMES, METHOD_NAMES, NOMINATION_NAMES, POST_NAMES, RULE_NAMES, isStepId, percent, type RuleId, type StepStatus } from '../domain';
import { stepName } from '../domain/step-names';

export const roleLabel: Record<Role, string> = {
  coordinator: '组织部协调人',
  street: '街道办',
  admin: '管理员（审计）',
};

export const statusLabel: Record<StepStatus, string> = { waiting: '未开始', open: '进行中', done: '已完成' };

export const methodOptions = Object.entries(METHOD_NAMES);

export const methodLabel = (method: string | null): string => methodOptions.find(([id]) => id === method)?.[1] ?? '未确定';

export const genderOptions = Object.entries(GENDER_NAMES);

export const educationOptions = Object.entries(EDUCATION_NAMES);

export const nominationOptions = Object.entries(NOMINATION_NAMES);

export const postOptions = Object.entries(POST_NAMES);

export const roundOptions = [
  ['first', '第一轮'],
  ['runoff', '另行选举'],
] as const;

/** A rule's Chinese name; an id that is not a rule (a client's typo, say) shows as it is. */
export const ruleLabel = (rule: string): string => (Object.hasOwn(RULE_NAMES, rule) ? RULE_NAMES[rule as RuleId] : rule);

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
