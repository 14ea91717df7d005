/**
 * Excel in, Excel out against a real dev server and worker: campaigns and nominations
 * uploaded as filled templates do what their JSON does; a finished campaign's statistics,
 * report and CSV say what was recorded.
 */
import request from 'supertest';
import { ageOn, type CampaignDefinitionInput } from '../../domain';
import { campaignDefinition } from '../../examples/sample-campaign';
import { yiwuCampaign } from '../../examples/yiwu';
import { eventually } from '../helpers/eventually';
import { campaignWorkbook, nominationBody, nominationWorkbook } from './filled-templates';
import { bearer, communityStepPath, completeSteps, expectProblem, planStreet, startHarness, today, type Caller, type Harness } from './harness';
import { download, fillTable, load, save, upload } from './workbooks';

jest.setTimeout(120_000);

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 90_000);

afterAll(async () => {
  await h?.close();
});

const get = (path: string, caller: Caller = 'coordinator') => request(h.app).get(path).set(bearer(caller));

async function communitiesOf(id: string, total: number): Promise<Record<string, unknown>[]> {
  return eventually(async () => {
    const res = await get(`/api/campaigns/${id}/communities?limit=1000`);
    expect(res.body.total).toBe(total);
    return (res.body.items as Record<string, unknown>[])
      .map(({ campaignId: _id, workflowId: _workflow, ...community }) => community)
      .sort((a, b) => String(a.communityId).localeCompare(String(b.communityId)));
  });
}

describe('uploads', () => {
  test('the campaign template filled with the Yiwu example starts the campaign its JSON starts', async () => {
    const uploaded = await upload(h.app, '/api/campaigns', await campaignWorkbook(h.app, yiwuCampaign), 'coordinator');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toEqual({ id: 'yiwu-2027' });
    const json = await request(h.app).post('/api/campaigns').set(bearer('coordinator')).send({ ...yiwuCampaign, id: 'yiwu-json' });
    expect(json.status).toBe(201);

    const [fromSheet, fromJson] = await Promise.all([communitiesOf('yiwu-2027', 27), communitiesOf('yiwu-json', 27)]);
    expect(fromSheet).toEqual(fromJson);
    await eventually(async () => {
      const [sheet, json] = await Promise.all(['yiwu-2027', 'yiwu-json'].map((id) => get(`/api/campaigns/${id}`)));
      expect(sheet.body.streets.map((s: { name: string; communities: number }) => [s.name, s.communities])).toEqual([
        ['稠城街道', 8],
        ['江东街道', 7],
        ['稠江街道', 6],
        ['北苑街道', 6],
      ]);
      expect({ ...sheet.body, id: 'yiwu-json' }).toEqual(json.body);
    });
  });

  test('a template with five mistakes answers five errors and starts nothing', async () => {
    const workbook = await load(await campaignWorkbook(h.app, { ...yiwuCampaign, id: 'yiwu-mistakes' }));
    fillTable(workbook, '街道', [{ 街道名称: null }, { 指导组组长邮箱: 'not-an-email' }]);
    fillTable(workbook, '社区', [{ 社区编号: 'Bad Id' }, {}, { 户数: '-3' }, { 党组织类型: '党小组' }]);
    const res = await upload(h.app, '/api/campaigns', await save(workbook), 'coordinator');
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['社区!B2', '社区!D4', '社区!F5', '街道!B2', '街道!D3']);
    expectProblem(await get('/api/campaigns/yiwu-mistakes'), 404);
  });
});

const id = 'sheets';
const base = `/api/campaigns/${id}`;
const communities = ['s1-c1', 's1-c2', 's2-c1', 's2-c2'];
let definition: CampaignDefinitionInput;

/** The Party elects p1..p5; the residents p1 (the secretary, now director too) and r2..r5. */
const partyVote = { entitled: 100, present: 90, votes: { p1: 60, p2: 60, p3: 60, p4: 60, p5: 60, p6: 10 } };
const residentsVote = { round: 'first', registered: 3000, ballotsCast: 2400, votes: { p1: 1500, r2: 1500, r3: 1500, r4: 1500, r5: 1500, r6: 300 } };

