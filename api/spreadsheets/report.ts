/**
 * The report sent upward (report.xlsx): 进度 (streets × steps), 社区 (a row per community),
 * 当选 (a row per elected member), 统计 (the statistics). Each sheet has its title with
 * "截至…", the generation time, a styled and frozen header row, real dates and percentages.
 */
import ExcelJS from 'exceljs';
import {
  COMMUNITY_STEPS,
  EDUCATION_NAMES,
  GENDER_NAMES,
  POST_NAMES,
  STEPS,
  STREET_STEPS,
  campaignStatistics,
  dueDay,
  electedMembers,
  formatDate,
  localDate,
  type CommunityState,
  type StepId,
  type TeamStatistics,
  type TurnoutStatistics,
} from '../../domain';
import { stepName } from '../../domain/step-names';
import { evidenceOf, type CampaignView } from '../community-view';
import { YES_NO } from './layout';
import { styleHeader } from './style';

export type CellFormat = 'date' | 'datetime' | 'percent';

export interface Column<T> {
  header: string;
  width: number;
  format?: CellFormat;
  value(row: T): string | number | Date | null;
}

const numFmts: Record<CellFormat, string> = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm', percent: '0.0%' };

/** A day or an instant as Excel shows it: the wall-clock time in the campaign's zone, stored as if UTC. */
export function wallDate(dayOrInstant: string | number, timezone: string): Date {
  if (typeof dayOrInstant === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(dayOrInstant)) return new Date(`${dayOrInstant}T00:00:00Z`);
  const ms = typeof dayOrInstant === 'number' ? dayOrInstant : Date.parse(dayOrInstant);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(ms);
  return new Date(`${localDate(ms, timezone)}T${time}Z`);
}

const yesNo = (value: boolean) => YES_NO[String(value)];

const METHOD_LABELS = { direct: '直接选举', representative: '居民代表选举' } as const;

/** A community's row, for the 社区 sheet and the CSV alike. */
export interface CommunityRow {
  community: CommunityState;
  streetName: string;
  timezone: string;
}

const currentOf = (c: CommunityState) => (c.current === 'done' ? undefined : c.steps.find((s) => s.step === c.current));
const stepOf = (c: CommunityState, step: StepId) => c.steps.find((s) => s.step === step);

export const communityColumns: readonly Column<CommunityRow>[] = [
  { header: '街道', width: 14, value: (r) => r.streetName },
  { header: '社区编号', width: 14, value: (r) => r.community.communityId },
  { header: '社区名称', width: 18, value: (r) => r.community.name },
  { header: '选举方式', width: 14, value: (r) => (r.community.method ? METHOD_LABELS[r.community.method] : '未定') },
  { header: '当前步骤', width: 14, value: (r) => (r.community.current === 'done' ? '已完成' : stepName(r.community.current, 'zh-CN')) },
  { header: '当前步骤截止日期', width: 16, format: 'date', value: (r) => { const step = currentOf(r.community); return step ? wallDate(dueDay(step.due, r.timezone), r.timezone) : null; } },
  { header: '逾期', width: 6, value: (r) => yesNo(currentOf(r.community)?.overdue ?? false) },
  { header: '风险', width: 6, value: (r) => yesNo(r.community.atRisk) },
  // A representative assembly's first round counts its representatives and those present.
  { header: '选民（代表）数', width: 14, value: (r) => r.community.ballots?.registered ?? null },
  { header: '投票（出席）人数', width: 16, value: (r) => r.community.ballots?.cast ?? null },
  { header: '投票率', width: 8, format: 'percent', value: (r) => r.community.turnout },
  { header: '出席率', width: 8, format: 'percent', value: (r) => r.community.attendance },
  { header: '党组织当选', width: 10, value: (r) => r.community.elections.party?.elected.length ?? null },
  { header: '居委会当选', width: 10, value: (r) => r.community.elections.residents?.elected.length ?? null },
  { header: '需重新选举', width: 10, value: (r) => yesNo(r.community.reelectionRequired) },
  { header: '交接完成时间', width: 18, format: 'datetime', value: (r) => { const at = stepOf(r.community, 'handover')?.completedAt; return at ? wallDate(at, r.timezone) : null; } },
];

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

