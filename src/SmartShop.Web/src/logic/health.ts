import { DATA_HEALTH_ISSUES, type DataHealthFigures, type DataHealthIssue } from "../api/types.ts";

export interface HealthItem {
  /** The wire name; `known` is false for an issue a newer server added (shown by name). */
  issue: string;
  known: boolean;
  /** How many (stops, units), when the issue counts something. */
  count?: number;
  /** How long, in seconds, when the issue measures time (for clock skew: the skew, signed). */
  seconds?: number;
}

function isKnownIssue(issue: string): issue is DataHealthIssue {
  return (DATA_HEALTH_ISSUES as readonly string[]).includes(issue);
}

/** The issues of a figure's data health with the numbers that explain each, in the server's order. */
export function healthItems(health: DataHealthFigures | null | undefined): HealthItem[] {
  if (!health) return [];
  return health.issues.map((issue): HealthItem => {
    if (!isKnownIssue(issue)) return { issue, known: false };
    switch (issue) {
      case "connectionGap":
        return { issue, known: true, seconds: health.noDataSeconds };
      case "clockSkew":
        return health.clockSkewSeconds === null ? { issue, known: true } : { issue, known: true, seconds: health.clockSkewSeconds };
      case "unclassifiedStops":
        return { issue, known: true, count: health.unclassifiedStops };
      case "unitsWithoutIdealTime":
        return { issue, known: true, count: health.unitsWithoutIdealTime };
      case "productionWithoutOrder":
        return { issue, known: true, seconds: health.productionWithoutOrderSeconds };
      default:
        return { issue, known: true };
    }
  });
}

export type HealthLevel = "unknown" | "healthy" | "issues";

/** No figure yet is "unknown" (grey), not healthy: a badge must not claim trust it has not checked. */
export function healthLevel(health: DataHealthFigures | null | undefined): HealthLevel {
  if (!health) return "unknown";
  return health.issues.length === 0 ? "healthy" : "issues";
}
