import { getUnclassifiedStops } from "../api/client.ts";
import type { OeeScope } from "../api/types.ts";
import { followUpWindow, type FollowUpPeriod } from "../logic/stops.ts";
import type { FollowUpScope } from "../logic/route.ts";
import { useResource } from "./useResource.ts";

/** The follow-up page is re-read this often (a stop joins it once it has gone unclassified past the threshold). */
export const FOLLOW_UP_REFRESH_MS = 15_000;

export function apiScope(scope: FollowUpScope): { scope: OeeScope; id: string } {
  switch (scope.kind) {
    case "plant":
      return { scope: "plant", id: "all" };
    case "area":
      return { scope: "areas", id: scope.id };
    case "line":
      return { scope: "lines", id: scope.id };
  }
}

/**
 * The stops waiting for a reason in a scope and period, re-read every `refreshMs` and whenever `key` changes (the
 * header passes the route, so its count is fresh after every navigation without asking for the plant's stops often).
 */
export function useFollowUp(scope: () => FollowUpScope, period: () => FollowUpPeriod, key: () => string = () => "", refreshMs = FOLLOW_UP_REFRESH_MS) {
  return useResource(
    () => `${JSON.stringify(scope())}|${period()}|${key()}`,
    (_key, signal) => {
      const { scope: s, id } = apiScope(scope());
      const window = followUpWindow(period(), Date.now());
      return getUnclassifiedStops(s, id, window.from, window.to, signal);
    },
    refreshMs,
  );
}
