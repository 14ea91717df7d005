/**
 * The API's Temporal layer on its own: a street's community views are asked for with one
 * query in flight per workflow (later callers share the next), a community's street is
 * described once, and what Temporal answers becomes the API's statuses.
 */
import { ApplicationFailure, ServiceError, WorkflowUpdateFailedError, type Client, type Connection, type WorkflowHandle } from '@temporalio/client';
import { Temporal } from '../../api/temporal';
import { StepErrors } from '../../workflows/definitions';

/** A connection whose deadline wraps nothing: these tests count calls, not time. */
const connection = { withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn() } as unknown as Connection;
const tick = () => new Promise((resolve) => setImmediate(resolve));
const temporal = () => new Temporal({} as Client, connection, 'test');

function deferredQuery() {
  const asked: string[][] = [];
  const answers: ((keys: string[]) => void)[] = [];
  const query = (keys: string[]) =>
    new Promise<string[]>((resolve) => {
      asked.push(keys);
      answers.push(() => resolve(keys.map((k) => `view of ${k}`)));
    });
  return { asked, answerNext: () => answers.shift()!([]), query };
}

test('one query in flight per workflow: callers arriving meanwhile share the next, each gets what it asked among the answers', async () => {
  const t = temporal();
  const { asked, answerNext, query } = deferredQuery();
  const first = t.sharedQuery('street-1', ['c1'], query, 'no street');
  await tick();
  const second = t.sharedQuery('street-1', ['c2'], query, 'no street');
  const third = t.sharedQuery('street-1', ['c3', 'c2'], query, 'no street');
  const elsewhere = t.sharedQuery('street-2', ['c9'], query, 'no street');
  await tick();
  expect(asked).toEqual([['c1'], ['c9']]);

  answerNext();
  expect(await first).toEqual(['view of c1']);
  await tick();
  expect(asked).toEqual([['c1'], ['c9'], ['c2', 'c3']]);
  answerNext();
  answerNext();
  expect(await elsewhere).toEqual(['view of c9']);
  expect(await second).toEqual(['view of c2', 'view of c3']);
  expect(await third).toEqual(['view of c2', 'view of c3']);

  // Nothing in flight: the next caller asks at once.
  const later = t.sharedQuery('street-1', ['c4'], query, 'no street');
  await tick();
  expect(asked[asked.length - 1]).toEqual(['c4']);
  answerNext();
  expect(await later).toEqual(['view of c4']);
});

test('a failed query fails its batch only; the batch waiting behind it still runs', async () => {
  const t = temporal();
  let refuse: (err: Error) => void = () => {};
  const failing = t.sharedQuery('street-1', ['c1'], () => new Promise<string[]>((_, reject) => (refuse = reject)), 'no street');
  const failed = expect(failing).rejects.toThrow('refused');
  await tick();
  const next = t.sharedQuery('street-1', ['c2'], async (keys) => keys, 'no street');
  refuse(new Error('refused'));
  await failed;
  await expect(next).resolves.toEqual(['c2']);
});

test("a community's street is described once, then remembered; a failed lookup is not", async () => {
  const t = temporal();
  let described = 0;
  const find = async () => `s${(described += 1)}`;
  expect(await t.streetOf('campaign/c/community/m1', find)).toBe('s1');
  expect(await t.streetOf('campaign/c/community/m1', find)).toBe('s1');
  expect(described).toBe(1);
  await expect(t.streetOf('campaign/c/community/m2', () => Promise.reject(new Error('404')))).rejects.toThrow('404');
  expect(await t.streetOf('campaign/c/community/m2', find)).toBe('s2');
});

test('a call whose deadline passed while the client backed off (CANCELLED) is a 503, as an unreachable Temporal is', async () => {
  const cancelled = Object.assign(new Error('1 CANCELLED: Call cancelled'), { code: 1, details: 'Call cancelled', metadata: {} });
  const refused = temporal().call(() => Promise.reject(new ServiceError('Failed to query Workflow', { cause: cancelled })));
  await expect(refused).rejects.toMatchObject({ status: 503 });
  const internal = Object.assign(new Error('13 INTERNAL: oops'), { code: 13, details: 'oops', metadata: {} });
  await expect(temporal().call(() => Promise.reject(new ServiceError('Failed', { cause: internal })))).rejects.toBeInstanceOf(ServiceError);
});

test("Temporal's refusals before doing anything: RESOURCE_EXHAUSTED is a 503 (retry later), INVALID_ARGUMENT a 400, from calls and updates alike", async () => {
  const grpc = (code: number, details: string) => new ServiceError('Failed', { cause: Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} }) });
  const exhausted = grpc(8, 'namespace rate limit exceeded');
  const invalid = grpc(3, 'Blob data size exceeds limit.');
  await expect(temporal().call(() => Promise.reject(exhausted))).rejects.toMatchObject({ status: 503, detail: expect.stringContaining('namespace rate limit exceeded') });
  await expect(temporal().call(() => Promise.reject(invalid))).rejects.toMatchObject({ status: 400, detail: expect.stringContaining('Blob data size exceeds limit.') });
  await expect(temporal().update({} as WorkflowHandle, () => Promise.reject(exhausted), 'no community')).rejects.toMatchObject({ status: 503 });
  await expect(temporal().update({} as WorkflowHandle, () => Promise.reject(invalid), 'no community')).rejects.toMatchObject({ status: 400 });
});

describe('an update refused for what is on its way (the plan, to a community)', () => {
  const awaitingPlan = () =>
    Promise.reject(new WorkflowUpdateFailedError('refused', ApplicationFailure.create({ type: StepErrors.awaitingPlan, message: 'waits for the plan' })));
  // Retries wait 250 ms, then 500, then 1 s: a 3 s bound leaves room for three attempts even on
  // a loaded machine (at 1.2 s, CI once saw two).
  const bounded = () => new Temporal({} as Client, connection, 'test', { callMs: 1_000, updateMs: 3_000 });

  /** Posts the refused update, the check answering `onItsWay`: the refusal and the attempts made. */
  async function post(onItsWay: boolean) {
    let attempts = 0;
    const answer = bounded()
      .update({} as WorkflowHandle, () => ((attempts += 1), awaitingPlan()), 'no community', { [StepErrors.awaitingPlan]: async () => onItsWay })
      // An answer instead of a refusal has no status, and fails the expectations below.
      .then((resolved: unknown) => ({ resolved }), (err: unknown) => err);
    return { answer: await answer, attempts };
  }

  test('is retried within the bound while the check says it is on its way, then answers 503 (retry), not 409', async () => {
    const { answer, attempts } = await post(true);
    expect(answer).toMatchObject({ status: 503 });
    expect(attempts).toBeGreaterThanOrEqual(3);
  });

  test('is 409 at once when nothing is on its way', async () => {
    const { answer, attempts } = await post(false);
    expect(answer).toMatchObject({ status: 409 });
    expect(attempts).toBe(1);
  });
});
