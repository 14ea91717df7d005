/**
 * The board in a real browser against the real API, Temporal and worker: a coordinator
 * starts a campaign, a street office runs its street and one community to handover through
 * the forms, the street offices stay within their street, the coordinator moves a due date.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { localDate, MS_PER_DAY } from '../../domain';
import { campaignDefinition, timezone } from '../../examples/sample-campaign';
import { startHarness, type Harness } from '../api/harness';
import { serve, shoot, signIn, type Served } from './browser';

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
  await expect(page.locator('#error-summary')).resolves;
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
  expect(await page.getByText('统计数据尚不可用').isVisible()).toBe(true);
  await shoot(page, 'overview');
  await context.close();
});
