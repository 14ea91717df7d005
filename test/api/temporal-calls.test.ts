/**
 * The API's Temporal layer on its own: a community's street is remembered once listed, and
 * what Temporal answers becomes the API's statuses.
 */
import { ApplicationFailure, QueryNotRegisteredError, ServiceError, WorkflowUpdateFailedError, type Client, type Connection, type WorkflowHandle } from '@temporalio/client';
import { Temporal } from '../../api/temporal';
import { staleClockMessage, StepErrors } from '../../workflows/definitions';

/** A connection whose deadline wraps nothing: these tests count calls, not time. */
const connection = { withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn() } as unknown as Connection;
const temporal = () => new Temporal({} as Client, connection, 'test');

test("communities' streets are remembered from a memo; unknown ones relist at most once per interval, callers sharing the listing in flight", async () => {
  const t = temporal();
  t.rememberStreet('c', { id: 's1', communities: [{ id: 'm1' }, { id: 'm2' }] });
  expect(t.streetOf('c', 'm1')).toBe('s1');
  expect(t.streetOf('other', 'm1')).toBeUndefined();
  let listings = 0;
  let finish: () => void = () => {};
  const list = () => ((listings += 1), new Promise<void>((resolve) => (finish = resolve)));
  const first = t.relistOnce('c', list);
  const second = t.relistOnce('c', list);
  finish();
  await Promise.all([first, second]);
  expect(listings).toBe(1);
  // Right after, an unknown id does not list the campaign again.
  await t.relistOnce('c', list);
  expect(listings).toBe(1);
  await t.relistOnce('elsewhere', async () => void (listings += 1));
  expect(listings).toBe(2);
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

describe('an update the workflow cannot take yet (Busy: it is continuing as new)', () => {
  const refusedAs = (type: string) => () => Promise.reject(new WorkflowUpdateFailedError('refused', ApplicationFailure.create({ type, message: 'not now' })));
  // Retries wait 250 ms, then 500, then 1 s: a 3 s bound leaves room for three attempts even on
  // a loaded machine (at 1.2 s, CI once saw two).
  const bounded = () => new Temporal({} as Client, connection, 'test', { callMs: 1_000, workerMs: 3_000 });

  /** Posts the refused update: the refusal and the attempts made. */
  async function post(type: string) {
    let attempts = 0;
    const answer = bounded()
      .update({} as WorkflowHandle, () => ((attempts += 1), refusedAs(type)()), 'no community')
      // An answer instead of a refusal has no status, and fails the expectations below.
      .then((resolved: unknown) => ({ resolved }), (err: unknown) => err);
    return { answer: await answer, attempts };
  }

  test('is retried within the bound, then answers 503 (retry)', async () => {
    const { answer, attempts } = await post(StepErrors.busy);
    expect(answer).toMatchObject({ status: 503 });
    expect(attempts).toBeGreaterThanOrEqual(3);
  });

  test('any other refusal answers at once (a step not open: 409)', async () => {
    const { answer, attempts } = await post(StepErrors.conflict);
    expect(answer).toMatchObject({ status: 409 });
    expect(attempts).toBe(1);
  });
});

test('a query that found its run on a stale clock is asked once more; failing so twice is a 503, any other failure is not retried', async () => {
  const stale = () => new QueryNotRegisteredError(`${staleClockMessage}: 2 new events at the clock of event 15`, 3);
  let asked = 0;
  const answers = [stale(), 'answer'];
  const answered = await temporal().query(async () => {
    const next = answers[asked++];
    if (next instanceof Error) throw next;
    return next;
  });
  expect({ answered, asked }).toEqual({ answered: 'answer', asked: 2 });

  asked = 0;
  await expect(temporal().query(() => ((asked += 1), Promise.reject(stale())))).rejects.toMatchObject({ status: 503 });
  expect(asked).toBe(2);

  asked = 0;
  const broken = new QueryNotRegisteredError('Encoded failure', 3);
  await expect(temporal().query(() => ((asked += 1), Promise.reject(broken)))).rejects.toBe(broken);
  expect(asked).toBe(1);
});
