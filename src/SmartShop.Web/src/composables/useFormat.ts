import { useI18n } from "vue-i18n";
import { durationParts } from "../logic/duration.ts";
import type { HealthItem } from "../logic/health.ts";
import { formatCount, formatDecimal, formatPercent, NO_VALUE } from "../logic/numbers.ts";

/** Locale-aware formatters for figures, bound to the page's current language. */
export function useFormat() {
  const { t, locale } = useI18n();

  const pct = (value: number | null | undefined): string => formatPercent(value, locale.value);
  const count = (value: number | null | undefined): string => formatCount(value, locale.value);
  const decimal = (value: number | null | undefined, digits = 1): string => formatDecimal(value, locale.value, digits);

  /** "1 h 23 min" from seconds; "—" when missing. */
  function duration(seconds: number | null | undefined, maxParts = 2): string {
    if (typeof seconds !== "number" || !Number.isFinite(seconds)) return NO_VALUE;
    return durationParts(seconds * 1000, maxParts)
      .map((part) => t(`duration.${part.unit}`, { n: part.value }))
      .join(" ");
  }

  function healthText(item: HealthItem): string {
    if (!item.known) return t("health.issue.other", { issue: item.issue });
    switch (item.issue) {
      case "connectionGap":
      case "productionWithoutOrder":
        return t(`health.issue.${item.issue}`, { duration: duration(item.seconds ?? 0) });
      case "clockSkew":
        return item.seconds === undefined
          ? t("health.issue.clockSkewUnknown")
          : t("health.issue.clockSkew", { seconds: decimal(item.seconds, 1) });
      case "unclassifiedStops":
      case "unitsWithoutIdealTime":
        return t(`health.issue.${item.issue}`, { n: count(item.count ?? 0) }, item.count ?? 0);
      default:
        return t(`health.issue.${item.issue}`);
    }
  }

  return { pct, count, decimal, duration, healthText };
}
