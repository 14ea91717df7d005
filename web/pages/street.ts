/** A street's page (its office, coordinators, admins): its two steps, its communities, its forms. */
import { completeStreetStepRoute, getStreet } from '../../api/routes/streets';
import { atLeast, ceilShare, COMMUNITY_STEPS, percent, type CommunityState, type StreetState } from '../../domain';
import { stepName } from '../../domain/step-names';
import type { Board, Calendar } from '../board';
import { errorSummary, field, fieldId, groupErrors, valueAt, type FormState } from '../forms';
import { countsCell, legend, stepCell } from '../grid';
import { html, type Html } from '../html';
import { formSecrets } from '../layout';
import { methodOptions, rate, refusalTitle, stepLabel } from '../labels';
import { paths } from '../paths';
import { rowsTable } from './rows';
import { stepsTable } from './steps-table';

export interface StreetPage {
  street: StreetState;
  calendar: Calendar;
  communities: CommunityState[];
}

export async function readStreet(board: Board, campaignId: string, streetId: string): Promise<StreetPage> {
  const street = await board.call<StreetState>(getStreet, { params: { campaignId, streetId } });
  const [calendar, communities] = await Promise.all([board.campaign(campaignId), board.communities(campaignId, { street: streetId })]);
  return { street, calendar, communities };
}

export function streetLive({ street, calendar, communities }: StreetPage, now = Date.now()): Html {
  const { campaignId, streetId } = street;
  return html`<div id="live" hx-get="${paths.street(campaignId, streetId)}?part=live" hx-trigger="every 15s" hx-swap="outerHTML">
<p class="status">当前步骤：${stepLabel(street.current)} · 参选率：${rate(street.turnout)}</p>
<h2>街道步骤</h2>
${stepsTable(street.steps, calendar, street.atRisk ? street.current : undefined, '街道的两个步骤')}
<h2>各社区进度</h2>
<div class="table-scroll" tabindex="0" role="region" aria-label="各社区各步骤进度"><table class="grid">
<caption>各社区换届步骤</caption>
<thead><tr><th scope="col">社区</th>${COMMUNITY_STEPS.map((s) => html`<th scope="col">${stepName(s, calendar.locale)}</th>`)}</tr></thead>
<tbody>${communities.map(
    (c) => html`<tr><th scope="row"><a href="${paths.community(campaignId, c.communityId)}">${c.name}</a></th>${COMMUNITY_STEPS.map((step) => {
      const s = c.steps.find((x) => x.step === step)!;
      return countsCell({ [stepCell(s, calendar.dueAt(s.due), c.atRisk && c.current === step, now)]: 1 }, paths.community(campaignId, c.communityId));
    })}</tr>`,
  )}</tbody></table></div>${legend()}
</div>`;
}

function guidanceGroupForm(board: Board, page: StreetPage, form: FormState, key: string): Html {
  const { campaignId, streetId } = page.street;
  return html`<section aria-labelledby="gg-h"><h2 id="gg-h">填报：指导小组</h2>
${errorSummary(form, refusalTitle[form.status ?? 400] ?? '未予受理')}
<form method="post" action="${paths.streetStep(campaignId, streetId, 'guidance-group')}" class="form" novalidate>
${formSecrets(board.session, key)}
<fieldset><legend>组长</legend>
${field(form, { name: 'leader.name', label: '组长姓名', required: true })}
${field(form, { name: 'leader.title', label: '组长职务', required: true })}
</fieldset>
${rowsTable(form, {
  name: 'members',
  caption: '成员（至少2人）',
  minRows: 3,
  columns: [
    { key: 'name', label: '姓名' },
    { key: 'title', label: '职务' },
  ],
})}
<button type="submit">提交指导小组</button>
</form></section>`;
}

function electionPlanForm(board: Board, page: StreetPage, form: FormState, key: string): Html {
  const { campaignId, streetId } = page.street;
  const quota = page.calendar.context.effectivePolicy.directQuota;
  const total = page.communities.length;
  const direct = page.communities.filter((c) => valueAt(form.values, `methods.${c.communityId}`) === 'direct').length;
  return html`<section aria-labelledby="plan-h"><h2 id="plan-h">填报：选举方案</h2>
${errorSummary(form, refusalTitle[form.status ?? 400] ?? '未予受理')}
<form method="post" action="${paths.streetStep(campaignId, streetId, 'election-plan')}" class="form" novalidate data-quota="${quota}">
${formSecrets(board.session, key)}
${groupErrors(form, 'methods')}
<p class="quota" aria-live="polite" id="quota-status">直接选举 <output id="quota-direct">${direct}</output> / ${total} 个社区；规定至少 ${percent(quota)}，即 <output id="quota-needed">${ceilShare(quota, total)}</output> 个。<strong id="quota-verdict">${atLeast(direct, quota, total) ? '符合比例' : '尚未达到比例'}</strong></p>
${page.communities.map((c) => {
  const name = `methods.${c.communityId}`;
  const chosen = valueAt(form.values, name);
  return html`<fieldset class="radios" id="${fieldId(name)}"><legend>${c.name}</legend>${groupErrors(form, name)}${methodOptions.map(
    ([value, label]) => html`<label><input type="radio" name="${name}" value="${value}" data-method ${chosen === value ? 'checked' : ''}> ${label}</label>`,
  )}</fieldset>`;
})}
<button type="submit">提交选举方案</button>
</form></section>`;
}

export function streetForms(board: Board, page: StreetPage, form: FormState, key: string): Html {
  if (!board.may(completeStreetStepRoute)) return html``;
  const open = page.street.steps.find((s) => s.status === 'open')?.step;
  if (open === 'guidance-group') return guidanceGroupForm(board, page, form, key);
  if (open === 'election-plan') return electionPlanForm(board, page, form, key);
  return html``;
}

