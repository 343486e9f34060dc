import { test } from "node:test";
import assert from "node:assert/strict";
import type { AndonCall, StationMachine, StationSummary } from "../src/api/types.ts";
import { problemFromResponse } from "../src/logic/problem.ts";
import {
  addLot,
  andonOrder,
  bigNumber,
  elapsedClock,
  mergeAndon,
  rateText,
  shiftEndView,
  stationGroups,
  stopKey,
  stopToAsk,
  terminalActions,
  unitPlace,
  unitRefusal,
  unitRequest,
} from "../src/logic/terminal.ts";

test("terminalActions_OnlyTheOperatorsActionsTheStatusAllows", () => {
  assert.deepEqual(terminalActions(["start", "cancel"]), ["start"]);
  assert.deepEqual(terminalActions(["complete", "pause", "cancel"]), ["pause", "complete"]);
  assert.deepEqual(terminalActions(["resume", "complete", "cancel"]), ["resume", "complete"]);
  assert.deepEqual(terminalActions(["close"]), []);
});

test("stationGroups_ByLine_LineThenItsMachines", () => {
  const s = (id: string, kind: string, lineId: string): StationSummary => ({ id, kind, name: id, lineId, lineName: `Line ${lineId}`, machineIds: [id] });
  const groups = stationGroups([s("line-1", "line", "line-1"), s("m1", "machine", "line-1"), s("m2", "machine", "line-1"), s("line-2", "line", "line-2"), s("m3", "machine", "line-2")]);
  assert.deepEqual(groups.map((g) => [g.lineId, g.line?.id, g.machines.map((m) => m.id)]), [
    ["line-1", "line-1", ["m1", "m2"]],
    ["line-2", "line-2", ["m3"]],
  ]);
});

test("shiftEndView_NoCalendar_NotShown", () => {
  assert.deepEqual(shiftEndView("9999-12-31T23:59:59.9999999+00:00", Date.parse("2026-03-02T08:00:00Z")), { kind: "none" });
  assert.deepEqual(shiftEndView(null, 0), { kind: "none" });
  assert.deepEqual(shiftEndView("not a time", 0), { kind: "none" });
});

test("shiftEndView_LastHalfHour_Soon", () => {
  const now = Date.parse("2026-03-02T11:40:00Z");
  assert.deepEqual(shiftEndView("2026-03-02T12:00:00Z", now), { kind: "soon", endsAtMs: Date.parse("2026-03-02T12:00:00Z"), inMs: 20 * 60_000 });
  assert.equal(shiftEndView("2026-03-02T14:00:00Z", now).kind, "later");
  assert.deepEqual(shiftEndView("2026-03-02T11:00:00Z", now), { kind: "soon", endsAtMs: Date.parse("2026-03-02T11:00:00Z"), inMs: 0 });
});

test("addLot_TrimmedAndOnce", () => {
  assert.deepEqual(addLot(["BAR-A"], " ORING-A "), { lots: ["BAR-A", "ORING-A"], added: true });
  assert.deepEqual(addLot(["BAR-A"], "BAR-A"), { lots: ["BAR-A"], added: false });
  assert.deepEqual(addLot(["BAR-A"], "  "), { lots: ["BAR-A"], added: false });
});

test("unitRequest_GoodWithoutSerial_LetsTheServerIssueOne", () => {
  assert.deepEqual(unitRequest("  ", "good", "ignored", ["BAR-A"]), { serial: null, quality: "good", scrapReason: null, components: [{ lot: "BAR-A" }] });
  assert.deepEqual(unitRequest(" SN-1 ", "scrap", " Bore oversize ", []), { serial: "SN-1", quality: "scrap", scrapReason: "Bore oversize", components: [] });
});

