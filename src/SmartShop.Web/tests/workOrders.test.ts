import { test } from "node:test";
import assert from "node:assert/strict";
import type { Machine, Plant } from "../src/api/types.ts";
import { problemFromResponse } from "../src/logic/problem.ts";
import {
  actionButtons,
  actionForm,
  dueState,
  emptyBomRow,
  emptyOrderForm,
  filterStatuses,
  importProblemRows,
  listQuery,
  orderFormProblem,
  orderRequest,
  orderTimeZone,
  parseNumber,
  plantProducts,
  productTargets,
  progressPercent,
  refusedMachines,
  targetName,
  toggleStatus,
  zonedIso,
  type OrderForm,
} from "../src/logic/workOrders.ts";

function machine(id: string, products: string[]): Machine {
  return { id, name: `Machine ${id}`, type: "t", endpoint: null, microStopThresholdSeconds: 30, idealCycleTimes: products.map((product) => ({ product, seconds: 10 })), signals: {} };
}

const plant: Plant = {
  source: { file: "demo.yaml", sha256: "00", loadedAt: "2026-03-01T00:00:00Z" },
  enterprise: { id: "acme", name: "ACME" },
  machineTypes: [],
  sites: [
    {
      id: "bj",
      name: "Beijing",
      timeZone: "Asia/Shanghai",
      areas: [
        {
          id: "a",
          name: "Machining",
          lines: [
            { id: "line-1", name: "Line 1", constraintMachineId: null, workCells: [{ id: "c", name: "C", machines: [machine("l1-lathe", ["SPOOL-20", "SPOOL-25"])] }], machines: [machine("l1-mill", ["SPOOL-20"])] },
            { id: "line-2", name: "Line 2", constraintMachineId: null, workCells: [], machines: [machine("l2-press", ["VALVE"])] },
          ],
        },
      ],
    },
  ],
};

const none = { statuses: null, lineId: null };

test("filterStatuses_Default_IsEveryOrderNotClosedOrCancelled", () => {
  assert.deepEqual(filterStatuses(none), ["created", "released", "running", "paused", "completed"]);
  assert.deepEqual(filterStatuses({ statuses: ["paused", "bogus", "created"], lineId: null }), ["created", "paused"]);
  assert.deepEqual(filterStatuses({ statuses: ["bogus"], lineId: null }), ["created", "released", "running", "paused", "completed"]);
});

test("toggleStatus_OnAndOff_KeepsLifecycleOrderAndFallsBackToTheDefault", () => {
  const withClosed = toggleStatus(none, "closed");
  assert.deepEqual(withClosed.statuses, ["created", "released", "running", "paused", "completed", "closed"]);
  assert.equal(toggleStatus(withClosed, "closed").statuses, null);
  const onlyRunning = { statuses: ["running"], lineId: "line-1" };
  assert.deepEqual(toggleStatus(onlyRunning, "running"), { statuses: null, lineId: "line-1" });
  assert.deepEqual(toggleStatus(onlyRunning, "created").statuses, ["created", "running"]);
});

test("listQuery_Filter_AsTheApiTakesIt", () => {
  assert.equal(listQuery({ statuses: ["running", "paused"], lineId: "line-1" }), "status=running%2Cpaused&lineId=line-1");
  assert.equal(listQuery(none), "status=created%2Creleased%2Crunning%2Cpaused%2Ccompleted");
});

test("actionButtons_RunningOrderForAnOperator_CancelNotPermitted", () => {
  assert.deepEqual(actionButtons(["cancel", "complete", "pause"], ["operator"]), [
    { action: "pause", permitted: true },
    { action: "complete", permitted: true },
    { action: "cancel", permitted: false },
  ]);
  assert.deepEqual(actionButtons(["release", "cancel", "teleport"], ["supervisor"]), [
    { action: "release", permitted: true },
    { action: "cancel", permitted: true },
  ]);
});

