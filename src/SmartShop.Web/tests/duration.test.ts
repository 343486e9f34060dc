import { test } from "node:test";
import assert from "node:assert/strict";
import { durationParts, elapsedSince } from "../src/logic/duration.ts";

test("durationParts_HourAndMinutes_ReturnsTwoLargestUnits", () => {
  assert.deepEqual(durationParts(((1 * 60 + 23) * 60 + 45) * 1000), [
    { unit: "h", value: 1 },
    { unit: "m", value: 23 },
  ]);
});

test("durationParts_UnderAMinute_ReturnsSeconds", () => {
  assert.deepEqual(durationParts(42_900), [{ unit: "s", value: 42 }]);
});

test("durationParts_ZeroSecondUnit_IsOmitted", () => {
  assert.deepEqual(durationParts(2 * 60_000), [{ unit: "m", value: 2 }]);
});

test("durationParts_DaysAndHours_SkipsSmallerUnits", () => {
  assert.deepEqual(durationParts((3 * 24 + 5) * 3_600_000 + 59 * 60_000), [
    { unit: "d", value: 3 },
    { unit: "h", value: 5 },
  ]);
});

test("durationParts_NegativeFromClockSkew_ClampsToZeroSeconds", () => {
  assert.deepEqual(durationParts(-5_000), [{ unit: "s", value: 0 }]);
});

test("elapsedSince_IsoInstant_ReturnsMilliseconds", () => {
  assert.equal(elapsedSince("2026-03-01T08:00:00Z", Date.parse("2026-03-01T08:01:30Z")), 90_000);
  assert.ok(Number.isNaN(elapsedSince("not a time", 0)));
});
