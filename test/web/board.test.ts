/**
 * The board in a real browser against the real API, Temporal and worker: a coordinator
 * starts a campaign, a street office runs its street and one community to handover through
 * the forms, the street offices stay within their street, the coordinator moves a due date.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { localDate, MS_PER_DAY } from '../../domain';
import { campaignDefinition, timezone, validBody } from '../../examples/sample-campaign';
import { bearer, communityStepPath, startHarness, tokenOf, type Harness } from '../api/harness';
import { serve, shoot, signIn, type Served } from './browser';
import request from 'supertest';
import { campaignWorkbook, nominationBody, nominationWorkbook } from '../api/filled-templates';
import { XLSX } from '../api/workbooks';

const campaignId = 'board-test';
let harness: Harness;
let served: Served;
const today = () => localDate(Date.now(), timezone);

beforeAll(async () => {
  harness = await startHarness();
  served = await serve(harness.app);
}, 120_000);

afterAll(async () => {
  await served?.close();
  await harness?.close();
});

/** Reloads until the page shows `text` (signals between workflows take a moment). */
async function reloadUntil(page: Page, text: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.getByText(text).first().isVisible())) {
    if (Date.now() > deadline) throw new Error(`the page never showed '${text}'`);
    await new Promise((r) => setTimeout(r, 300));
    await page.reload();
  }
}

test('a coordinator signs in, starts a campaign by pasting its JSON, and sees the streets × steps grid', async () => {
  const { context, page } = await signIn(served, 'coordinator');
  await page.getByLabel('活动定义（JSON）').fill('{ not json');
  await page.getByRole('button', { name: '发起活动' }).click();
  expect(await page.locator('#error-summary').isVisible()).toBe(true);
  expect(await page.locator('.field-error').first().textContent()).toContain('不是有效的 JSON');

  const definition = campaignDefinition({ id: campaignId, streets: 2, communitiesPerStreet: 2, from: Date.now() });
  await page.getByLabel('活动定义（JSON）').fill(JSON.stringify(definition, null, 2));
  await page.getByRole('button', { name: '发起活动' }).click();
  await page.waitForURL(`**/campaigns/${campaignId}`);
  expect(await page.locator('.flash').textContent()).toContain(`换届活动“${campaignId}”已发起`);
  await reloadUntil(page, '共4个社区');
  const rows = page.locator('table.grid tbody tr');
  expect(await rows.count()).toBe(2);
  // Each street's guidance group is open; its communities wait for the plan.
  expect(await rows.first().locator('td').first().textContent()).toMatch(/进行中 1/);
  expect(await rows.first().locator('td').nth(2).textContent()).toMatch(/未开始|—/);
  expect(await page.getByRole('heading', { name: '当选班子统计' }).isVisible()).toBe(true);
  expect(await page.locator('section[aria-labelledby="stats-h"]').textContent()).toContain('当选成员 0 人');
  // The page's state refreshes itself: htmx is served from the board, nothing from elsewhere.
  expect(await page.evaluate(() => typeof (globalThis as { htmx?: unknown }).htmx)).toBe('object');
  expect(await page.locator('#live').getAttribute('hx-trigger')).toMatch(/^every \d+s$/);
  await shoot(page, 'overview');
  await context.close();
});

const streetPage = `/campaigns/${campaignId}/streets/s1`;
const communityPage = `/campaigns/${campaignId}/communities/s1-c1`;

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: button }).click()]);
}

async function fillCandidates(page: Page, slate: 'party' | 'residents', ids: string[], partyMembers: Set<string>): Promise<void> {
  const add = page.locator(`button[data-add-row="${slate}.candidates"]`);
  for (let i = 2; i < ids.length; i++) await add.click();
  for (const [i, id] of ids.entries()) {
    const cell = (key: string) => page.locator(`[name="${slate}.candidates[${i}].${key}"]`);
    await cell('id').fill(id);
    await cell('name').fill(`候选人${id}`);
    await cell('gender').selectOption(i % 2 === 0 ? 'male' : 'female');
    await cell('birthDate').fill('1985-03-01');
    await cell('education').selectOption('bachelor');
    if (partyMembers.has(id)) await page.locator(`input[type=checkbox][name="${slate}.candidates[${i}].partyMember:b"]`).check();
    await cell('nomination').selectOption('joint');
  }
}

