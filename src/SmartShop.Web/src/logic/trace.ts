import type { BackwardTrace, ForwardTrace, Lot, TraceLink } from "../api/types.ts";

/**
 * One line of a backward trace as a tree: a lot that went into its parent (the unit or lot traced, or a lot further
 * down), how (consume, split, merge), how much, when, by whom and where, and the lot's own facts (material,
 * supplier). Rows come in tree order, each lot's sources right below it.
 */
export interface TraceRow {
  /** Unique within the tree: the path of lots from the top, e.g. "ORING-A1>ORING-A". */
  key: string;
  /** 1 for what went straight into the unit or lot traced, 2 for what went into that, and so on. */
  level: number;
  lot: string;
  link: TraceLink;
  /** The lot's facts; null when the answer did not carry them. */
  info: Lot | null;
  /** The lot appears higher up in the tree already, with its sources there (a merge of lots split from one lot). */
  repeated: boolean;
  /** The lot is its own ancestor on this path (a broken genealogy): not followed further. */
  cycle: boolean;
  /** The lot has sources of its own (shown below it unless repeated). */
  hasSources: boolean;
}

const byTime = (a: TraceLink, b: TraceLink): number => Date.parse(a.at) - Date.parse(b.at) || a.sourceLot.localeCompare(b.sourceLot);

/**
 * The backward trace as tree rows, depth first: under the unit or lot traced, each lot that went into it (oldest link
 * first), and under each lot the lots it was split or merged from. A lot reached a second time is listed again but
 * not expanded again; a lot that is its own ancestor stops the path.
 */
export function traceTree(trace: Pick<BackwardTrace, "kind" | "id" | "links" | "lots">): TraceRow[] {
  const lots = new Map(trace.lots.map((l) => [l.id, l] as const));
  const into = new Map<string, TraceLink[]>();
  for (const link of trace.links) {
    const key = `${link.intoKind}:${link.into}`;
    const list = into.get(key);
    if (list) list.push(link);
    else into.set(key, [link]);
  }
  for (const list of into.values()) list.sort(byTime);

  const rows: TraceRow[] = [];
  const expanded = new Set<string>();
  const visit = (kind: string, id: string, level: number, path: readonly string[]): void => {
    for (const link of into.get(`${kind}:${id}`) ?? []) {
      const lot = link.sourceLot;
      const cycle = path.includes(lot);
      const repeated = !cycle && expanded.has(lot);
      const hasSources = into.has(`lot:${lot}`);
      const rowPath = [...path, lot];
      rows.push({ key: rowPath.join(">"), level, lot, link, info: lots.get(lot) ?? null, repeated, cycle, hasSources });
      if (cycle || repeated) continue;
      expanded.add(lot);
      visit("lot", lot, level + 1, rowPath);
    }
  };
  visit(trace.kind, trace.id, 1, trace.kind === "lot" ? [trace.id] : []);
  return rows;
}

/** The suppliers at the start of a trace: received lots with their supplier and supplier lot, each once. */
export function traceOrigins(rows: readonly TraceRow[]): Lot[] {
  const seen = new Set<string>();
  const origins: Lot[] = [];
  for (const row of rows) {
    if (!row.info || row.hasSources || seen.has(row.lot)) continue;
    seen.add(row.lot);
    origins.push(row.info);
  }
  return origins;
}

/** A scanned or typed code as searched: without what scanners and pasting add around it. */
export function cleanCode(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, "").trim();
}

/** How many of the recall's units the list shows at first, and how many more each "show more" adds. */
export const RECALL_PAGE = 50;
/** The most unit serials one forward trace lists (the server's cap). */
export const RECALL_MAX = 100_000;

/**
 * The limit to ask the server for so that `shown` units can be listed: the units already fetched when they are
 * enough, else more (at least double, at most the count and the server's cap).
 */
export function recallLimit(fetched: number, shown: number, unitCount: number): number {
  if (shown <= fetched || fetched >= unitCount) return fetched;
  return Math.min(RECALL_MAX, unitCount, Math.max(shown, fetched * 2));
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. Text a spreadsheet would run as a
 * formula (starting with =, +, -, @ or a tab, unless a plain number) is written with a leading apostrophe.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(",");
}

/**
 * The recall scope's units as CSV, one row per unit with the lot recalled (CRLF lines, a header row). The answer
 * lists at most as many serials as were asked for: `complete` says whether these are all of them.
 */
export function recallCsv(forward: Pick<ForwardTrace, "lot" | "units" | "unitCount">): { text: string; rows: number; complete: boolean } {
  const lines = [csvLine(["lot", "serial"]), ...forward.units.map((serial) => csvLine([forward.lot, serial]))];
  return { text: `${lines.join("\r\n")}\r\n`, rows: forward.units.length, complete: forward.units.length >= forward.unitCount };
}

/** A file name for a download about `code`: characters file systems refuse replaced. */
export function downloadName(prefix: string, code: string, extension: string): string {
  return `${prefix}-${code.replace(/[^A-Za-z0-9._-]+/g, "_")}.${extension}`;
}