interface StatisticsRow {
  scope: string;
  turnout: TurnoutStatistics;
  teams: TeamStatistics;
}

const statisticsColumns: readonly Column<StatisticsRow>[] = [
  { header: '范围', width: 14, value: (r) => r.scope },
  { header: '社区数', width: 8, value: (r) => r.teams.communities },
  { header: '当选人数', width: 10, value: (r) => r.teams.members },
  { header: '女性', width: 8, value: (r) => r.teams.women },
  { header: '女性占比', width: 10, format: 'percent', value: (r) => share(r.teams.women, r.teams.members) },
  { header: '平均年龄', width: 10, value: (r) => r.teams.averageAge },
  { header: '35岁以下', width: 10, value: (r) => r.teams.under35 },
  { header: '50岁以上', width: 10, value: (r) => r.teams.over50 },
  { header: '大专及以上', width: 10, value: (r) => r.teams.collegeOrAbove },
  { header: '大专及以上占比', width: 14, format: 'percent', value: (r) => share(r.teams.collegeOrAbove, r.teams.members) },
  { header: '连任', width: 8, value: (r) => r.teams.incumbentsReelected },
  { header: '交叉任职', width: 10, value: (r) => r.teams.crossAppointed },
  { header: '一肩挑', width: 8, value: (r) => r.teams.dualRole },
  { header: '直选登记选民', width: 12, value: (r) => r.turnout.registered },
  { header: '直选投票人数', width: 12, value: (r) => r.turnout.cast },
  { header: '直选投票率', width: 10, format: 'percent', value: (r) => r.turnout.rate },
];

interface Heading {
  title: string;
  generated: Date;
}

/** Rows 1-2: the title and the generation time; row 3: the header, frozen; data below. */
function addTable<T>(workbook: ExcelJS.Workbook, name: string, heading: Heading, columns: readonly Column<T>[], rows: readonly T[]): void {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 3 }],
    // Printed, each sheet is as wide as an A4 page in landscape, its header row on every page.
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' },
  });
  sheet.columns = columns.map((column) => ({ width: column.width, ...(column.format && { style: { numFmt: numFmts[column.format] } }) }));
  sheet.mergeCells(1, 1, 1, columns.length);
  const title = sheet.getCell(1, 1);
  title.value = heading.title;
  title.font = { bold: true, size: 14 };
  sheet.getCell(2, 1).value = '生成时间';
  sheet.mergeCells(2, 2, 2, 4);
  Object.assign(sheet.getCell(2, 2), { value: heading.generated, numFmt: numFmts.datetime, alignment: { horizontal: 'left' } });
  const header = sheet.getRow(3);
  header.values = columns.map((column) => column.header);
  styleHeader(header);
  sheet.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: columns.length } };
  for (const row of rows) sheet.addRow(columns.map((column) => column.value(row)));
}

