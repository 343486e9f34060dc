import type { AuditEntry } from "../api/types.ts";
import { jsonDiff, parseRecord, type DiffRow } from "./json.ts";
import type { AuditFilter, Route } from "./route.ts";

/** The record kinds the server writes to the audit trail (entity types), for the filter's suggestions. */
export const AUDIT_RECORD_TYPES = ["work-order", "lot", "unit", "container", "stop", "user", "machine", "andon", "handover"] as const;

/** How many entries the audit page asks for at first, each "show more", and at most (the server's cap). */
export const AUDIT_PAGE = 100;
export const AUDIT_MAX = 1000;

/**
 * The query string of GET /api/audit: the filter's record, user, the instants `from`/`to` (ISO 8601 with an offset)
 * and how many entries (newest first).
 */
export function auditQuery(filter: AuditFilter, from: string | null, to: string | null, limit: number = AUDIT_PAGE): string {
  const query = new URLSearchParams();
  if (filter.entityType) query.set("entityType", filter.entityType);
  // The server takes a record id only with its type.
  if (filter.entityType && filter.entityId) query.set("entityId", filter.entityId);
  if (filter.user) query.set("user", filter.user);
  if (from) query.set("from", from);
  if (to) query.set("to", to);
  query.set("limit", String(Math.min(AUDIT_MAX, Math.max(1, Math.round(limit)))));
  return query.toString();
}

/** What an entry's change shows: a comparison of two JSON records, or the texts as they are when one is not JSON. */
export type AuditChange =
  | { kind: "none" }
  | { kind: "diff"; created: boolean; rows: DiffRow[] }
  | { kind: "text"; old: string | null; new: string | null };

export function auditChange(entry: Pick<AuditEntry, "old" | "new">): AuditChange {
  if (entry.old === null && entry.new === null) return { kind: "none" };
  const before = entry.old === null ? null : parseRecord(entry.old);
  const after = entry.new === null ? null : parseRecord(entry.new);
  if ((before && !before.json) || (after && !after.json)) return { kind: "text", old: entry.old, new: entry.new };
  const oldValue = before?.json ? before.value : null;
  const newValue = after?.json ? after.value : null;
  return { kind: "diff", created: before === null, rows: jsonDiff(oldValue, newValue) };
}

/** "lot.quarantined" -> "quarantined": the verb of an action, for its label; other actions as they are. */
export function actionVerb(action: string): string {
  const dot = action.indexOf(".");
  return dot < 0 ? action : action.slice(dot + 1);
}

/** The message key of an action's label: "work-order.release" -> "workOrderRelease", "unit.scrap-override" -> "unitScrapOverride". */
export function actionKey(action: string): string {
  return action
    .split(/[.\-_]+/)
    .filter((part) => part.length > 0)
    .map((part, i) => (i === 0 ? part.toLowerCase() : part.charAt(0).toUpperCase() + part.slice(1).toLowerCase()))
    .join("");
}

/** The page that shows an audited record, where there is one (stops are "machineId/stopId"). */
export function recordRoute(entityType: string, entityId: string): Route | null {
  switch (entityType) {
    case "work-order":
      return { name: "order", id: entityId };
    case "lot":
      return { name: "lots", id: entityId };
    case "unit":
      return { name: "trace", target: { kind: "unit", id: entityId } };
    case "user":
      return { name: "users" };
    case "machine":
      return { name: "machine", id: entityId };
    case "stop": {
      const slash = entityId.lastIndexOf("/");
      const stop = Number(entityId.slice(slash + 1));
      return slash > 0 && Number.isInteger(stop) && stop >= 0 ? { name: "machine", id: entityId.slice(0, slash), stop } : null;
    }
    default:
      return null;
  }
}
