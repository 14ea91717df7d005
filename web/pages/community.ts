/** A community's page: its steps, elections and warnings, the current step's form, its history. */
import { completeCommunityStepRoute, getCommunity } from '../../api/routes/communities';
import { communityHistory } from '../../api/routes/history';
import type { TimelineEvent } from '../../api/history';
import { isStepId, type CommunityState, type CommunityStepId, type Outcome } from '../../domain';
import { stepName } from '../../domain/step-names';
import type { Board, Calendar } from '../board';
import { errorSummary, field, groupErrors, valueAt, type Json, type FormState } from '../forms';
import { html, type Html } from '../html';
import { formSecrets } from '../layout';
import { stepLabel, educationOptions, genderOptions, methodLabel, nominationOptions, postOptions, rate, refusalTitle, roundOptions, ruleLabel } from '../labels';
import { paths } from '../paths';
import { zhCN } from '../../activities/templates/zh-CN';
import type { NotificationKind } from '../../domain/notifications';
import { rowsTable } from './rows';
import { stepsTable } from './steps-table';

export interface CommunityPage {
  community: CommunityState;
  calendar: Calendar;
}

export async function readCommunity(board: Board, campaignId: string, communityId: string): Promise<CommunityPage> {
  const community = await board.call<CommunityState>(getCommunity, { params: { campaignId, communityId } });
  return { community, calendar: await board.campaign(campaignId) };
}

function outcome(label: string, o: Outcome | null, candidates: Candidate[]): Html {
  if (!o) return html`<li>${label}：尚未选举</li>`;
  const name = (id: string) => candidates.find((x) => x.id === id)?.name ?? id;
  return html`<li>${label}：${o.valid ? '有效' : '无效'}，第${o.rounds}轮，当选 ${o.elected.length} 人（${o.elected.map(name).join('、') || '无'}），空缺 ${o.unfilled} 个${o.reason ? html`，原因：${o.reason}` : ''}${o.runoffRequired ? '，须另行选举' : ''}${o.reelectionRequired ? '，须重新选举' : ''}</li>`;
}

export function communityLive({ community: c, calendar }: CommunityPage): Html {
  return html`<div id="live" hx-get="${paths.community(c.campaignId, c.communityId)}?part=live" hx-trigger="every 15s" hx-swap="outerHTML">
<p class="status">选举方式：${methodLabel(c.method)} · 当前步骤：${stepLabel(c.current)}${c.atRisk ? ' · ‼ 风险' : ''} · ${c.method === 'representative' ? html`到会率：${rate(c.attendance)}` : html`参选率：${rate(c.turnout)}`}</p>
${stepsTable(c.steps, calendar, c.atRisk && c.current !== 'done' ? c.current : undefined, '社区的换届步骤')}
<h2>选举结果</h2>
<ul>${outcome('党组织', c.elections.party, slate(c, 'party'))}${outcome('居委会', c.elections.residents, slate(c, 'residents'))}</ul>
${c.warnings.length ? html`<h2>提示（已受理）</h2><ul class="warnings">${c.warnings.map((w) => html`<li>${stepName(w.step, calendar.locale)}：${ruleLabel(w.rule)}，${w.zh}</li>`)}</ul>` : ''}
</div>`;
}

interface Candidate {
  id: string;
  name: string;
}

/** The candidates of a slate as the nomination step recorded them. */
function slate(c: CommunityState, which: 'party' | 'residents'): Candidate[] {
  const evidence = c.steps.find((s) => s.step === 'nomination')?.evidence;
  const candidates = valueAt(evidence, `${which}.candidates`);
  return Array.isArray(candidates) ? (candidates as Candidate[]) : [];
}

function votes(form: FormState, candidates: Candidate[], elected: readonly string[]): Html {
  const standing = candidates.filter((x) => !elected.includes(x.id));
  return html`<fieldset><legend>各候选人得票</legend>${groupErrors(form, 'votes')}${standing.map((x) => field(form, { name: `votes.${x.id}`, label: `${x.name}（${x.id}）`, type: 'int' }))}</fieldset>`;
}