export function reportWorkbook(view: CampaignView, now: number): Promise<ExcelJS.Buffer> {
  const { summary, timezone } = view;
  const until = `截至${formatDate(now, timezone, 'zh-CN')} ${wallDate(now, timezone).toISOString().slice(11, 16)}`;
  const heading = (what: string): Heading => ({ title: `${summary.name} ${what}（${until}）`, generated: wallDate(now, timezone) });
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'huanjie';
  workbook.created = new Date(now);

  // 进度: the share of each street's units (the street, or its communities) that finished each step.
  type Progress = { name: string; communities: CommunityState[]; streetSteps: Map<StepId, boolean>; done: number; overdue: number; atRisk: number };
  const progress: Progress[] = view.streets.map(({ state, communities }) => {
    const { done, overdue, atRisk } = summary.streets.find((s) => s.id === state.streetId)!;
    return { name: state.name, communities, streetSteps: new Map(state.steps.map((s) => [s.step, s.status === 'done'])), done, overdue, atRisk };
  });
  const all: Progress = {
    name: '合计',
    communities: progress.flatMap((p) => p.communities),
    streetSteps: new Map(STREET_STEPS.map((step) => [step, progress.every((p) => p.streetSteps.get(step))])),
    done: progress.reduce((n, p) => n + p.done, 0),
    overdue: progress.reduce((n, p) => n + p.overdue, 0),
    atRisk: progress.reduce((n, p) => n + p.atRisk, 0),
  };
  const streetsDone = (step: StepId, rows: Progress[]) => share(rows.filter((p) => p.streetSteps.get(step)).length, rows.length);
  const stepDone = (p: Progress, step: StepId) =>
    (COMMUNITY_STEPS as readonly StepId[]).includes(step)
      ? share(p.communities.filter((c) => stepOf(c, step)?.status === 'done').length, p.communities.length)
      : p === all
        ? streetsDone(step, progress)
        : Number(p.streetSteps.get(step) ?? false);
  addTable<Progress>(
    workbook,
    '进度',
    heading('换届进度'),
    [
      { header: '街道', width: 14, value: (p) => p.name },
      { header: '社区数', width: 8, value: (p) => p.communities.length },
      ...STEPS.map((step): Column<Progress> => ({ header: stepName(step, 'zh-CN'), width: 11, format: 'percent', value: (p) => stepDone(p, step) })),
      { header: '已完成社区', width: 10, value: (p) => p.done },
      { header: '逾期社区', width: 10, value: (p) => p.overdue },
      { header: '风险社区', width: 10, value: (p) => p.atRisk },
    ],
    [...progress, all],
  );

  addTable(
    workbook,
    '社区',
    heading('社区换届情况'),
    communityColumns,
    view.streets.flatMap(({ state, communities }) => communities.map((community) => ({ community, streetName: state.name, timezone }))),
  );

  const evidence = view.streets.flatMap(({ state, communities }) => communities.map((community) => ({ street: state.name, community, evidence: evidenceOf(community, timezone) })));
  const members = evidence.flatMap(({ street, community, evidence: e }) => electedMembers(e).map((member) => ({ street, community: community.name, member })));
  type MemberRow = (typeof members)[number];
  addTable<MemberRow>(workbook, '当选', heading('当选人员名单'), [
    { header: '街道', width: 14, value: (r) => r.street },
    { header: '社区', width: 16, value: (r) => r.community },
    { header: '编号', width: 10, value: (r) => r.member.candidate.id },
    { header: '姓名', width: 10, value: (r) => r.member.candidate.name },
    { header: '性别', width: 6, value: (r) => GENDER_NAMES[r.member.candidate.gender] },
    { header: '出生日期', width: 12, format: 'date', value: (r) => wallDate(r.member.candidate.birthDate, timezone) },
    { header: '年龄', width: 6, value: (r) => r.member.age },
    { header: '文化程度', width: 10, value: (r) => EDUCATION_NAMES[r.member.candidate.education] },
    { header: '党组织委员', width: 10, value: (r) => yesNo(r.member.party) },
    { header: '居委会委员', width: 10, value: (r) => yesNo(r.member.residents) },
    { header: '职务', width: 14, value: (r) => r.member.posts.map((post) => POST_NAMES[post]).join('、') },
    { header: '原班子成员', width: 10, value: (r) => yesNo(r.member.candidate.incumbent) },
    { header: '交叉任职', width: 10, value: (r) => yesNo(r.member.party && r.member.residents) },
  ], members);

  const statistics = campaignStatistics(evidence.map((e) => e.evidence));
  const streetNames = new Map(view.streets.map(({ state }) => [state.streetId, state.name]));
  addTable(workbook, '统计', heading('换届统计'), statisticsColumns, [
    ...statistics.streets.map((s) => ({ scope: streetNames.get(s.id) ?? s.id, turnout: s.turnout, teams: s.teams })),
    { scope: '合计', turnout: statistics.turnout, teams: statistics.teams },
  ]);
  return workbook.xlsx.writeBuffer();
}
