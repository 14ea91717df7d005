/**
 * `npm run demo`: against a running `npm start`, loads an example campaign and walks a few
 * communities through their steps over the HTTP API, printing each call and what it did,
 * refusals included (they are half of what huanjie is for).
 *
 * The tokens come from `$DATA_DIR/demo-tokens.json`, which `npm start` writes beside the
 * tokens file it creates when AUTH_TOKENS_FILE is unset.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadEnv } from '../config/env';
import { COMMUNITY_STEPS, localDate, type CampaignDefinitionInput } from '../domain';
import { calendarFrom, timezone, validBody } from '../examples/sample-campaign';
import { yiwuCampaign } from '../examples/yiwu';
import { demoTokensFileName, type IssuedToken } from './tokens';

const env = loadEnv();
const baseUrl = process.env.HUANJIE_URL ?? `http://localhost:${env.PORT}`;

function loadTokens(): Map<string, string> {
  const file = path.join(env.DATA_DIR, demoTokensFileName);
  try {
    const issued = JSON.parse(readFileSync(file, 'utf8')) as IssuedToken[];
    return new Map(issued.map((t) => [t.name, t.token]));
  } catch {
    throw new Error(`no ${file}: start huanjie with \`npm start\` (AUTH_TOKENS_FILE unset) on the same DATA_DIR first`);
  }
}

const tokens = loadTokens();

interface Answer {
  status: number;
  body: Record<string, unknown> & { errors?: { path: string; rule?: string; message: string }[] };
}

async function call(method: 'GET' | 'POST', route: string, who: string, body?: unknown, note?: (a: Answer) => string): Promise<Answer> {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { Authorization: `Bearer ${tokens.get(who)}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer: Answer = { status: res.status, body: (await res.json()) as Answer['body'] };
  const said = answer.status >= 400 ? `${answer.body.detail}${answer.body.errors ? ` ${JSON.stringify(answer.body.errors.map((e) => e.rule ?? e.path))}` : ''}` : (note?.(answer) ?? '');
  console.log(`  ${answer.status}  ${method.padEnd(4)} ${route.replace(`/api/campaigns/${campaignId}`, '…')}  as ${who}${said ? `  → ${said}` : ''}`);
  return answer;
}

const campaignId = `demo-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '').toLowerCase()}`;
const base = `/api/campaigns/${campaignId}`;

/** The example campaign (the speech's city), its calendar laid from today, ten days a step. */
function definition(): CampaignDefinitionInput {
  return {
    ...yiwuCampaign,
    id: campaignId,
    name: `${yiwuCampaign.name}（演示）`,
    calendar: calendarFrom(Date.now()),
  };
}

const today = () => localDate(Date.now(), timezone);
const communityBodies = COMMUNITY_STEPS.map((step) => [step, validBody(step, { today: today() })] as const);
const handover = communityBodies[communityBodies.length - 1][1];

const current = (a: Answer) => `current step: ${String(a.body.current)}`;

async function waitForCommunities(total: number): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const res = await fetch(`${baseUrl}${base}/communities`, { headers: { Authorization: `Bearer ${tokens.get('coordinator')}` } });
    if (res.ok && ((await res.json()) as { total: number }).total === total) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the campaign did not start its communities');
}

async function main() {
  console.log(`huanjie demo against ${baseUrl}\n`);
  const health = await fetch(`${baseUrl}/api/health`).catch(() => undefined);
  if (health?.status !== 200) throw new Error(`${baseUrl}/api/health does not answer 200: is \`npm start\` running?`);

  console.log('A coordinator starts the example campaign: four streets, 27 communities:');
  const campaign = definition();
  await call('POST', '/api/campaigns', 'coordinator', campaign, () => `campaign ${campaignId}`);
  await waitForCommunities(campaign.streets.flatMap((s) => s.communities).length);

  const [street, neighbour] = campaign.streets;
  const streetToken = `street-${street.id}`;
  const communities = street.communities.slice(0, 2).map((c) => c.id);
  console.log(`\n${street.name} reports its guidance group and decides its election plan:`);
  await call('POST', `${base}/communities/${communities[0]}/steps/election-committee`, streetToken, communityBodies[0][1]);
  await call('POST', `${base}/streets/${street.id}/steps/guidance-group`, streetToken, validBody('guidance-group', { today: today() }), current);
  const plan = (direct: number) => ({ methods: Object.fromEntries(street.communities.map((c, i) => [c.id, i < direct ? 'direct' : 'representative'])) });
  await call('POST', `${base}/streets/${street.id}/steps/election-plan`, streetToken, plan(1));
  await call('POST', `${base}/streets/${street.id}/steps/election-plan`, streetToken, plan(Math.ceil(street.communities.length / 2)), current);

  console.log(`\nAnother street's token may not touch ${street.name}'s communities:`);
  await call('POST', `${base}/communities/${communities[0]}/steps/election-committee`, `street-${neighbour.id}`, communityBodies[0][1]);

  for (const community of communities) {
    console.log(`\n${community} goes through its steps:`);
    await call('POST', `${base}/communities/${community}/steps/handover`, streetToken, handover);
    for (const [step, body] of communityBodies) {
      await call('POST', `${base}/communities/${community}/steps/${step}`, streetToken, body, current);
    }
  }

  console.log('\nA coordinator moves a due date, with a reason:');
  await call('POST', `${base}/deadlines`, 'coordinator', { step: 'training', due: campaign.calendar['voter-registration'], reason: '台风影响，培训延期', streetId: neighbour.id }, (a) =>
    `training of ${String(a.body.streetId)} now due ${String(a.body.due)}`,
  );

  console.log('\nWhere the campaign stands:');
  const list = await call('GET', `${base}/communities`, 'coordinator', undefined, (a) => `${String(a.body.total)} communities`);
  const items = list.body.items as { communityId: string; current: string; turnout: number | null }[];
  for (const c of items.sort((a, b) => a.communityId.localeCompare(b.communityId))) {
    console.log(`        ${c.communityId.padEnd(14)} ${c.current.padEnd(20)} ${c.turnout === null ? '' : `turnout ${(c.turnout * 100).toFixed(1)}%`}`);
  }
  await call('GET', `${base}/communities/${communities[0]}/history`, 'admin', undefined, (a) => `${(a.body.events as unknown[]).length} events in its history`);
  console.log(`\nOpen ${baseUrl}${base} with a token, or the Temporal UI, to look around.`);
}

main().catch((err: Error) => {
  console.error(`huanjie demo: ${err.message}`);
  process.exit(1);
});