async function fillVotes(page: Page, votes: Record<string, number>): Promise<void> {
  for (const [id, count] of Object.entries(votes)) await page.locator(`[name="votes.${id}:n"]`).fill(String(count));
}

test('a street office completes its guidance group and election plan (the quota refused first), then walks a community to handover through the forms, with a runoff', async () => {
  const { context, page } = await signIn(served, 's1');
  // Its home page leads to its street by the campaign's id.
  await page.getByLabel('活动编号').fill(campaignId);
  await page.getByRole('button', { name: /进入/ }).click();
  await page.waitForURL(`**${streetPage}`);

  await page.getByLabel('组长姓名').fill('王书记');
  await page.getByLabel('组长职务').fill('街道党工委书记');
  await page.locator('[name="members[0].name"]').fill('李主任');
  await page.locator('[name="members[0].title"]').fill('街道办事处主任');
  await submit(page, '提交指导小组');
  // One member is too few: the schema's message stands next to the members table.
  expect(page.url()).toContain(streetPage);
  expect(await page.locator('#error-summary').textContent()).toContain('填写内容格式有误');
  await page.locator('[name="members[1].name"]').fill('张科长');
  await page.locator('[name="members[1].title"]').fill('民政科科长');
  await submit(page, '提交指导小组');
  expect(await page.locator('.flash').textContent()).toContain('「指导小组」已提交');

  // The plan: the share of direct elections is counted as the methods are chosen.
  await page.getByRole('group', { name: '第1街道第1社区' }).getByLabel('居民代表会议选举').check();
  await page.getByRole('group', { name: '第1街道第2社区' }).getByLabel('居民代表会议选举').check();
  expect(await page.locator('#quota-verdict').textContent()).toBe('尚未达到比例');
  expect(await page.locator('#quota-direct').textContent()).toBe('0');
  await submit(page, '提交选举方案');
  expect(await page.locator('#error-summary').textContent()).toMatch(/不符合换届规定[\s\S]*直接选举比例：2个社区中0个直接选举；直接选举的社区不得少于50.0%（1个）/);
  await shoot(page, 'refused-plan');
  // The refused form keeps what was chosen.
  expect(await page.getByRole('group', { name: '第1街道第1社区' }).getByLabel('居民代表会议选举').isChecked()).toBe(true);
  await page.getByRole('group', { name: '第1街道第1社区' }).getByLabel('直接选举').check();
  expect(await page.locator('#quota-verdict').textContent()).toBe('符合比例');
  await page.getByRole('group', { name: '第1街道第2社区' }).getByLabel('直接选举').check();
  await submit(page, '提交选举方案');
  expect(await page.locator('.flash').textContent()).toContain('「选举方案」已提交');
  await shoot(page, 'street');

  await page.getByRole('link', { name: '第1街道第1社区' }).first().click();
  await page.waitForURL(`**${communityPage}`);
  await reloadUntil(page, '填报：选举委员会');
  await page.getByLabel('主任姓名').fill('陈书记');
  await page.locator('[name="members[0].name"]').fill('赵委员');
  await page.locator('[name="members[1].name"]').fill('钱委员');
  await submit(page, '提交选举委员会');
  expect(await page.locator('.flash').textContent()).toContain('「选举委员会」已提交');

  await page.getByLabel('培训日期').fill(today());
  await page.getByLabel('参训人数').fill('12');
  await submit(page, '提交业务培训');

  await page.getByLabel('登记选民人数').fill('3000');
  await page.getByLabel('选民名单公布日期').fill(today());
  await submit(page, '提交选民登记');

  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, 'nomination-phone');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByLabel('党组织委员职数').fill('5');
  await fillCandidates(page, 'party', ['r1', 'r2', 'r3', 'p4', 'p5', 'p6'], new Set(['r1', 'r2', 'r3', 'p4', 'p5', 'p6']));
  await page.getByLabel('居委会成员职数').fill('5');
  await fillCandidates(page, 'residents', ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'], new Set(['r1', 'r2', 'r3']));
  await page.getByLabel('候选人名单公布日期').fill(today());
  await page.getByLabel(/离任审计结果公布日期/).fill(today());
  // A candidate born too late for the rules: refused, the message beside that birth date.
  await page.locator('[name="residents.candidates[5].birthDate"]').fill(`${Number(today().slice(0, 4)) - 10}-01-01`);
  await submit(page, '提交候选人提名');
  expect(await page.locator('#error-summary').textContent()).toContain('不符合换届规定');
  expect(await page.locator('[name="residents.candidates[5].birthDate"]').getAttribute('aria-invalid')).toBe('true');
  await shoot(page, 'refused-nomination');
  await page.locator('[name="residents.candidates[5].birthDate"]').fill('1985-03-01');
  await submit(page, '提交候选人提名');
  expect(await page.locator('.flash').textContent()).toContain('「候选人提名」已提交');

  await page.getByLabel('应到党员人数').fill('100');
  await page.getByLabel('实到党员人数').fill('90');
  await fillVotes(page, { r1: 60, r2: 60, r3: 60, p4: 60, p5: 60, p6: 10 });
  await submit(page, '提交党组织选举');
  expect(await page.locator('.flash').textContent()).toContain('「党组织选举」已提交');

  // A first round that elects three of five: recorded, and the step stays open for the runoff.
  await page.getByLabel('轮次').selectOption('first');
  await page.getByLabel('登记选民人数').fill('3000');
  await page.getByLabel('投票人数').fill('2400');
  await fillVotes(page, { r1: 1500, r2: 1500, r3: 1500, r4: 300, r5: 300, r6: 200 });
  await submit(page, '提交居委会选举');
  expect(await page.locator('.flash').textContent()).toContain('本轮结果已登记，尚未选满（空缺2个');
  expect(await page.getByRole('heading', { name: '填报：居委会选举' }).isVisible()).toBe(true);
  // The runoff's ballot lists only those not yet elected.
  expect(await page.locator('[name="votes.r1:n"]').count()).toBe(0);
  await page.getByLabel('轮次').selectOption('runoff');
  await page.getByLabel('登记选民人数').fill('3000');
  await page.getByLabel('投票人数').fill('2000');
  await fillVotes(page, { r4: 1200, r5: 1100, r6: 100 });
  await submit(page, '提交居委会选举');
  expect(await page.locator('.flash').textContent()).toContain('「居委会选举」已提交');

  await page.getByLabel('交接日期').fill(today());
  for (const item of ['印章', '办公场所', '财务', '资产', '档案', '债权债务', '新班子已培训', '已与离任成员谈话']) await page.getByLabel(item).check();
  await submit(page, '提交工作交接');
  expect(await page.locator('.flash').textContent()).toContain('「工作交接」已提交');
  expect(await page.locator('.status').textContent()).toContain('当前步骤：已全部完成');
  expect(await page.locator('.status').textContent()).toContain('参选率：80.0%');
  await shoot(page, 'community');
  await context.close();
});