const candidateColumns = [
  { key: 'id', label: '编号' },
  { key: 'name', label: '姓名' },
  { key: 'gender', label: '性别', type: 'select' as const, options: genderOptions },
  { key: 'birthDate', label: '出生日期', type: 'date' as const },
  { key: 'education', label: '文化程度', type: 'select' as const, options: educationOptions },
  { key: 'incumbent', label: '原班子成员', type: 'bool' as const },
  { key: 'partyMember', label: '正式党员', type: 'bool' as const },
  { key: 'nomination', label: '提名方式', type: 'select' as const, options: nominationOptions },
  { key: 'post', label: '拟任职务', type: 'select' as const, options: postOptions },
];

const checklist = [
  ['seals', '印章'],
  ['premises', '办公场所'],
  ['finances', '财务'],
  ['assets', '资产'],
  ['archives', '档案'],
  ['liabilities', '债权债务'],
] as const;

/** Each community step's fields, in the names of its API body. */
const stepFields: Record<CommunityStepId, (form: FormState, c: CommunityState) => Html> = {
  'election-committee': (form) => html`${field(form, { name: 'chair.name', label: '主任姓名', required: true })}
${rowsTable(form, { name: 'members', caption: '委员', minRows: 3, columns: [{ key: 'name', label: '姓名' }] })}`,
  training: (form) => html`${field(form, { name: 'date', label: '培训日期', type: 'date', required: true })}
${field(form, { name: 'attendees', label: '参训人数', type: 'int', required: true })}`,
  'voter-registration': (form) => html`${field(form, { name: 'registeredVoters', label: '登记选民人数', type: 'int', required: true })}
${field(form, { name: 'publishedOn', label: '选民名单公布日期', type: 'date', required: true })}`,
  nomination: (form) => html`<p class="hint">也可下载<a href="/api/templates/nomination.xlsx">候选人提名模板</a>填写。</p>
${field(form, { name: 'party.seats', label: '党组织委员职数', type: 'int', required: true })}
${rowsTable(form, { name: 'party.candidates', caption: '党组织委员候选人', minRows: 2, columns: candidateColumns })}
${field(form, { name: 'residents.seats', label: '居委会成员职数', type: 'int', required: true })}
${rowsTable(form, { name: 'residents.candidates', caption: '居委会成员候选人', minRows: 2, columns: candidateColumns })}
${field(form, { name: 'publishedOn', label: '候选人名单公布日期', type: 'date', required: true })}
${field(form, { name: 'departureAudit.publishedOn', label: '离任审计结果公布日期（无离任审计的留空）', type: 'date' })}
${field(form, { name: 'incumbentDirectorStands', label: '原主任参选', type: 'bool' })}`,
  'party-election': (form, c) => html`${field(form, { name: 'entitled', label: '应到党员人数', type: 'int', required: true })}
${field(form, { name: 'present', label: '实到党员人数', type: 'int', required: true })}
${votes(form, slate(c, 'party'), c.elections.party?.elected ?? [])}`,
  'residents-election': (form, c) => html`${field(form, { name: 'round', label: '轮次', type: 'select', required: true, options: roundOptions })}
${field(form, { name: 'registered', label: c.method === 'representative' ? '居民代表人数' : '登记选民人数', type: 'int', required: true })}
${field(form, { name: 'ballotsCast', label: c.method === 'representative' ? '到会代表人数' : '投票人数', type: 'int', required: true })}
${votes(form, slate(c, 'residents'), c.elections.residents?.elected ?? [])}
${field(form, { name: 'registeredCorrection', label: '选民人数更正说明（如有）' })}`,
  handover: (form) => html`${field(form, { name: 'date', label: '交接日期', type: 'date', required: true })}
<fieldset><legend>交接清单</legend>${checklist.map(([key, label]) => field(form, { name: `checklist.${key}`, label, type: 'bool' }))}</fieldset>
${field(form, { name: 'newTeamTrained', label: '新班子已培训', type: 'bool' })}
${field(form, { name: 'outgoingMembersTalkedWith', label: '已与离任成员谈话', type: 'bool' })}`,
};

