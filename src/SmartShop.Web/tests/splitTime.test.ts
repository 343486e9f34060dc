import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultSplit, isoWithOffset, localDayText, localTimeText, resolveSplit, splitBounds, splitDays } from "../src/logic/splitTime.ts";

// The browser's zone decides what a typed time means: fixed here (node --test runs each file in its own process).
process.env.TZ = "Asia/Shanghai";

const at = (iso: string): number => Date.parse(iso);

test("localText_Instant_InTheBrowsersZone", () => {
  assert.equal(localTimeText(at("2026-03-01T02:00:05.750Z")), "10:00:05");
  assert.equal(localDayText(at("2026-03-01T18:30:00Z")), "2026-03-02");
});

test("isoWithOffset_Instant_NamesTheLocalOffset", () => {
  assert.equal(isoWithOffset(at("2026-03-01T02:00:05Z")), "2026-03-01T10:00:05+08:00");
  assert.equal(isoWithOffset(at("2026-03-01T02:00:05.042Z")), "2026-03-01T10:00:05.042+08:00");
  assert.equal(Date.parse(isoWithOffset(at("2026-03-01T16:00:00Z"))), at("2026-03-01T16:00:00Z"));
});

test("splitBounds_Stop_WholeSecondsStrictlyInside", () => {
  assert.deepEqual(splitBounds(at("2026-03-01T02:00:00.300Z"), at("2026-03-01T02:00:03.100Z")), {
    firstMs: at("2026-03-01T02:00:01Z"),
    lastMs: at("2026-03-01T02:00:03Z"),
  });
  // Ends on whole seconds: neither end may be the split.
  assert.deepEqual(splitBounds(at("2026-03-01T02:00:00Z"), at("2026-03-01T02:00:02Z")), {
    firstMs: at("2026-03-01T02:00:01Z"),
    lastMs: at("2026-03-01T02:00:01Z"),
  });
  assert.equal(splitBounds(at("2026-03-01T02:00:00.100Z"), at("2026-03-01T02:00:00.900Z")), null);
  assert.equal(splitBounds(at("2026-03-01T02:00:00Z"), at("2026-03-01T02:00:01Z")), null);
  assert.equal(splitBounds(at("2026-03-01T02:00:00Z"), null), null);
});

test("defaultSplit_Bounds_MiddleAtAWholeSecond", () => {
  const bounds = splitBounds(at("2026-03-01T02:00:00.500Z"), at("2026-03-01T02:09:59.500Z"));
  assert.ok(bounds);
  assert.equal(defaultSplit(bounds), at("2026-03-01T02:05:00Z"));
  const one = splitBounds(at("2026-03-01T02:00:00.200Z"), at("2026-03-01T02:00:01.200Z"));
  assert.ok(one);
  assert.equal(defaultSplit(one), at("2026-03-01T02:00:01Z"));
});

test("splitDays_StopAcrossLocalMidnight_BothDays", () => {
  // 23:50 to 00:20 local (UTC+8).
  const bounds = splitBounds(at("2026-03-01T15:50:00Z"), at("2026-03-01T16:20:00Z"));
  assert.ok(bounds);
  assert.deepEqual(splitDays(bounds), ["2026-03-01", "2026-03-02"]);
  const long = splitBounds(at("2026-03-01T00:00:00Z"), at("2026-03-03T20:00:00Z"));
  assert.ok(long);
  assert.deepEqual(splitDays(long), ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"]);
  const short = splitBounds(at("2026-03-01T02:00:00Z"), at("2026-03-01T02:30:00Z"));
  assert.ok(short);
  assert.deepEqual(splitDays(short), ["2026-03-01"]);
});

test("resolveSplit_LocalTimeInsideTheStop_IsTheInstant", () => {
  const [start, end] = [at("2026-03-01T02:00:00.300Z"), at("2026-03-01T02:20:00Z")];
  assert.deepEqual(resolveSplit("2026-03-01", "10:05:00", start, end), { ok: true, ms: at("2026-03-01T02:05:00Z") });
  assert.deepEqual(resolveSplit("2026-03-01", "10:05", start, end), { ok: true, ms: at("2026-03-01T02:05:00Z") });
  assert.deepEqual(resolveSplit("2026-03-01", "10:00:01", start, end), { ok: true, ms: at("2026-03-01T02:00:01Z") });
});

test("resolveSplit_OutsideOnAnEndOrOnABoundary_IsRejected", () => {
  const [start, end] = [at("2026-03-01T02:00:00Z"), at("2026-03-01T02:20:00Z")];
  assert.deepEqual(resolveSplit("2026-03-01", "10:00:00", start, end), { ok: false, error: "outside" });
  assert.deepEqual(resolveSplit("2026-03-01", "10:20:00", start, end), { ok: false, error: "outside" });
  assert.deepEqual(resolveSplit("2026-03-02", "10:05:00", start, end), { ok: false, error: "outside" });
  assert.deepEqual(resolveSplit("2026-03-01", "10:10:00", start, end, [at("2026-03-01T02:10:00Z")]), { ok: false, error: "boundary" });
});

test("resolveSplit_NotATime_IsAFormatError", () => {
  const [start, end] = [at("2026-03-01T02:00:00Z"), at("2026-03-01T02:20:00Z")];
  for (const [day, time] of [["2026-03-01", ""], ["2026-03-01", "25:00:00"], ["2026-03-01", "10:5"], ["", "10:05:00"], ["2026-02-31", "10:05:00"]] as const) {
    assert.deepEqual(resolveSplit(day, time, start, end), { ok: false, error: "format" }, `${day} ${time}`);
  }
});

test("resolveSplit_ClockChanges_SkippedTimeRejectedRepeatedTimeInsideTaken", () => {
  process.env.TZ = "Europe/Berlin";
  try {
    // 2026-03-29: 02:00 local jumps to 03:00.
    const [start, end] = [at("2026-03-29T00:30:00Z"), at("2026-03-29T01:30:00Z")];
    assert.deepEqual(resolveSplit("2026-03-29", "02:30:00", start, end), { ok: false, error: "noSuchTime" });
    // 2026-10-25: 03:00 local goes back to 02:00; a stop in the second 02:xx hour (00:00Z to 01:00Z).
    const [s2, e2] = [at("2026-10-25T01:00:00Z"), at("2026-10-25T01:50:00Z")];
    assert.deepEqual(resolveSplit("2026-10-25", "02:30:00", s2, e2), { ok: true, ms: at("2026-10-25T01:30:00Z") });
  } finally {
    process.env.TZ = "Asia/Shanghai";
  }
});