test("a street office cannot open another street's pages nor post to them, by its own session or by a forged form", async () => {
  const { context, page } = await signIn(served, 's1');
  for (const other of [`/campaigns/${campaignId}/streets/s2`, `/campaigns/${campaignId}/communities/s2-c1`]) {
    const response = await page.goto(`${served.base}${other}`);
    expect(response?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('无权访问');
  }
  // Its own session and CSRF token, its own street's form aimed at the other street: the API's street check refuses it.
  await page.goto(`${served.base}/campaigns/${campaignId}/streets/s1`);
  await page.goto(`${served.base}/campaigns/${campaignId}/communities/s1-c2`);
  await reloadUntil(page, '填报：选举委员会');
  await page.locator('form[action$="/steps/election-committee"]').evaluate((form: { action: string }) => {
    form.action = form.action.replace('/communities/s1-c2/', '/communities/s2-c1/');
  });
  await page.getByLabel('主任姓名').fill('陈书记');
  await page.locator('[name="members[0].name"]').fill('赵委员');
  await page.locator('[name="members[1].name"]').fill('钱委员');
  const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '提交选举委员会' }).click()]);
  expect(refused.status()).toBe(403);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('无权访问');

  // A page of another site that posts a form to the board when opened: refused before any session is looked at.
  const forger = await listenForger(`${served.base}/campaigns/${campaignId}/streets/s2/steps/guidance-group`);
  try {
    const [forged] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.goto(forger.url)]);
    expect(forged.status()).toBe(403);
  } finally {
    await new Promise((resolve) => forger.server.close(resolve));
  }
  // Nothing was applied to the other street.
  const s2 = await signIn(served, 's2');
  await s2.page.goto(`${served.base}/campaigns/${campaignId}/streets/s2`);
  expect(await s2.page.locator('tr[data-step="guidance-group"]').textContent()).toContain('进行中');
  await s2.context.close();
  await context.close();
});

