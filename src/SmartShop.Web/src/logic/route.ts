/**
 * Hash routes (no router library: a handful of views). #/ the plant overview, #/areas/{id} one area's lines,
 * #/lines/{id} a line, #/machines/{id} a machine, #/machines/{id}/stops/{stopId} a machine with one of its stops
 * open, #/follow-up the stops waiting for a reason (plant-wide, or #/follow-up/areas/{id}, #/follow-up/lines/{id}),
 * #/orders the work orders (?status=released,running&line={id}), #/orders/new, #/orders/import, #/orders/{id},
 * #/sign-in?return={hash} the sign-in page, which goes back to that hash, and #/terminal the operator terminal (its
 * own layout and sign-in). Traceability: #/trace (search), #/trace/units/{serial}, #/trace/lots/{id}; #/lots,
 * #/lots/{id}; #/users; #/audit?type=&id=&user=&from=&to= (from/to as plant wall time, yyyy-MM-ddTHH:mm). Ids are
 * URI-encoded (plant ids may contain '.', lot codes '/').
 */
export type Route =
  | { name: "overview" }
  | { name: "area"; id: string }
  | { name: "line"; id: string }
  | { name: "machine"; id: string; stop?: number }
  | { name: "followUp"; scope: FollowUpScope }
  | { name: "orders"; filter: OrderFilter }
  | { name: "order"; id: string }
  | { name: "orderNew" }
  | { name: "orderImport" }
  | { name: "signIn"; returnTo: string }
  | { name: "terminal" }
  | { name: "trace"; target: TraceTarget | null }
  | { name: "lots"; id: string | null }
  | { name: "users" }
  | { name: "audit"; filter: AuditFilter };

/** What a trace shows: a unit (backward) or a lot (backward and forward). */
export interface TraceTarget {
  kind: "unit" | "lot";
  id: string;
}

/** The audit page's filter; null fields filter nothing. `from`/`to` are plant wall times ("2026-03-01T08:00"). */
export interface AuditFilter {
  entityType: string | null;
  entityId: string | null;
  user: string | null;
  from: string | null;
  to: string | null;
}

export const NO_AUDIT_FILTER: AuditFilter = { entityType: null, entityId: null, user: null, from: null, to: null };

/** The work-order list's filter: null statuses is the default (orders not closed or cancelled). */
export interface OrderFilter {
  statuses: string[] | null;
  lineId: string | null;
}

/** Where the follow-up list looks: the whole plant, an area or a line. */
export type FollowUpScope = { kind: "plant" } | { kind: "area"; id: string } | { kind: "line"; id: string };

const SEGMENTS = { areas: "area", lines: "line", machines: "machine" } as const;
const FOLLOW_UP = "follow-up";
const ORDERS = "orders";
const SIGN_IN = "sign-in";
const TERMINAL = "terminal";
const TRACE = "trace";
const LOTS = "lots";
const USERS = "users";
const AUDIT = "audit";
/** The audit filter's query keys in the hash. */
const AUDIT_KEYS = { entityType: "type", entityId: "id", user: "user", from: "from", to: "to" } as const;
/** Pages under #/orders/ that an order number could also spell: such an order's number is written escaped. */
const ORDER_PAGES = { new: "orderNew", import: "orderImport" } as const;

