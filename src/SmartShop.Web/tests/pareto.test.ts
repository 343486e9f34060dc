import { test } from "node:test";
import assert from "node:assert/strict";
import type { ParetoEntry } from "../src/api/types.ts";
import { depthParameter, shapePareto } from "../src/logic/pareto.ts";

function entry(key: string, seconds: number, count = 1, microStops = 0): ParetoEntry {
  return { key, reason: key === "unclassified" ? "unclassified" : key, code: null, count, seconds, microStops };
}

test("shapePareto_Entries_LargestFirstWithCumulativeShare", () => {
  const p = shapePareto([entry("Coolant", 100), entry("Spindle alarm", 600, 2), entry("unclassified", 300, 3)]);
  assert.deepEqual(p.rows.map((r) => r.key), ["Spindle alarm", "unclassified", "Coolant"]);
  assert.deepEqual(p.rows.map((r) => r.kind), ["reason", "unclassified", "reason"]);
  assert.deepEqual(p.rows.map((r) => r.share), [0.6, 0.3, 0.1]);
  assert.ok(Math.abs((p.rows[1]?.cumulativeShare ?? 0) - 0.9) < 1e-12);
  assert.equal(p.rows[2]?.cumulativeShare, 1);
  assert.equal(p.totalSeconds, 1_000);
  assert.equal(p.totalCount, 6);
});

test("shapePareto_ManyReasons_TailFoldedIntoOther", () => {
  const entries = Array.from({ length: 10 }, (_, i) => entry(`r${i}`, 100 - i, 1, i % 2));
  const p = shapePareto(entries, 4);
  assert.deepEqual(p.rows.map((r) => r.key), ["r0", "r1", "r2", "other"]);
  const other = p.rows[3];
  assert.equal(other?.kind, "other");
  assert.equal(other?.count, 7);
  assert.equal(other?.seconds, 97 + 96 + 95 + 94 + 93 + 92 + 91);
  assert.equal(other?.microStops, 4);
  assert.equal(other?.cumulativeShare, 1);
});

test("shapePareto_ZeroSecondReasonsAndEmpty_Dropped", () => {
  assert.deepEqual(shapePareto([entry("a", 0)]).rows, []);
  assert.equal(shapePareto([]).totalSeconds, 0);
});

test("shapePareto_EqualSeconds_StableByKey", () => {
  assert.deepEqual(shapePareto([entry("b", 5), entry("a", 5)]).rows.map((r) => r.key), ["a", "b"]);
});

test("shapePareto_TreeReason_KeepsItsPath", () => {
  const p = shapePareto([{ ...entry("unplanned.equipment", 300), reason: "Equipment failure", path: ["Unplanned", "Equipment failure"], kind: "reason" }, entry("Door open", 100)]);
  assert.deepEqual(p.rows.map((r) => r.path), [["Unplanned", "Equipment failure"], []]);
});

test("depthParameter_Choice_ApiDepth", () => {
  assert.equal(depthParameter("top"), 1);
  assert.equal(depthParameter("level2"), 2);
  assert.equal(depthParameter("leaf"), null);
});
