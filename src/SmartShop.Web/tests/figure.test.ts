import { test } from "node:test";
import assert from "node:assert/strict";
import { computeKpis, conventionElements, kpisOf, rollUp } from "../src/logic/figure.ts";
import { makeFigure, near, shiftElements, shiftQuantities } from "./figures.ts";

test("computeKpis_Iso_MatchesHandComputedShift", () => {
  const k = computeKpis(shiftElements, shiftQuantities, 1_200, "iso");
  assert.ok(near(k.availability, 21_000 / 27_000));
  assert.ok(near(k.effectiveness, 19_200 / 21_000));
  assert.ok(near(k.quality, 0.95));
  assert.ok(near(k.oee, (21_000 / 27_000) * (19_200 / 21_000) * 0.95));
  assert.ok(near(k.nee, (22_200 / 27_000) * (19_200 / 21_000) * 0.95));
  assert.ok(near(k.technicalEfficiency, 21_000 / 23_400));
  assert.ok(near(k.setupRate, 1_200 / 22_200));
  assert.ok(near(k.scrapRatio, 0.05));
  assert.equal(k.mtbfSeconds, 10_500);
  assert.equal(k.mttrSeconds, 600);
});

test("computeKpis_Threshold_MovesMinorStopsFromAvailabilityToEffectiveness", () => {
  const k = computeKpis(shiftElements, shiftQuantities, 0, "threshold");
  assert.ok(near(k.availability, 21_300 / 27_000));
  assert.ok(near(k.effectiveness, 19_200 / 21_300));
  // Same good-unit time either way: OEE does not depend on the convention.
  assert.ok(near(k.oee, computeKpis(shiftElements, shiftQuantities, 0, "iso").oee ?? -1));
});

test("computeKpis_NothingPlanned_EveryRatioIsNullNotZero", () => {
  const zero = { ...shiftElements, pot: 0, pdot: 0, pbt: 0, adot: 0, adet: 0, aust: 0, apt: 0, aupt: 0, noData: 0, microStopTime: 0 };
  const k = computeKpis(zero, { ...shiftQuantities, produced: 0, good: 0, scrap: 0, idealSeconds: 0, failures: 0 }, 0, "iso");
  assert.deepEqual(
    [k.availability, k.effectiveness, k.quality, k.oee, k.nee, k.technicalEfficiency, k.setupRate, k.scrapRatio, k.mtbfSeconds, k.mttrSeconds],
    [null, null, null, null, null, null, null, null, null, null],
  );
});

test("computeKpis_RunningWithoutCounts_QualityAndOeeNull", () => {
  const k = computeKpis(shiftElements, { ...shiftQuantities, produced: 0, good: 0, scrap: 0, idealSeconds: 0 }, 0, "iso");
  assert.ok(near(k.availability, 21_000 / 27_000));
  assert.equal(k.effectiveness, 0);
  assert.equal(k.quality, null);
  assert.equal(k.oee, null);
});

test("conventionElements_Threshold_KeepsPlannedBusyTime", () => {
  const e = conventionElements(shiftElements, "threshold");
  assert.equal(e.pbt, 27_000);
  assert.equal(e.apt, 21_300);
  assert.equal(e.adet, 2_100);
  assert.equal(conventionElements(shiftElements, "iso"), shiftElements);
});

test("kpisOf_Convention_PicksThatSet", () => {
  const f = makeFigure();
  assert.equal(kpisOf(f, "iso"), f.iso);
  assert.equal(kpisOf(f, "threshold"), f.threshold);
  assert.equal(kpisOf(null, "iso"), null);
});

test("rollUp_TwoLines_SumsThenDividesInsteadOfAveraging", () => {
  // Line A: availability 50 % over 1 h; line B: 100 % over 3 h. Averaging says 75 %; the roll-up is 3.5 / 4 = 87.5 %.
  const a = makeFigure({ pbt: 3_600, adot: 1_800, adet: 0, aust: 0, apt: 1_800, aupt: 1_800, noData: 0, microStopTime: 0 }, { idealSeconds: 1_800, produced: 10, good: 10, scrap: 0, failures: 0 });
  const b = makeFigure({ pbt: 10_800, adot: 0, adet: 0, aust: 0, apt: 10_800, aupt: 10_800, noData: 0, microStopTime: 0 }, { idealSeconds: 10_800, produced: 30, good: 30, scrap: 0, failures: 0 });
  const sum = rollUp([a, b]);
  assert.equal(sum.elements.pbt, 14_400);
  assert.equal(sum.quantities.produced, 40);
  assert.ok(near(sum.iso.availability, 12_600 / 14_400));
  assert.ok(near(sum.iso.oee, 12_600 / 14_400));
});

test("rollUp_Health_UnionOfIssuesAndEffectivenessDecidedOnTheSum", () => {
  const fast = makeFigure({}, { idealSeconds: 25_000 }, { healthy: false, issues: ["effectivenessAbove100"] });
  const slow = makeFigure({}, { idealSeconds: 10_000 }, { healthy: false, issues: ["connectionGap", "clockSkew"], noDataSeconds: 600, clockSkewSeconds: -9 });
  const sum = rollUp([fast, slow]);
  assert.deepEqual(sum.health.issues, ["connectionGap", "clockSkew"], "35 000 / 42 000 is below 100 %");
  assert.equal(sum.health.noDataSeconds, 600);
  assert.equal(sum.health.clockSkewSeconds, -9);
  assert.equal(sum.health.healthy, false);
});

test("rollUp_NoFigures_IsEmptyAndUndefined", () => {
  const sum = rollUp([]);
  assert.equal(sum.elements.pbt, 0);
  assert.equal(sum.iso.oee, null);
  assert.equal(sum.health.healthy, true);
});

test("rollUp_Failures_KeepsRepairTimeForMttr", () => {
  const sum = rollUp([makeFigure({}, { failures: 2 }, {}, 1_200), makeFigure({}, { failures: 1 }, {}, 300)]);
  assert.equal(sum.iso.mttrSeconds, 500);
});