test("actionForm_EachAction_WhatItAsksFirst", () => {
  assert.deepEqual(
    (["release", "start", "pause", "resume", "complete", "close", "cancel"] as const).map(actionForm),
    ["signature", "none", "why", "none", "confirm", "signature", "why"],
  );
});

test("dueState_AgainstNow_OverdueSoonLaterOrDone", () => {
  const now = Date.parse("2026-03-02T00:00:00Z");
  assert.equal(dueState("2026-03-01T23:00:00Z", "running", now), "overdue");
  assert.equal(dueState("2026-03-01T23:00:00Z", "completed", now), "done");
  assert.equal(dueState("2026-03-02T20:00:00Z", "created", now), "soon");
  assert.equal(dueState("2026-03-05T00:00:00Z", "created", now), "later");
  assert.equal(dueState(null, "created", now), "none");
});

test("progressPercent_OutOfRange_Clamped", () => {
  assert.equal(progressPercent({ percent: 42.5 }), 42.5);
  assert.equal(progressPercent({ percent: 130 }), 100);
  assert.equal(progressPercent({ percent: Number.NaN }), 0);
  assert.equal(progressPercent(null), 0);
});

test("plantProducts_AndProductTargets_WhereEachProductCanBeMade", () => {
  assert.deepEqual(plantProducts(plant), ["SPOOL-20", "SPOOL-25", "VALVE"]);
  const spool25 = productTargets(plant, "SPOOL-25");
  assert.deepEqual([...spool25.lines], []);
  assert.deepEqual([...spool25.machines], ["l1-lathe"]);
  assert.deepEqual([...productTargets(plant, "SPOOL-20").lines], ["line-1"]);
});

test("targetName_AndTimeZone_FromThePlant", () => {
  assert.equal(targetName(plant, "line-2"), "Line 2");
  assert.equal(targetName(plant, "l1-mill"), "Machine l1-mill");
  assert.equal(targetName(plant, "gone"), "gone");
  assert.equal(orderTimeZone(plant, ["gone", "l2-press"]), "Asia/Shanghai");
});

test("parseNumber_PointOrComma_NullWhenEmptyNaNWhenNotANumber", () => {
  assert.equal(parseNumber(" 12.5 "), 12.5);
  assert.equal(parseNumber("0,25"), 0.25);
  assert.equal(parseNumber(""), null);
  assert.ok(Number.isNaN(parseNumber("1O0")));
  // Grouping separators are not guessed at: "1,000.5" is refused rather than read as 1 or 1000.5.
  assert.ok(Number.isNaN(parseNumber("1,000.5")));
});

test("zonedIso_PlantTime_WithThatZonesOffsetThen", () => {
  assert.equal(zonedIso("2026-03-06T16:00", "Asia/Shanghai"), "2026-03-06T16:00:00+08:00");
  // New York: EST before the March change, EDT after.
  assert.equal(zonedIso("2026-03-07T09:30", "America/New_York"), "2026-03-07T09:30:00-05:00");
  assert.equal(zonedIso("2026-03-09T09:30", "America/New_York"), "2026-03-09T09:30:00-04:00");
  assert.equal(zonedIso("2026-03-06 16:00", "Asia/Shanghai"), null);
});

function form(patch: Partial<OrderForm>): OrderForm {
  return { ...emptyOrderForm(), id: "WO-1", product: "SPOOL-20", quantity: "500", lineId: "line-1", ...patch };
}

test("orderRequest_OneLine_SendsLineIdAndTheBomRowsTyped", () => {
  const { request, errors } = orderRequest(
    form({ due: "2026-03-06T16:00", priority: 3, bom: [{ material: "BAR-20", quantityPerUnit: "0,25", unit: "m", operationSequence: "" }, emptyBomRow()] }),
    "Asia/Shanghai",
  );
  assert.deepEqual(errors, {});
  assert.deepEqual(request, {
    id: "WO-1",
    product: "SPOOL-20",
    quantity: 500,
    unit: "pcs",
    dueAt: "2026-03-06T16:00:00+08:00",
    priority: 3,
    description: null,
    lineId: "line-1",
    operations: null,
    bom: [{ material: "BAR-20", quantityPerUnit: 0.25, unit: "m", operationSequence: null }],
  });
});

