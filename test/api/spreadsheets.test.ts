/**
 * The templates, and what an upload's reading refuses before anything reaches Temporal:
 * the API here has a client that is never dialled, so every answer below comes from the
 * API alone (test/api/spreadsheet-campaign.test.ts drives the same uploads into Temporal).
 */
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { Express } from 'express';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { sha256Hex } from '../../api/auth';
import { parseCampaignWorkbook, parseNominationWorkbook } from '../../api/spreadsheets/parse';
import { campaignDefinitionSchema, stepBodySchemas } from '../../domain';
import { yiwuCampaign } from '../../examples/yiwu';
import { bearer, callers, expectProblem, tokenOf, type Caller } from './harness';
import { campaignWorkbook, nominationBody, nominationWorkbook } from './filled-templates';
import { download, fillItems, fillTable, load, save, upload, XLSX } from './workbooks';

let connection: Connection;
let app: Express;

beforeAll(() => {
  connection = Connection.lazy({ address: '127.0.0.1:1' });
  const tokens = Object.entries(callers).map(([name, c]) => ({ name, ...c, sha256: sha256Hex(tokenOf(name as Caller)) }));
  app = createApp({ client: new Client({ connection }), connection, taskQueue: 'spreadsheets', tokens, log: () => {} });
});

afterAll(async () => {
  await connection?.close();
});

describe('templates', () => {
  test.each([
    ['campaign.xlsx', { 活动: ['项目', '值'], 街道: ['街道编号', '街道名称', '街道办邮箱', '指导组组长邮箱'], 社区: ['街道编号', '社区编号', '社区名称', '户数', '暂住人口', '党组织类型'] }],
    [
      'nomination.xlsx',
      { 提名: ['项目', '值'], 候选人: ['委员会', '编号', '姓名', '性别', '出生日期', '文化程度', '是否原班子成员', '是否正式党员', '提名方式', '拟任职务'] },
    ],
  ])('%s has its sheets with Chinese headers, a 说明 sheet, text columns and drop-down lists', async (file, sheets) => {
    const res = await download(app, `/api/templates/${file}`, 's1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const workbook = await load(res.body);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([...Object.keys(sheets), '说明']);
    for (const [name, headers] of Object.entries(sheets)) {
      const sheet = workbook.getWorksheet(name)!;
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(headers);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    const guide = workbook.getWorksheet('说明')!;
    const explained = new Set<string>();
    guide.eachRow((row) => explained.add(`${String(row.getCell(1).value)}/${String(row.getCell(2).value)}`));
    for (const [name, headers] of Object.entries(sheets)) {
      if (headers[0] === '项目') continue;
      for (const header of headers) expect(explained).toContain(`${name}/${header}`);
    }
  });

  test('the campaign template lists every step by its Chinese name, ids and dates as text, enumerations as drop-downs', async () => {
    const workbook = await load((await download(app, '/api/templates/campaign.xlsx')).body);
    const activity = workbook.getWorksheet('活动')!;
    const items: string[] = [];
    activity.eachRow((row, n) => n > 1 && items.push(String(row.getCell(1).value)));
    expect(items).toEqual(['编号', '名称', '时区', '语言', '协调人邮箱', '指导小组', '选举方案', '选举委员会', '业务培训', '选民登记', '候选人提名', '党组织选举', '居委会选举', '工作交接']);
    expect(activity.getCell('B2').numFmt).toBe('@');
    const communities = workbook.getWorksheet('社区')!;
    expect(communities.getColumn(2).numFmt).toBe('@');
    expect(communities.getCell('F2').dataValidation).toMatchObject({ type: 'list', formulae: ['"党委,党总支,党支部"'] });

    const nomination = await load((await download(app, '/api/templates/nomination.xlsx')).body);
    const candidates = nomination.getWorksheet('候选人')!;
    const lists = ['A', 'D', 'F', 'G', 'H', 'I', 'J'].map((column) => candidates.getCell(`${column}2`).dataValidation?.formulae);
    expect(lists).toEqual([['"党组织,居委会"'], ['"男,女"'], ['"小学,初中,高中,中专,大专,本科,硕士,博士"'], ['"是,否"'], ['"是,否"'], ['"联合提名,自荐"'], ['"书记,副书记,主任,副主任,委员"']]);
    expect(candidates.getColumn(5).numFmt).toBe('@');
  });

  test('needs a token', async () => {
    expectProblem(await request(app).get('/api/templates/campaign.xlsx'), 401);
  });
});

describe('reading a filled template', () => {
  test('the campaign template filled with the Yiwu example reads as its JSON', async () => {
    const { body } = await parseCampaignWorkbook(await campaignWorkbook(app, yiwuCampaign));
    expect(campaignDefinitionSchema.parse(body)).toEqual(campaignDefinitionSchema.parse(yiwuCampaign));
  });

  test('dates as text in three spellings or as Excel dates, counts and Party organisations', async () => {
    const workbook = await load(await campaignWorkbook(app, yiwuCampaign));
    fillItems(workbook, '活动', { 指导小组: '2027/8/8', 选举方案: '2027年8月12日', 选举委员会: new Date(Date.UTC(2027, 7, 15)), 语言: 'English' });
    fillTable(workbook, '社区', [{ 户数: '1800', 暂住人口: 4200, 党组织类型: '党委' }]);
    const { body } = await parseCampaignWorkbook(await save(workbook));
    const definition = campaignDefinitionSchema.parse(body);
    expect(definition.calendar).toMatchObject({ 'guidance-group': '2027-08-08', 'election-plan': '2027-08-12', 'election-committee': '2027-08-15' });
    expect(definition.locale).toBe('en');
    expect(definition.streets[0].communities[0]).toEqual({ id: 'xiuhu', name: '绣湖社区', households: 1800, temporaryResidents: 4200, partyOrganisation: 'committee' });
  });

  test('a nomination of 12 candidates reads as its JSON, 男/女 and the education names mapped', async () => {
    const { body } = await parseNominationWorkbook(await nominationWorkbook(app, nominationBody('2027-01-05')));
    expect(stepBodySchemas.nomination.parse(body)).toEqual(stepBodySchemas.nomination.parse(nominationBody('2027-01-05')));
  });

  test('five mistakes in five cells: 400 naming each cell, in Chinese and English', async () => {
    const workbook = await load(await campaignWorkbook(app, yiwuCampaign));
    fillItems(workbook, '活动', { 业务培训: '2027-02-30' });
    fillTable(workbook, '街道', [{ 街道办邮箱: null }]);
    fillTable(workbook, '社区', [{ 户数: '很多' }, { 街道编号: 'nowhere' }, { 党组织类型: '党小组' }]);
    const res = await upload(app, '/api/campaigns', await save(workbook), 'coordinator');
    expectProblem(res, 400);
    const errors = res.body.errors as { path: string; message: string }[];
    expect(errors.map((e) => e.path).sort()).toEqual(['活动!B10', '社区!A3', '社区!D2', '社区!F4', '街道!C2'].sort());
    for (const error of errors) {
      const [zh, en] = error.message.split(' / ');
      expect([zh, en]).toEqual([expect.stringMatching(/[\u4e00-\u9fff]/), expect.stringMatching(/[A-Za-z]/)]);
    }
  });

  test("the schema's refusals name cells too", async () => {
    const workbook = await load(await campaignWorkbook(app, yiwuCampaign));
    fillItems(workbook, '活动', { 编号: 'Not An Id', 协调人邮箱: 'nobody' });
    fillTable(workbook, '社区', [{}, { 社区编号: 'xiuhu' }]);
    const res = await upload(app, '/api/campaigns', await save(workbook), 'coordinator');
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['活动!B2', '活动!B6', '社区!B3']);
  });
});

/** A little-endian record: [offset, width in bytes, value] each. */
function record(size: number, fields: [number, 2 | 4, number][]): Buffer {
  const buffer = Buffer.alloc(size);
  for (const [at, width, value] of fields) {
    if (width === 2) buffer.writeUInt16LE(value, at);
    else buffer.writeUInt32LE(value, at);
  }
  return buffer;
}

/** A zip of `count` entries (the same deflated data each), each declaring `declared` bytes inflated. */
function zip(count: number, data: Buffer, declared: number): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const name = Buffer.from(`xl/worksheets/sheet${i + 1}.xml`);
    const local = record(30, [[0, 4, 0x04034b50], [4, 2, 20], [8, 2, 8], [18, 4, data.length], [22, 4, declared], [26, 2, name.length]]);
    const central = record(46, [[0, 4, 0x02014b50], [6, 2, 20], [10, 2, 8], [20, 4, data.length], [24, 4, declared], [28, 2, name.length], [42, 4, offset]]);
    parts.push(local, name, data);
    directory.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const central = Buffer.concat(directory);
  const end = record(22, [[0, 4, 0x06054b50], [8, 2, count], [10, 2, count], [12, 4, central.length], [16, 4, offset]]);
  return Buffer.concat([...parts, central, end]);
}

