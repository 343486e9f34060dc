/**
 * The instant to split a stop at, as a person enters it: a time of day with seconds in the browser's own time zone
 * (the clock on the wall next to the terminal), plus the day when the stop crosses midnight. The server takes an ISO
 * 8601 instant with an offset, strictly inside one part of the ended stop.
 */

const SECOND_MS = 1000;
const HOUR_MS = 3_600_000;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** "HH:MM:SS" of an instant in the browser's time zone (the value format of <input type="time" step="1">). */
export function localTimeText(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "yyyy-MM-dd" of an instant in the browser's time zone. */
export function localDayText(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** ISO 8601 in the browser's time zone with its offset, e.g. "2026-03-01T18:00:05+08:00" (milliseconds only when set). */
export function isoWithOffset(ms: number): string {
  const d = new Date(ms);
  const offsetMinutes = -d.getTimezoneOffset();
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const fraction = d.getMilliseconds() > 0 ? `.${pad(d.getMilliseconds(), 3)}` : "";
  return `${localDayText(ms)}T${localTimeText(ms)}${fraction}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export interface SplitBounds {
  /** The first and the last whole second strictly inside the stop. */
  firstMs: number;
  lastMs: number;
}

/**
 * The whole seconds a stop can be split at: strictly after its start and before its end. Null when none is (a stop
 * shorter than a second, or one that has not ended: an open stop cannot be split).
 */
export function splitBounds(startMs: number, endMs: number | null): SplitBounds | null {
  if (endMs === null || !Number.isFinite(startMs) || !Number.isFinite(endMs)) return null;
  const firstMs = (Math.floor(startMs / SECOND_MS) + 1) * SECOND_MS;
  const lastMs = (Math.ceil(endMs / SECOND_MS) - 1) * SECOND_MS;
  return firstMs <= lastMs ? { firstMs, lastMs } : null;
}

/** The local days the split instant may fall on, first to last (more than one when the stop crosses midnight). */
export function splitDays(bounds: SplitBounds): string[] {
  const days: string[] = [];
  const last = localDayText(bounds.lastMs);
  // Step by 12 hours (never skipping a day, even on a 23-hour day) and keep each new day once.
  for (let ms = bounds.firstMs; ; ms += 12 * HOUR_MS) {
    const day = localDayText(Math.min(ms, bounds.lastMs));
    if (days[days.length - 1] !== day) days.push(day);
    if (day === last) return days;
  }
}

/** The suggestion a split form starts with: the whole second nearest the middle of the stop. */
export function defaultSplit(bounds: SplitBounds): number {
  const middle = Math.round((bounds.firstMs + bounds.lastMs) / 2 / SECOND_MS) * SECOND_MS;
  return Math.min(Math.max(middle, bounds.firstMs), bounds.lastMs);
}

export type SplitTimeError =
  /** Not a day and a time of day. */
  | "format"
  /** A local time the clock skipped on that day (the spring-forward hour). */
  | "noSuchTime"
  /** Not strictly inside the stop. */
  | "outside"
  /** The stop is already split there. */
  | "boundary";

export type SplitTimeCheck = { ok: true; ms: number } | { ok: false; error: SplitTimeError };

const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The instant a local day and time of day name, checked against the stop: strictly inside (`startMs`, `endMs`) and
 * not on a boundary it is already split at. In the repeated hour when clocks go back, the earlier instant is taken
 * unless only the later one lies inside the stop.
 */
export function resolveSplit(day: string, time: string, startMs: number, endMs: number, boundariesMs: readonly number[] = []): SplitTimeCheck {
  const t = TIME.exec(time.trim());
  const d = DAY.exec(day.trim());
  if (!t || !d) return { ok: false, error: "format" };
  const [hours, minutes, seconds] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  const millis = t[4] ? Number(t[4].padEnd(3, "0")) : 0;
  const [year, month, date] = [Number(d[1]), Number(d[2]), Number(d[3])];
  if (hours > 23 || minutes > 59 || seconds > 59 || month < 1 || month > 12 || date < 1 || date > 31) return { ok: false, error: "format" };

  const typed = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  const earlier = new Date(year, month - 1, date, hours, minutes, seconds, millis).getTime();
  const candidates = [earlier, earlier + HOUR_MS].filter((ms) => localTimeText(ms) === typed && localDayText(ms) === day.trim());
  if (candidates.length === 0) {
    // JavaScript moves a skipped local time forward; a date like 02-31 rolls into the next month.
    return localDayText(earlier) === day.trim() ? { ok: false, error: "noSuchTime" } : { ok: false, error: "format" };
  }
  const ms = candidates.find((c) => c > startMs && c < endMs);
  if (ms === undefined) return { ok: false, error: "outside" };
  if (boundariesMs.includes(ms)) return { ok: false, error: "boundary" };
  return { ok: true, ms };
}
