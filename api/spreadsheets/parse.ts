/**
 * A filled template read into the JSON body the same route takes (../shared/API.md,
 * "Spreadsheet uploads"), remembering which cell each value came from: the route then
 * validates that body exactly as a JSON one, and every error it finds, here or later,
 * names its cell (`社区!C7`). All errors are gathered before anything is refused.
 */
import ExcelJS from 'exceljs';
import { isCalendarDay, MS_PER_DAY } from '../../domain';
import { Problem, type ProblemError } from '../problem';
import {
  activitySheet,
  candidatesSheet,
  cellRef,
  communitiesSheet,
  nominationSheet,
  streetsSheet,
  YES_NO,
  type CellKind,
  type Field,
  type ItemSheet,
  type TableSheet,
} from './layout';
import { bilingual } from './messages';
import { checkZip } from './zip';

/** A body read from a workbook, and how to point a problem with it back at its cells. */
export interface Upload {
  /** What the cells that could be read say; a cell in `errors` is left out. */
  body: unknown;
  /** The cells that could not be read (not a date, not one of a list, empty but required). */
  errors: ProblemError[];
  /**
   * The problem with each error's path turned into its cell, its message in both languages;
   * a 400 also lists `errors`, before the errors it names of other cells.
   */
  locate(problem: Problem): Problem;
}

/** Only the cells are read: everything else a sheet may hold (validations, merges, links) is skipped unparsed. */
const ignoredNodes = [
  'sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'autoFilter', 'mergeCells', 'rowBreaks', 'hyperlinks',
  'pageMargins', 'dataValidations', 'pageSetup', 'headerFooter', 'printOptions', 'picture', 'drawing', 'sheetProtection',
  'tableParts', 'conditionalFormatting', 'extLst',
];

async function readWorkbook(file: Buffer): Promise<ExcelJS.Workbook> {
  checkZip(file);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer, { ignoreNodes: ignoredNodes } as Partial<ExcelJS.XlsxReadOptions>);
  } catch (err) {
    throw new Problem(400, 'The body is not a readable XLSX workbook.', [
      { path: '', message: bilingual('无法读取该 Excel 工作簿（.xlsx）', `not a readable XLSX workbook: ${(err as Error).message}`) },
    ]);
  }
  return workbook;
}

// ---------- cells ----------

type Plain = string | number | boolean | Date;

/** What a cell shows: rich text joined, a link's text, a formula's last result. */
function plain(value: ExcelJS.CellValue): Plain | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return plain(value.richText.map((part) => part.text).join(''));
  if ('text' in value) return plain(value.text as ExcelJS.CellValue);
  if ('result' in value) return plain(value.result as ExcelJS.CellValue);
  return undefined;
}

type Read = { value: unknown } | { error: string };

const problemOf = (zh: string, en: string): Read => ({ error: bilingual(zh, en) });
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
/** Day 0 of Excel's 1900 date system, as it counts after its 1900-02-29. */
const excelEpoch = Date.UTC(1899, 11, 30);
const TEXT_DAY = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