/** Another origin's page whose form posts itself to `target` with the fields of a guidance group. */
async function listenForger(target: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><form method="post" action="${target}"><input name="leader.name" value="X"><input name="leader.title" value="X">
<input name="members[0].name" value="A"><input name="members[0].title" value="A"><input name="members[1].name" value="B"><input name="members[1].title" value="B"></form>
<script>document.forms[0].submit()</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // localhost, not 127.0.0.1: another site to the browser, as a forger's would be.
  return { server, url: `http://localhost:${(server.address() as AddressInfo).port}/` };
}

test('a street office uploads its filled nomination template on the community page', async () => {
  for (const step of ['election-committee', 'training', 'voter-registration'] as const) {
    const res = await request(harness.app).post(communityStepPath(campaignId, 's1-c2', step)).set(bearer('s1')).send(validBody(step, { today: today() }) as object);
    expect(res.status).toBe(200);
  }
  const { context, page } = await signIn(served, 's1');
  await page.goto(`${served.base}/campaigns/${campaignId}/communities/s1-c2`);
  const file = await nominationWorkbook(harness.app, nominationBody(today()));
  await page.locator('#nomination-file').setInputFiles({ name: '提名模板.xlsx', mimeType: XLSX, buffer: file });
  await Promise.all([page.waitForURL(`**/campaigns/${campaignId}/communities/s1-c2`), page.getByRole('button', { name: '上传提名模板' }).click()]);
  await page.locator('.flash').waitFor();
  expect(await page.locator('.flash').textContent()).toContain('「候选人提名」已提交');
  expect(await page.locator('tr[data-step="nomination"]').textContent()).toContain('已完成');
  await context.close();
});

test('the coordinator moves a due date with a reason and sees it, on the community page and in its history', async () => {
  const { context, page } = await signIn(served, 'coordinator');
  await page.goto(`${served.base}/campaigns/${campaignId}`);
  // Past the calendar's last step (90 days from now), so the date shown cannot be the old one.
  const due = localDate(Date.now() + 120 * MS_PER_DAY, timezone);
  await page.getByLabel('步骤', { exact: true }).selectOption('handover');
  await page.getByLabel('新的截止日期').fill(due);
  await page.getByLabel(/^街道/).selectOption('s2');
  await page.getByLabel(/^社区/).selectOption('s2-c1');
  await submit(page, '调整截止日期');
  // No reason: refused, the message beside the reason.
  expect(await page.locator('#error-summary').isVisible()).toBe(true);
  expect(await page.locator('#f-reason').getAttribute('aria-invalid')).toBe('true');
  await page.getByLabel('调整原因').fill('社区办公用房改造，交接推迟');
  await submit(page, '调整截止日期');
  expect(await page.locator('.flash').textContent()).toContain('「工作交接」的截止日期已调整');

  const [year, month, day] = due.split('-').map(Number);
  const shown = `${year}年${month}月${day}日`;
  await page.goto(`${served.base}/campaigns/${campaignId}/communities/s2-c1`);
  await reloadUntil(page, shown);
  expect(await page.locator('tr[data-step="handover"]').textContent()).toContain(shown);
  await reloadUntil(page, '原因：社区办公用房改造，交接推迟');
  await shoot(page, 'community-history');
  // The grid shows the walked community done, and the turnout of its street.
  await page.goto(`${served.base}/campaigns/${campaignId}`);
  expect(await page.locator('table.grid tbody tr').first().locator('td').last().textContent()).toContain('已完成 1');
  expect(await page.locator('section[aria-labelledby="turnout-h"]').textContent()).toContain('80.0%');
  // The elected teams' statistics: the walked community's two committees, its people counted once.
  expect(await page.locator('section[aria-labelledby="stats-h"]').textContent()).toMatch(/当选成员 [1-9]\d* 人/);
  await context.close();
});

