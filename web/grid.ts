/**
 * How a step stands for the grid's colours. The domain says done, open, overdue and at risk;
 * "due within 3 days" is how near an open step's due date is, a matter of display.
 */
import type { StepState } from '../domain';
import { html, type Html } from './html';

export const SOON_MS = 3 * 24 * 60 * 60 * 1000;

export const CELL_STATES = ['at-risk', 'overdue', 'soon', 'open', 'done', 'waiting'] as const;
export type CellState = (typeof CELL_STATES)[number];

export const cellLabel: Record<CellState, string> = {
  'at-risk': '风险',
  overdue: '逾期',
  soon: '3天内到期',
  open: '进行中',
  done: '已完成',
  waiting: '未开始',
};

/** A symbol beside the colour, so that colour is never the only signal. */
const cellSymbol: Record<CellState, string> = { 'at-risk': '‼', overdue: '!', soon: '◔', open: '○', done: '✓', waiting: '·' };

export function stepCell(step: StepState, dueAt: number, atRiskHere: boolean, now: number): CellState {
  if (step.status === 'done') return 'done';
  if (step.status === 'waiting') return 'waiting';
  if (atRiskHere) return 'at-risk';
  if (step.overdue) return 'overdue';
  return dueAt - now <= SOON_MS ? 'soon' : 'open';
}

export type Counts = Partial<Record<CellState, number>>;

/** The most urgent state among the counts: the cell's colour. */
export const worst = (counts: Counts): CellState => CELL_STATES.find((s) => (counts[s] ?? 0) > 0) ?? 'waiting';

export function countsCell(counts: Counts, href?: string): Html {
  const state = worst(counts);
  const lines = CELL_STATES.filter((s) => (counts[s] ?? 0) > 0).map((s) => html`<span class="count">${cellLabel[s]} ${counts[s]}</span>`);
  const inner = html`<span class="sym" aria-hidden="true">${cellSymbol[state]}</span>${lines.length ? lines : html`<span class="count">—</span>`}`;
  return html`<td class="cell cell-${state}">${href ? html`<a href="${href}">${inner}</a>` : inner}</td>`;
}

export function stateBadge(state: CellState): Html {
  return html`<span class="badge cell-${state}"><span aria-hidden="true">${cellSymbol[state]}</span> ${cellLabel[state]}</span>`;
}

export function legend(): Html {
  return html`<p class="legend">图例：${CELL_STATES.map((s) => stateBadge(s))}</p>`;
}
