import { test } from "node:test";
import assert from "node:assert/strict";
import { formatPlantClock, formatPlantInstant, isValidTimeZone } from "../src/logic/format.ts";

const now = Date.parse("2026-03-01T10:00:00Z"); // 18:00 in Shanghai

test("formatPlantClock_SamePlantDay_ShowsPlantTimeOnly", () => {
  assert.equal(formatPlantClock("2026-03-01T06:05:00Z", "en", "Asia/Shanghai", now), "14:05");
});

test("formatPlantClock_Seconds_ShowsThem", () => {
  assert.equal(formatPlantClock("2026-03-01T06:05:09.700Z", "en", "Asia/Shanghai", now, true), "14:05:09");
  assert.match(formatPlantClock("2026-02-28T06:05:09Z", "en", "Asia/Shanghai", now, true), /02\/28.*14:05:09/);
});

test("formatPlantClock_EarlierPlantDay_ShowsDateAndTime", () => {
  const text = formatPlantClock("2026-02-28T06:05:00Z", "en", "Asia/Shanghai", now);
  assert.match(text, /02\/28/);
  assert.match(text, /14:05/);
});

test("formatPlantClock_UtcDayDiffersFromPlantDay_UsesPlantDay", () => {
  // 17:00 UTC on Feb 28 is 01:00 on Mar 1 in Shanghai: the same plant day as `now`.
  assert.equal(formatPlantClock("2026-02-28T17:00:00Z", "en", "Asia/Shanghai", now), "01:00");
});

test("formatPlantClock_UnknownZone_FallsBackWithoutThrowing", () => {
  assert.equal(typeof formatPlantClock("2026-03-01T06:05:00Z", "en", "Mars/Olympus", now), "string");
  assert.equal(isValidTimeZone("Mars/Olympus"), false);
});

test("formatPlantInstant_UnparsableInstant_ReturnsInput", () => {
  assert.equal(formatPlantInstant("garbage", "zh-CN", "Asia/Shanghai"), "garbage");
});
