/**
 * A table of rows to fill in (members, candidates): one row per item, named `list[i].key`,
 * and a button that adds a blank row (board.js clones the row template). Blank rows are
 * dropped when the form is read (forms.ts).
 */
import { field, groupErrors, valueAt, type FieldSpec, type FormState } from '../forms';
import { html, type Html } from '../html';

export interface Column {
  key: string;
  label: string;
  type?: FieldSpec['type'];
  options?: FieldSpec['options'];
}

export interface RowsSpec {
  /** The list's API path, e.g. `residents.candidates`. */
  name: string;
  caption: string;
  columns: Column[];
  /** Blank rows shown when the list is empty. */
  minRows: number;
}

function row(form: FormState, spec: RowsSpec, index: string): Html {
  return html`<tr>${spec.columns.map(
    (c) => html`<td data-label="${c.label}">${field(form, { name: `${spec.name}[${index}].${c.key}`, label: `${c.label}（第${Number(index) + 1 || '新'}行）`, type: c.type, options: c.options, compact: true })}</td>`,
  )}</tr>`;
}

export function rowsTable(form: FormState, spec: RowsSpec): Html {
  const filled = valueAt(form.values, spec.name);
  const count = Math.max(Array.isArray(filled) ? filled.length : 0, spec.minRows);
  const empty: FormState = { values: {}, errors: [] };
  return html`<fieldset class="rows"><legend>${spec.caption}</legend>
${groupErrors(form, spec.name)}
<div class="table-scroll"><table class="rows-table">
<thead><tr>${spec.columns.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
<tbody data-rows="${spec.name}">${Array.from({ length: count }, (_, i) => row(form, spec, String(i)))}</tbody>
</table></div>
<template data-row-template="${spec.name}">${row(empty, spec, '__i__')}</template>
<button type="button" class="secondary" data-add-row="${spec.name}">添加一行</button>
</fieldset>`;
}
