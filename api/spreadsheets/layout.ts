/**
 * The sheets of the two upload templates (../shared/API.md, "Spreadsheet uploads"): one
 * declaration that writes the blank template, reads the filled one and explains every
 * column on its 说明 sheet, so the three cannot disagree.
 */
import { COMMITTEE_NAMES, EDUCATION_NAMES, GENDER_NAMES, NOMINATION_NAMES, PARTY_ORGANISATION_NAMES, POST_NAMES, STEPS, type Locale } from '../../domain';
import { stepName } from '../../domain/step-names';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An enumeration as people write it: the value the API takes → its Chinese label. */
export type Choices = Readonly<Record<string, string>>;

export const LOCALE_LABELS: Readonly<Record<Locale, string>> = { 'zh-CN': '简体中文', en: 'English' };
export const YES_NO: Choices = { true: '是', false: '否' };

/**
 * What a cell holds. `text` and `id` are kept as typed; `date` takes 2027-08-08,
 * 2027/8/8, 2027年8月8日 or an Excel date; `emails` one or more, separated by commas,
 * semicolons or spaces; `choice` a label (or the API's value itself).
 */
export type CellKind = 'text' | 'id' | 'email' | 'emails' | 'date' | 'count' | 'yes-no' | { choices: Choices };

export interface Field {
  /** The header (table sheets) or the row's 项目 (key-value sheets). */
  label: string;
  /** Where the value goes in the JSON body, below the row's object: `officeEmail`, `calendar.training`. */
  key: string;
  kind: CellKind;
  required: boolean;
  help: string;
  /** Column width in characters. */
  width?: number;
}

/** A sheet of rows under a header row. */
export interface TableSheet {
  name: string;
  fields: readonly Field[];
  /** Data rows it may hold. */
  maxRows: number;
}

/** A sheet of 项目 | 值 rows. */
export interface ItemSheet {
  name: string;
  items: readonly Field[];
}

export const ITEM_HEADERS = ['项目', '值'] as const;

export const activitySheet: ItemSheet = {
  name: '活动',
  items: [
    { label: '编号', key: 'id', kind: 'id', required: true, help: '活动编号：3-64 位小写字母、数字或连字符，例如 yiwu-2027' },
    { label: '名称', key: 'name', kind: 'text', required: true, help: '活动名称，例如 义乌市第三届社区两委换届选举' },
    { label: '时区', key: 'timezone', kind: 'text', required: false, help: 'IANA 时区，默认 Asia/Shanghai' },
    { label: '语言', key: 'locale', kind: { choices: LOCALE_LABELS }, required: false, help: '邮件和页面的语言，默认简体中文' },
    { label: '协调人邮箱', key: 'coordinators', kind: 'emails', required: true, help: '一个或多个邮箱，用逗号或分号隔开' },
    ...STEPS.map((step) => ({
      label: stepName(step, 'zh-CN'),
      key: `calendar.${step}`,
      kind: 'date' as const,
      required: true,
      help: `“${stepName(step, 'zh-CN')}”的截止日期，例如 2027-08-08；各步骤日期须依次推后`,
    })),
  ],
};

export const streetsSheet: TableSheet = {
  name: '街道',
  maxRows: 10_000,
  fields: [
    { label: '街道编号', key: 'id', kind: 'id', required: true, width: 16, help: '1-64 位小写字母、数字或连字符，在本活动中唯一，例如 choucheng' },
    { label: '街道名称', key: 'name', kind: 'text', required: true, width: 20, help: '例如 稠城街道' },
    { label: '街道办邮箱', key: 'officeEmail', kind: 'email', required: true, width: 34, help: '街道办接收提醒的邮箱' },
    { label: '指导组组长邮箱', key: 'leaderEmail', kind: 'email', required: true, width: 34, help: '逾期时接收督办的指导组组长邮箱' },
  ],
};

