import { test } from "node:test";
import assert from "node:assert/strict";
import type { MachineStatus, TimelineEntry } from "../src/api/types.ts";
import {
  axisTicks,
  formatLocalClock,
  MIN_WINDOW_MS,
  shiftWindow,
  stateDurations,
  tickStepMs,
  timelineSegments,
  zoneOffsetMs,
} from "../src/logic/timeline.ts";
import { makeFigure } from "./figures.ts";

const t = (iso: string): number => Date.parse(iso);

function entry(start: string, end: string, state: string, extra: Partial<TimelineEntry> = {}): TimelineEntry {
  return { start, end, state, element: "ProductionTime", microStop: false, shiftId: "day", orderId: "WO-1", productId: "SPOOL-20", good: 0, scrap: 0, ...extra };
}

function status(state: string, since: string): MachineStatus {
  return { machineId: "m", state, since, reason: null, source: "manual" };
}

test("shiftWindow_ServerSendsShiftStart_UsesIt", () => {
  const now = t("2026-03-02T04:00:00Z");
  const w = shiftWindow({ figure: makeFigure(), shiftStart: "2026-03-02T00:00:00Z" }, now);
  assert.deepEqual(w, { fromMs: t("2026-03-02T00:00:00Z"), toMs: now });
});

test("shiftWindow_NoShiftStart_ElapsedFromPotAndNotPlanned", () => {
  const now = t("2026-03-02T10:00:00Z");
  const w = shiftWindow({ figure: makeFigure({ pot: 7_200, notPlanned: 1_800 }) }, now);
  assert.equal(w.fromMs, now - 9_000_000);
});

test("shiftWindow_ShiftJustStartedOrNoFigure_AtLeastMinimumWindow", () => {
  const now = t("2026-03-02T10:00:00Z");
  assert.equal(shiftWindow({ figure: makeFigure({ pot: 60, notPlanned: 0 }) }, now).fromMs, now - MIN_WINDOW_MS);
  assert.equal(shiftWindow(null, now).fromMs, now - MIN_WINDOW_MS);
});

test("timelineSegments_EntriesAcrossWindow_ClippedAndSorted", () => {
  const window = { fromMs: t("2026-03-02T08:00:00Z"), toMs: t("2026-03-02T09:00:00Z") };
  const segments = timelineSegments(
    [
      entry("2026-03-02T08:30:00Z", "2026-03-02T09:30:00Z", "Down"),
      entry("2026-03-02T07:00:00Z", "2026-03-02T08:30:00Z", "Running"),
      entry("2026-03-02T06:00:00Z", "2026-03-02T07:00:00Z", "Idle"),
    ],
    window,
  );
  assert.deepEqual(
    segments.map((s) => [s.state, s.startMs, s.endMs]),
    [
      ["Running", window.fromMs, t("2026-03-02T08:30:00Z")],
      ["Down", t("2026-03-02T08:30:00Z"), window.toMs],
    ],
  );
});

test("timelineSegments_LiveStatusAfterLastSettled_AddsTailUpToNow", () => {
  const window = { fromMs: t("2026-03-02T08:00:00Z"), toMs: t("2026-03-02T08:10:00Z") };
  const segments = timelineSegments(
    [entry("2026-03-02T08:00:00Z", "2026-03-02T08:09:50Z", "Running")],
    window,
    status("Down", "2026-03-02T08:09:55Z"),
  );
  assert.deepEqual(
    segments.map((s) => [s.state, s.live, s.endMs - s.startMs]),
    [
      ["Running", false, 590_000],
      ["Running", true, 5_000],
      ["Down", true, 5_000],
    ],
  );
});

test("timelineSegments_NothingSettled_StatusFromItsSince", () => {
  const window = { fromMs: t("2026-03-02T08:00:00Z"), toMs: t("2026-03-02T08:10:00Z") };
  const segments = timelineSegments([], window, status("Running", "2026-03-02T08:04:00Z"));
  assert.deepEqual(segments.map((s) => [s.state, s.startMs]), [["Running", t("2026-03-02T08:04:00Z")]]);
  const older = timelineSegments([], window, status("Idle", "2026-03-01T00:00:00Z"));
  assert.equal(older[0]?.startMs, window.fromMs);
});

test("timelineSegments_UnknownWireState_NormalizedButKept", () => {
  const window = { fromMs: t("2026-03-02T08:00:00Z"), toMs: t("2026-03-02T08:10:00Z") };
  const [s] = timelineSegments([entry("2026-03-02T08:00:00Z", "2026-03-02T08:10:00Z", "Overheated")], window);
  assert.equal(s?.state, "Unknown");
  assert.equal(s?.rawState, "Overheated");
});

test("stateDurations_Segments_SecondsPerStateLargestFirst", () => {
  const window = { fromMs: t("2026-03-02T08:00:00Z"), toMs: t("2026-03-02T09:00:00Z") };
  const segments = timelineSegments(
    [
      entry("2026-03-02T08:00:00Z", "2026-03-02T08:10:00Z", "Down"),
      entry("2026-03-02T08:10:00Z", "2026-03-02T08:50:00Z", "Running"),
      entry("2026-03-02T08:50:00Z", "2026-03-02T09:00:00Z", "Down"),
    ],
    window,
  );
  assert.deepEqual(stateDurations(segments), [
    { state: "Running", seconds: 2_400 },
    { state: "Down", seconds: 1_200 },
  ]);
});

test("tickStepMs_Spans_NiceSteps", () => {
  assert.equal(tickStepMs(30 * 60_000), 5 * 60_000);
  assert.equal(tickStepMs(8 * 3_600_000), 60 * 60_000);
  assert.equal(tickStepMs(12 * 3_600_000), 120 * 60_000);
  assert.equal(tickStepMs(30 * 86_400_000), 1_440 * 60_000);
});

test("zoneOffsetMs_Shanghai_EightHours", () => {
  assert.equal(zoneOffsetMs(t("2026-03-02T04:00:00Z"), "Asia/Shanghai"), 8 * 3_600_000);
  assert.equal(zoneOffsetMs(t("2026-07-02T04:00:00Z"), "Europe/Berlin"), 2 * 3_600_000);
  assert.equal(zoneOffsetMs(t("2026-03-02T04:00:00Z"), "Mars/Olympus"), 0);
});

test("axisTicks_PlantLocalWindow_WholeHoursInPlantTime", () => {
  // 08:20 to 11:05 in Shanghai: ticks at 09:00, 10:00, 11:00 plant time.
  const offset = 8 * 3_600_000;
  const ticks = axisTicks(t("2026-03-02T00:20:00Z") + offset, t("2026-03-02T03:05:00Z") + offset, 3_600_000);
  assert.deepEqual(ticks.map(formatLocalClock), ["09:00", "10:00", "11:00"]);
});
