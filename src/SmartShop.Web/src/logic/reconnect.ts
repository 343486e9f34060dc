/**
 * Hub reconnect schedule for SignalR's withAutomaticReconnect: quick retries for a server restart, then every
 * 10 s. After `giveUpAfterMs` the client stops and reports offline; the page then retries a fresh start every
 * OFFLINE_RETRY_MS so a terminal left open overnight comes back by itself.
 */
export function nextReconnectDelayMs(previousRetryCount: number, elapsedMs: number, giveUpAfterMs = 60_000): number | null {
  if (elapsedMs >= giveUpAfterMs) return null;
  const schedule = [0, 1_000, 2_000, 5_000];
  return schedule[previousRetryCount] ?? 10_000;
}

export const OFFLINE_RETRY_MS = 15_000;

export type HubState = "connecting" | "live" | "reconnecting" | "offline";