test("unitPlace_MachineOrLineStation_OperationThere", () => {
  const lineOrder = [{ sequence: 10, name: "Make", lineId: "line-1", machineId: null }];
  const routing = [
    { sequence: 10, name: "Turn", lineId: null, machineId: "l1-lathe" },
    { sequence: 20, name: "Mill", lineId: null, machineId: "l1-mill" },
  ];
  assert.deepEqual(unitPlace(lineOrder, { id: "l1-cmm", kind: "machine", lineId: "line-1" }), { operationSequence: 10, machineId: "l1-cmm" });
  assert.deepEqual(unitPlace(lineOrder, { id: "line-1", kind: "line", lineId: "line-1" }), { operationSequence: 10 });
  assert.deepEqual(unitPlace(routing, { id: "l1-mill", kind: "machine", lineId: "line-1" }), { operationSequence: 20, machineId: "l1-mill" });
  assert.deepEqual(unitPlace(routing, { id: "l1-cmm", kind: "machine", lineId: "line-1" }), {});
  assert.deepEqual(unitPlace(routing, { id: "line-1", kind: "line", lineId: "line-1" }), {});
  assert.deepEqual(unitRequest("", "good", "", [], { operationSequence: 20, machineId: "l1-mill" }), {
    serial: null,
    quality: "good",
    scrapReason: null,
    components: [],
    operationSequence: 20,
    machineId: "l1-mill",
  });
});

test("unitRefusal_CodesSent_SaidInTheOperatorsLanguageWhereKnownServerTextOtherwise", () => {
  const problem = problemFromResponse(
    400,
    "Bad Request",
    JSON.stringify({
      title: "The unit was not recorded.",
      status: 400,
      errors: {
        "components[0].lot": ["Lot ORING-Q (ORING-20) is in quarantine: do not use it. Put it aside and call quality."],
        "components[1].lot": ["Something new the screen has no words for."],
      },
      codes: {
        "components[0].lot": [{ code: "lot-quarantined", args: { lot: "ORING-Q", material: "ORING-20" } }],
        "components[1].lot": [{ code: "lot-from-the-future", args: {} }],
      },
    }),
  );
  const say = (c: { code: string; args: Record<string, string> }): string | null =>
    c.code === "lot-quarantined" ? `批次 ${c.args.lot}（${c.args.material}）处于隔离状态` : null;
  const refusal = unitRefusal(problem, ["ORING-Q", "BAR-A"], say);
  assert.deepEqual(refusal.lots, [
    { lot: "ORING-Q", messages: ["批次 ORING-Q（ORING-20）处于隔离状态"] },
    { lot: "BAR-A", messages: ["Something new the screen has no words for."] },
  ]);
  assert.deepEqual(refusal.kept, []);
});

test("unitRefusal_QuarantinedLot_NamedWithItsMessageGoodLotsKept", () => {
  const problem = problemFromResponse(
    400,
    "Bad Request",
    JSON.stringify({
      title: "The unit was not recorded.",
      status: 400,
      errors: { "components[1].lot": ["Lot ORING-Q (ORING-20) is in quarantine: do not use it. Put it aside and call quality."] },
    }),
  );
  const refusal = unitRefusal(problem, ["BAR-A", "ORING-Q", "SCREW-1"]);
  assert.deepEqual(refusal.lots, [{ lot: "ORING-Q", messages: ["Lot ORING-Q (ORING-20) is in quarantine: do not use it. Put it aside and call quality."] }]);
  assert.deepEqual(refusal.kept, ["BAR-A", "SCREW-1"]);
  assert.deepEqual(refusal.other, []);
});

test("unitRefusal_SerialTakenOrOrderNotRunning_SaidAsAWhole", () => {
  const taken = problemFromResponse(409, "Conflict", JSON.stringify({ title: "Serial exists", detail: "Serial SN-2 is recorded already: scan the next part." }));
  assert.deepEqual(unitRefusal(taken, ["BAR-A"]), { lots: [], kept: ["BAR-A"], other: ["Serial SN-2 is recorded already: scan the next part."] });
  const serial = problemFromResponse(400, "", JSON.stringify({ title: "The unit was not recorded.", errors: { serial: ["bad serial"], "components[5].lot": ["out of range"] } }));
  assert.deepEqual(unitRefusal(serial, ["BAR-A"]).other, ["bad serial", "out of range"]);
});

