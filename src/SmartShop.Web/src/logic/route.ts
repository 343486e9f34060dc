/**
 * Hash routes (no router library: a handful of views). #/ the plant overview, #/areas/{id} one area's lines,
 * #/lines/{id} a line, #/machines/{id} a machine, #/machines/{id}/stops/{stopId} a machine with one of its stops
 * open, #/follow-up the stops waiting for a reason (plant-wide, or #/follow-up/areas/{id}, #/follow-up/lines/{id}).
 * Ids are URI-encoded (plant ids may contain '.').
 */
export type Route =
  | { name: "overview" }
  | { name: "area"; id: string }
  | { name: "line"; id: string }
  | { name: "machine"; id: string; stop?: number }
  | { name: "followUp"; scope: FollowUpScope };

/** Where the follow-up list looks: the whole plant, an area or a line. */
export type FollowUpScope = { kind: "plant" } | { kind: "area"; id: string } | { kind: "line"; id: string };

const SEGMENTS = { areas: "area", lines: "line", machines: "machine" } as const;
const FOLLOW_UP = "follow-up";

function decode(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/^\/+|\/+$/g, "");
  if (!path) return { name: "overview" };
  const [segment, rawId, ...rest] = path.split("/");
  if (segment === FOLLOW_UP) return parseFollowUp(rawId, rest);
  if (!rawId || !segment || !(segment in SEGMENTS)) return { name: "overview" };
  const id = decode(rawId);
  if (id === null) return { name: "overview" };
  const name = SEGMENTS[segment as keyof typeof SEGMENTS];
  if (rest.length === 0) return { name, id };
  if (name === "machine" && rest.length === 2 && rest[0] === "stops" && /^\d{1,15}$/.test(rest[1] ?? "")) {
    return { name, id, stop: Number(rest[1]) };
  }
  return { name: "overview" };
}

function parseFollowUp(kind: string | undefined, rest: string[]): Route {
  if (kind === undefined) return { name: "followUp", scope: { kind: "plant" } };
  const id = rest.length === 1 && rest[0] ? decode(rest[0]) : null;
  if (id === null || (kind !== "areas" && kind !== "lines")) return { name: "overview" };
  return { name: "followUp", scope: { kind: kind === "areas" ? "area" : "line", id } };
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case "overview":
      return "#/";
    case "area":
      return `#/areas/${encodeURIComponent(route.id)}`;
    case "line":
      return `#/lines/${encodeURIComponent(route.id)}`;
    case "machine":
      return route.stop === undefined
        ? `#/machines/${encodeURIComponent(route.id)}`
        : `#/machines/${encodeURIComponent(route.id)}/stops/${route.stop}`;
    case "followUp":
      switch (route.scope.kind) {
        case "plant":
          return `#/${FOLLOW_UP}`;
        case "area":
          return `#/${FOLLOW_UP}/areas/${encodeURIComponent(route.scope.id)}`;
        case "line":
          return `#/${FOLLOW_UP}/lines/${encodeURIComponent(route.scope.id)}`;
      }
  }
}
