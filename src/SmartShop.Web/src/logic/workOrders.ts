import type { MachineDispatch, Plant, WorkOrderAction, WorkOrderProgress, WorkOrderRequest, WorkOrderStatus } from "../api/types.ts";
import { allows, type Policy } from "./auth.ts";
import { isValidTimeZone } from "./format.ts";
import { findLine, findMachine, lineMachines, plantMachines } from "./plant.ts";
import type { ApiProblem } from "./problem.ts";
import type { OrderFilter } from "./route.ts";
import { zoneOffsetMs } from "./timeline.ts";

/** Every status, in lifecycle order (SmartShop.Core/WorkOrders/WorkOrderLifecycle.cs). */
export const ORDER_STATUSES: readonly WorkOrderStatus[] = ["created", "released", "running", "paused", "completed", "closed", "cancelled"];

/** The list's default: orders someone may still act on (not closed, not cancelled). */
export const OPEN_STATUSES: readonly WorkOrderStatus[] = ["created", "released", "running", "paused", "completed"];

export function isOrderStatus(value: string): value is WorkOrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

/** The statuses a filter shows (known ones, in lifecycle order); the default when it names none. */
export function filterStatuses(filter: OrderFilter): WorkOrderStatus[] {
  const chosen = ORDER_STATUSES.filter((s) => filter.statuses?.includes(s));
  return filter.statuses === null || chosen.length === 0 ? [...OPEN_STATUSES] : chosen;
}

