import { test } from "node:test";
import assert from "node:assert/strict";
import type { DowntimeEvent } from "../src/api/types.ts";
import { changesPersonsReason, defaultPart, elapsedSeconds, followUpRows, followUpWindow, groupStops, partAt, partOrdinal, reasonSource, splitBoundaries } from "../src/logic/stops.ts";

function event(stopId: number, start: string, end: string | null, over: Partial<DowntimeEvent> = {}): DowntimeEvent {
  return {
    machineId: "l1-lathe",
    stopId,
    part: 0,
    parts: 1,
    start,
    end,
    seconds: 60,
    state: "Down",
    orderId: null,
    microStop: false,
    code: null,
    reason: null,
    reasonId: null,
    reasonPath: [],
    reasonSource: "none",
    classifiedBy: null,
    classifiedAt: null,
    ...over,
  };
}

test("groupStops_PartsOfASplitStop_OneGroupNewestStopFirst", () => {
  const groups = groupStops([
    event(1, "2026-03-01T10:00:00Z", "2026-03-01T10:05:00Z", { reasonSource: "plc", reason: "Tool wear", reasonId: "unplanned.equipment.tooling", code: 101 }),
    event(2, "2026-03-01T11:10:00Z", "2026-03-01T11:20:00Z", { part: 1, parts: 2, reasonSource: "manual", reasonId: "unplanned.material.starved" }),
    event(2, "2026-03-01T11:00:00Z", "2026-03-01T11:10:00Z", { parts: 2 }),
  ]);
  assert.deepEqual(groups.map((g) => g.key), ["l1-lathe/2", "l1-lathe/1"]);
  const split = groups[0];
  assert.ok(split);
  assert.deepEqual(split.parts.map((p) => p.part), [0, 1]);
  assert.deepEqual([split.start, split.end], ["2026-03-01T11:00:00Z", "2026-03-01T11:20:00Z"]);
  assert.equal(split.unclassified, true);
  assert.equal(groups[1]?.unclassified, false);
  // An older server sends no plcReason: the PLC's text is the effective reason while it is the PLC's.
  assert.equal(groups[1]?.plcReason, "Tool wear");
});

test("groupStops_PlcReasonFromServer_KeptAfterManualClassification", () => {
  const [group] = groupStops([event(1, "2026-03-01T10:00:00Z", null, { code: 101, plcReason: "Tool wear", reasonSource: "manual", reason: "Spindle" })]);
  assert.equal(group?.plcReason, "Tool wear");
  assert.equal(group?.end, null);
});

test("elapsedSeconds_OpenStop_UntilNow", () => {
  assert.equal(elapsedSeconds("2026-03-01T10:00:00Z", "2026-03-01T10:01:30Z", 0), 90);
  assert.equal(elapsedSeconds("2026-03-01T10:00:00Z", null, Date.parse("2026-03-01T10:00:05Z")), 5);
  // A server clock ahead of the browser: not negative.
  assert.equal(elapsedSeconds("2026-03-01T10:00:00Z", null, Date.parse("2026-03-01T09:59:00Z")), 0);
});

test("defaultPart_SplitStop_AskedForElseFirstUnclassified", () => {
  const parts = [
    { part: 0, reasonSource: "manual" },
    { part: 2, reasonSource: "none" },
    { part: 1, reasonSource: "manual" },
  ];
  assert.equal(defaultPart(parts), 2);
  assert.equal(defaultPart(parts, 1), 1);
  assert.equal(defaultPart(parts, 7), 2);
  assert.equal(defaultPart([{ part: 0, reasonSource: "manual" }, { part: 1, reasonSource: "plc" }]), 0);
  assert.equal(defaultPart([{ part: 0, reasonSource: "none" }], 0), null);
});

test("splitBoundaries_AndPartOrdinal_ByTime", () => {
  const parts = [
    { part: 0, start: "2026-03-01T10:00:00Z" },
    { part: 2, start: "2026-03-01T10:02:00Z" },
    { part: 1, start: "2026-03-01T10:05:00Z" },
  ];
  assert.deepEqual(splitBoundaries({ parts: parts as never }), [Date.parse("2026-03-01T10:02:00Z"), Date.parse("2026-03-01T10:05:00Z")]);
  assert.equal(partOrdinal(parts, 2), 2);
  assert.equal(partOrdinal(parts, 1), 3);
});

test("followUpRows_LongestWaitingFirstWithPlace", () => {
  const rows = followUpRows(
    [event(5, "2026-03-01T11:00:00Z", null, { machineId: "l1-mill" }), event(3, "2026-03-01T09:00:00Z", "2026-03-01T09:30:00Z"), event(9, "2026-03-01T08:00:00Z", null, { machineId: "gone" })],
    (id) => (id === "gone" ? null : { machine: id.toUpperCase(), line: "Line 1", area: "Machining" }),
  );
  assert.deepEqual(rows.map((r) => [r.key, r.machineName, r.lineName]), [
    ["gone/9/0", "gone", null],
    ["l1-lathe/3/0", "L1-LATHE", "Line 1"],
    ["l1-mill/5/0", "L1-MILL", "Line 1"],
  ]);
});

test("reasonSource_UnknownText_IsNone", () => {
  assert.equal(reasonSource("manual"), "manual");
  assert.equal(reasonSource("plc"), "plc");
  assert.equal(reasonSource("oracle"), "none");
});

test("followUpWindow_Period_EndsNow", () => {
  const now = Date.parse("2026-03-08T12:00:00Z");
  assert.deepEqual(followUpWindow("day", now), { from: "2026-03-07T12:00:00.000Z", to: "2026-03-08T12:00:00.000Z" });
  assert.equal(followUpWindow("week", now).from, "2026-03-01T12:00:00.000Z");
});

test("partAt_InstantInsideAPart_ThatPartNeverABoundary", () => {
  const parts = [
    { part: 0, start: "2026-03-01T10:00:00Z", end: "2026-03-01T10:05:00Z" },
    { part: 1, start: "2026-03-01T10:05:00Z", end: "2026-03-01T10:10:00Z" },
  ];
  assert.equal(partAt(parts, Date.parse("2026-03-01T10:02:00Z"))?.part, 0);
  assert.equal(partAt(parts, Date.parse("2026-03-01T10:07:00Z"))?.part, 1);
  assert.equal(partAt(parts, Date.parse("2026-03-01T10:05:00Z")), null);
  assert.equal(partAt(parts, Date.parse("2026-03-01T10:00:00Z")), null);
  assert.equal(partAt(parts, Date.parse("2026-03-01T10:10:00Z")), null);
});

test("changesPersonsReason_ManualPart_OnlyAnotherReasonOrASplit", () => {
  const manual = { reasonSource: "manual", reasonId: "unplanned.equipment.tooling" };
  assert.equal(changesPersonsReason(manual, "unplanned.material.starved"), true);
  assert.equal(changesPersonsReason(manual, "unplanned.equipment.tooling"), false);
  assert.equal(changesPersonsReason(manual, null), true);
  assert.equal(changesPersonsReason({ reasonSource: "plc", reasonId: "x" }, "y"), false);
  assert.equal(changesPersonsReason({ reasonSource: "none", reasonId: null }, null), false);
  assert.equal(changesPersonsReason(undefined, "y"), false);
});
