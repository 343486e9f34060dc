import type { MachineLive, MachineState, MachineStatus, TimelineEntry } from "../api/types.ts";
import { isValidTimeZone } from "./format.ts";
import { normalizeState } from "./status.ts";

export interface TimeWindow {
  fromMs: number;
  toMs: number;
}

/** A timeline shorter than this is stretched back, so the first minutes of a shift are not one full-width bar. */
export const MIN_WINDOW_MS = 15 * 60_000;

/**
 * The current shift's window, up to `nowMs`. The server's `shiftStart` when it sends one; otherwise the shift's
 * elapsed time from the live figure (POT + not-planned time is every second of the shift the machine has been
 * tracked, so the window starts at the shift start, or later when the server started tracking mid-shift).
 */
export function shiftWindow(live: Pick<MachineLive, "figure" | "shiftStart"> | null | undefined, nowMs: number): TimeWindow {
  const explicit = live?.shiftStart ? Date.parse(live.shiftStart) : Number.NaN;
  let fromMs: number;
  if (!Number.isNaN(explicit) && explicit < nowMs) {
    fromMs = explicit;
  } else {
    const elapsedMs = live ? (live.figure.elements.pot + live.figure.elements.notPlanned) * 1000 : 0;
    fromMs = nowMs - elapsedMs;
  }
  return { fromMs: Math.min(fromMs, nowMs - MIN_WINDOW_MS), toMs: nowMs };
}

export interface TimelineSegment {
  startMs: number;
  endMs: number;
  /** For colours and summaries; `rawState` keeps a state this UI does not know. */
  state: MachineState;
  rawState: string;
  element: string | null;
  microStop: boolean;
  orderId: string | null;
  productId: string | null;
  /** Not settled yet: drawn from the live status (the last few seconds). */
  live: boolean;
}

/**
 * The segments to draw between `fromMs` and `toMs`: the settled intervals clipped to the window, then the unsettled
 * tail from the last settled end (or the window start) to `toMs` from the live status. A change the tail does not
 * know the state before (the status started after the last settled end) keeps the last settled state until then.
 * Gaps between settled intervals stay gaps.
 */
export function timelineSegments(
  entries: readonly TimelineEntry[],
  window: TimeWindow,
  status?: MachineStatus | null,
): TimelineSegment[] {
  const segments: TimelineSegment[] = [];
  const sorted = entries
    .map((e) => ({ e, start: Date.parse(e.start), end: Date.parse(e.end) }))
    .filter((x) => !Number.isNaN(x.start) && !Number.isNaN(x.end) && x.end > window.fromMs && x.start < window.toMs)
    .sort((a, b) => a.start - b.start);
  for (const { e, start, end } of sorted) {
    const startMs = Math.max(start, window.fromMs);
    const endMs = Math.min(end, window.toMs);
    if (endMs <= startMs) continue;
    segments.push({
      startMs,
      endMs,
      state: normalizeState(e.state),
      rawState: e.state,
      element: e.element,
      microStop: e.microStop,
      orderId: e.orderId,
      productId: e.productId,
      live: false,
    });
  }
  if (!status) return segments;

  const last = segments[segments.length - 1];
  let tailStart = last ? last.endMs : window.fromMs;
  const since = Date.parse(status.since);
  if (last && !Number.isNaN(since) && since > tailStart && since < window.toMs) {
    segments.push({ ...last, startMs: tailStart, endMs: since, live: true });
    tailStart = since;
  } else if (!last && !Number.isNaN(since) && since > tailStart) {
    tailStart = Math.min(since, window.toMs); // nothing settled: the state is known only from when it began
  }
  if (tailStart < window.toMs) {
    segments.push({
      startMs: tailStart,
      endMs: window.toMs,
      state: normalizeState(status.state),
      rawState: status.state,
      element: null,
      microStop: false,
      orderId: last?.orderId ?? null,
      productId: last?.productId ?? null,
      live: true,
    });
  }
  return segments;
}

/** Seconds per state over the segments (for the legend): only states that occur, largest first. */
export function stateDurations(segments: readonly TimelineSegment[]): { state: MachineState; seconds: number }[] {
  const totals = new Map<MachineState, number>();
  for (const s of segments) totals.set(s.state, (totals.get(s.state) ?? 0) + (s.endMs - s.startMs) / 1000);
  return [...totals.entries()].map(([state, seconds]) => ({ state, seconds })).sort((a, b) => b.seconds - a.seconds);
}

const NICE_STEPS_MS = [5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440].map((m) => m * 60_000);

/** A tick spacing giving at most `maxTicks` ticks over the span: 5 min up to 1 day. */
export function tickStepMs(spanMs: number, maxTicks = 8): number {
  for (const step of NICE_STEPS_MS) if (spanMs / step <= maxTicks) return step;
  return NICE_STEPS_MS[NICE_STEPS_MS.length - 1] as number;
}

/**
 * The zone's offset from UTC at an instant, in milliseconds (Asia/Shanghai: +8 h). Charts draw on "plant-local
 * milliseconds" (instant + offset) so that ticks at multiples of the step fall on whole plant hours, whatever
 * zone the browser is in. Unknown zones count as UTC.
 */
export function zoneOffsetMs(ms: number, timeZone: string | undefined): number {
  if (!isValidTimeZone(timeZone)) return 0;
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(ms);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Tick positions (plant-local milliseconds) at multiples of `stepMs` inside the window. */
export function axisTicks(fromLocalMs: number, toLocalMs: number, stepMs: number): number[] {
  const ticks: number[] = [];
  for (let t = Math.ceil(fromLocalMs / stepMs) * stepMs; t <= toLocalMs; t += stepMs) ticks.push(t);
  return ticks;
}

/** "HH:mm" of a plant-local millisecond value (see zoneOffsetMs). */
export function formatLocalClock(localMs: number): string {
  const d = new Date(localMs);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}
