import { test } from "node:test";
import assert from "node:assert/strict";
import { formatCount, formatDecimal, formatPercent, isAboveFull, kpiTone, NO_VALUE, timeUnitFor } from "../src/logic/numbers.ts";

test("formatPercent_Fraction_OneDecimal", () => {
  assert.equal(formatPercent(0.8534, "en"), "85.3%");
  assert.equal(formatPercent(0.8534, "zh-CN"), "85.3%");
  assert.equal(formatPercent(0, "en"), "0.0%");
});

test("formatPercent_NullOrNaN_ShowsDashNeverZero", () => {
  assert.equal(formatPercent(null, "en"), NO_VALUE);
  assert.equal(formatPercent(undefined, "zh-CN"), NO_VALUE);
  assert.equal(formatPercent(Number.NaN, "en"), NO_VALUE);
});

test("formatPercent_EffectivenessAbove100_ShownRaw", () => {
  assert.equal(formatPercent(1.1234, "en"), "112.3%");
  assert.equal(isAboveFull(1.1234), true);
  assert.equal(isAboveFull(1), false);
  assert.equal(isAboveFull(null), false);
});

test("formatCount_Locale_GroupsDigits", () => {
  assert.equal(formatCount(12345, "en"), "12,345");
  assert.equal(formatCount(null, "en"), NO_VALUE);
});

test("formatDecimal_Digits_RoundsAndDashForNull", () => {
  assert.equal(formatDecimal(12.345, "en", 1), "12.3");
  assert.equal(formatDecimal(null, "en"), NO_VALUE);
});

test("kpiTone_Bands_NullHasNoTone", () => {
  assert.deepEqual([0.9, 0.85, 0.7, 0.3, null].map(kpiTone), ["good", "good", "fair", "poor", "none"]);
});

test("timeUnitFor_Magnitudes_HoursMinutesSeconds", () => {
  assert.deepEqual(timeUnitFor(27_000), { unit: "h", seconds: 3600 });
  assert.deepEqual(timeUnitFor(7_199), { unit: "min", seconds: 60 });
  assert.deepEqual(timeUnitFor(119), { unit: "s", seconds: 1 });
  assert.deepEqual(timeUnitFor(-9_000), { unit: "h", seconds: 3600 });
});
