/** The look the templates and the report share. */
import type ExcelJS from 'exceljs';

const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const thin: ExcelJS.Border = { style: 'thin', color: { argb: 'FF9BB0C8' } };

/** A header row: bold on a pale blue, bordered, centred. */
export function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.eachCell((cell) => {
    cell.fill = headerFill;
    cell.border = { top: thin, bottom: thin, left: thin, right: thin };
  });
}
