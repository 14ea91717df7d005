/** The activities the worker registers, built once per worker process. */
export function createActivities() {
  return {};
}