const machine = (id: string, extra: Partial<StationMachine> = {}): StationMachine => ({
  id,
  name: id,
  state: "Running",
  since: "2026-03-02T08:00:00Z",
  reason: null,
  source: "manual",
  stopId: null,
  stopNeedsReason: false,
  ratePerHour: null,
  goodThisShift: 0,
  scrapThisShift: 0,
  plcJob: null,
  reasons: [],
  ...extra,
});

test("stopToAsk_FirstStopWithoutReasonNotYetHandled", () => {
  const machines = [machine("a"), machine("b", { state: "Down", stopId: 4, stopNeedsReason: true }), machine("c", { state: "Down", stopId: 9, stopNeedsReason: true })];
  assert.equal(stopToAsk(machines, new Set())?.machine.id, "b");
  assert.deepEqual(stopToAsk(machines, new Set([stopKey("b", 4)]))?.stopId, 9);
  assert.equal(stopToAsk(machines, new Set([stopKey("b", 4), stopKey("c", 9)])), null);
  // A new stop of the same machine is asked about again.
  assert.equal(stopToAsk([machine("b", { state: "Down", stopId: 5, stopNeedsReason: true })], new Set([stopKey("b", 4)]))?.stopId, 5);
});

const call = (id: number, status: string, raisedAt: string, station = "l1-lathe"): AndonCall => ({
  id,
  station,
  kind: "maintenance",
  note: null,
  status,
  level: 0,
  escalatedTo: null,
  raisedAt,
  raisedBy: "wang.wei",
  acknowledgedAt: null,
  acknowledgedBy: null,
  closedAt: null,
  closedBy: null,
  resolution: null,
  nextEscalationAt: null,
});

test("andonOrder_OpenFirstOldestFirst_ClosedGone", () => {
  const calls = [call(1, "acknowledged", "2026-03-02T08:00:00Z"), call(2, "open", "2026-03-02T09:00:00Z"), call(3, "open", "2026-03-02T08:30:00Z"), call(4, "closed", "2026-03-02T07:00:00Z")];
  assert.deepEqual(andonOrder(calls).map((c) => c.id), [3, 2, 1]);
});

test("mergeAndon_PushedChange_ReplacedAddedOrRemoved", () => {
  const calls = [call(1, "open", "2026-03-02T08:00:00Z")];
  const targets = ["l1-lathe", "line-1"];
  assert.deepEqual(mergeAndon(calls, call(1, "acknowledged", "2026-03-02T08:00:00Z"), targets).map((c) => c.status), ["acknowledged"]);
  assert.deepEqual(mergeAndon(calls, call(2, "open", "2026-03-02T08:05:00Z", "line-1"), targets).map((c) => c.id), [1, 2]);
  assert.deepEqual(mergeAndon(calls, call(3, "open", "2026-03-02T08:05:00Z", "l2-press"), targets).map((c) => c.id), [1]);
  assert.deepEqual(mergeAndon(calls, call(1, "closed", "2026-03-02T08:00:00Z"), targets), []);
});

test("bigNumber_WholeAndFractions", () => {
  assert.equal(bigNumber(1250, "en"), "1,250");
  assert.equal(bigNumber(12.5, "en"), "12.5");
  assert.equal(bigNumber(null, "en"), "—");
});

test("rateText_NoneWhenUnknown_OneDecimalWhenSlow", () => {
  assert.equal(rateText(null, "en"), "—");
  assert.equal(rateText(0, "en"), "—");
  assert.equal(rateText(7.25, "en"), "7.3");
  assert.equal(rateText(120.4, "en"), "120");
});

test("elapsedClock_MinutesThenHours", () => {
  assert.equal(elapsedClock(65_000), "01:05");
  assert.equal(elapsedClock(3_725_000), "1:02:05");
  assert.equal(elapsedClock(-5), "00:00");
});
