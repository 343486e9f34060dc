import { test } from "node:test";
import assert from "node:assert/strict";
import { collectKey, EMPTY_SCAN, keyTarget, SCAN_DEFAULTS, withoutScan, type ScanBuffer, type ScanKey } from "../src/logic/scanner.ts";

/** Feeds keys typed `gapMs` apart from `start`; returns the codes scanned. */
function type(keys: readonly string[], gapMs: number, start = 1_000, buffer: ScanBuffer = EMPTY_SCAN): { codes: string[]; buffer: ScanBuffer } {
  const codes: string[] = [];
  let b = buffer;
  keys.forEach((key, i) => {
    const step = collectKey(b, { key, at: start + i * gapMs, modifier: false });
    b = step.buffer;
    if (step.code !== null) codes.push(step.code);
  });
  return { codes, buffer: b };
}

const chars = (text: string): string[] => [...text];

test("collectKey_FastKeysEndedByEnter_IsAScan", () => {
  assert.deepEqual(type([...chars("0004471100"), "Enter"], 8).codes, ["0004471100"]);
});

test("collectKey_ShiftForCapitals_PartOfTheScan", () => {
  assert.deepEqual(type(["Shift", "B", "Shift", "A", "R", "-", "A", "Enter"], 5).codes, ["BAR-A"]);
});

test("collectKey_PersonTyping_NoScan", () => {
  // A fast typist: 120 ms a key.
  assert.deepEqual(type([...chars("1234"), "Enter"], 120).codes, []);
  assert.deepEqual(type([...chars("1234"), "Enter"], SCAN_DEFAULTS.maxGapMs + 50).codes, []);
});

test("collectKey_OneLateKeystrokeInAFastRun_StillAScan", () => {
  // A busy tablet delivers one key 200 ms late; the run's average stays a scanner's.
  const first = type(chars("00044"), 10);
  const late = collectKey(first.buffer, { key: "7", at: 1_040 + 200, modifier: false });
  const rest = type([...chars("1100"), "Enter"], 10, 1_250, late.buffer);
  assert.deepEqual(rest.codes, ["000447" + "1100"]);
});

test("collectKey_SlowKeysLongBeforeAFastRun_OnlyTheRunCounts", () => {
  let step = collectKey(EMPTY_SCAN, { key: "x", at: 0, modifier: false });
  step = collectKey(step.buffer, { key: "y", at: 300, modifier: false });
  const { codes } = type([...chars("LOT-7"), "Enter"], 10, 2_000, step.buffer);
  assert.deepEqual(codes, ["LOT-7"]);
});

test("collectKey_EnterLongAfterTheLastKey_NoScan", () => {
  const { buffer } = type(chars("ABCDEF"), 5);
  assert.equal(collectKey(buffer, { key: "Enter", at: 1_000 + 25 + SCAN_DEFAULTS.maxGapMs + 1, modifier: false }).code, null);
  assert.equal(collectKey(buffer, { key: "Enter", at: 1_000 + 25 + 400, modifier: false }).code, null);
});

test("collectKey_TooShortOrShortcut_NoScan", () => {
  assert.deepEqual(type(["4", "2", "Enter"], 5).codes, []);
  const { buffer } = type(chars("ABCD"), 5);
  const shortcut: ScanKey = { key: "v", at: 1_020, modifier: true };
  const afterShortcut = collectKey(buffer, shortcut);
  assert.deepEqual(afterShortcut.buffer, EMPTY_SCAN);
  assert.equal(collectKey(afterShortcut.buffer, { key: "Enter", at: 1_021, modifier: false }).code, null);
});

test("collectKey_NavigationKeyInTheMiddle_BreaksTheScan", () => {
  assert.deepEqual(type(["A", "B", "Backspace", "C", "D", "Enter"], 5).codes, []);
});

test("collectKey_TwoScansInARow_BothTaken", () => {
  assert.deepEqual(type([...chars("SN-1"), "Enter", ...chars("BAR-A"), "Enter"], 5).codes, ["SN-1", "BAR-A"]);
});

test("keyTarget_NotesLeftAloneScanFieldsOwnTheirEnter", () => {
  assert.equal(keyTarget("textarea", null, false, false), "ignore");
  assert.equal(keyTarget("DIV", null, false, true), "ignore");
  assert.equal(keyTarget("INPUT", "text", true, false), "scanField");
  assert.equal(keyTarget("INPUT", "text", false, false), "textField");
  assert.equal(keyTarget("INPUT", null, false, false), "textField");
  assert.equal(keyTarget("INPUT", "checkbox", false, false), "page");
  assert.equal(keyTarget("BUTTON", null, false, false), "page");
  assert.equal(keyTarget("BODY", null, false, false), "page");
});

test("withoutScan_ScanTypedIntoAField_TakenOutFromTheEnd", () => {
  assert.equal(withoutScan("wang0004471100", "0004471100"), "wang");
  assert.equal(withoutScan("wang", "0004471100"), "wang");
  assert.equal(withoutScan("abc", ""), "abc");
});
