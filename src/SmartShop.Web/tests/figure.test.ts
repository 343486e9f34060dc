import { test } from "node:test";
import assert from "node:assert/strict";
import { conventionElements, kpisOf } from "../src/logic/figure.ts";
import { makeFigure, shiftElements } from "./figures.ts";

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

