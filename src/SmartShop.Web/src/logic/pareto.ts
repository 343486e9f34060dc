import type { ParetoEntry } from "../api/types.ts";

export const UNCLASSIFIED_KEY = "unclassified";

/** How far down the reason tree the Pareto's bars go: the top level, the second level, or each reason as classified. */
export const PARETO_DEPTHS = ["top", "level2", "leaf"] as const;
export type ParetoDepth = (typeof PARETO_DEPTHS)[number];

/** The API's `depth` parameter for a choice: 1, 2, or none (reasons stay as classified: the leaves). */
export function depthParameter(depth: ParetoDepth): number | null {
  return depth === "top" ? 1 : depth === "level2" ? 2 : null;
}

export type ParetoRowKind = "reason" | "unclassified" | "other";

export interface ParetoRow {
  key: string;
  kind: ParetoRowKind;
  /** The reason text for kind "reason"; the UI names the other kinds in the page's language. */
  reason: string;
  /** Names from the top of the reason tree down to the bar's reason; empty for PLC texts and the other kinds. */
  path: string[];
  code: number | null;
  count: number;
  seconds: number;
  microStops: number;
  /** This row's part of all downtime in the window, 0..1. */
  share: number;
  /** Running total of `share` down to this row, 0..1 (the Pareto line). */
  cumulativeShare: number;
}

export interface Pareto {
  rows: ParetoRow[];
  totalSeconds: number;
  totalCount: number;
}

/**
 * Shapes the server's Pareto for a chart: largest downtime first (ties by key, so the order is stable), at most
 * `maxBars` bars, the tail folded into one "other" bar so a long list of rare reasons does not squeeze the chart.
 * Reasons without downtime (all stops clipped away) are dropped.
 */
export function shapePareto(entries: readonly ParetoEntry[], maxBars = 8): Pareto {
  const sorted = entries
    .filter((e) => e.seconds > 0)
    .slice()
    .sort((a, b) => b.seconds - a.seconds || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const totalSeconds = sorted.reduce((sum, e) => sum + e.seconds, 0);
  const totalCount = sorted.reduce((sum, e) => sum + e.count, 0);
  const keep = sorted.length > maxBars ? Math.max(1, maxBars - 1) : sorted.length;
  const head = sorted.slice(0, keep);
  const tail = sorted.slice(keep);

  const rows: ParetoRow[] = [];
  let cumulative = 0;
  const push = (row: Omit<ParetoRow, "share" | "cumulativeShare">): void => {
    const share = totalSeconds > 0 ? row.seconds / totalSeconds : 0;
    cumulative += row.seconds;
    rows.push({ ...row, share, cumulativeShare: totalSeconds > 0 ? cumulative / totalSeconds : 0 });
  };
  for (const e of head) {
    push({
      key: e.key,
      kind: e.key === UNCLASSIFIED_KEY ? "unclassified" : "reason",
      reason: e.reason,
      path: e.path ?? [],
      code: e.code,
      count: e.count,
      seconds: e.seconds,
      microStops: e.microStops,
    });
  }
  if (tail.length > 0) {
    push({
      key: "other",
      kind: "other",
      reason: "",
      path: [],
      code: null,
      count: tail.reduce((sum, e) => sum + e.count, 0),
      seconds: tail.reduce((sum, e) => sum + e.seconds, 0),
      microStops: tail.reduce((sum, e) => sum + e.microStops, 0),
    });
  }
  // The last running total is exactly 1, not 0.9999999 from adding fractions.
  const last = rows[rows.length - 1];
  if (last && totalSeconds > 0) last.cumulativeShare = 1;
  return { rows, totalSeconds, totalCount };
}
