/**
 * The recorded histories of test/histories/ (one campaign, street and community run, see
 * record.ts) replay against the current workflow code without a determinism error. A
 * change to a running workflow's code that is not versioned with `patched` fails here.
 */
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { campaignMoveAnswersEarly, campaignShortRuns, planWithoutEcho, reelectionHourly, streetOwnsDueDates, streetReportPauseOnDemand } from '../../workflows/versions';
import { preloadModules, workflowsPath } from '../../worker/worker';
import { recordedHistories, type RecordedKind } from '../histories/record';

/** Each `patched()` change and the workflow types it changed. */
const versionedChanges: Record<string, RecordedKind[]> = {
  'reelection-search-attribute': ['community'],
  'street-quiet-loop': ['street'],
  [streetOwnsDueDates]: ['street', 'community'],
  [campaignMoveAnswersEarly]: ['campaign'],
  [streetReportPauseOnDemand]: ['street'],
  [campaignShortRuns]: ['campaign', 'street'],
  [planWithoutEcho]: ['street', 'community'],
  [reelectionHourly]: ['street'],
};

test('every recorded history, from before and after each versioned change, replays deterministically', async () => {
  const workflowBundle = await bundleWorkflowCode({ workflowsPath, preloadModules, logger: new DefaultLogger('WARN') });
  const histories = recordedHistories();
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(result);
  expect(results.map((r) => r.error?.message)).toEqual(histories.map(() => undefined));
  for (const { history } of histories) expect(history.events?.length).toBeGreaterThan(100);
  // Both sides of each change are covered: histories of its workflow type without its marker, and with it.
  const patches = (history: (typeof histories)[number]['history']) =>
    (history.events ?? [])
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
      .map((e) => Buffer.from(e.markerRecordedEventAttributes!.details!['patch-data'].payloads![0].data!).toString());
  for (const [patch, kinds] of Object.entries(versionedChanges)) {
    for (const kind of kinds) {
      const marked = histories.filter(({ file }) => file.startsWith(`${kind}.`)).map(({ history }) => patches(history).some((p) => p.includes(patch)));
      expect({ patch, kind, marked: marked.includes(true), unmarked: marked.includes(false) }).toEqual({ patch, kind, marked: true, unmarked: true });
    }
  }
});
