/**
 * Hash routes (no router library: four views). #/ the plant overview, #/areas/{id} one area's lines, #/lines/{id}
 * a line, #/machines/{id} a machine. Ids are URI-encoded (plant ids may contain '.').
 */
export type Route =
  | { name: "overview" }
  | { name: "area"; id: string }
  | { name: "line"; id: string }
  | { name: "machine"; id: string };

const SEGMENTS = { areas: "area", lines: "line", machines: "machine" } as const;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "").replace(/^\/+|\/+$/g, "");
  if (!path) return { name: "overview" };
  const [segment, rawId, ...rest] = path.split("/");
  if (rest.length > 0 || !rawId || !segment || !(segment in SEGMENTS)) return { name: "overview" };
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return { name: "overview" };
  }
  return { name: SEGMENTS[segment as keyof typeof SEGMENTS], id };
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
      return `#/machines/${encodeURIComponent(route.id)}`;
  }
}
