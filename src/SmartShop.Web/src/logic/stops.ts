import { REASON_SOURCES, type DowntimeEvent, type ReasonSource, type StopPart, type StopReasons } from "../api/types.ts";

/** A stop as a list shows it: the stop's own facts once, then each of its parts with its effective reason. */
export interface StopGroup {
  /** "machineId/stopId": unique across a line or the plant. */
  key: string;
  machineId: string;
  stopId: number;
  /** ISO instants; `end` null while the stop lasts. */
  start: string;
  end: string | null;
  state: string;
  orderId: string | null;
  microStop: boolean;
  code: number | null;
  plcReason: string | null;
  /** The parts in time order (one unless split). */
  parts: DowntimeEvent[];
  /** Some part has no reason at all. */
  unclassified: boolean;
}

export function reasonSource(source: string): ReasonSource {
  return (REASON_SOURCES as readonly string[]).includes(source) ? (source as ReasonSource) : "none";
}

const startMs = (iso: string): number => Date.parse(iso);

/**
 * Groups the downtime API's entries (one per part) by stop, newest stop first, parts in time order. The stop's end
 * is its last part's end; its start the first part's start.
 */
export function groupStops(events: readonly DowntimeEvent[]): StopGroup[] {
  const groups = new Map<string, DowntimeEvent[]>();
  for (const e of events) {
    const key = `${e.machineId}/${e.stopId}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  const result: StopGroup[] = [];
  for (const [key, list] of groups) {
    const parts = list.slice().sort((a, b) => startMs(a.start) - startMs(b.start) || a.part - b.part);
    const first = parts[0] as DowntimeEvent;
    const last = parts[parts.length - 1] as DowntimeEvent;
    result.push({
      key,
      machineId: first.machineId,
      stopId: first.stopId,
      start: first.start,
      end: last.end,
      state: first.state,
      orderId: first.orderId,
      microStop: first.microStop,
      code: first.code,
      plcReason: first.plcReason ?? (reasonSource(first.reasonSource) === "plc" && first.part === 0 ? first.reason : null),
      parts,
      unclassified: parts.some((p) => reasonSource(p.reasonSource) === "none"),
    });
  }
  return result.sort((a, b) => startMs(b.start) - startMs(a.start) || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
}

/** How long a stop (or a part) lasted, or has lasted until `nowMs` while it is open; never negative. */
export function elapsedSeconds(start: string, end: string | null, nowMs: number): number {
  const from = startMs(start);
  const to = end === null ? nowMs : startMs(end);
  return Number.isNaN(from) || Number.isNaN(to) ? 0 : Math.max(0, (to - from) / 1000);
}

/**
 * The part a classify form starts on: the one asked for when the stop has it, else the first without a reason, else
 * the first. Null when the stop is not split (the server then takes the whole stop).
 */
export function defaultPart(parts: readonly Pick<StopPart, "part" | "reasonSource">[], preferred: number | null = null): number | null {
  if (parts.length <= 1) return null;
  if (preferred !== null && parts.some((p) => p.part === preferred)) return preferred;
  const open = parts.find((p) => reasonSource(p.reasonSource) === "none");
  return (open ?? (parts[0] as Pick<StopPart, "part">)).part;
}

/** The instants a stop is already split at (the starts of its parts after the first). */
export function splitBoundaries(stop: Pick<StopReasons, "parts">): number[] {
  return stop.parts.filter((p) => p.part !== 0).map((p) => startMs(p.start));
}

/** Display number of a part: "1/2" for the first of two, by time order (part ids follow the order of the splits). */
export function partOrdinal(parts: readonly Pick<StopPart, "part" | "start">[], part: number): number {
  const ordered = parts.slice().sort((a, b) => startMs(a.start) - startMs(b.start));
  return ordered.findIndex((p) => p.part === part) + 1;
}

/** A follow-up entry with where its machine is, for a list across lines and areas. */
export interface FollowUpRow {
  key: string;
  event: DowntimeEvent;
  machineName: string;
  lineName: string | null;
  areaName: string | null;
}

/**
 * The follow-up list as shown: longest-waiting first (oldest start), each with its machine's name and place. Machines
 * the plant model does not know (a plant file changed meanwhile) keep their id as the name.
 */
export function followUpRows(
  stops: readonly DowntimeEvent[],
  placeOf: (machineId: string) => { machine: string; line: string; area: string } | null,
): FollowUpRow[] {
  return stops
    .map((event) => {
      const place = placeOf(event.machineId);
      return {
        key: `${event.machineId}/${event.stopId}/${event.part}`,
        event,
        machineName: place?.machine ?? event.machineId,
        lineName: place?.line ?? null,
        areaName: place?.area ?? null,
      };
    })
    .sort((a, b) => startMs(a.event.start) - startMs(b.event.start) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The periods the follow-up list looks back over; the header's count uses the first. */
export const FOLLOW_UP_PERIODS = ["day", "week"] as const;
export type FollowUpPeriod = (typeof FOLLOW_UP_PERIODS)[number];

const PERIOD_MS: Record<FollowUpPeriod, number> = { day: 24 * 3_600_000, week: 7 * 24 * 3_600_000 };

/** The query window of a follow-up period ending at `nowMs`, as ISO instants. */
export function followUpWindow(period: FollowUpPeriod, nowMs: number): { from: string; to: string } {
  return { from: new Date(nowMs - PERIOD_MS[period]).toISOString(), to: new Date(nowMs).toISOString() };
}

/** The part an instant falls strictly inside (where a split at that instant would cut), or null. */
export function partAt<P extends Pick<StopPart, "start" | "end">>(parts: readonly P[], ms: number): P | null {
  return parts.find((p) => startMs(p.start) < ms && (p.end === null || ms < startMs(p.end))) ?? null;
}

/**
 * Whether giving `part` the reason `reasonId` changes what a person chose: the server then needs that change signed
 * (a reclassification). Choosing the person's reason again changes nothing (the server refuses it as such). A split
 * always gives the part's second half a new entry: pass null to ask about any change.
 */
export function changesPersonsReason(part: Pick<StopPart, "reasonSource" | "reasonId"> | null | undefined, reasonId: string | null): boolean {
  if (!part || reasonSource(part.reasonSource) !== "manual") return false;
  return reasonId === null || part.reasonId !== reasonId;
}
