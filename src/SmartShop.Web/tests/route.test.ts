import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRoute, routeHash, type Route } from "../src/logic/route.ts";

test("parseRoute_EmptyOrRoot_IsOverview", () => {
  assert.deepEqual(parseRoute(""), { name: "overview" });
  assert.deepEqual(parseRoute("#/"), { name: "overview" });
});

test("parseRoute_Views_ById", () => {
  assert.deepEqual(parseRoute("#/lines/line-1"), { name: "line", id: "line-1" });
  assert.deepEqual(parseRoute("#/machines/l1-lathe/"), { name: "machine", id: "l1-lathe" });
  assert.deepEqual(parseRoute("#/areas/machining"), { name: "area", id: "machining" });
});

test("parseRoute_Unknown_FallsBackToOverview", () => {
  assert.deepEqual(parseRoute("#/robots/r1"), { name: "overview" });
  assert.deepEqual(parseRoute("#/lines"), { name: "overview" });
  assert.deepEqual(parseRoute("#/lines/a/b"), { name: "overview" });
  assert.deepEqual(parseRoute("#/lines/%E0%A4%A"), { name: "overview" });
});

test("routeHash_RoundTrips_EncodedIds", () => {
  const routes: Route[] = [{ name: "overview" }, { name: "line", id: "line 1/a" }, { name: "machine", id: "m.1" }, { name: "area", id: "x" }];
  for (const route of routes) assert.deepEqual(parseRoute(routeHash(route)), route);
  assert.equal(routeHash({ name: "line", id: "line 1/a" }), "#/lines/line%201%2Fa");
});

test("parseRoute_MachineWithStop_CarriesTheStopId", () => {
  assert.deepEqual(parseRoute("#/machines/l1-lathe/stops/42"), { name: "machine", id: "l1-lathe", stop: 42 });
  assert.deepEqual(parseRoute("#/machines/l1-lathe/stops/x"), { name: "overview" });
  assert.deepEqual(parseRoute("#/lines/line-1/stops/42"), { name: "overview" });
});

test("parseRoute_FollowUp_PlantAreaOrLine", () => {
  assert.deepEqual(parseRoute("#/follow-up"), { name: "followUp", scope: { kind: "plant" } });
  assert.deepEqual(parseRoute("#/follow-up/areas/machining"), { name: "followUp", scope: { kind: "area", id: "machining" } });
  assert.deepEqual(parseRoute("#/follow-up/lines/line%201"), { name: "followUp", scope: { kind: "line", id: "line 1" } });
  assert.deepEqual(parseRoute("#/follow-up/machines/m1"), { name: "overview" });
  assert.deepEqual(parseRoute("#/follow-up/lines"), { name: "overview" });
});

test("routeHash_StopAndFollowUpRoutes_RoundTrip", () => {
  const routes: Route[] = [
    { name: "machine", id: "m.1", stop: 7 },
    { name: "followUp", scope: { kind: "plant" } },
    { name: "followUp", scope: { kind: "area", id: "a 1" } },
    { name: "followUp", scope: { kind: "line", id: "line/2" } },
  ];
  for (const route of routes) assert.deepEqual(parseRoute(routeHash(route)), route);
});
