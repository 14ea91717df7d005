/**
 * Forms whose field names are the API body's own paths (`residents.candidates[2].birthDate`),
 * so that a posted form becomes the same JSON body the API takes, and a refusal's
 * `errors[].path` (`residents.candidates.2.birthDate`) finds the field it names.
 * A name ending in `:n` is a whole number, `:b` a yes/no; an empty text is left out.
 */
import type { ProblemError } from '../api/problem';
import { html, type Html } from './html';
import { ruleLabel } from './labels';

type FormValue = string | string[] | undefined;
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** `a.b[2].c` → `a.b.2.c`: a field's name as the API's error path. */
export const pathOf = (name: string): string => name.replace(/\[(\d+)\]/g, '.$1');
export const fieldId = (name: string): string => `f-${pathOf(name).replace(/[^A-Za-z0-9_-]/g, '-')}`;

function coerce(kind: string | undefined, value: FormValue): Json | undefined {
  // A checkbox follows a hidden "false" of the same name: the last value is the one that counts.
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  if (last === undefined) return undefined;
  if (kind === 'b') return last === 'true';
  const text = last.trim();
  if (text === '') return undefined;
  if (kind === 'n') return /^-?\d+$/.test(text) ? Number(text) : text;
  return text;
}

/** Rows of a table that were left blank (no text typed in) are not rows. */
const typedIn = (row: Json): boolean =>
  typeof row === 'string' || (typeof row === 'object' && row !== null && Object.values(row).some((v) => typedIn(v)));

function assign(target: Record<string, Json>, segments: string[], value: Json): void {
  const [head, ...rest] = segments;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = (target[head] ??= {}) as Record<string, Json>;
  assign(child, rest, value);
}

/** Objects keyed `[0]`, `[1]`… (table rows) become arrays, in order, blank rows dropped. */
function arrays(value: Json): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((k) => /^\[\d+\]$/.test(k))) {
    return keys
      .sort((a, b) => Number(a.slice(1, -1)) - Number(b.slice(1, -1)))
      .map((k) => arrays(value[k]))
      .filter(typedIn);
  }
  return Object.fromEntries(keys.map((k) => [k, arrays(value[k])]));
}

/** A posted form's fields (`_csrf` and other `_` fields left out) as a JSON body. */
export function bodyOf(form: Record<string, FormValue>): Record<string, Json> {
  const body: Record<string, Json> = {};
  for (const [key, raw] of Object.entries(form)) {
    if (key.startsWith('_')) continue;
    const [name, kind] = key.split(':');
    const value = coerce(kind, raw);
    if (value === undefined) continue;
    assign(body, name.split(/\.|(?=\[)/).filter(Boolean), value);
  }
  return arrays(body) as Record<string, Json>;
}

/** The value at an API path in a body, for filling a form in again. */
export function valueAt(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), body);
}

/** What a page shows after a refused form: the problem's errors, and the values sent. */
export interface FormState {
  values: unknown;
  errors: ProblemError[];
  /** The problem's own sentence, when no error names a field. */
  detail?: string;
  /** The refusal's status (400, 409, 422). */
  status?: number;
}

export const emptyForm: FormState = { values: {}, errors: [] };

const errorsAt = (form: FormState, path: string) => form.errors.filter((e) => e.path === path);

const errorText = (e: ProblemError) => (e.rule ? `${ruleLabel(e.rule)}：${e.zh ?? e.message}` : e.message);

function errorMessages(form: FormState, path: string): Html {
  return html`${errorsAt(form, path).map((e) => html`<p class="field-error" id="${fieldId(path)}-error"><span class="visually-hidden">错误：</span>${errorText(e)}</p>`)}`;
}

export interface FieldSpec {
  /** The field's name: the API path with `[i]` for rows. */
  name: string;
  label: string;
  type?: 'text' | 'date' | 'int' | 'bool' | 'select' | 'textarea' | 'datetime';
  options?: readonly (readonly [string, string])[];
  hint?: string;
  required?: boolean;
  /** Table cells label themselves for screen readers only. */
  compact?: boolean;
  rows?: number;
}

/** A labelled field with its hint and its error messages, filled in with the form's value. */
export function field(form: FormState, spec: FieldSpec): Html {
  const path = pathOf(spec.name);
  const id = fieldId(spec.name);
  const value = valueAt(form.values, path);
  const text = value === undefined || value === null ? '' : String(value);
  const invalid = errorsAt(form, path).length > 0;
  const described = [spec.hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = html`id="${id}" ${described ? html`aria-describedby="${described}"` : ''} ${invalid ? html`aria-invalid="true"` : ''} ${spec.required ? html`required` : ''}`;
  let input: Html;
  switch (spec.type ?? 'text') {
    case 'bool':
      input = html`<input type="hidden" name="${spec.name}:b" value="false"><input type="checkbox" name="${spec.name}:b" value="true" ${value === true ? 'checked' : ''} ${common}>`;
      break;
    case 'int':
      input = html`<input type="number" inputmode="numeric" step="1" name="${spec.name}:n" value="${text}" ${common}>`;
      break;
    case 'select':
      input = html`<select name="${spec.name}" ${common}><option value="">请选择</option>${(spec.options ?? []).map(
        ([v, label]) => html`<option value="${v}" ${v === text ? 'selected' : ''}>${label}</option>`,
      )}</select>`;
      break;
    case 'textarea':
      input = html`<textarea name="${spec.name}" rows="${spec.rows ?? 3}" ${common}>${text}</textarea>`;
      break;
    default:
      input = html`<input type="${spec.type === 'date' ? 'date' : 'text'}" name="${spec.name}" value="${text}" ${common}>`;
  }
  const label = html`<label for="${id}" class="${spec.compact ? 'visually-hidden' : ''}">${spec.label}</label>`;
  const hint = spec.hint ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : '';
  const cls = `field${spec.type === 'bool' ? ' field-bool' : ''}${invalid ? ' field-invalid' : ''}`;
  return spec.type === 'bool'
    ? html`<div class="${cls}">${input}${label}${hint}${errorMessages(form, path)}</div>`
    : html`<div class="${cls}">${label}${hint}${errorMessages(form, path)}${input}</div>`;
}

/**
 * The box at the top of a refused form: every message, each a link to its field when a
 * field of that name is on the page (the rest, like a quota over all methods, stand alone).
 */
export function errorSummary(form: FormState, title: string): Html {
  if (form.errors.length === 0 && !form.detail) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
  <h3>${title}</h3>
  ${form.errors.length === 0 ? html`<p>${form.detail}</p>` : ''}
  <ul>${form.errors.map((e) => html`<li><a href="#${fieldId(e.path)}">${errorText(e)}</a></li>`)}</ul>
</div>`;
}

/** Messages of errors whose path names a group of fields (a table, a slate) rather than one. */
export function groupErrors(form: FormState, path: string): Html {
  return html`<div id="${fieldId(path)}" tabindex="-1">${errorMessages(form, path)}</div>`;
}
