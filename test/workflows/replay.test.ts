/**
 * The recorded histories of test/histories/ (one campaign run and one street run, see
 * record.ts) replay against the current workflow code without a determinism error, and every
 * patch marker in them is a change listed in the versions ledger (workflows/versions.ts).
 */
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { versionedChanges } from '../../workflows/versions';
import { workflowSources } from '../../worker/worker';
import { recordedHistories } from '../histories/record';

test('every recorded history replays deterministically, its patches all in the ledger', async () => {
  const workflowBundle = await bundleWorkflowCode({ ...workflowSources, logger: new DefaultLogger('WARN') });
  const histories = recordedHistories();
  expect(histories.map((h) => h.file.split('.')[0]).sort()).toEqual(['campaign', 'street']);
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(result);
  expect(results.map((r) => r.error?.message)).toEqual(histories.map(() => undefined));
  // Whole runs: the campaign's moves and digests, the street's every step, deadline and email.
  for (const { history } of histories) expect(history.events?.length).toBeGreaterThan(50);
  const ledger = new Set(versionedChanges.map((change) => change.id));
  const markers = histories.flatMap(({ history }) =>
    (history.events ?? [])
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
      .map((e) => Buffer.from(e.markerRecordedEventAttributes!.details!['patch-data'].payloads![0].data!).toString()),
  );
  expect(markers.filter((marker) => ![...ledger].some((id) => marker.includes(id)))).toEqual([]);
});