function readDate(value: Plain): Read {
  let day: string | undefined;
  if (value instanceof Date) day = isoDay(value);
  else if (typeof value === 'number' && value >= 1 && value < 2_958_466) day = isoDay(new Date(excelEpoch + Math.floor(value) * MS_PER_DAY));
  else if (typeof value === 'string') {
    const match = TEXT_DAY.exec(value);
    if (match) day = `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
  }
  if (day !== undefined && isCalendarDay(day)) return { value: day };
  return problemOf(`“${String(value)}”不是日期，应写作 2027-08-08`, `'${String(value)}' is not a date such as 2027-08-08`);
}

function readChoice(value: Plain, choices: Readonly<Record<string, string>>): Read {
  const text = String(value);
  const found = Object.entries(choices).find(([key, label]) => text === label || text === key);
  if (found) return { value: found[0] === 'true' ? true : found[0] === 'false' ? false : found[0] };
  const labels = Object.values(choices);
  return problemOf(`“${text}”不是可选值（${labels.join('、')}）`, `'${text}' is not one of ${labels.join(', ')}`);
}

function readCell(kind: CellKind, value: Plain): Read {
  if (kind === 'date') return readDate(value);
  if (kind === 'yes-no') return typeof value === 'boolean' ? { value } : readChoice(value, YES_NO);
  if (typeof kind === 'object') return readChoice(value, kind.choices);
  if (kind === 'count') {
    const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) return { value: n };
    return problemOf(`“${String(value)}”不是非负整数`, `'${String(value)}' is not a whole number`);
  }
  const text = value instanceof Date ? isoDay(value) : String(value);
  if (kind === 'emails') return { value: text.split(/[\s,，;；、]+/).filter(Boolean) };
  return { value: text };
}

// ---------- sheets ----------

/** A workbook being read: the cells it could not read, and the cell each JSON path came from. */
class Reading {
  readonly errors: ProblemError[] = [];
  readonly cells = new Map<string, string>();

  fail(path: string, zh: string, en: string): void {
    this.errors.push({ path, message: bilingual(zh, en) });
  }

  sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
    const sheet = workbook.getWorksheet(name);
    if (!sheet) this.fail(name, `缺少工作表“${name}”，请使用模板`, `the sheet ${name} is missing; use the template`);
    return sheet;
  }

  /** A field's value from its cell; undefined when empty (an error if it is required) or wrong. */
  field(field: Field, cell: ExcelJS.Cell, ref: string): unknown {
    const value = plain(cell.value);
    if (value === undefined) {
      if (field.required) this.fail(ref, `“${field.label}”必填`, `${field.label} is required`);
      return undefined;
    }
    const read = readCell(field.kind, value);
    if ('error' in read) {
      this.errors.push({ path: ref, message: read.error });
      return undefined;
    }
    return read.value;
  }
}

/** Sets `value` at a dotted key (`calendar.training`) of `target`. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
  at[parts[parts.length - 1]] = value;
}

/** A 项目 | 值 sheet: each item's value at its key, its cell recorded under the same key. */
function readItems(workbook: ExcelJS.Workbook, layout: ItemSheet, reading: Reading): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const sheet = reading.sheet(workbook, layout.name);
  if (!sheet) return values;
  const rows = new Map<string, number>();
  sheet.eachRow((row, n) => {
    const label = plain(row.getCell(1).value);
    if (n > 1 && typeof label === 'string') rows.set(label, n);
  });
  for (const item of layout.items) {
    const n = rows.get(item.label);
    if (n === undefined) {
      if (item.required) reading.fail(layout.name, `缺少项目“${item.label}”`, `the row ${item.label} is missing`);
      continue;
    }
    const ref = cellRef(layout.name, 2, n);
    reading.cells.set(item.key, ref);
    const value = reading.field(item, sheet.getRow(n).getCell(2), ref);
    if (value !== undefined) put(values, item.key, value);
  }
  return values;
}

interface TableRow {
  values: Record<string, unknown>;
  /** The cell of each field, by key; `''` is the row's first cell. */
  cells: Record<string, string>;
}

/** A table sheet's non-empty rows below its header; columns found by their header. */
function readTable(workbook: ExcelJS.Workbook, layout: TableSheet, reading: Reading): TableRow[] {
  const sheet = reading.sheet(workbook, layout.name);
  if (!sheet) return [];
  const headers = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => {
    const label = plain(cell.value);
    if (typeof label === 'string') headers.set(label, column);
  });
  const columns = layout.fields.flatMap((field, i) => {
    const column = headers.get(field.label);
    if (column === undefined && field.required) {
      reading.fail(cellRef(layout.name, i + 1, 1), `缺少列“${field.label}”`, `the column ${field.label} is missing`);
    }
    return column === undefined ? [] : [{ field, column }];
  });
  const rows: TableRow[] = [];
  let tooMany = false;
  sheet.eachRow((row, n) => {
    if (n === 1 || tooMany || columns.every(({ column }) => plain(row.getCell(column).value) === undefined)) return;
    if (rows.length === layout.maxRows) {
      tooMany = true;
      return;
    }
    const entry: TableRow = { values: {}, cells: { '': cellRef(layout.name, 1, n) } };
    for (const { field, column } of columns) {
      const ref = cellRef(layout.name, column, n);
      entry.cells[field.key] = ref;
      const value = reading.field(field, row.getCell(column), ref);
      if (value !== undefined) entry.values[field.key] = value;
    }
    rows.push(entry);
  });
  if (tooMany) {
    throw new Problem(413, `The sheet ${layout.name} has more than ${layout.maxRows} rows.`, [
      { path: layout.name, message: bilingual(`工作表“${layout.name}”超过 ${layout.maxRows} 行`, `more than ${layout.maxRows} rows`) },
    ]);
  }
  return rows;
}

/** Records a row's cells under `path` (`streets.0`). */
function placeRow(reading: Reading, path: string, row: TableRow): void {
  for (const [key, ref] of Object.entries(row.cells)) reading.cells.set(key === '' ? path : `${path}.${key}`, ref);
}

function upload(body: unknown, reading: Reading): Upload {
  const cellOf = (path: string): string | undefined => {
    const parts = path.split('.');
    for (let n = parts.length; n > 0; n--) {
      const found = reading.cells.get(parts.slice(0, n).join('.'));
      if (found) return found;
    }
    return undefined;
  };
  return {
    body,
    errors: reading.errors,
    locate(problem) {
      const located = (problem.errors ?? []).map((error) => ({
        ...error,
        path: cellOf(error.path) ?? error.path,
        message: bilingual(error.rule ? `不符合规则 ${error.rule}` : '填写有误', error.message),
      }));
      if (problem.status !== 400) return new Problem(problem.status, problem.detail, located, problem.headers);
      // A cell that could not be read is missing from the body: the schema's word on it adds nothing.
      const unread = new Set(reading.errors.map((error) => error.path));
      const errors = [...reading.errors, ...located.filter((error) => !unread.has(error.path))];
      return new Problem(400, 'The workbook has mistakes; nothing was done.', errors, problem.headers);
    },
  };
}

// ---------- the two templates ----------

export async function parseCampaignWorkbook(file: Buffer): Promise<Upload> {
  const workbook = await readWorkbook(file);
  const reading = new Reading();
  const body = readItems(workbook, activitySheet, reading);
  const streetRows = readTable(workbook, streetsSheet, reading);
  const communityRows = readTable(workbook, communitiesSheet, reading);

  reading.cells.set('streets', streetsSheet.name);
  const streets = streetRows.map((row, s) => {
    placeRow(reading, `streets.${s}`, row);
    // A street without communities is refused by the schema: at its row.
    reading.cells.set(`streets.${s}.communities`, row.cells['']);
    return { ...row.values, communities: [] as unknown[] };
  });
  const streetIndex = new Map(streetRows.map((row, s) => [row.values.id, s]));
  for (const row of communityRows) {
    const { streetId, ...community } = row.values;
    if (streetId === undefined) continue;
    const s = streetIndex.get(streetId);
    if (s === undefined) {
      reading.fail(row.cells.streetId, `街道编号“${String(streetId)}”不在“街道”工作表中`, `street '${String(streetId)}' is not on the sheet ${streetsSheet.name}`);
      continue;
    }
    placeRow(reading, `streets.${s}.communities.${streets[s].communities.length}`, row);
    streets[s].communities.push(community);
  }
  return upload({ ...body, streets }, reading);
}

export async function parseNominationWorkbook(file: Buffer): Promise<Upload> {
  const workbook = await readWorkbook(file);
  const reading = new Reading();
  const items = readItems(workbook, nominationSheet, reading) as {
    party?: { seats: number };
    residents?: { seats: number };
    departureAudit?: { publishedOn: string };
  };
  const slates = { party: { ...items.party, candidates: [] as unknown[] }, residents: { ...items.residents, candidates: [] as unknown[] } };
  reading.cells.set('departureAudit', reading.cells.get('departureAudit.publishedOn') ?? nominationSheet.name);
  for (const kind of ['party', 'residents'] as const) reading.cells.set(`${kind}.candidates`, candidatesSheet.name);
  for (const row of readTable(workbook, candidatesSheet, reading)) {
    const { committee, ...candidate } = row.values;
    if (committee !== 'party' && committee !== 'residents') continue;
    placeRow(reading, `${committee}.candidates.${slates[committee].candidates.length}`, row);
    slates[committee].candidates.push(candidate);
  }
  return upload({ ...items, ...slates, departureAudit: items.departureAudit ?? null }, reading);
}
