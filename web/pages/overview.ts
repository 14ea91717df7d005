/** The campaign overview (coordinators, admins): streets × steps, turnout, what is late, statistics. */
import { getCampaign } from '../../api/routes/campaigns';
import { getStreet } from '../../api/routes/streets';
import { Problem } from '../../api/problem';
import { COMMUNITY_STEPS, STEPS, STREET_STEPS, type CampaignSummary, type CommunityState, type StreetState } from '../../domain';
import { stepName } from '../../domain/step-names';
import type { Board, Calendar } from '../board';
import { errorSummary, field, type FormState } from '../forms';
import { html, type Html } from '../html';
import { formSecrets } from '../layout';
import { countsCell, legend, stepCell, type Counts } from '../grid';
import { paths } from '../paths';
import { rate, refusalTitle, stepLabel } from '../labels';

export interface Overview {
  summary: CampaignSummary;
  calendar: Calendar;
  streets: StreetState[];
  communities: CommunityState[];
}

export async function readOverview(board: Board, campaignId: string): Promise<Overview> {
  const summary = await board.call<CampaignSummary>(getCampaign, { params: { campaignId } });
  const [calendar, streets, communities] = await Promise.all([
    board.campaign(campaignId),
    Promise.all(summary.streets.map((s) => board.call<StreetState>(getStreet, { params: { campaignId, streetId: s.id } }))),
    board.communities(campaignId),
  ]);
  return { summary, calendar, streets, communities };
}

function add(counts: Counts, state: keyof Counts): void {
  counts[state] = (counts[state] ?? 0) + 1;
}

