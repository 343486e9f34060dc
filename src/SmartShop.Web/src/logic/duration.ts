export type DurationUnit = "d" | "h" | "m" | "s";

export interface DurationPart {
  unit: DurationUnit;
  value: number;
}

const UNIT_MS: ReadonlyArray<readonly [DurationUnit, number]> = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1_000],
];

/**
 * Splits an elapsed time (milliseconds) into at most `maxParts` adjacent units, largest first, truncating
 * the rest: 5_025_000 ms -> 1 h 23 m. Negative values (a server clock ahead of the browser) clamp to 0 s.
 */
export function durationParts(elapsedMs: number, maxParts = 2): DurationPart[] {
  let rest = Math.max(0, Math.floor(elapsedMs));
  const firstIndex = UNIT_MS.findIndex(([, ms]) => rest >= ms);
  if (firstIndex < 0) return [{ unit: "s", value: 0 }];
  const parts: DurationPart[] = [];
  for (const [unit, ms] of UNIT_MS.slice(firstIndex, firstIndex + maxParts)) {
    const value = Math.floor(rest / ms);
    rest -= value * ms;
    if (value > 0 || parts.length === 0) parts.push({ unit, value });
  }
  return parts;
}

/** Milliseconds from an ISO instant to `nowMs`; NaN if the instant does not parse. */
export function elapsedSince(sinceIso: string, nowMs: number): number {
  return nowMs - Date.parse(sinceIso);
}
