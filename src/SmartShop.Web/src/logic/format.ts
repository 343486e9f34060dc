/** Whether `timeZone` is an IANA zone this browser knows. */
export function isValidTimeZone(timeZone: string | undefined): timeZone is string {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

function dayKey(ms: number, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);
}

/**
 * Wall-clock time of an instant in the plant's time zone (operators think in plant time, wherever the browser
 * is): "14:05" when it falls on the same plant day as `nowMs`, else date and time; with `seconds`, "14:05:09"
 * (stops last seconds). Unknown zones fall back to the browser's zone; unparsable instants are returned as given.
 */
export function formatPlantClock(iso: string, locale: string, timeZone: string | undefined, nowMs: number, seconds = false): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const zone = isValidTimeZone(timeZone) ? timeZone : undefined;
  const sameDay = dayKey(ms, zone) === dayKey(nowMs, zone);
  const time: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}), hourCycle: "h23" };
  const options: Intl.DateTimeFormatOptions = sameDay ? { timeZone: zone, ...time } : { timeZone: zone, month: "2-digit", day: "2-digit", ...time };
  return new Intl.DateTimeFormat(locale, options).format(ms);
}

/** Full date, time and zone for tooltips, e.g. "2026/03/01 14:05:09 GMT+8". */
export function formatPlantInstant(iso: string, locale: string, timeZone: string | undefined): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const zone = isValidTimeZone(timeZone) ? timeZone : undefined;
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(ms);
}