function grid({ summary, calendar, streets, communities }: Overview, now: number): Html {
  const rows = streets.map((street) => {
    const mine = communities.filter((c) => c.streetId === street.streetId);
    const streetCells = STREET_STEPS.map((step) => {
      const state = street.steps.find((s) => s.step === step)!;
      const counts: Counts = {};
      add(counts, stepCell(state, calendar.dueAt(state.due), street.atRisk && street.current === step, now));
      return countsCell(counts, paths.street(summary.id, street.streetId));
    });
    const communityCells = COMMUNITY_STEPS.map((step) => {
      const counts: Counts = {};
      for (const c of mine) {
        const state = c.steps.find((s) => s.step === step)!;
        add(counts, stepCell(state, calendar.dueAt(state.due), c.atRisk && c.current === step, now));
      }
      return countsCell(counts, paths.street(summary.id, street.streetId));
    });
    return html`<tr><th scope="row"><a href="${paths.street(summary.id, street.streetId)}">${street.name}</a><br><span class="muted">${mine.length}个社区</span></th>${streetCells}${communityCells}</tr>`;
  });
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="各街道各步骤进度">
<table class="grid">
<caption>各街道换届步骤进度（格内为社区数）</caption>
<thead><tr><th scope="col">街道</th>${STEPS.map((s) => html`<th scope="col">${stepName(s, calendar.locale)}</th>`)}</tr></thead>
<tbody>${rows}</tbody>
</table></div>${legend()}`;
}

function turnout({ summary, streets }: Overview): Html {
  return html`<section aria-labelledby="turnout-h"><h2 id="turnout-h">参选率</h2>
<table class="plain"><thead><tr><th scope="col">范围</th><th scope="col">参选率</th></tr></thead><tbody>
<tr><th scope="row">全部</th><td>${rate(summary.turnout.rate)}（登记选民 ${summary.turnout.registered}，投票 ${summary.turnout.cast}）</td></tr>
${streets.map((s) => html`<tr><th scope="row">${s.name}</th><td>${rate(s.turnout)}</td></tr>`)}
</tbody></table></section>`;
}

function lateLists({ summary, calendar, streets, communities }: Overview): Html {
  const overdue = [
    ...streets.flatMap((s) => s.steps.filter((st) => st.overdue).map((st) => ({ href: paths.street(summary.id, s.streetId), name: s.name, step: st.step, due: st.due }))),
    ...communities.flatMap((c) =>
      c.steps.filter((st) => st.overdue && st.status !== 'done').map((st) => ({ href: paths.community(summary.id, c.communityId), name: c.name, step: st.step, due: st.due })),
    ),
  ];
  const atRisk = [
    ...streets.filter((s) => s.atRisk).map((s) => ({ href: paths.street(summary.id, s.streetId), name: s.name, current: s.current })),
    ...communities.filter((c) => c.atRisk).map((c) => ({ href: paths.community(summary.id, c.communityId), name: c.name, current: c.current })),
  ];
  return html`<div class="two-columns">
<section aria-labelledby="overdue-h"><h2 id="overdue-h">逾期事项（${overdue.length}）</h2>
${overdue.length ? html`<ul class="late-list">${overdue.map((o) => html`<li><a href="${o.href}">${o.name}</a>：${stepLabel(o.step)}，截止${calendar.due(o.due)}</li>`)}</ul>` : html`<p>暂无逾期事项。</p>`}
</section>
<section aria-labelledby="risk-h"><h2 id="risk-h">风险事项（${atRisk.length}）</h2>
${atRisk.length ? html`<ul class="late-list">${atRisk.map((o) => html`<li><a href="${o.href}">${o.name}</a>：当前步骤${stepLabel(o.current)}</li>`)}</ul>` : html`<p>暂无风险事项。</p>`}
</section></div>`;
}

/** The part of the page that refreshes itself. */
export function overviewLive(overview: Overview, now = Date.now()): Html {
  const { summary } = overview;
  return html`<div id="live" hx-get="${paths.campaign(summary.id)}?part=live" hx-trigger="every 15s" hx-swap="outerHTML">
<p class="status">活动状态：${summary.status === 'completed' ? '已结束' : '进行中'} · 共${overview.communities.length}个社区 · 更新于 <time>${overview.calendar.instant(new Date(now).toISOString())}</time></p>
${grid(overview, now)}
${turnout(overview)}
${lateLists(overview)}
</div>`;
}

interface Statistics {
  turnout: { registered: number; cast: number; rate: number | null };
  teams: Record<string, number>;
}

const teamLabels: [string, string][] = [
  ['women', '女性成员'],
  ['under35', '35岁以下'],
  ['over50', '50岁以上'],
  ['collegeOrAbove', '大专及以上学历'],
  ['incumbentsReelected', '连任'],
  ['crossAppointed', '交叉任职'],
];

/** The elected teams' statistics, once the statistics route answers; until then a note. */
export async function statisticsSection(board: Board, campaignId: string): Promise<Html> {
  const route = board.route('get', '/campaigns/{campaignId}/statistics');
  let stats: Statistics | undefined;
  try {
    stats = route && (await board.call<Statistics>(route, { params: { campaignId } }));
  } catch (err) {
    if (!(err instanceof Problem && err.status === 404)) throw err;
  }
  const body = !stats
    ? html`<p>统计数据尚不可用。</p>`
    : html`<p>当选成员 ${stats.teams.members} 人，平均年龄 ${stats.teams.averageAge}，一肩挑社区 ${stats.teams.dualRole} / ${stats.teams.communities}。</p>
<dl class="bars">${teamLabels.map(
        ([key, label]) => html`<dt>${label}</dt><dd><meter min="0" max="${stats.teams.members || 1}" value="${stats.teams[key] ?? 0}"></meter> ${stats.teams[key] ?? 0}人</dd>`,
      )}</dl>`;
  return html`<section aria-labelledby="stats-h"><h2 id="stats-h">当选班子统计</h2>${body}</section>`;
}

export function downloads(campaignId: string): Html {
  return html`<section aria-labelledby="downloads-h"><h2 id="downloads-h">下载</h2><ul>
<li><a href="/api/campaigns/${campaignId}/communities.csv">社区列表（CSV）</a></li>
<li><a href="/api/campaigns/${campaignId}/report.xlsx">换届工作报表（Excel）</a></li>
<li><a href="/api/templates/campaign.xlsx">活动模板（Excel）</a></li>
</ul></section>`;
}

export function moveDeadlineForm(board: Board, overview: Overview, form: FormState, key: string): Html {
  const { summary, calendar, communities } = overview;
  return html`<section aria-labelledby="move-h"><h2 id="move-h">调整截止日期</h2>
${errorSummary(form, refusalTitle[form.status ?? 400] ?? '未能调整')}
<form method="post" action="${paths.deadlines(summary.id)}" class="form" novalidate>
${formSecrets(board.session, key)}
${field(form, { name: 'step', label: '步骤', type: 'select', required: true, options: STEPS.map((s) => [s, stepName(s, calendar.locale)] as const) })}
${field(form, { name: 'due', label: '新的截止日期', required: true, hint: '格式：2027-08-08，或带时区的时间如 2027-08-08T18:00:00+08:00' })}
${field(form, { name: 'streetId', label: '街道（不选则为全部街道）', type: 'select', options: summary.streets.map((s) => [s.id, s.name] as const) })}
${field(form, { name: 'communityId', label: '社区（不选则为所选街道的全部社区）', type: 'select', options: communities.map((c) => [c.communityId, c.name] as const) })}
${field(form, { name: 'reason', label: '调整原因', type: 'textarea', rows: 3, required: true })}
<button type="submit">调整截止日期</button>
</form></section>`;
}
