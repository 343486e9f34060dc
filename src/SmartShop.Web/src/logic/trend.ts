import type { Convention, DataHealthFigures, OeeGroupBy, OeeHistory, OeeScope } from "../api/types.ts";
import { kpisOf } from "./figure.ts";

/** Query path of the history API: /api/oee/{scope}/{id}?from&to&groupBy[&format=csv]. */
export function historyPath(
  scope: OeeScope,
  id: string,
  window: { from: string; to: string },
  groupBy: OeeGroupBy,
  format?: "csv",
): string {
  const query = new URLSearchParams({ from: window.from, to: window.to, groupBy });
  if (format) query.set("format", format);
  return `/api/oee/${scope}/${encodeURIComponent(id)}?${query.toString()}`;
}

/**
 * The last `days` days up to `nowMs` as ISO instants, `from` at a whole minute so repeated loads ask the same URL
 * within a minute (and the CSV export matches the table).
 */
export function lastDays(nowMs: number, days: number): { from: string; to: string } {
  const minute = 60_000;
  const to = Math.ceil(nowMs / minute) * minute;
  return { from: new Date(to - days * 86_400_000).toISOString(), to: new Date(to).toISOString() };
}

export interface TrendRow {
  key: string;
  productionDay: string | null;
  shiftId: string | null;
  availability: number | null;
  effectiveness: number | null;
  quality: number | null;
  oee: number | null;
  produced: number;
  good: number;
  scrap: number;
  /** Planned busy time, seconds: a group without any has no KPIs, and the table says why. */
  pbtSeconds: number;
  health: DataHealthFigures;
}

/** One row per history group, oldest first (the server sorts keys, and "yyyy-MM-dd/shift" sorts by time). */
export function trendRows(history: OeeHistory | null | undefined, convention: Convention): TrendRow[] {
  if (!history) return [];
  return history.groups.map((g) => {
    const k = kpisOf(g.figure, convention);
    return {
      key: g.key,
      productionDay: g.productionDay,
      shiftId: g.shiftId,
      availability: k?.availability ?? null,
      effectiveness: k?.effectiveness ?? null,
      quality: k?.quality ?? null,
      oee: k?.oee ?? null,
      produced: g.figure.quantities.produced,
      good: g.figure.quantities.good,
      scrap: g.figure.quantities.scrap,
      pbtSeconds: g.figure.elements.pbt,
      health: g.figure.health,
    };
  });
}
