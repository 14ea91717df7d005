/**
 * Step validation and election rounds through the real community workflow: what the
 * update validators refuse never reaches history; a failed round is recorded, keeps the
 * step open and escalates.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { localDate, MS_PER_DAY, STEPS, type StepId } from '../../domain';
import { completeCommunityStep, StepErrors, streetWorkflowId } from '../../workflows/definitions';
import { campaignDefinition, validBody } from '../../examples/sample-campaign';
import { completeEverywhere, dueOf, sleepUntil, startCampaign, useEngine } from '../helpers/engine';

const engine = useEngine();

async function campaignUpTo(id: string, last: StepId) {
  const { definition } = await startCampaign(engine.env, campaignDefinition({ id, from: await engine.env.currentTimeMs() }));
  for (const step of STEPS.slice(0, STEPS.indexOf(last) + 1)) await completeEverywhere(engine.env, definition, step);
  return definition;
}

function post(campaignId: string, communityId: string, step: StepId, body: unknown) {
  return engine.env.client.workflow
    .getHandle(streetWorkflowId(campaignId, 's1'))
    .executeUpdate(completeCommunityStep, { args: [{ communityId, step, body, by: 'office-s1' }] });
}

/** The ApplicationFailure a refused update carries: its type and its errors. */
async function refusal(attempt: Promise<unknown>): Promise<{ type: string | undefined; errors: { rule?: string; path: string }[] }> {
  const err = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  const failure = cause as ApplicationFailure;
  return { type: failure.type ?? undefined, errors: (failure.details?.[0] ?? []) as { rule?: string; path: string }[] };
}

const round = (r: 'first' | 'runoff', votes: Record<string, number>) => ({ round: r, registered: 3000, ballotsCast: 2400, votes });

test('refused steps leave no trace in history: schema, order, repetition, rules', async () => {
  await campaignUpTo('refusals', 'voter-registration');
  const handle = engine.env.client.workflow.getHandle(streetWorkflowId('refusals', 's1'));
  const historyBefore = (await handle.fetchHistory()).events?.length ?? 0;
  const today = localDate(await engine.env.currentTimeMs(), 'Asia/Shanghai');

  expect(await refusal(post('refusals', 's1-c1', 'nomination', { party: {} }))).toMatchObject({
    type: StepErrors.invalidBody,
    errors: expect.arrayContaining([expect.objectContaining({ path: 'party.seats' })]),
  });
  expect((await refusal(post('refusals', 's1-c1', 'party-election', validBody('party-election', { today })))).type).toBe(StepErrors.conflict);
  expect((await refusal(post('refusals', 's1-c1', 'training', validBody('training', { today })))).type).toBe(StepErrors.conflict);

  // A new female candidate over 45 is refused (the domain tests walk the table's boundaries).
  const nomination = validBody('nomination', { today }) as { residents: { candidates: { gender: string; birthDate: string }[] } };
  nomination.residents.candidates[3] = { ...nomination.residents.candidates[3], gender: 'female', birthDate: '1950-01-01' };
  expect(await refusal(post('refusals', 's1-c1', 'nomination', nomination))).toMatchObject({
    type: StepErrors.ruleViolation,
    errors: [expect.objectContaining({ rule: 'eligibility-age', path: 'residents.candidates.3.birthDate' })],
  });

  // The time-skipping server still records an empty workflow task per refused update (the
  // dev server records nothing: the API tests check that); no update, step or body is recorded.
  const added = (await handle.fetchHistory()).events?.slice(historyBefore) ?? [];
  const { EventType } = temporal.api.enums.v1;
  const bookkeeping = [EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED];
  expect(added.filter((e) => !bookkeeping.includes(e.eventType!))).toEqual([]);
  const accepted = await post('refusals', 's1-c1', 'nomination', validBody('nomination', { today }));
  expect(accepted.steps.find((s) => s.step === 'nomination')?.status).toBe('done');
});

