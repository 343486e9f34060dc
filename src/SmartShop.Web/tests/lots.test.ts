import { test } from "node:test";
import assert from "node:assert/strict";
import { canSplit, emptyReceiveForm, lotFormProblem, mergeRequest, partKeys, receiveRequest, splitRequest, statusTargets } from "../src/logic/lots.ts";
import { problemFromResponse } from "../src/logic/problem.ts";

test("receiveRequest_FilledForm_TrimmedRequestAndStatus", () => {
  const { request, errors } = receiveRequest({ id: " ", material: " BAR-20 ", quantity: "12,5", unit: "m", supplier: "Baosteel ", supplierLot: "", quarantined: true });
  assert.deepEqual(errors, {});
  assert.deepEqual(request, { id: null, material: "BAR-20", quantity: 12.5, unit: "m", supplier: "Baosteel", supplierLot: null, status: "quarantined" });
});

test("receiveRequest_MissingOrBadFields_NamedBeforeSending", () => {
  assert.deepEqual(receiveRequest(emptyReceiveForm()).errors, { material: "required", unit: "required", quantity: "required" });
  assert.equal(receiveRequest({ ...emptyReceiveForm(), material: "M", unit: "m", quantity: "abc" }).errors["quantity"], "number");
  assert.equal(receiveRequest({ ...emptyReceiveForm(), material: "M", unit: "m", quantity: "0" }).errors["quantity"], "positive");
});

test("splitRequest_Rows_QuantityRequiredCodeOptional", () => {
  const { request, errors } = splitRequest([
    { id: "A1", quantity: "20" },
    { id: "", quantity: "" },
  ]);
  assert.deepEqual(request.parts[0], { id: "A1", quantity: 20 });
  assert.deepEqual(request.parts[1], { id: null, quantity: null });
  assert.deepEqual(errors, { "parts[1].quantity": "required" });
});

test("mergeRequest_Rows_CodeRequiredQuantityOptional", () => {
  const { request, errors } = mergeRequest(" NEW ", [
    { id: "A", quantity: "" },
    { id: "", quantity: "3" },
  ]);
  assert.deepEqual(request, { id: "NEW", sources: [{ id: "A" }, { id: "", quantity: 3 }] });
  assert.deepEqual(errors, { "sources[1].id": "required" });
});

test("lotFormProblem_WholeRowRefusal_SitsAtItsCode", () => {
  const problem = problemFromResponse(400, "", JSON.stringify({ errors: { "sources[1]": ["Lot B is quarantined: only released lots are merged."], "$.id": ["bad"] } }));
  const mapped = lotFormProblem(problem);
  assert.deepEqual(mapped.fields, { "sources[1].id": ["Lot B is quarantined: only released lots are merged."], id: ["bad"] });
  assert.deepEqual(partKeys("parts", 2), ["parts", "parts[0].id", "parts[0].quantity", "parts[1].id", "parts[1].quantity"]);
});

test("statusTargets_ByStatus_OtherHoldsAndNothingWhenUsedUp", () => {
  assert.deepEqual(statusTargets("released"), ["quarantined", "blocked"]);
  assert.deepEqual(statusTargets("quarantined"), ["released", "blocked"]);
  assert.deepEqual(statusTargets("consumed"), []);
  assert.equal(canSplit("quarantined"), true);
  assert.equal(canSplit("blocked"), false);
});
