import type { LotPartRequest, LotStatus, MergeLotsRequest, ReceiveLotRequest, SplitLotRequest } from "../api/types.ts";
import type { ApiProblem } from "./problem.ts";
import { parseNumber } from "./workOrders.ts";

/** Why the browser does not send a lot form yet (the server checks the rest and answers per field). */
export type LotFormError = "required" | "number" | "positive";

/** The receive form as typed. */
export interface ReceiveForm {
  id: string;
  material: string;
  quantity: string;
  unit: string;
  supplier: string;
  supplierLot: string;
  /** Received into quarantine (waiting for incoming inspection) rather than released. */
  quarantined: boolean;
}

export function emptyReceiveForm(): ReceiveForm {
  return { id: "", material: "", quantity: "", unit: "", supplier: "", supplierLot: "", quarantined: false };
}

function positive(errors: Record<string, LotFormError>, key: string, text: string, required: boolean): number | null {
  const n = parseNumber(text);
  if (n === null) {
    if (required) errors[key] = "required";
    return null;
  }
  if (Number.isNaN(n)) errors[key] = "number";
  else if (n <= 0) errors[key] = "positive";
  return Number.isNaN(n) || n <= 0 ? null : n;
}

/** The request for POST /api/lots, or the fields to fix first. An empty code is left to the server's lot pattern. */
export function receiveRequest(form: ReceiveForm): { request: ReceiveLotRequest; errors: Record<string, LotFormError> } {
  const errors: Record<string, LotFormError> = {};
  const material = form.material.trim();
  const unit = form.unit.trim();
  if (!material) errors["material"] = "required";
  if (!unit) errors["unit"] = "required";
  const quantity = positive(errors, "quantity", form.quantity, true);
  return {
    request: {
      id: form.id.trim() || null,
      material,
      quantity,
      unit,
      supplier: form.supplier.trim() || null,
      supplierLot: form.supplierLot.trim() || null,
      status: form.quarantined ? "quarantined" : "released",
    },
    errors,
  };
}

/** One row of the split form (a new lot: its code, optional, and quantity) or of the merge form (a source lot). */
export interface LotPartRow {
  id: string;
  quantity: string;
}

export const emptyPartRow = (): LotPartRow => ({ id: "", quantity: "" });

/** The request for POST /api/lots/{id}/split: every row needs a quantity; an empty code is generated. */
export function splitRequest(rows: readonly LotPartRow[]): { request: SplitLotRequest; errors: Record<string, LotFormError> } {
  const errors: Record<string, LotFormError> = {};
  const parts: LotPartRequest[] = rows.map((row, i) => ({ id: row.id.trim() || null, quantity: positive(errors, `parts[${i}].quantity`, row.quantity, true) }));
  if (rows.length === 0) errors["parts"] = "required";
  return { request: { parts }, errors };
}

/** The request for POST /api/lots/merge: every row needs a lot code; an empty quantity takes all that is left. */
export function mergeRequest(id: string, rows: readonly LotPartRow[]): { request: MergeLotsRequest; errors: Record<string, LotFormError> } {
  const errors: Record<string, LotFormError> = {};
  const sources: LotPartRequest[] = rows.map((row, i) => {
    const code = row.id.trim();
    if (!code) errors[`sources[${i}].id`] = "required";
    const quantity = positive(errors, `sources[${i}].quantity`, row.quantity, false);
    return quantity === null ? { id: code } : { id: code, quantity };
  });
  return { request: { id: id.trim() || null, sources }, errors };
}

/**
 * The server's field names for a lot form's: "$.quantity" is "quantity", and a whole source row's refusal
 * ("sources[1]": not released, another material) sits at its lot code.
 */
export function lotFormProblem(problem: ApiProblem): ApiProblem {
  const fields: Record<string, string[]> = {};
  for (const [name, messages] of Object.entries(problem.fields)) {
    let key = name.replace(/^\$\.?/, "");
    if (/^(sources|parts)\[\d+\]$/.test(key)) key = `${key}.id`;
    (fields[key] ??= []).push(...messages);
  }
  return { ...problem, fields };
}

/** Every field key the lot forms show an error beside, for `rows` rows of `list` (parts or sources). */
export function partKeys(list: "parts" | "sources", rows: number): string[] {
  const keys: string[] = [list];
  for (let i = 0; i < rows; i++) keys.push(`${list}[${i}].id`, `${list}[${i}].quantity`);
  return keys;
}

/** The statuses quality can put a lot in from its status now (a used-up lot no longer changes). */
export function statusTargets(status: string): LotStatus[] {
  if (status === "consumed") return [];
  return (["released", "quarantined", "blocked"] as const).filter((s) => s !== status);
}

/** A lot can be split while released or quarantined (the parts keep the quarantine). */
export const canSplit = (status: string): boolean => status === "released" || status === "quarantined";
