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
import { localDate, MS_PER_DAY, STEPS, type CampaignDefinitionInput, type StepId } from '../domain';
import { yiwuCampaign } from '../examples/yiwu';
import { demoTokensFileName, type IssuedToken } from './tokens';

const timezone = 'Asia/Shanghai';
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
  const now = Date.now();
  return {
    ...yiwuCampaign,
    id: campaignId,
    name: `${yiwuCampaign.name}（演示）`,
    calendar: Object.fromEntries(STEPS.map((step, i) => [step, localDate(now + (i + 1) * 10 * MS_PER_DAY, timezone)])) as Record<StepId, string>,
  };
}

const today = () => localDate(Date.now(), timezone);
const slate = (prefix: string, partyMember: boolean) => ({
  seats: 5,
  candidates: ['张伟', '王芳', '李强', '刘敏', '陈杰', '杨静'].map((name, i) => ({
    id: `${prefix}${i + 1}`,
    name,
    gender: i % 2 === 0 ? 'male' : 'female',
    birthDate: `${1978 + i}-05-01`,
    education: 'bachelor',
    incumbent: i < 3,
    partyMember,
    nomination: i === 5 ? 'self' : 'joint',
  })),
});
const votes = (prefix: string, won: number, lost: number) => Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`${prefix}${i}`, i < 6 ? won : lost]));

const communityBodies: [StepId, unknown][] = [
  ['election-committee', { chair: { name: '周书记' }, members: [{ name: '吴委员' }, { name: '郑委员' }, { name: '孙委员' }] }],
  ['training', { date: today(), attendees: 18 }],
  ['voter-registration', { registeredVoters: 3200, publishedOn: today() }],
  ['nomination', { party: slate('p', true), residents: slate('r', false) }],
  ['party-election', { entitled: 60, present: 55, votes: votes('p', 40, 12) }],
  ['residents-election', { round: 'first', registered: 3200, ballotsCast: 2650, votes: votes('r', 1800, 600) }],
  [
    'handover',
    {
      date: today(),
      checklist: { seals: true, premises: true, finances: true, assets: true, archives: true, liabilities: true },
      newTeamTrained: true,
      outgoingMembersTalkedWith: true,
    },
  ],
];
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
  await call('POST', `${base}/streets/${street.id}/steps/guidance-group`, streetToken, {
    leader: { name: '金书记', title: '街道党工委书记' },
    members: [{ name: '黄主任', title: '街道办事处主任' }, { name: '徐科长', title: '民政科科长' }],
  }, current);
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
