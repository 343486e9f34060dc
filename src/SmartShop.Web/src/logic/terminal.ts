import type { AndonCall, CompleteUnitRequest, StationMachine, StationSummary, WorkOrderAction, WorkOrderOperation } from "../api/types.ts";
import { sayField, type ApiProblem, type MessageCode } from "./problem.ts";

/** The operator terminal's decisions: what to show and send, kept apart from Vue and the network. */

/** The station this device serves, remembered across sign-ins: a terminal stays at its machine. */
export const STATION_STORAGE_KEY = "smartshop.terminal.station";

/** The order actions an operator takes at the terminal, in the order the buttons show. */
export const TERMINAL_ACTIONS = ["start", "resume", "pause", "complete"] as const satisfies readonly WorkOrderAction[];
export type TerminalAction = (typeof TERMINAL_ACTIONS)[number];

/** The buttons for an order: the terminal's actions its status allows now. */
export function terminalActions(allowed: readonly string[]): TerminalAction[] {
  return TERMINAL_ACTIONS.filter((a) => allowed.includes(a));
}

export interface StationGroup {
  lineId: string;
  lineName: string;
  /** The whole line as a station, when the server offers it. */
  line: StationSummary | null;
  machines: StationSummary[];
}

/** The stations by line, in the server's order: the line first, then its machines. */
export function stationGroups(stations: readonly StationSummary[]): StationGroup[] {
  const groups = new Map<string, StationGroup>();
  for (const s of stations) {
    let group = groups.get(s.lineId);
    if (!group) {
      group = { lineId: s.lineId, lineName: s.lineName, line: null, machines: [] };
      groups.set(s.lineId, group);
    }
    if (s.kind === "line") group.line = s;
    else group.machines.push(s);
  }
  return [...groups.values()];
}

/** How the shift's end is shown: not at all (24/7, or a date the server could not give), counting down, or soon. */
export type ShiftEndView = { kind: "none" } | { kind: "later" | "soon"; endsAtMs: number; inMs: number };

/** A handover note is asked for this long before the shift ends. */
export const HANDOVER_SOON_MS = 30 * 60_000;

/** A shift end further away than this is no shift at all (the server's far future for a 24/7 calendar). */
const NO_SHIFT_AFTER_MS = 7 * 24 * 3_600_000;

export function shiftEndView(shiftEndIso: string | null | undefined, nowMs: number, soonMs = HANDOVER_SOON_MS): ShiftEndView {
  const endsAtMs = shiftEndIso ? Date.parse(shiftEndIso) : Number.NaN;
  if (!Number.isFinite(endsAtMs) || endsAtMs - nowMs > NO_SHIFT_AFTER_MS) return { kind: "none" };
  const inMs = Math.max(0, endsAtMs - nowMs);
  return { kind: inMs <= soonMs ? "soon" : "later", endsAtMs, inMs };
}

/** Adds a scanned lot to the unit's lots (trimmed; a lot already there is not added twice). */
export function addLot(lots: readonly string[], code: string): { lots: string[]; added: boolean } {
  const lot = code.trim();
  if (!lot || lots.includes(lot)) return { lots: [...lots], added: false };
  return { lots: [...lots, lot], added: true };
}

/** Where a unit made at this station belongs in the order: its operation here and, at a machine, that machine. */
export interface UnitPlace {
  operationSequence?: number;
  machineId?: string;
}

/**
 * The order's operation at this station: at a machine, the operation on that machine, else the one on its line (made
 * at this machine); at a line, the operation on the line. Nothing (the server's default, the last operation) when the
 * order has no operation here.
 */
export function unitPlace(operations: readonly WorkOrderOperation[], station: Pick<StationSummary, "id" | "kind" | "lineId">): UnitPlace {
  if (station.kind === "machine") {
    const op = operations.find((o) => o.machineId === station.id) ?? operations.find((o) => o.lineId === station.lineId);
    return op ? { operationSequence: op.sequence, machineId: station.id } : {};
  }
  const op = operations.find((o) => o.lineId === station.id);
  return op ? { operationSequence: op.sequence } : {};
}