/** A nomination without an audit date had no departure audit: the API's `null`. */
export function finishBody(step: string, body: Record<string, Json>): Record<string, Json> {
  return step === 'nomination' && body.departureAudit === undefined ? { ...body, departureAudit: null } : body;
}

export function communityForm(board: Board, { community: c, calendar }: CommunityPage, form: FormState, key: string): Html {
  if (!board.may(completeCommunityStepRoute) || c.current === 'done' || !isStepId(c.current)) return html``;
  const step = c.current as CommunityStepId;
  const state = c.steps.find((s) => s.step === step);
  if (!state || state.status !== 'open' || !(step in stepFields)) return html``;
  return html`<section aria-labelledby="step-h"><h2 id="step-h">填报：${stepName(step, calendar.locale)}</h2>
${errorSummary(form, refusalTitle[form.status ?? 400] ?? '未予受理')}
<form method="post" action="${paths.communityStep(c.campaignId, c.communityId, step)}" class="form" novalidate>
${formSecrets(board.session, key)}
${stepFields[step](form, c)}
<button type="submit">提交${stepName(step, calendar.locale)}</button>
</form>${step === 'nomination' ? nominationUpload(board, c) : html``}</section>`;
}

/** The nomination template filled in Excel, posted as it is to the same step. */
function nominationUpload(board: Board, c: CommunityState): Html {
  return html`<form method="post" action="${paths.communityStep(c.campaignId, c.communityId, 'nomination')}" class="form" data-upload data-csrf="${board.session.csrf}">
<div class="field"><label for="nomination-file">或上传填好的候选人提名模板（Excel）</label>
<input type="file" id="nomination-file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></div>
<button type="submit">上传提名模板</button>
</form>`;
}

/** The history in Chinese, from each event's details (the API's summaries are for auditors' tools). */
function describe(e: TimelineEvent, calendar: Calendar): string {
  const d = e.details as Record<string, string | undefined>;
  const step = d.step && isStepId(d.step) ? `「${stepName(d.step, calendar.locale)}」` : '';
  switch (e.type) {
    case 'started':
      return '街道换届流程开始（本社区随之开始）';
    case 'step-completed':
      return `${step}由 ${d.by} 完成`;
    case 'step-failed':
      return `${step}提交未予受理（${d.by}）`;
    case 'election-round-failed':
      return `${step}一轮选举已登记（${d.by}），未能选满`;
    case 'plan-decided':
      return `选举方案确定：${methodLabel(d.method ?? null)}`;
    case 'deadline-moved':
      return `${step}截止日期改为${d.due ? calendar.due(d.due) : ''}（${d.by}），原因：${d.reason}`;
    case 'notification-sent':
      return `${step}${zhCN.kindName[d.kind as NotificationKind] ?? ''}邮件已发送`;
    case 'continued-as-new':
      return '街道流程转入新一轮运行，历史记录保留';
    case 'completed':
      return '街道及所属社区全部步骤完成';
    default:
      return e.summary;
  }
}

export async function historySection(board: Board, { community: c, calendar }: CommunityPage): Promise<Html> {
  if (!board.may(communityHistory)) return html``;
  const { events } = await board.call<{ events: TimelineEvent[] }>(communityHistory, { params: { campaignId: c.campaignId, communityId: c.communityId } });
  return html`<section aria-labelledby="history-h"><h2 id="history-h">历史记录</h2>
<ol class="timeline">${events.map((e) => html`<li><time datetime="${e.time}">${calendar.instant(e.time)}</time> ${describe(e, calendar)}</li>`)}</ol></section>`;
}
