/** Live figures are fetched this often while the hub does not push them (disconnected, or an older server). */
export const POLL_INTERVAL_MS = 2_000;

/**
 * While pushed, a figure is re-read anyway after this long without a push: the server pushes every few seconds,
 * so a longer silence means a push was lost (a group join racing a reconnect), not that nothing changed.
 */
export const PUSH_SILENCE_MS = 10_000;

/** Whether a live figure is due for a GET: polling when not pushed, a safety re-read when pushes went silent. */
export function fetchDue(pushed: boolean, msSinceLastData: number, inFlight: boolean): boolean {
  if (inFlight) return false;
  return msSinceLastData >= (pushed ? PUSH_SILENCE_MS : POLL_INTERVAL_MS);
}
