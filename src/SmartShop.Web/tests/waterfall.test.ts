import { test } from "node:test";
import assert from "node:assert/strict";
import { waterfall, waterfallBars, type WaterfallStep } from "../src/logic/waterfall.ts";
import { makeFigure, near } from "./figures.ts";

function step(steps: WaterfallStep[], key: WaterfallStep["key"]): WaterfallStep {
  const found = steps.find((s) => s.key === key);
  assert.ok(found, `no step ${key}`);
  return found;
}

test("waterfall_Shift_StepsInIsoOrder", () => {
  const w = waterfall(makeFigure(), "iso");
  assert.deepEqual(w.steps.map((s) => s.key), ["pbt", "adot", "noData", "adet", "aust", "apt", "effectivenessLoss", "qualityLoss", "goodUnitTime"]);
});

test("waterfall_Shift_LossesFromPbtSumToApt", () => {
  const w = waterfall(makeFigure(), "iso");
  const losses = ["adot", "noData", "adet", "aust"].reduce((sum, key) => sum + step(w.steps, key as WaterfallStep["key"]).seconds, 0);
  assert.equal(step(w.steps, "pbt").seconds - losses, step(w.steps, "apt").seconds);
  assert.equal(w.aptMismatchSeconds, 0);
  assert.equal(step(w.steps, "aust").to, 21_000);
});

test("waterfall_Shift_GoodUnitTimeIsPbtTimesOee", () => {
  const f = makeFigure();
  const w = waterfall(f, "iso");
  const good = step(w.steps, "goodUnitTime");
  assert.ok(near(good.seconds, 18_240, 1e-6)); // 19 200 s ideal × 380 / 400
  assert.ok(near(good.seconds, f.elements.pbt * (f.iso.oee ?? 0), 1e-6));
  assert.ok(near(step(w.steps, "effectivenessLoss").seconds, 1_800, 1e-6));
  assert.ok(near(step(w.steps, "qualityLoss").seconds, 960, 1e-6));
  assert.ok(near(step(w.steps, "qualityLoss").to, good.seconds, 1e-6));
});

test("waterfall_ThresholdConvention_SameEndsMinorStopsMoveToEffectiveness", () => {
  const f = makeFigure();
  const iso = waterfall(f, "iso");
  const threshold = waterfall(f, "threshold");
  assert.equal(step(threshold.steps, "pbt").seconds, 27_000);
  assert.equal(step(threshold.steps, "adet").seconds, 2_100);
  assert.equal(step(threshold.steps, "apt").seconds, 21_300);
  assert.ok(near(step(threshold.steps, "effectivenessLoss").seconds, 2_100, 1e-6));
  assert.ok(near(step(threshold.steps, "goodUnitTime").seconds, step(iso.steps, "goodUnitTime").seconds, 1e-6));
  assert.ok(near(step(threshold.steps, "goodUnitTime").seconds, f.elements.pbt * (f.threshold.oee ?? 0), 1e-6));
});

test("waterfall_EffectivenessAbove100_IsAGainNotClamped", () => {
  const f = makeFigure({}, { idealSeconds: 22_000 });
  assert.ok((f.iso.effectiveness ?? 0) > 1);
  const w = waterfall(f, "iso");
  const gain = step(w.steps, "effectivenessLoss");
  assert.ok(near(gain.seconds, -1_000, 1e-6));
  assert.ok(gain.to > gain.from);
  assert.ok(near(step(w.steps, "goodUnitTime").seconds, f.elements.pbt * (f.iso.oee ?? 0), 1e-6));
  const bars = waterfallBars(w.steps);
  const i = w.steps.indexOf(gain);
  assert.equal(bars.gain[i], true);
  assert.equal(bars.base[i], 21_000);
  assert.ok(near(bars.height[i], 1_000, 1e-6));
});

test("waterfall_NothingProduced_AllOfAptIsEffectivenessLossAndGoodTimeZero", () => {
  const f = makeFigure({}, { produced: 0, good: 0, scrap: 0, idealSeconds: 0 });
  assert.equal(f.iso.oee, null);
  const w = waterfall(f, "iso");
  assert.equal(step(w.steps, "effectivenessLoss").seconds, 21_000);
  assert.equal(step(w.steps, "qualityLoss").seconds, 0);
  assert.equal(step(w.steps, "goodUnitTime").seconds, 0);
});

test("waterfall_NoPlannedTime_AllZero", () => {
  const f = makeFigure({ pot: 0, pdot: 0, pbt: 0, adot: 0, adet: 0, aust: 0, apt: 0, aupt: 0, noData: 0, microStopTime: 0 }, { produced: 0, good: 0, scrap: 0, idealSeconds: 0 });
  assert.ok(waterfall(f, "iso").steps.every((s) => s.seconds === 0 && s.from === 0 && s.to === 0));
});

test("waterfallBars_Losses_HangFromThePreviousLevel", () => {
  const w = waterfall(makeFigure(), "iso");
  const bars = waterfallBars(w.steps);
  assert.deepEqual(bars.base.slice(0, 6), [0, 25_200, 24_600, 22_200, 21_000, 0]);
  assert.deepEqual(bars.height.slice(0, 6), [27_000, 1_800, 600, 2_400, 1_200, 21_000]);
  assert.ok(bars.gain.every((g) => !g));
});