test('a runoff fills the seats a first round left empty; a runoff winner needs one third', async () => {
  await campaignUpTo('runoff', 'party-election');
  const first = round('first', { r1: 1500, r2: 1300, r3: 1000, r4: 900, r5: 800, r6: 100 });

  const afterFirst = await post('runoff', 's1-c1', 'residents-election', first);
  expect(afterFirst.elections.residents).toMatchObject({ valid: true, elected: ['r1', 'r2'], unfilled: 3, runoffRequired: true, rounds: 1 });
  expect(afterFirst.steps.find((s) => s.step === 'residents-election')?.status).toBe('open');

  // Three candidates for three empty seats is not competitive.
  expect((await refusal(post('runoff', 's1-c1', 'residents-election', round('runoff', { r3: 900, r4: 850, r5: 800 })))).errors).toEqual([
    expect.objectContaining({ rule: 'competitive' }),
  ]);

  // 800 of 2400 is exactly one third: elected.
  const filled = await post('runoff', 's1-c1', 'residents-election', round('runoff', { r3: 900, r4: 850, r5: 800, r6: 100 }));
  expect(filled.elections.residents).toMatchObject({ valid: true, elected: ['r1', 'r2', 'r3', 'r4', 'r5'], unfilled: 0, rounds: 2 });
  expect(filled.steps.find((s) => s.step === 'residents-election')?.status).toBe('done');
  expect(filled.reelectionRequired).toBe(false);

  // In the other community no runoff candidate reaches one third: two members are fewer than
  // the three a committee stands with, so a new election is required and escalated (an hour
  // after the first round's email: one an hour per step).
  await post('runoff', 's1-c2', 'residents-election', first);
  await engine.env.sleep(60 * 60_000);
  const short = await post('runoff', 's1-c2', 'residents-election', round('runoff', { r3: 799, r4: 799, r5: 700, r6: 100 }));
  expect(short.elections.residents).toMatchObject({ elected: ['r1', 'r2'], unfilled: 3, vacancies: 0, reelectionRequired: true });
  expect(short.reelectionRequired).toBe(true);
  expect(short.steps.find((s) => s.step === 'residents-election')?.status).toBe('open');

  await waitFor(() => engine.mailer.ofKind('reelection-required').filter((n) => n.campaign.id === 'runoff').length === 3);
  const escalated = engine.mailer.ofKind('reelection-required').filter((n) => n.campaign.id === 'runoff');
  expect(escalated.map((n) => n.items[0].communityId)).toEqual(['s1-c1', 's1-c2', 's1-c2']);
  expect(escalated[2].to).toEqual(['leader@s1.example.gov.cn', 'org2@example.gov.cn']);
  expect(escalated[2].items[0].reason).toMatch(/new election required/);
});

test('a first round under half turnout is invalid, recorded, and re-voted', async () => {
  await campaignUpTo('turnout', 'party-election');
  const half = { round: 'first', registered: 3000, ballotsCast: 1500, votes: { r1: 1400, r2: 1400, r3: 1400, r4: 1400, r5: 1400, r6: 10 } };
  const invalid = await post('turnout', 's1-c1', 'residents-election', half);
  expect(invalid.elections.residents).toMatchObject({ valid: false, elected: [], rounds: 1 });
  expect(invalid.reelectionRequired).toBe(true);
  const revote = await post('turnout', 's1-c1', 'residents-election', { ...half, ballotsCast: 1501 });
  expect(revote.elections.residents).toMatchObject({ valid: true, unfilled: 0, rounds: 2 });
  expect(revote.reelectionRequired).toBe(false);
});