test('a coordinator starts a campaign by uploading the filled campaign template', async () => {
  const { context, page } = await signIn(served, 'coordinator');
  const uploaded = 'board-upload';
  const definition = { ...campaignDefinition({ id: uploaded, streets: 1, communitiesPerStreet: 2, from: Date.now() }), name: '上传模板发起的换届选举' };
  const file = await campaignWorkbook(harness.app, definition);
  await page.locator('#campaign-file').setInputFiles({ name: '活动模板.xlsx', mimeType: XLSX, buffer: file });
  await Promise.all([page.waitForURL(`**/campaigns/${uploaded}`), page.getByRole('button', { name: '上传并发起' }).click()]);
  expect(await page.locator('.flash').textContent()).toContain(`换届活动“${uploaded}”已发起`);
  await reloadUntil(page, '共2个社区');
  await context.close();
});

test('an admin signs in with the keyboard alone, reads the overview and a community with its history, without the forms', async () => {
  const context = await served.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(`${served.base}/campaigns/${campaignId}`);
  // The token field has the focus; Enter signs in and returns to the page asked for.
  await page.keyboard.type(tokenOf('admin'));
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/campaigns/${campaignId}`);
  await page.keyboard.press('Tab');
  expect(await page.evaluate('document.activeElement.textContent')).toBe('跳到正文');
  await page.goto(`${served.base}/`);
  await page.getByRole('link', { name: '测试市第三届社区两委换届选举' }).first().click();
  expect(await page.locator('table.grid tbody tr').count()).toBe(2);
  expect(await page.getByRole('heading', { name: '调整截止日期' }).count()).toBe(0);
  await page.goto(`${served.base}${communityPage}`);
  expect(await page.getByRole('heading', { name: '历史记录' }).isVisible()).toBe(true);
  expect(await page.locator('.timeline').textContent()).toContain('「工作交接」由 s1 完成');
  expect(await page.locator('form[action*="/steps/"]').count()).toBe(0);
  await context.close();
});

test('a step not done by its due time turns its cell red, and later dark red when at risk (a calendar of seconds)', async () => {
  const { context, page } = await signIn(served, 'coordinator');
  const definition = campaignDefinition({ id: 'board-late', streets: 1, communitiesPerStreet: 1, from: Date.now() });
  const definitionWithLateStep = {
    ...definition,
    calendar: { ...definition.calendar, 'guidance-group': new Date(Date.now() + 4_000).toISOString() },
    escalation: { atRisk: 'PT6S' },
  };
  await page.getByLabel('活动定义（JSON）').fill(JSON.stringify(definitionWithLateStep));
  await page.getByRole('button', { name: '发起活动' }).click();
  await page.waitForURL('**/campaigns/board-late');
  await reloadUntil(page, '逾期 1', 20_000);
  expect(await page.locator('table.grid tbody tr').first().locator('td').first().getAttribute('class')).toContain('cell-overdue');
  expect(await page.locator('section[aria-labelledby="overdue-h"]').textContent()).toContain('第1街道：指导小组');
  await shoot(page, 'overview-late');
  await reloadUntil(page, '风险 1', 20_000);
  expect(await page.locator('table.grid tbody tr').first().locator('td').first().getAttribute('class')).toContain('cell-at-risk');
  expect(await page.locator('section[aria-labelledby="risk-h"]').textContent()).toContain('第1街道：当前步骤指导小组');
  // On a phone the grid scrolls sideways within the page; the page itself does not.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await shoot(page, 'overview-phone');
  await context.close();
});
