/** A place's steps as a table: due date, state, who completed it and when, the evidence. */
import { type StepState } from '../../domain';
import { stepName } from '../../domain/step-names';
import type { Calendar } from '../board';
import { stateBadge, stepCell } from '../grid';
import { html, type Html } from '../html';

export function stepsTable(steps: readonly StepState[], calendar: Calendar, atRiskStep: string | undefined, caption: string, now = Date.now()): Html {
  return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${caption}"><table class="steps">
<caption>${caption}</caption>
<thead><tr><th scope="col">步骤</th><th scope="col">截止日期</th><th scope="col">状态</th><th scope="col">完成人</th><th scope="col">完成时间</th><th scope="col">材料</th></tr></thead>
<tbody>${steps.map(
    (s) => html`<tr data-step="${s.step}"><th scope="row">${stepName(s.step, calendar.locale)}</th>
<td>${calendar.due(s.due)}</td>
<td>${stateBadge(stepCell(s, calendar.dueAt(s.due), atRiskStep === s.step, now))}</td>
<td>${s.completedBy ?? '—'}</td>
<td>${s.completedAt ? calendar.instant(s.completedAt) : '—'}</td>
<td>${s.evidence === null || s.evidence === undefined ? '—' : html`<details><summary>查看</summary><pre>${JSON.stringify(s.evidence, null, 2)}</pre></details>`}</td></tr>`,
  )}</tbody></table></div>`;
}