describe('a campaign through to its end', () => {
  beforeAll(async () => {
    definition = campaignDefinition({ id, streets: 2, communitiesPerStreet: 2, from: Date.now() });
    // A name a spreadsheet would run as a formula.
    definition.streets[0].communities[0].name = '=1+1';
    const created = await request(h.app).post('/api/campaigns').set(bearer('coordinator')).send(definition);
    expect(created.status).toBe(201);
    await communitiesOf(id, 4);
    await Promise.all([planStreet(h.app, id, 's1'), planStreet(h.app, id, 's2')]);
  });

  test("an uploaded nomination's rule breaches name their cells", async () => {
    await completeSteps(h.app, id, 's1-c1', ['election-committee', 'training', 'voter-registration']);
    // Published on election day itself, the audit too; p2 born in 1950.
    const late = nominationBody(definition.calendar['residents-election']);
    late.party.candidates[1].birthDate = '1950-01-01';
    const res = await upload(h.app, communityStepPath(id, 's1-c1', 'nomination'), await nominationWorkbook(h.app, late), 's1');
    expectProblem(res, 422);
    expect(res.body.errors.map((e: { path: string; rule: string }) => [e.path, e.rule]).sort()).toEqual([
      ['候选人!E3', 'eligibility-age'],
      ['提名!B4', 'candidate-list-lead'],
      ['提名!B5', 'audit-before-election'],
    ]);
    expect(res.body.errors[0].message).toMatch(/^不符合规则 [a-z-]+ \/ /);
    expectProblem(await upload(h.app, communityStepPath(id, 's1-c1', 'nomination'), await nominationWorkbook(h.app, late), 's2'), 403);
  });

  test('a nomination of 12 candidates uploaded as its template records what its JSON records', async () => {
    for (const community of communities.slice(1)) await completeSteps(h.app, id, community, ['election-committee', 'training', 'voter-registration']);
    const body = nominationBody(today());
    const file = await nominationWorkbook(h.app, body);
    for (const community of communities) {
      const street = community.slice(0, 2) as Caller;
      const res =
        community === 's2-c2'
          ? await request(h.app).post(communityStepPath(id, community, 'nomination')).set(bearer(street)).send(body)
          : await upload(h.app, communityStepPath(id, community, 'nomination'), file, street);
      expect(res.status).toBe(200);
      expect(res.body.current).toBe('party-election');
    }
    const states = await Promise.all(communities.map((c) => get(`${base}/communities/${c}`)));
    const evidence = states.map((s) => s.body.steps.find((step: { step: string }) => step.step === 'nomination').evidence);
    expect(evidence[0].party.candidates).toHaveLength(6);
    expect(evidence[0].residents.candidates).toHaveLength(6);
    for (const uploaded of evidence.slice(0, 3)) expect(uploaded).toEqual(evidence[3]);
  });

  test('elections and handover recorded, the statistics count the elected teams', async () => {
    for (const community of communities) {
      const street = community.slice(0, 2) as Caller;
      for (const [step, body] of [['party-election', partyVote], ['residents-election', residentsVote]] as const) {
        const res = await request(h.app).post(communityStepPath(id, community, step)).set(bearer(street)).send(body);
        expect(res.status).toBe(200);
      }
      await completeSteps(h.app, id, community, ['handover']);
    }
    const electionDay = definition.calendar['residents-election'];
    const ages = [['1995-01-01'], ...Array(7).fill(['1985-03-01']), ['1976-06-01']].map(([born]) => ageOn(born, electionDay));
    const teams = (n: number) => ({
      communities: n,
      members: 9 * n,
      women: 4 * n,
      averageAge: Math.round((ages.reduce((a, b) => a + b, 0) / 9) * 10) / 10,
      under35: ages.filter((a) => a <= 35).length * n,
      over50: ages.filter((a) => a >= 50).length * n,
      collegeOrAbove: 8 * n,
      incumbentsReelected: n,
      crossAppointed: n,
      dualRole: n,
    });
    const turnout = (n: number) => ({ registered: 3000 * n, cast: 2400 * n, rate: 0.8 });
    const statistics = await eventually(async () => {
      const res = await get(`${base}/statistics`);
      expect(res.status).toBe(200);
      expect(res.body.teams.communities).toBe(4);
      return res.body;
    });
    expect(statistics).toEqual({
      turnout: turnout(4),
      teams: teams(4),
      streets: [
        { id: 's1', turnout: turnout(2), teams: teams(2) },
        { id: 's2', turnout: turnout(2), teams: teams(2) },
      ],
    });
    const ofStreet = await get(`${base}/statistics`, 's2');
    expect(ofStreet.body.streets.map((s: { id: string }) => s.id)).toEqual(['s2']);
    expect(ofStreet.body.teams.members).toBe(18);
    expectProblem(await get('/api/campaigns/nope-nope/statistics'), 404);
  });

  test('the report opens with its four sheets, a row per community and per elected member, and the statistics', async () => {
    const res = await download(h.app, `${base}/report.xlsx`);
    expect(res.status).toBe(200);
    const workbook = await load(res.body);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['进度', '社区', '当选', '统计']);
    const rows = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      expect(String(sheet.getCell('A1').value)).toMatch(/^测试市第三届社区两委换届选举 .*（截至\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}）$/);
      expect(sheet.getCell('B2').value).toBeInstanceOf(Date);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      const values: unknown[][] = [];
      sheet.eachRow((row, n) => n > 3 && values.push((row.values as unknown[]).slice(1)));
      return { sheet, values };
    };
    const progress = rows('进度');
    expect(progress.values.map((r) => r[0])).toEqual(['第1街道', '第2街道', '合计']);
    // Every step done everywhere: 100% in each of the nine step columns.
    expect(progress.values.map((r) => r.slice(2, 11))).toEqual(Array(3).fill(Array(9).fill(1)));
    expect(progress.sheet.getCell('C4').numFmt).toBe('0.0%');

    const community = rows('社区');
    expect(community.values.map((r) => r[2])).toEqual(['=1+1', '第1街道第2社区', '第2街道第1社区', '第2街道第2社区']);
    expect(community.sheet.getCell('A1').value).not.toHaveProperty('formula');
    expect(community.sheet.getCell('C4').value).toBe('=1+1');

    const elected = rows('当选');
    expect(elected.values).toHaveLength(36);
    const p1 = elected.values.find((r) => r[2] === 'p1')!;
    expect(p1.slice(2, 5)).toEqual(['p1', '候选人p1', '女']);
    expect(p1[5]).toEqual(new Date('1995-01-01T00:00:00Z'));
    expect(p1.slice(8)).toEqual(['是', '是', '书记、主任', '否', '是']);

    const stats = rows('统计');
    expect(stats.values.map((r) => r[0])).toEqual(['第1街道', '第2街道', '合计']);
    const total = stats.values[2];
    expect([total[1], total[2], total[3], total[10], total[11], total[12], total[13], total[14], total[15]]).toEqual([4, 36, 16, 4, 4, 4, 12000, 9600, 0.8]);
    expect(stats.sheet.getCell('P4').numFmt).toBe('0.0%');

    const ofStreet = await load((await download(h.app, `${base}/report.xlsx`, 's1')).body);
    const streetCommunities: string[] = [];
    ofStreet.getWorksheet('社区')!.eachRow((row, n) => n > 3 && streetCommunities.push(String(row.getCell(2).value)));
    expect(streetCommunities).toEqual(['s1-c1', 's1-c2']);
  });

  test("the CSV starts with a BOM, escapes formulas, and takes the list's filters and a street's bounds", async () => {
    const res = await download(h.app, `${base}/communities.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0].split(',').slice(0, 3)).toEqual(['街道', '社区编号', '社区名称']);
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.includes('s1-c1'))).toContain(",'=1+1,");
    expect(lines.find((l) => l.includes('s1-c1'))).toContain('80.0%');

    const s2 = await download(h.app, `${base}/communities.csv?street=s2`);
    expect(s2.body.toString('utf8').trim().split('\r\n')).toHaveLength(3);
    const forced = await download(h.app, `${base}/communities.csv`, 's1');
    expect(forced.body.toString('utf8').trim().split('\r\n').slice(1).map((l: string) => l.split(',')[1])).toEqual(expect.arrayContaining(['s1-c1', 's1-c2']));
    expect(forced.body.toString('utf8').trim().split('\r\n')).toHaveLength(3);
    expectProblem(await get(`${base}/communities.csv?street=s2`, 's1'), 403);
    expectProblem(await get(`${base}/communities.csv?overdue=maybe`), 400);
    expectProblem(await get('/api/campaigns/nope-nope/communities.csv'), 404);
  });
});
