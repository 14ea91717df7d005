/**
 * What a user does with the templates, done with exceljs: download one, fill its sheets by
 * their Chinese headers, save it, upload it; and read back what the API sends.
 */
import ExcelJS from 'exceljs';
import type { Express } from 'express';
import request from 'supertest';
import { bearer, type Caller } from './harness';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Value = string | number | Date | null;

/** The answer's body as bytes, whatever its type. */
export async function download(app: Express, path: string, caller: Caller = 'coordinator'): Promise<request.Response> {
  return request(app).get(path).set(bearer(caller)).responseType('blob');
}

export async function load(file: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  return workbook;
}

/** Writes `rows` under a table sheet's header, each row's values by header. */
export function fillTable(workbook: ExcelJS.Workbook, sheetName: string, rows: Record<string, Value>[]): void {
  const sheet = workbook.getWorksheet(sheetName)!;
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => columns.set(String(cell.value), column));
  rows.forEach((values, i) => {
    for (const [header, value] of Object.entries(values)) {
      const column = columns.get(header);
      if (column === undefined) throw new Error(`no column ${header} on ${sheetName}`);
      sheet.getRow(i + 2).getCell(column).value = value;
    }
  });
}

/** Writes each 项目's 值. */
export function fillItems(workbook: ExcelJS.Workbook, sheetName: string, values: Record<string, Value>): void {
  const sheet = workbook.getWorksheet(sheetName)!;
  sheet.eachRow((row, n) => {
    const label = String(row.getCell(1).value);
    if (n > 1 && label in values) row.getCell(2).value = values[label];
  });
}

export async function save(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function upload(app: Express, path: string, file: Buffer, caller: Caller): request.Test {
  return request(app).post(path).set(bearer(caller)).set('Content-Type', XLSX).send(file);
}
