/** Shown for a ratio that is undefined (no planned busy time, nothing produced): never 0. */
export const NO_VALUE = "—";

function isNumber(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** A ratio (0.853 = 85.3 %) with one decimal in the locale's way; "—" when undefined. Values above 1 are shown raw. */
export function formatPercent(value: number | null | undefined, locale: string): string {
  if (!isNumber(value)) return NO_VALUE;
  return new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/** A count (units, stops) with the locale's grouping; "—" when missing. */
export function formatCount(value: number | null | undefined, locale: string): string {
  if (!isNumber(value)) return NO_VALUE;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** A decimal with at most `digits` fraction digits; "—" when missing. */
export function formatDecimal(value: number | null | undefined, locale: string, digits = 1): string {
  if (!isNumber(value)) return NO_VALUE;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(value);
}

/** Whether an effectiveness is above 100 %: shown raw, but flagged (the ideal cycle time is likely too slow). */
export function isAboveFull(value: number | null | undefined): boolean {
  return isNumber(value) && value > 1;
}

export type KpiTone = "none" | "good" | "fair" | "poor";

/**
 * A colour band for a ratio on a wall screen: 85 % and above is the usual world-class mark for OEE, below 60 % poor.
 * Undefined values have no tone (grey), so a missing figure never looks like a bad one.
 */
export function kpiTone(value: number | null | undefined): KpiTone {
  if (!isNumber(value)) return "none";
  if (value >= 0.85) return "good";
  if (value >= 0.6) return "fair";
  return "poor";
}

export type TimeUnit = "h" | "min" | "s";

/**
 * The unit a chart of durations reads best in, from its largest value: hours for a shift, minutes for the first
 * hour of one, seconds for the first minutes (a fixed unit would label a young shift "0.0 h" everywhere).
 */
export function timeUnitFor(maxSeconds: number): { unit: TimeUnit; seconds: number } {
  const max = Math.abs(maxSeconds);
  if (max >= 2 * 3600) return { unit: "h", seconds: 3600 };
  if (max >= 2 * 60) return { unit: "min", seconds: 60 };
  return { unit: "s", seconds: 1 };
}
