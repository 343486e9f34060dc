import { test } from "node:test";
import assert from "node:assert/strict";
import { healthItems, healthLevel } from "../src/logic/health.ts";
import { healthy } from "./figures.ts";

test("healthItems_Issues_CarryTheirNumbers", () => {
  const items = healthItems({
    ...healthy,
    healthy: false,
    issues: ["connectionGap", "unclassifiedStops", "clockSkew", "effectivenessAbove100", "unitsWithoutIdealTime", "productionWithoutOrder"],
    noDataSeconds: 600,
    unclassifiedStops: 3,
    clockSkewSeconds: 12.5,
    unitsWithoutIdealTime: 7,
    productionWithoutOrderSeconds: 90,
  });
  assert.deepEqual(items, [
    { issue: "connectionGap", known: true, seconds: 600 },
    { issue: "unclassifiedStops", known: true, count: 3 },
    { issue: "clockSkew", known: true, seconds: 12.5 },
    { issue: "effectivenessAbove100", known: true },
    { issue: "unitsWithoutIdealTime", known: true, count: 7 },
    { issue: "productionWithoutOrder", known: true, seconds: 90 },
  ]);
});

test("healthItems_IssueFromNewerServer_KeptByName", () => {
  assert.deepEqual(healthItems({ ...healthy, healthy: false, issues: ["gremlins"] }), [{ issue: "gremlins", known: false }]);
});

test("healthLevel_NoFigure_IsUnknownNotHealthy", () => {
  assert.equal(healthLevel(null), "unknown");
  assert.equal(healthLevel(healthy), "healthy");
  assert.equal(healthLevel({ ...healthy, healthy: false, issues: ["staleCounter"] }), "issues");
});
