/**
 * The blank upload templates: Chinese headers, a 说明 sheet explaining every column,
 * drop-down lists for every enumeration, and identifiers, phones and dates typed as text,
 * so that Excel or WPS never turns an id into a number or a date into a serial.
 */
import ExcelJS from 'exceljs';
import { ITEM_HEADERS, YES_NO, columnLetter, type CellKind, type Field, type ItemSheet, type TableSheet, type TemplateLayout } from './layout';
import { styleHeader } from './style';

const TEXT = '@';
/** Rows that get the drop-down lists of a table sheet, beyond which a user copies them down. */
const validatedRows = 2_000;

function choicesOf(kind: CellKind): string[] | undefined {
  if (kind === 'yes-no') return Object.values(YES_NO);
  return typeof kind === 'object' ? Object.values(kind.choices) : undefined;
}

const kindNames: Record<Exclude<CellKind, object | 'yes-no'>, string> = {
  text: '文本',
  id: '编号（文本）',
  email: '邮箱',
  emails: '邮箱（可多个）',
  date: '日期，如 2027-08-08',
  count: '整数',
};

const describeKind = (kind: CellKind): string => choicesOf(kind)?.join('、') ?? kindNames[kind as keyof typeof kindNames];

/** exceljs keeps a sheet's validations by address or range; its typings show only the per-cell one. */
type WithRanges = ExcelJS.Worksheet & { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } };

function dropDown(sheet: ExcelJS.Worksheet, range: string, kind: CellKind): void {
  const choices = choicesOf(kind);
  if (!choices) return;
  (sheet as WithRanges).dataValidations.add(range, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${choices.join(',')}"`],
    showErrorMessage: true,
    errorTitle: '请从列表中选择',
    error: `可选值：${choices.join('、')}`,
  });
}

function addItemSheet(workbook: ExcelJS.Workbook, { name, items }: ItemSheet): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: ITEM_HEADERS[0], width: 20 },
    { header: ITEM_HEADERS[1], width: 40, style: { numFmt: TEXT } },
  ];
  styleHeader(sheet.getRow(1));
  items.forEach((item, i) => {
    const row = sheet.getRow(i + 2);
    row.getCell(1).value = item.label;
    row.getCell(1).font = { bold: item.required };
    row.getCell(2).numFmt = TEXT;
    dropDown(sheet, `B${i + 2}`, item.kind);
  });
}

function addTableSheet(workbook: ExcelJS.Workbook, { name, fields }: TableSheet): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Every column as text: counts are read from text as well, and nothing typed is reinterpreted.
  sheet.columns = fields.map((field) => ({ header: field.label, width: field.width ?? 14, style: { numFmt: TEXT } }));
  styleHeader(sheet.getRow(1));
  fields.forEach((field, i) => {
    const column = columnLetter(i + 1);
    dropDown(sheet, `${column}2:${column}${validatedRows + 1}`, field.kind);
  });
}

function addGuide(workbook: ExcelJS.Workbook, layout: TemplateLayout, title: string): void {
  const sheet = workbook.addWorksheet('说明');
  sheet.columns = [
    { header: '工作表', width: 10 },
    { header: '列 / 项目', width: 20 },
    { header: '必填', width: 6 },
    { header: '格式或可选值', width: 36 },
    { header: '说明', width: 70 },
  ];
  styleHeader(sheet.getRow(1));
  const describe = (sheetName: string, field: Field) =>
    sheet.addRow([sheetName, field.label, field.required ? '是' : '否', describeKind(field.kind), field.help]);
  for (const item of layout.items.items) describe(layout.items.name, item);
  for (const table of layout.tables) for (const field of table.fields) describe(table.name, field);
  sheet.addRow([]);
  sheet.addRow([title]);
  sheet.addRow(['每张工作表第一行是表头，请勿修改或删除；从第二行起每行一条，空行会被跳过。']);
  sheet.addRow(['编号、日期列为文本格式；日期可写作 2027-08-08、2027/8/8 或 2027年8月8日，也可用 Excel 日期。']);
  sheet.addRow(['上传后如有错误，系统会一次列出所有错误及其单元格（如 社区!C7），全部改正后重新上传；有错误时不会开始任何工作。']);
}

export async function templateWorkbook(layout: TemplateLayout, title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'huanjie';
  addItemSheet(workbook, layout.items);
  for (const table of layout.tables) addTableSheet(workbook, table);
  addGuide(workbook, layout, title);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
