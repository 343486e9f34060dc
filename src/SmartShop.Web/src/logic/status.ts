import { MACHINE_STATES, type MachineState, type MachineStatus } from "../api/types.ts";

export type StatusMap = Readonly<Record<string, MachineStatus>>;

export function isMachineState(value: string): value is MachineState {
  return (MACHINE_STATES as readonly string[]).includes(value);
}

/** Unrecognised states from a newer server count as Unknown in summaries and colours. */
export function normalizeState(value: string | undefined): MachineState {
  return value !== undefined && isMachineState(value) ? value : "Unknown";
}

function sinceMs(status: MachineStatus): number {
  const ms = Date.parse(status.since);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/**
 * Whether `incoming` should replace `current`. The snapshot (GET) and the hub race each other, and a snapshot
 * taken before a pushed change can arrive after it; `since` only moves forward for a machine, so an older
 * `since` is stale. An equal `since` replaces: the same episode with a corrected reason or source.
 */
export function supersedes(current: MachineStatus | undefined, incoming: MachineStatus): boolean {
  return current === undefined || sinceMs(incoming) >= sinceMs(current);
}

/** Returns a new map with the newer of each status applied, or the same map if nothing changed. */
export function mergeStatuses(current: StatusMap, incoming: readonly MachineStatus[]): StatusMap {
  let next: Record<string, MachineStatus> | undefined;
  for (const status of incoming) {
    const existing = (next ?? current)[status.machineId];
    if (!supersedes(existing, status)) continue;
    next ??= { ...current };
    next[status.machineId] = status;
  }
  return next ?? current;
}

export type StateCounts = Record<MachineState, number>;

export function emptyCounts(): StateCounts {
  return Object.fromEntries(MACHINE_STATES.map((s) => [s, 0])) as StateCounts;
}

/** Counts the given machines by state; a machine without a status yet counts as Unknown. */
export function countByState(machineIds: readonly string[], statuses: StatusMap): StateCounts {
  const counts = emptyCounts();
  for (const id of machineIds) counts[normalizeState(statuses[id]?.state)] += 1;
  return counts;
}

/**
 * Display colours per state, chosen to read on a dark panel and to follow shop-floor convention
 * (green runs, amber waits, red is down). The chip also carries the state name, so colour is never
 * the only cue.
 */
export const STATE_COLORS: Readonly<Record<MachineState, string>> = {
  Running: "#22c55e",
  Idle: "#f59e0b",
  Setup: "#38bdf8",
  Down: "#ef4444",
  Starved: "#fb923c",
  Blocked: "#e879f9",
  PlannedDown: "#a78bfa",
  Disconnected: "#64748b",
  Unknown: "#94a3b8",
};
