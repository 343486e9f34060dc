import { test } from "node:test";
import assert from "node:assert/strict";
import { flattenJson, jsonDiff, parseRecord, valueText } from "../src/logic/json.ts";

test("flattenJson_NestedRecord_OneRowPerValueInRecordOrder", () => {
  const rows = flattenJson({ lot: { id: "L1", quantity: 5 }, from: ["A", "B"], parts: [{ quantity: 2 }, { quantity: 3 }], note: null, empty: {} });
  assert.deepEqual(rows, [
    { path: "lot.id", text: "L1" },
    { path: "lot.quantity", text: "5" },
    { path: "from", text: '["A","B"]' },
    { path: "parts[0].quantity", text: "2" },
    { path: "parts[1].quantity", text: "3" },
    { path: "note", text: "null" },
    { path: "empty", text: "{}" },
  ]);
});

test("flattenJson_PlainValue_OneRowWithoutPath", () => {
  assert.deepEqual(flattenJson("text"), [{ path: "", text: "text" }]);
  assert.deepEqual(flattenJson([]), [{ path: "", text: "[]" }]);
});

test("valueText_StringsAsTheyAre_EmptyStringQuoted_OthersAsJson", () => {
  assert.equal(valueText("released"), "released");
  assert.equal(valueText(""), '""');
  assert.equal(valueText(true), "true");
  assert.equal(valueText(1.5), "1.5");
});

test("jsonDiff_StatusChange_ChangedAndSameRows", () => {
  const rows = jsonDiff({ status: "released", remaining: 4 }, { status: "quarantined", remaining: 4 });
  assert.deepEqual(rows, [
    { path: "status", kind: "changed", old: "released", new: "quarantined" },
    { path: "remaining", kind: "same", old: "4", new: "4" },
  ]);
});

test("jsonDiff_AddedAndRemovedMembers_RemovedAfterTheNewRecord", () => {
  const rows = jsonDiff({ a: 1, gone: "x" }, { a: 1, b: { c: 2 } });
  assert.deepEqual(
    rows.map((r) => [r.path, r.kind]),
    [
      ["a", "same"],
      ["b.c", "added"],
      ["gone", "removed"],
    ],
  );
  assert.deepEqual(rows[2], { path: "gone", kind: "removed", old: "x", new: null });
});

test("jsonDiff_Creation_EveryValueAdded", () => {
  assert.deepEqual(jsonDiff(null, { id: "WO-1" }), [{ path: "id", kind: "added", old: null, new: "WO-1" }]);
});

test("parseRecord_NotJson_KeepsTheText", () => {
  assert.deepEqual(parseRecord('{"a":1}'), { json: true, value: { a: 1 } });
  assert.deepEqual(parseRecord("not json"), { json: false, text: "not json" });
});