/** The body of POST /api/work-orders/{id}/units. */
export function unitRequest(serial: string, quality: "good" | "scrap", scrapReason: string, lots: readonly string[], place: UnitPlace = {}): CompleteUnitRequest {
  const s = serial.trim();
  return {
    serial: s || null,
    quality,
    scrapReason: quality === "scrap" ? scrapReason.trim() || null : null,
    components: lots.map((lot) => ({ lot })),
    ...place,
  };
}

export interface UnitRefusal {
  /** Each refused lot with the server's words for it (operator language: "Lot X is in quarantine: …"). */
  lots: { lot: string; messages: string[] }[];
  /** The lots that passed: they stay scanned for the next attempt. */
  kept: string[];
  /** Messages about the rest of the unit (serial, scrap reason) or the whole request. */
  other: string[];
}

const COMPONENT_LOT = /^components\[(\d+)\]\.lot$/i;

/**
 * Reads a refused unit (400 with errors["components[i].lot"], or a 409 such as a serial recorded already) against
 * the lots that were sent: which lots were refused and why, which passed.
 */
export function unitRefusal(problem: ApiProblem, sentLots: readonly string[], say: (code: MessageCode) => string | null = () => null): UnitRefusal {
  const refused = new Map<number, string[]>();
  const other: string[] = [];
  for (const field of Object.keys(problem.fields)) {
    const messages = sayField(problem, field, say);
    const match = COMPONENT_LOT.exec(field);
    const index = match ? Number(match[1]) : -1;
    if (index >= 0 && index < sentLots.length) refused.set(index, [...(refused.get(index) ?? []), ...messages]);
    else other.push(...messages);
  }
  if (refused.size === 0 && other.length === 0) other.push(problem.detail ?? problem.title);
  return {
    lots: [...refused.entries()].sort(([a], [b]) => a - b).map(([i, messages]) => ({ lot: sentLots[i] as string, messages })),
    kept: sentLots.filter((_, i) => !refused.has(i)),
    other,
  };
}

/** A stop the terminal asks about: "machine:stop". */
export function stopKey(machineId: string, stopId: number): string {
  return `${machineId}:${stopId}`;
}

/**
 * The stop to ask the operator about now: the first machine whose current stop has no reason, unless the operator
 * put it off or already answered it (the server catches up within seconds).
 */
export function stopToAsk(machines: readonly StationMachine[], handled: ReadonlySet<string>): { machine: StationMachine; stopId: number } | null {
  for (const machine of machines) {
    if (machine.stopNeedsReason && machine.stopId !== null && !handled.has(stopKey(machine.id, machine.stopId))) {
      return { machine, stopId: machine.stopId };
    }
  }
  return null;
}

/** Open calls first (the longest waiting on top), then those someone is on. */
export function andonOrder(calls: readonly AndonCall[]): AndonCall[] {
  const rank = (c: AndonCall): number => (c.status === "open" ? 0 : c.status === "acknowledged" ? 1 : 2);
  return calls
    .filter((c) => c.status !== "closed")
    .slice()
    .sort((a, b) => rank(a) - rank(b) || Date.parse(a.raisedAt) - Date.parse(b.raisedAt) || a.id - b.id);
}

/** Merges a pushed call into the station's list: replaced by id, added when new and for this station, gone when closed. */
export function mergeAndon(calls: readonly AndonCall[], call: AndonCall, stationTargets: readonly string[]): AndonCall[] {
  const others = calls.filter((c) => c.id !== call.id);
  if (call.status === "closed" || !stationTargets.includes(call.station)) return andonOrder(others);
  return andonOrder([...others, call]);
}

/** A count the terminal shows big: whole units as they are, fractions (kg, m) to at most three places. */
export function bigNumber(value: number | null | undefined, locale: string): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: Number.isInteger(value) ? 0 : 3 }).format(value);
}

/** Units per hour, one decimal below 10, whole above. */
export function rateText(perHour: number | null | undefined, locale: string): string {
  if (typeof perHour !== "number" || !Number.isFinite(perHour) || perHour <= 0) return "—";
  return new Intl.NumberFormat(locale, { maximumFractionDigits: perHour < 10 ? 1 : 0 }).format(perHour);
}

/** "mm:ss" up to an hour, then "h:mm:ss": how long a machine has been in its state, read from a distance. */
export function elapsedClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number): string => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
