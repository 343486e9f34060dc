import { test } from "node:test";
import assert from "node:assert/strict";
import type { OeeHistory } from "../src/api/types.ts";
import { historyPath, lastDays, trendRows } from "../src/logic/trend.ts";
import { makeFigure } from "./figures.ts";

test("historyPath_Csv_EncodesQuery", () => {
  const path = historyPath("machines", "l1 lathe", { from: "2026-03-01T00:00:00.000Z", to: "2026-03-08T00:00:00.000Z" }, "shift", "csv");
  assert.equal(path, "/api/oee/machines/l1%20lathe?from=2026-03-01T00%3A00%3A00.000Z&to=2026-03-08T00%3A00%3A00.000Z&groupBy=shift&format=csv");
  assert.ok(!historyPath("plant", "all", { from: "a", to: "b" }, "day").includes("format"));
});

test("lastDays_SevenDays_WholeMinuteWindow", () => {
  const w = lastDays(Date.parse("2026-03-08T10:15:30Z"), 7);
  assert.deepEqual(w, { from: "2026-03-01T10:16:00.000Z", to: "2026-03-08T10:16:00.000Z" });
});

test("trendRows_Groups_KpisOfTheConventionAndNullsKept", () => {
  const history: OeeHistory = {
    scope: "machines",
    id: "l1-lathe",
    from: "2026-03-01T00:00:00Z",
    to: "2026-03-08T00:00:00Z",
    groupBy: "shift",
    countedMachines: ["l1-lathe"],
    groups: [
      { key: "2026-03-02/day", productionDay: "2026-03-02", shiftId: "day", productId: null, orderId: null, machineId: null, figure: makeFigure() },
      { key: "2026-03-02/night", productionDay: "2026-03-02", shiftId: "night", productId: null, orderId: null, machineId: null, figure: makeFigure({}, { produced: 0, good: 0, scrap: 0, idealSeconds: 0 }) },
    ],
  };
  const iso = trendRows(history, "iso");
  const threshold = trendRows(history, "threshold");
  assert.equal(iso.length, 2);
  assert.equal(iso[0]?.availability, history.groups[0]?.figure.iso.availability);
  assert.equal(threshold[0]?.availability, history.groups[0]?.figure.threshold.availability);
  assert.equal(iso[1]?.oee, null);
  assert.equal(iso[1]?.quality, null);
  assert.equal(iso[0]?.produced, 400);
  assert.deepEqual(trendRows(null, "iso"), []);
});
