/**
 * An XLSX is a zip. Before exceljs inflates one, its entries are inflated here with a cap,
 * so a small file that expands to gigabytes (a zip bomb) is refused with 413 instead of
 * filling the API's memory. The sizes the central directory declares are checked first and
 * then held to: an entry that inflates to more than it declares is refused too.
 */
import { inflateRawSync } from 'node:zlib';
import { Problem } from '../problem';
import { bilingual } from './messages';

/** What every entry of an upload may inflate to together: a campaign of 100,000 communities needs about 40 MB. */
export const maxInflatedBytes = 64 * 1024 * 1024;
const maxEntries = 10_000;

const signatures = { local: 0x04034b50, central: 0x02014b50, end: 0x06054b50 };
const STORED = 0;
const DEFLATED = 8;

const notXlsx = (why: string) =>
  new Problem(400, `The body is not an XLSX workbook: ${why}.`, [{ path: '', message: bilingual('文件不是 Excel 工作簿（.xlsx）', `not an XLSX workbook: ${why}`) }]);

const tooLarge = (why: string) =>
  new Problem(413, `The workbook inflates to more than ${maxInflatedBytes / 1024 / 1024} MB: ${why}.`, [
    { path: '', message: bilingual(`文件解压后超过 ${maxInflatedBytes / 1024 / 1024} MB`, why) },
  ]);

function endOfCentralDirectory(file: Buffer): number {
  // The record is 22 bytes, followed by a comment of at most 65,535.
  for (let at = file.length - 22; at >= Math.max(0, file.length - 22 - 0xffff); at--) {
    if (file.readUInt32LE(at) === signatures.end) return at;
  }
  throw notXlsx('no zip directory');
}

/** Throws a 400 Problem for what is not a zip, a 413 for what inflates past the cap. */
export function checkZip(file: Buffer): void {
  if (file.length < 22 || file.readUInt32LE(0) !== signatures.local) throw notXlsx('it does not start as a zip');
  const end = endOfCentralDirectory(file);
  const entries = file.readUInt16LE(end + 10);
  let at = file.readUInt32LE(end + 16);
  // A 16 MB upload never needs ZIP64's fields; their markers stand in for the real values.
  if (entries === 0xffff || at === 0xffffffff) throw notXlsx('ZIP64 archives are not taken');
  if (entries > maxEntries) throw tooLarge(`${entries} entries`);
  let declared = 0;
  let inflated = 0;
  try {
    for (let i = 0; i < entries; i++) {
      if (file.readUInt32LE(at) !== signatures.central) throw notXlsx('a damaged zip directory');
      const method = file.readUInt16LE(at + 10);
      const compressed = file.readUInt32LE(at + 20);
      const size = file.readUInt32LE(at + 24);
      const local = file.readUInt32LE(at + 42);
      at += 46 + file.readUInt16LE(at + 28) + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
      declared += size;
      if (declared > maxInflatedBytes) throw tooLarge(`its entries declare ${declared} bytes`);
      if (file.readUInt32LE(local) !== signatures.local) throw notXlsx('a damaged zip entry');
      const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
      const data = file.subarray(start, start + compressed);
      if (data.length !== compressed) throw notXlsx('a truncated zip entry');
      if (method === STORED) inflated += compressed;
      else if (method === DEFLATED) inflated += inflateRawSync(data, { maxOutputLength: size + 1 }).length;
      else throw notXlsx(`compression method ${method}`);
      if (inflated > declared) throw tooLarge('an entry inflates to more than it declares');
    }
  } catch (err) {
    if (err instanceof Problem) throw err;
    // maxOutputLength passed: the entry holds more than it declares.
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('an entry inflates to more than it declares');
    // An offset past the end, or data that does not inflate.
    throw notXlsx('a damaged zip');
  }
}