export const communitiesSheet: TableSheet = {
  name: '社区',
  maxRows: 100_000,
  fields: [
    { label: '街道编号', key: 'streetId', kind: 'id', required: true, width: 16, help: '“街道”工作表中的街道编号' },
    { label: '社区编号', key: 'id', kind: 'id', required: true, width: 16, help: '1-64 位小写字母、数字或连字符，在本活动中唯一，例如 xiuhu' },
    { label: '社区名称', key: 'name', kind: 'text', required: true, width: 20, help: '例如 绣湖社区' },
    { label: '户数', key: 'households', kind: 'count', required: false, width: 10, help: '整数，可不填' },
    { label: '暂住人口', key: 'temporaryResidents', kind: 'count', required: false, width: 10, help: '整数，可不填' },
    { label: '党组织类型', key: 'partyOrganisation', kind: { choices: PARTY_ORGANISATION_NAMES }, required: false, width: 12, help: '党委、党总支或党支部，决定党组织职数；不填为党总支' },
  ],
};

export const candidatesSheet: TableSheet = {
  name: '候选人',
  // Two slates of at most 50 candidates each.
  maxRows: 100,
  fields: [
    { label: '委员会', key: 'committee', kind: { choices: COMMITTEE_NAMES }, required: true, width: 10, help: '党组织或居委会；交叉任职的候选人在两个委员会各填一行，编号相同' },
    { label: '编号', key: 'id', kind: 'id', required: true, width: 12, help: '候选人编号（不用姓名），例如 c01；同一人在两个委员会编号相同' },
    { label: '姓名', key: 'name', kind: 'text', required: true, width: 12, help: '候选人姓名' },
    { label: '性别', key: 'gender', kind: { choices: GENDER_NAMES }, required: true, width: 8, help: '男或女' },
    { label: '出生日期', key: 'birthDate', kind: 'date', required: true, width: 14, help: '例如 1985-03-01' },
    { label: '文化程度', key: 'education', kind: { choices: EDUCATION_NAMES }, required: true, width: 10, help: '小学、初中、高中、中专、大专、本科、硕士或博士' },
    { label: '是否原班子成员', key: 'incumbent', kind: 'yes-no', required: true, width: 14, help: '是或否' },
    { label: '是否正式党员', key: 'partyMember', kind: 'yes-no', required: true, width: 14, help: '是或否' },
    { label: '提名方式', key: 'nomination', kind: { choices: NOMINATION_NAMES }, required: true, width: 12, help: '联合提名或自荐' },
    { label: '拟任职务', key: 'post', kind: { choices: POST_NAMES }, required: false, width: 10, help: '书记、副书记、主任、副主任或委员，可不填；书记兼主任即“一肩挑”' },
  ],
};

export const nominationSheet: ItemSheet = {
  name: '提名',
  items: [
    { label: '党组织职数', key: 'party.seats', kind: 'count', required: true, help: '党组织委员会应选人数' },
    { label: '居委会职数', key: 'residents.seats', kind: 'count', required: true, help: '居民委员会应选人数' },
    { label: '候选人名单公布日期', key: 'publishedOn', kind: 'date', required: true, help: '候选人名单张榜公布的日期' },
    { label: '离任审计公布日期', key: 'departureAudit.publishedOn', kind: 'date', required: false, help: '离任经济责任审计结果公布的日期；原主任连任参选、未审计的不填' },
    { label: '原主任是否参选', key: 'incumbentDirectorStands', kind: 'yes-no', required: false, help: '是或否；不填离任审计公布日期时须填“是”' },
  ],
};

export interface TemplateLayout {
  items: ItemSheet;
  tables: readonly TableSheet[];
}

export const campaignLayout: TemplateLayout = { items: activitySheet, tables: [streetsSheet, communitiesSheet] };
export const nominationLayout: TemplateLayout = { items: nominationSheet, tables: [candidatesSheet] };

/** The column letter of a 1-based column number. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export const cellRef = (sheet: string, column: number, row: number) => `${sheet}!${columnLetter(column)}${row}`;