describe('files refused: never a 500', () => {
  const tenMegabytesOfZeros = deflateRawSync(Buffer.alloc(10 * 1024 * 1024));

  test.each([
    ['a text file', 400, Buffer.from('编号,名称\nyiwu-2027,义乌')],
    ['a zip that is no workbook', 400, zip(1, deflateRawSync(Buffer.from('hello')), 5)],
    ['a zip bomb: entries declaring 140 MB', 413, zip(14, tenMegabytesOfZeros, 10 * 1024 * 1024)],
    ['a zip bomb that lies: 10 MB declared as 1 KB', 413, zip(1, tenMegabytesOfZeros, 1024)],
    ['a truncated workbook', 400, Buffer.from([0x50, 0x4b, 0x03, 0x04, ...new Array(40).fill(0)])],
  ])('%s → %i', async (_, status, file) => {
    const campaign = await upload(app, '/api/campaigns', file, 'coordinator');
    expectProblem(campaign, status);
    const nomination = await upload(app, '/api/campaigns/any-campaign/communities/c1/steps/nomination', file, 's1');
    expectProblem(nomination, status);
  });

  test('a body over 16 MB → 413', async () => {
    expectProblem(await upload(app, '/api/campaigns', Buffer.alloc(17 * 1024 * 1024, 1), 'coordinator'), 413);
  });

  test('more rows than a sheet takes → 413 naming the sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('候选人');
    sheet.addRow(['委员会', '编号', '姓名']);
    for (let i = 0; i < 101; i++) sheet.addRow(['党组织', `c${i}`, '某某']);
    workbook.addWorksheet('提名');
    const res = await upload(app, '/api/campaigns/any-campaign/communities/c1/steps/nomination', await save(workbook), 's1');
    expectProblem(res, 413);
    expect(res.body.errors[0].path).toBe('候选人');
  });

  test('a step other than the nomination takes no spreadsheet: 415', async () => {
    const file = await nominationWorkbook(app, nominationBody('2027-01-05'));
    expectProblem(await upload(app, '/api/campaigns/any-campaign/communities/c1/steps/training', file, 's1'), 415);
  });

  test('only a coordinator may upload a campaign', async () => {
    expectProblem(await upload(app, '/api/campaigns', Buffer.from('x'), 's1'), 403);
    expectProblem(await request(app).post('/api/campaigns').set(bearer('admin')).set('Content-Type', XLSX).send(Buffer.from('x')), 403);
  });
});
