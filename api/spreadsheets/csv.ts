/**
 * The communities list as CSV for Excel: UTF-8 with a byte-order mark (without it Windows
 * Excel reads Chinese as mojibake), and no cell that Excel would run as a formula.
 */
import { stringify } from 'csv-stringify/sync';
import { type CellFormat, type Column } from './report';

/** Cells Excel or LibreOffice would evaluate: = + - @ and the tab or return that may precede them. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A leading apostrophe makes the spreadsheet show the text as typed instead of evaluating it (OWASP's advice). */
export const defuse = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

function text(value: string | number | Date | null, format: CellFormat | undefined): string {
  if (value === null) return '';
  if (value instanceof Date) return format === 'datetime' ? value.toISOString().slice(0, 16).replace('T', ' ') : value.toISOString().slice(0, 10);
  if (typeof value === 'number') return format === 'percent' ? `${(value * 100).toFixed(1)}%` : String(value);
  return defuse(value);
}

export function csvOf<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  return stringify([columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => text(c.value(row), c.format)))], { bom: true, record_delimiter: 'windows' });
}