test("orderRequest_Routing_OperationsOnLinesOrMachines", () => {
  const { request, errors } = orderRequest(
    form({ mode: "routing", operations: [{ sequence: "10", name: " Turn ", target: "machine:l1-lathe" }, { sequence: "20", name: "", target: "line:line-2" }] }),
    undefined,
  );
  assert.deepEqual(errors, {});
  assert.equal(request.lineId, null);
  assert.deepEqual(request.operations, [
    { sequence: 10, name: "Turn", lineId: null, machineId: "l1-lathe" },
    { sequence: 20, name: null, lineId: "line-2", machineId: null },
  ]);
});

test("orderRequest_MissingAndMalformed_NamedByFormKey", () => {
  const { errors } = orderRequest(
    form({ id: " ", quantity: "1O0", mode: "routing", operations: [{ sequence: "1.5", name: "", target: "" }], bom: [{ material: "X", quantityPerUnit: "", unit: "", operationSequence: "" }] }),
    undefined,
  );
  assert.deepEqual(errors, {
    id: "required",
    quantity: "number",
    "operations[0].target": "required",
    "operations[0].sequence": "whole",
    "bom[0].quantityPerUnit": "required",
    "bom[0].unit": "required",
  });
});

test("orderFormProblem_ServerFields_PlacedOnTheFormsFields", () => {
  const problem = problemFromResponse(
    400,
    "Bad Request",
    JSON.stringify({
      status: 400,
      errors: {
        "operations[0].lineId": ["Product 'SPOOL-25' is not set up on l1-mill of line-1."],
        "bom[1].quantityPerUnit": ["The quantity per unit 0 is outside (0, 1000000000]."],
        "$.quantity": ["The JSON value could not be converted."],
        priority: ["Priority 12 is outside 1 (most urgent) to 9."],
      },
    }),
  );
  const bom = [{ material: "A", quantityPerUnit: "1", unit: "m", operationSequence: "" }, emptyBomRow(), { material: "B", quantityPerUnit: "0", unit: "m", operationSequence: "" }];
  const onLine = orderFormProblem(problem, { mode: "line", bom });
  assert.deepEqual(Object.keys(onLine.fields).sort(), ["bom[2].quantityPerUnit", "lineId", "priority", "quantity"]);
  const routed = orderFormProblem(problem, { mode: "routing", bom: [] });
  assert.ok("operations[0].target" in routed.fields);
  assert.ok("bom[1].quantityPerUnit" in routed.fields);
});

test("importProblemRows_FileThenRowsInFileOrder", () => {
  const problem = problemFromResponse(
    400,
    "Bad Request",
    JSON.stringify({ title: "The file was not imported: nothing was stored.", status: 400, errors: { "row 10": ["b"], "row 3": ["a", "a2"], file: ["f"] } }),
  );
  assert.deepEqual(
    importProblemRows(problem).map((r) => [r.where, r.kind, r.number, r.messages]),
    [
      ["file", "file", null, ["f"]],
      ["row 3", "row", 3, ["a", "a2"]],
      ["row 10", "row", 10, ["b"]],
    ],
  );
});

test("refusedMachines_ConflictWithMachines_ReadsTheExtension", () => {
  const body = {
    title: "The machines did not take it",
    status: 409,
    detail: "Order WO-1 was not released: l1-lathe: busy. Nothing was changed.",
    machines: [
      { machineId: "l1-lathe", interface: "Isa95", command: "Store", accepted: false, sent: true, message: "busy", at: "2026-03-02T00:00:00Z" },
      { bogus: true },
    ],
  };
  const problem = problemFromResponse(409, "Conflict", JSON.stringify(body));
  assert.deepEqual(refusedMachines(problem).map((m) => [m.machineId, m.accepted]), [["l1-lathe", false]]);
  assert.deepEqual(refusedMachines(problemFromResponse(409, "Conflict", JSON.stringify({ title: "x" }))), []);
});
