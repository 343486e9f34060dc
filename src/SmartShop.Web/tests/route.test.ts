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