/** The filter with `status` switched on or off; switching off the last one goes back to the default. */
export function toggleStatus(filter: OrderFilter, status: WorkOrderStatus): OrderFilter {
  const current = filterStatuses(filter);
  const next = current.includes(status) ? current.filter((s) => s !== status) : ORDER_STATUSES.filter((s) => s === status || current.includes(s));
  return { ...filter, statuses: next.length === 0 || sameSet(next, OPEN_STATUSES) ? null : next };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** The query string of GET /api/work-orders for a filter. */
export function listQuery(filter: OrderFilter): string {
  const query = new URLSearchParams({ status: filterStatuses(filter).join(",") });
  if (filter.lineId) query.set("lineId", filter.lineId);
  return query.toString();
}

/** Actions in the order a terminal shows them. */
export const ORDER_ACTIONS: readonly WorkOrderAction[] = ["release", "start", "pause", "resume", "complete", "close", "cancel"];

export function isOrderAction(value: string): value is WorkOrderAction {
  return (ORDER_ACTIONS as readonly string[]).includes(value);
}

/** The server's policy for each action (WorkOrderEndpoints.PolicyFor): the shop floor runs orders, planners release them. */
export function actionPolicy(action: WorkOrderAction): Policy {
  return action === "start" || action === "pause" || action === "resume" || action === "complete" ? "operate" : "plan";
}

/**
 * What an action asks before it is sent: release and close an electronic signature; cancel and pause a why
 * (required to cancel); complete a confirmation; start and resume nothing.
 */
export type ActionForm = "signature" | "why" | "confirm" | "none";

export function actionForm(action: WorkOrderAction): ActionForm {
  switch (action) {
    case "release":
    case "close":
      return "signature";
    case "cancel":
    case "pause":
      return "why";
    case "complete":
      return "confirm";
    default:
      return "none";
  }
}

export const whyRequired = (action: WorkOrderAction): boolean => action === "cancel";

export interface ActionButton {
  action: WorkOrderAction;
  /** False when the person's roles do not allow it (shown disabled, with the roles it needs). */
  permitted: boolean;
}

/** The buttons for an order: the actions its status allows (known ones, in terminal order), each with whether the roles permit it. */
export function actionButtons(allowedActions: readonly string[], roles: readonly string[]): ActionButton[] {
  return ORDER_ACTIONS.filter((a) => allowedActions.includes(a)).map((action) => ({ action, permitted: allows(roles, actionPolicy(action)) }));
}

/** "work-order.release" -> "release"; other audit actions as they are. */
export function historyAction(action: string): string {
  return action.startsWith("work-order.") ? action.slice("work-order.".length) : action;
}

/** The progress bar's width: good units of the quantity, 0-100. */
export function progressPercent(progress: Pick<WorkOrderProgress, "percent"> | null | undefined): number {
  const p = progress?.percent;
  return typeof p === "number" && Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : 0;
}

export type DueState = "none" | "done" | "overdue" | "soon" | "later";

const SOON_MS = 24 * 3_600_000;

/** Whether an order is late (due passed and not completed), due within 24 h, or later. */
export function dueState(dueAt: string | null, status: string, nowMs: number): DueState {
  if (dueAt === null) return "none";
  if (status === "completed" || status === "closed" || status === "cancelled") return "done";
  const due = Date.parse(dueAt);
  if (Number.isNaN(due)) return "none";
  if (due < nowMs) return "overdue";
  return due - nowMs <= SOON_MS ? "soon" : "later";
}

/** A line's or machine's name for an order's target id (ids the plant no longer has are shown as they are). */
export function targetName(plant: Plant, id: string): string {
  return findLine(plant, id)?.line.name ?? findMachine(plant, id)?.machine.name ?? id;
}

/** The plant time zone an order's times are shown in: its first target's site; the first site's when unknown. */
export function orderTimeZone(plant: Plant, targets: readonly string[]): string | undefined {
  for (const id of targets) {
    const zone = findLine(plant, id)?.site.timeZone ?? findMachine(plant, id)?.site.timeZone;
    if (zone) return zone;
  }
  return plant.sites[0]?.timeZone;
}

/** Products the plant file sets up somewhere (has an ideal cycle time for), sorted. */
export function plantProducts(plant: Plant): string[] {
  const products = new Set(plantMachines(plant).flatMap((m) => m.idealCycleTimes.map((c) => c.product)));
  return [...products].sort((a, b) => a.localeCompare(b));
}

/**
 * Where a product can be made: lines whose every machine has an ideal cycle time for it, and machines that have one
 * (the server refuses an operation anywhere else).
 */
export function productTargets(plant: Plant, product: string): { lines: Set<string>; machines: Set<string> } {
  const makes = (m: { idealCycleTimes: { product: string }[] }): boolean => m.idealCycleTimes.some((c) => c.product === product);
  const lines = new Set<string>();
  for (const site of plant.sites) {
    for (const area of site.areas) {
      for (const line of area.lines) {
        const machines = lineMachines(line);
        if (machines.length > 0 && machines.every(makes)) lines.add(line.id);
      }
    }
  }
  return { lines, machines: new Set(plantMachines(plant).filter(makes).map((m) => m.id)) };
}

/**
 * "yyyy-MM-ddTHH:mm" (a datetime-local value) in `timeZone` as ISO 8601 with that zone's offset then, e.g.
 * "2026-03-06T16:00:00+08:00"; in the browser's zone when the zone is unknown. Null for anything else.
 */
export function zonedIso(localText: string, timeZone: string | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(localText.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // The offset at the wall time read as UTC is off only within hours of a clock change: correct it once with the
  // offset at the instant that gives.
  const offsetMs = isValidTimeZone(timeZone)
    ? zoneOffsetMs(wall - zoneOffsetMs(wall, timeZone), timeZone)
    : -new Date(year, month - 1, day, hour, minute, second).getTimezoneOffset() * 60_000;
  const pad = (n: number): string => String(n).padStart(2, "0");
  const minutes = Math.round(offsetMs / 60_000);
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** One operation row of the create form: `target` is "line:{id}" or "machine:{id}". */
export interface OperationForm {
  sequence: string;
  name: string;
  target: string;
}

export interface BomRowForm {
  material: string;
  quantityPerUnit: string;
  unit: string;
  operationSequence: string;
}

/** The create form as typed: numbers are text until sent. */
export interface OrderForm {
  id: string;
  product: string;
  quantity: string;
  unit: string;
  /** datetime-local value in the plant's time zone, or empty. */
  due: string;
  priority: number;
  description: string;
  /** A one-operation order on a whole line, or a routing of operations on lines or machines. */
  mode: "line" | "routing";
  lineId: string;
  operations: OperationForm[];
  bom: BomRowForm[];
}

export function emptyOperation(index: number): OperationForm {
  return { sequence: String((index + 1) * 10), name: "", target: "" };
}

export function emptyBomRow(): BomRowForm {
  return { material: "", quantityPerUnit: "", unit: "", operationSequence: "" };
}

export function emptyOrderForm(): OrderForm {
  return { id: "", product: "", quantity: "", unit: "pcs", due: "", priority: 5, description: "", mode: "line", lineId: "", operations: [emptyOperation(0)], bom: [] };
}

/** A number as typed: a point or a comma as the decimal mark. Null when empty, NaN when not a number. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === "") return null;
  const normal = t.includes(".") ? t : t.replace(",", ".");
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normal) ? Number(normal) : Number.NaN;
}

/** Why the browser does not send the form yet (the server checks everything else and answers per field). */
export type LocalError = "required" | "number" | "whole" | "due";

/** The request for POST /api/work-orders, or the fields to fix first (by form key, e.g. "bom[1].quantityPerUnit"). */
export function orderRequest(form: OrderForm, timeZone: string | undefined): { request: WorkOrderRequest; errors: Record<string, LocalError> } {
  const errors: Record<string, LocalError> = {};
  const required = (key: string, value: string): string => {
    const v = value.trim();
    if (!v) errors[key] = "required";
    return v;
  };
  const number = (key: string, text: string, whole = false): number | null => {
    const n = parseNumber(text);
    if (n !== null && Number.isNaN(n)) errors[key] = "number";
    else if (n !== null && whole && !Number.isInteger(n)) errors[key] = "whole";
    return n === null || Number.isNaN(n) ? null : n;
  };
  const requiredNumber = (key: string, text: string): number | null => {
    const n = number(key, text);
    if (!text.trim()) errors[key] = "required";
    return n;
  };

  const id = required("id", form.id);
  const product = required("product", form.product);
  const unit = required("unit", form.unit);
  const quantity = requiredNumber("quantity", form.quantity);
  let dueAt: string | null = null;
  if (form.due.trim()) {
    dueAt = zonedIso(form.due, timeZone);
    if (dueAt === null) errors["dueAt"] = "due";
  }
  const description = form.description.trim() || null;

  let lineId: string | null = null;
  let operations: WorkOrderRequest["operations"] = null;
  if (form.mode === "line") {
    lineId = required("lineId", form.lineId);
  } else {
    operations = form.operations.map((op, i) => {
      const [kind, ...rest] = op.target.split(":");
      const targetId = rest.join(":");
      if (!targetId) errors[`operations[${i}].target`] = "required";
      return {
        sequence: number(`operations[${i}].sequence`, op.sequence, true),
        name: op.name.trim() || null,
        lineId: kind === "line" && targetId ? targetId : null,
        machineId: kind === "machine" && targetId ? targetId : null,
      };
    });
  }

  const bom = sentBomRows(form.bom)
    .map((i) => ({ row: form.bom[i]!, i }))
    .map(({ row, i }) => ({
      material: required(`bom[${i}].material`, row.material),
      quantityPerUnit: requiredNumber(`bom[${i}].quantityPerUnit`, row.quantityPerUnit),
      unit: required(`bom[${i}].unit`, row.unit),
      operationSequence: number(`bom[${i}].operationSequence`, row.operationSequence, true),
    }));

  return {
    request: { id, product, quantity, unit, dueAt, priority: form.priority, description, lineId, operations, bom },
    errors,
  };
}

/** The form's BOM rows that are sent (the indexes of rows with anything typed in them): empty rows are left out. */
function sentBomRows(bom: readonly BomRowForm[]): number[] {
  return bom.flatMap((row, i) => (row.material.trim() || row.quantityPerUnit.trim() || row.unit.trim() || row.operationSequence.trim() ? [i] : []));
}

/**
 * The server's field names for the create form's: an operation's lineId or machineId is its target (the line
 * itself when the form made a one-line order), a BOM row's own problems sit at its material, and System.Text.Json's
 * "$.quantity" is "quantity". Empty BOM rows are not sent, so the server's row index is mapped back to the form's.
 */
export function orderFormProblem(problem: ApiProblem, form: Pick<OrderForm, "mode" | "bom">): ApiProblem {
  const sentBom = sentBomRows(form.bom);
  const fields: Record<string, string[]> = {};
  for (const [name, messages] of Object.entries(problem.fields)) {
    const key = formKey(name.replace(/^\$\.?/, ""), form.mode, sentBom);
    (fields[key] ??= []).push(...messages);
  }
  return { ...problem, fields };
}

function formKey(name: string, mode: OrderForm["mode"], sentBom: readonly number[]): string {
  const op = /^operations(?:\[(\d+)\])?(?:\.(\w+))?$/i.exec(name);
  if (op) {
    const [, index, field] = op;
    if (mode === "line") return "lineId";
    if (index === undefined) return "operations";
    if (field === undefined || /^(lineId|machineId)$/i.test(field)) return `operations[${index}].target`;
    return `operations[${index}].${field}`;
  }
  const bom = /^bom(?:\[(\d+)\])?(?:\.(\w+))?$/i.exec(name);
  if (bom) {
    const [, index, field] = bom;
    if (index === undefined) return "bom";
    const row = sentBom[Number(index)] ?? Number(index);
    return `bom[${row}].${field ?? "material"}`;
  }
  return name;
}

/** Every field key the create form shows an error beside. */
export function orderFormKeys(form: Pick<OrderForm, "operations" | "bom">): string[] {
  const keys = ["id", "product", "quantity", "unit", "dueAt", "priority", "description", "lineId", "operations", "bom"];
  form.operations.forEach((_, i) => keys.push(`operations[${i}].sequence`, `operations[${i}].name`, `operations[${i}].target`));
  form.bom.forEach((_, i) => keys.push(`bom[${i}].material`, `bom[${i}].quantityPerUnit`, `bom[${i}].unit`, `bom[${i}].operationSequence`));
  return keys;
}

/** One place an import file was refused: the file as a whole, a CSV row, or an order of a JSON array. */
export interface ImportProblemRow {
  /** As the server names it: "file", "row 3", "order 2". */
  where: string;
  kind: "file" | "row" | "order" | "other";
  /** The row or order number; null for the file. */
  number: number | null;
  messages: string[];
}

/** An import's refusal as rows to show: the file first, then rows (or orders) in file order. */
export function importProblemRows(problem: ApiProblem): ImportProblemRow[] {
  const rank = { file: 0, row: 1, order: 1, other: 2 } as const;
  return Object.entries(problem.fields)
    .map(([where, messages]): ImportProblemRow => {
      const m = /^(row|order) (\d+)$/.exec(where);
      if (m) return { where, kind: m[1] as "row" | "order", number: Number(m[2]), messages };
      return { where, kind: where === "file" ? "file" : "other", number: null, messages };
    })
    .sort((a, b) => rank[a.kind] - rank[b.kind] || (a.number ?? 0) - (b.number ?? 0) || a.where.localeCompare(b.where));
}

/** The machines' answers a 409 carries when machines did not take an action (its `machines` extension). */
export function refusedMachines(problem: ApiProblem | null): MachineDispatch[] {
  const machines = problem?.extensions?.["machines"];
  if (!Array.isArray(machines)) return [];
  return machines.filter(
    (m): m is MachineDispatch => typeof m === "object" && m !== null && typeof (m as MachineDispatch).machineId === "string",
  );
}