function decode(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const full = hash.replace(/^#/, "");
  const q = full.indexOf("?");
  const [rawPath, query] = q < 0 ? [full, ""] : [full.slice(0, q), full.slice(q + 1)];
  const path = rawPath.replace(/^\/+|\/+$/g, "");
  if (!path) return { name: "overview" };
  const [segment, rawId, ...rest] = path.split("/");
  if (segment === FOLLOW_UP) return parseFollowUp(rawId, rest);
  if (segment === ORDERS) return parseOrders(rawId, rest, new URLSearchParams(query));
  if (segment === SIGN_IN && rawId === undefined) return { name: "signIn", returnTo: safeReturn(new URLSearchParams(query).get("return")) };
  if (segment === TERMINAL && rawId === undefined) return { name: "terminal" };
  if (segment === TRACE) return parseTrace(rawId, rest);
  if (segment === LOTS) {
    if (rawId === undefined) return { name: "lots", id: null };
    const id = rest.length === 0 ? decode(rawId) : null;
    return id ? { name: "lots", id } : { name: "overview" };
  }
  if (segment === USERS && rawId === undefined) return { name: "users" };
  if (segment === AUDIT && rawId === undefined) return { name: "audit", filter: parseAuditFilter(new URLSearchParams(query)) };
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

function parseTrace(kind: string | undefined, rest: string[]): Route {
  if (kind === undefined) return { name: "trace", target: null };
  const id = rest.length === 1 && rest[0] ? decode(rest[0]) : null;
  if (id === null || (kind !== "units" && kind !== "lots")) return { name: "overview" };
  return { name: "trace", target: { kind: kind === "units" ? "unit" : "lot", id } };
}

function parseAuditFilter(query: URLSearchParams): AuditFilter {
  const get = (key: string): string | null => query.get(key)?.trim() || null;
  return {
    entityType: get(AUDIT_KEYS.entityType),
    entityId: get(AUDIT_KEYS.entityId),
    user: get(AUDIT_KEYS.user),
    from: get(AUDIT_KEYS.from),
    to: get(AUDIT_KEYS.to),
  };
}

function parseOrders(rawId: string | undefined, rest: string[], query: URLSearchParams): Route {
  if (rawId === undefined) {
    const status = query.get("status");
    const statuses = status === null ? null : status.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
    return { name: "orders", filter: { statuses, lineId: query.get("line") || null } };
  }
  if (rest.length > 0) return { name: "overview" };
  if (Object.hasOwn(ORDER_PAGES, rawId)) return { name: ORDER_PAGES[rawId as keyof typeof ORDER_PAGES] };
  const id = decode(rawId);
  return id === null || id === "" ? { name: "overview" } : { name: "order", id };
}

/** An order number in a hash: escaped so that an order numbered "new" or "import" does not open those pages. */
function orderSegment(id: string): string {
  const encoded = encodeURIComponent(id);
  return Object.hasOwn(ORDER_PAGES, encoded) ? `%${encoded.charCodeAt(0).toString(16).toUpperCase()}${encoded.slice(1)}` : encoded;
}

/**
 * Where to go after signing in: a hash of this UI ("#/lines/line-1"), never anything that is not a hash route
 * (otherwise the plant overview), and never the sign-in page itself: from there, wherever it was to return to.
 */
export function safeReturn(value: string | null | undefined): string {
  if (!value || !value.startsWith("#/")) return "#/";
  const route = parseRoute(value);
  return route.name === "signIn" ? route.returnTo : value;
}

/** The sign-in page, returning to `from` (the hash the person was on) afterwards. */
export function signInHash(from: string): string {
  const target = safeReturn(from);
  return target === "#/" ? `#/${SIGN_IN}` : `#/${SIGN_IN}?${new URLSearchParams({ return: target }).toString()}`;
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
    case "orders": {
      const query = new URLSearchParams();
      if (route.filter.statuses !== null) query.set("status", route.filter.statuses.join(","));
      if (route.filter.lineId !== null) query.set("line", route.filter.lineId);
      const text = query.toString().replaceAll("%2C", ",");
      return text ? `#/${ORDERS}?${text}` : `#/${ORDERS}`;
    }
    case "order":
      return `#/${ORDERS}/${orderSegment(route.id)}`;
    case "orderNew":
      return `#/${ORDERS}/new`;
    case "orderImport":
      return `#/${ORDERS}/import`;
    case "signIn":
      return signInHash(route.returnTo);
    case "terminal":
      return `#/${TERMINAL}`;
    case "trace":
      return route.target === null ? `#/${TRACE}` : `#/${TRACE}/${route.target.kind === "unit" ? "units" : "lots"}/${encodeURIComponent(route.target.id)}`;
    case "lots":
      return route.id === null ? `#/${LOTS}` : `#/${LOTS}/${encodeURIComponent(route.id)}`;
    case "users":
      return `#/${USERS}`;
    case "audit": {
      const query = new URLSearchParams();
      for (const key of Object.keys(AUDIT_KEYS) as (keyof AuditFilter)[]) {
        const value = route.filter[key];
        if (value) query.set(AUDIT_KEYS[key], value);
      }
      const text = query.toString();
      return text ? `#/${AUDIT}?${text}` : `#/${AUDIT}`;
    }
  }
}
