/**
 * The versions ledger: every `patched()` id in workflow code, with when and why it was added
 * and when its old branch may go. No campaign has run on a release yet, so the ledger is
 * empty and test/histories/ holds one baseline per workflow type. From the first tagged
 * release on (README, "Versions"), every change to workflow code is a `patched()` id listed
 * here, with a history recorded after it; the replay test refuses a marker not listed here.
 */
export interface VersionedChange {
  /** The `patched()` id. */
  id: string;
  /** YYYY-MM-DD the change was made. */
  added: string;
  why: string;
  /** When `deprecatePatch()` may replace it: after every run started before it has closed. */
  deprecateAfter: string;
  /** Workflow types whose code checks it. */
  workflows: readonly ('campaign' | 'street' | 'community')[];
}

export const versionedChanges: readonly VersionedChange[] = [];