test('failed rounds posted in a loop send one re-election email an hour per step; a drill one per round', async () => {
  const half = { round: 'first', registered: 3000, ballotsCast: 1500, votes: { r1: 1400, r2: 1400, r3: 1400, r4: 1400, r5: 1400, r6: 10 } };
  const sent = (id: string) => engine.mailer.ofKind('reelection-required').filter((n) => n.campaign.id === id);
  const failFourTimes = async (id: string) => {
    for (let i = 0; i < 4; i++) expect((await post(id, 's1-c1', 'residents-election', half)).elections.residents).toMatchObject({ valid: false, rounds: i + 1 });
  };

  await campaignUpTo('flood', 'party-election');
  await failFourTimes('flood');
  await waitFor(() => sent('flood').length === 1);
  // The drill below takes longer than the street needs to take the last three rounds.
  const { definition } = await startCampaign(engine.env, { ...campaignDefinition({ id: 'flood-drill', from: await engine.env.currentTimeMs() }), drill: true });
  for (const step of STEPS.slice(0, STEPS.indexOf('party-election') + 1)) await completeEverywhere(engine.env, definition, step);
  await failFourTimes('flood-drill');
  await waitFor(() => sent('flood-drill').length === 4);
  expect(sent('flood')).toHaveLength(1);

  await engine.env.sleep(60 * 60_000);
  await post('flood', 's1-c1', 'residents-election', half);
  await waitFor(() => sent('flood').length === 2);
});

async function waitFor(predicate: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("a warning is accepted, kept with its step, and listed in the coordinators' next digest", async () => {
  const definition = await campaignUpTo('warned', 'voter-registration');
  const today = localDate(await engine.env.currentTimeMs(), 'Asia/Shanghai');
  const nomination = validBody('nomination', { today }) as { residents: { candidates: { education: string }[] } };
  nomination.residents.candidates[5] = { ...nomination.residents.candidates[5], education: 'primary' };
  const accepted = await post('warned', 's1-c1', 'nomination', nomination);
  expect(accepted.steps.find((s) => s.step === 'nomination')?.status).toBe('done');
  expect(accepted.warnings).toEqual([
    {
      step: 'nomination',
      rule: 'eligibility-education',
      path: 'residents.candidates.5.education',
      message: expect.stringContaining("'r6'"),
      zh: '候选人“r6”（新任，女）文化程度为小学；一般应具有高中以上文化程度',
    },
  ]);

  // s1-c2 misses its nomination: three days late the coordinators' digest lists it, and the warning.
  await sleepUntil(engine.env, dueOf(definition, 'nomination') + 3 * MS_PER_DAY + 5 * 60_000);
  await waitFor(() => engine.mailer.ofKind('escalation-digest').some((n) => n.campaign.id === 'warned'));
  const digest = engine.mailer.ofKind('escalation-digest').find((n) => n.campaign.id === 'warned')!;
  expect(digest.items.map((item) => item.communityId)).toEqual(['s1-c2']);
  expect(digest.warnings).toEqual([expect.objectContaining({ communityId: 's1-c1', step: 'nomination', rule: 'eligibility-education' })]);
});

test('a Party round that fills 4 of 5 seats keeps them; the next round elects only the empty seat', async () => {
  await campaignUpTo('party-rounds', 'nomination');
  // 91 present: a winner needs more than 45.5 votes. p5 and p6 tie below it.
  const partial = await post('party-rounds', 's1-c1', 'party-election', { entitled: 100, present: 91, votes: { r1: 80, r2: 70, r3: 60, p4: 50, p5: 40, p6: 40 } });
  expect(partial.elections.party).toMatchObject({ valid: true, elected: ['r1', 'r2', 'r3', 'p4'], unfilled: 1, rounds: 1 });
  expect(partial.steps.find((s) => s.step === 'party-election')?.status).toBe('open');

  expect((await refusal(post('party-rounds', 's1-c1', 'party-election', { entitled: 100, present: 91, votes: { r1: 60, p5: 50 } }))).errors).toEqual([
    expect.objectContaining({ rule: 'already-elected', path: 'votes.r1' }),
  ]);
  const filled = await post('party-rounds', 's1-c1', 'party-election', { entitled: 100, present: 91, votes: { p5: 60, p6: 31 } });
  expect(filled.elections.party).toMatchObject({ valid: true, elected: ['r1', 'r2', 'r3', 'p4', 'p5'], unfilled: 0, rounds: 2 });
  expect(filled.steps.find((s) => s.step === 'party-election')?.status).toBe('done');
});
