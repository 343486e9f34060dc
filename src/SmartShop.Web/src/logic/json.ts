/**
 * JSON records shown to people: flattened to one row per value ("lot.status", "parts[0].quantity"), and two versions
 * of a record compared row by row (the audit trail's old → new).
 */

/** One value of a record: where it sits and its text. */
export interface JsonRow {
  /** "status", "lot.id", "parts[0].quantity"; "" for a record that is not an object or array. */
  path: string;
  text: string;
}

export type DiffKind = "added" | "removed" | "changed" | "same";

/** One row of a comparison; `old`/`new` are null where that side has no such value. */
export interface DiffRow {
  path: string;
  kind: DiffKind;
  old: string | null;
  new: string | null;
}

/** A record as stored: parsed JSON, or the text as it was when it is not JSON. */
export type ParsedRecord = { json: true; value: unknown } | { json: false; text: string };

export function parseRecord(text: string): ParsedRecord {
  try {
    return { json: true, value: JSON.parse(text) as unknown };
  } catch {
    return { json: false, text };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isScalar = (value: unknown): boolean => value === null || typeof value !== "object";

/** A value as one line of text: strings as they are (an empty one as ""), anything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === "string") return value === "" ? '""' : value;
  if (value === undefined) return "";
  return JSON.stringify(value);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/**
 * The record's values, one row each, in the record's order. Objects open into their members and arrays of objects
 * into their elements; an array of plain values (a case's serials) stays one row, as do empty objects and arrays.
 */
export function flattenJson(value: unknown, path = ""): JsonRow[] {
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return [{ path, text: "{}" }];
    return keys.flatMap((key) => flattenJson(value[key], join(path, key)));
  }
  if (Array.isArray(value) && value.length > 0 && !value.every(isScalar)) {
    return value.flatMap((item, i) => flattenJson(item, `${path}[${i}]`));
  }
  return [{ path, text: valueText(value) }];
}

/**
 * Compares two versions of a record by value: each path of either side once, in the new record's order and then
 * what only the old one had. Null sides (a creation has no old record) count as empty.
 */
export function jsonDiff(oldValue: unknown, newValue: unknown): DiffRow[] {
  const oldRows = oldValue === null || oldValue === undefined ? [] : flattenJson(oldValue);
  const newRows = newValue === null || newValue === undefined ? [] : flattenJson(newValue);
  const before = new Map(oldRows.map((r) => [r.path, r.text] as const));
  const after = new Set(newRows.map((r) => r.path));
  const rows: DiffRow[] = newRows.map((r) => {
    const old = before.get(r.path);
    if (old === undefined) return { path: r.path, kind: "added", old: null, new: r.text };
    return { path: r.path, kind: old === r.text ? "same" : "changed", old, new: r.text };
  });
  for (const r of oldRows) if (!after.has(r.path)) rows.push({ path: r.path, kind: "removed", old: r.text, new: null });
  return rows;
}
