/**
 * Patch ids (`patched()`) of changes made while campaigns run, where more than one workflow
 * type checks the same change. Each is covered by test/histories/ and the replay test.
 */

/** Streets keep their own due dates when merging a community's record; communities no longer echo a move back. */
export const streetOwnsDueDates = 'street-owns-due-dates';

/** The campaign answers a deadline move once recorded, its signals to the streets queued, not delivered. */
export const campaignMoveAnswersEarly = 'campaign-move-answers-early';

/** A street's report pause starts only when a change falls within it, not after every report. */
export const streetReportPauseOnDemand = 'street-report-pause-on-demand';

/**
 * The campaign continues as new after `campaignEventsPerRun` events, and its streets send it at
 * most one report a second in all (five before).
 */
export const campaignShortRuns = 'campaign-short-runs';

/**
 * A community takes its election plan without telling its street back: the street opens the
 * community's first step in its own copy as it sends the plan. A plan sent before the change
 * and taken after it leaves the street's copy unopened until the community's next step.
 */
export const planWithoutEcho = 'plan-without-echo';

/** At most one re-election email per community step an hour, but in a drill. */
export const reelectionHourly = 'reelection-hourly';
