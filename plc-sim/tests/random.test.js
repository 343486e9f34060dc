"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { RandomStream, noise } = require("../src/sim/random");

test("RandomStream_SameSeedAndName_SameSequence", () => {
  const a = new RandomStream(42, "m1/cycle");
  const b = new RandomStream(42, "m1/cycle");
  for (let i = 0; i < 1000; i++) assert.equal(a.next(), b.next());
});

test("RandomStream_OtherNameOrSeed_OtherSequence", () => {
  const a = new RandomStream(42, "m1/cycle");
  const b = new RandomStream(42, "m2/cycle");
  const c = new RandomStream(43, "m1/cycle");
  const first = a.next();
  assert.notEqual(first, b.next());
  assert.notEqual(first, c.next());
});

test("RandomStream_Distributions_HaveTheirMeans", () => {
  const r = new RandomStream(1, "test");
  const n = 20000;
  let u = 0;
  let e = 0;
  let l = 0;
  let z = 0;
  for (let i = 0; i < n; i++) {
    const x = r.next();
    assert.ok(x >= 0 && x < 1);
    u += x;
    e += r.exponential(5);
    l += r.logNormal(10, 0.6);
    z += r.normal();
  }
  assert.ok(Math.abs(u / n - 0.5) < 0.01);
  assert.ok(Math.abs(e / n - 5) < 0.15);
  assert.ok(Math.abs(l / n - 10) < 0.25);
  assert.ok(Math.abs(z / n) < 0.03);
});

test("RandomStream_Weighted_PicksByWeight", () => {
  const r = new RandomStream(1, "w");
  const items = [{ weight: 3, k: "a" }, { weight: 1, k: "b" }];
  let a = 0;
  for (let i = 0; i < 8000; i++) if (r.weighted(items).k === "a") a++;
  assert.ok(Math.abs(a / 8000 - 0.75) < 0.02);
});

test("Noise_SameInputs_SameValueInRange", () => {
  for (let i = 0; i < 100; i++) {
    const v = noise(7, 1234, i);
    assert.equal(v, noise(7, 1234, i));
    assert.ok(v >= -1 && v <= 1);
  }
  assert.notEqual(noise(7, 1234, 1), noise(7, 1234, 2));
});
