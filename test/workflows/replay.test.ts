/**
 * The recorded histories of test/histories/ (one campaign, street and community run, see
 * record.ts) replay against the current workflow code without a determinism error. A
 * change to a running workflow's code that is not versioned with `patched` fails here.
 */
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { loadHistory, recorded } from '../histories/record';

test('recorded campaign, street and community histories replay deterministically', async () => {
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: new DefaultLogger('WARN') });
  const histories = (Object.keys(recorded) as (keyof typeof recorded)[]).map((name) => ({
    workflowId: recorded[name],
    history: loadHistory(name),
  }));
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(result);
  expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(Object.values(recorded).map((id) => [id, undefined]));
  for (const { history } of histories) expect(history.events?.length).toBeGreaterThan(100);
});
