import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRoute, routeHash, safeReturn, signInHash, type Route } from "../src/logic/route.ts";

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

test("parseRoute_Orders_ListWithFilterAndPages", () => {
  assert.deepEqual(parseRoute("#/orders"), { name: "orders", filter: { statuses: null, lineId: null } });
  assert.deepEqual(parseRoute("#/orders?status=released,running&line=line-1"), { name: "orders", filter: { statuses: ["released", "running"], lineId: "line-1" } });
  assert.deepEqual(parseRoute("#/orders/new"), { name: "orderNew" });
  assert.deepEqual(parseRoute("#/orders/import"), { name: "orderImport" });
  assert.deepEqual(parseRoute("#/orders/WO-1001"), { name: "order", id: "WO-1001" });
  assert.deepEqual(parseRoute("#/orders/WO-1/x"), { name: "overview" });
});

test("routeHash_Orders_RoundTripsEvenForOrdersNamedLikeAPage", () => {
  const routes: Route[] = [
    { name: "orders", filter: { statuses: null, lineId: null } },
    { name: "orders", filter: { statuses: ["created", "paused"], lineId: "line 2" } },
    { name: "order", id: "WO.1/2" },
    { name: "order", id: "new" },
    { name: "order", id: "import" },
    { name: "orderNew" },
    { name: "orderImport" },
  ];
  for (const route of routes) assert.deepEqual(parseRoute(routeHash(route)), route);
  assert.equal(routeHash({ name: "orders", filter: { statuses: ["created", "paused"], lineId: null } }), "#/orders?status=created,paused");
  assert.notEqual(routeHash({ name: "order", id: "new" }), "#/orders/new");
});

test("signIn_ReturnHash_KeptAndSanitized", () => {
  assert.equal(signInHash("#/lines/line-1"), "#/sign-in?return=%23%2Flines%2Fline-1");
  assert.deepEqual(parseRoute(signInHash("#/lines/line-1")), { name: "signIn", returnTo: "#/lines/line-1" });
  assert.deepEqual(parseRoute(signInHash("#/orders?status=running&line=line-1")), { name: "signIn", returnTo: "#/orders?status=running&line=line-1" });
  assert.equal(signInHash("#/"), "#/sign-in");
  assert.deepEqual(parseRoute("#/sign-in"), { name: "signIn", returnTo: "#/" });
  // Never back to the sign-in page itself (asking twice keeps the first return), and never off the hash.
  assert.equal(safeReturn("#/sign-in?return=%23%2F"), "#/");
  assert.equal(signInHash(signInHash("#/lines/line-1")), signInHash("#/lines/line-1"));
  assert.equal(safeReturn("#/sign-in?return=%23%2Fsign-in%3Freturn%3Dhttp%3A%2F%2Fx"), "#/");
  assert.equal(safeReturn("https://example.com/#/"), "#/");
  assert.equal(safeReturn(null), "#/");
});

test("parseRoute_Terminal_OwnRouteThatRoundTrips", () => {
  assert.deepEqual(parseRoute("#/terminal"), { name: "terminal" });
  assert.deepEqual(parseRoute("#/terminal/"), { name: "terminal" });
  assert.equal(routeHash({ name: "terminal" }), "#/terminal");
  assert.deepEqual(parseRoute("#/terminal/x"), { name: "overview" });
  // Signing in from the terminal returns to it.
  assert.equal(safeReturn("#/terminal"), "#/terminal");
});

test("parseRoute_TraceLotsUsersAudit_RoundTrip", () => {
  const routes: Route[] = [
    { name: "trace", target: null },
    { name: "trace", target: { kind: "unit", id: "WO-1-00001" } },
    { name: "trace", target: { kind: "lot", id: "L/2026 1" } },
    { name: "lots", id: null },
    { name: "lots", id: "BAR-A" },
    { name: "users" },
    { name: "audit", filter: { entityType: null, entityId: null, user: null, from: null, to: null } },
    { name: "audit", filter: { entityType: "lot", entityId: "BAR A", user: "li.na", from: "2026-03-01T08:00", to: "2026-03-02T08:00" } },
  ];
  for (const route of routes) assert.deepEqual(parseRoute(routeHash(route)), route);
  assert.equal(routeHash({ name: "trace", target: { kind: "lot", id: "L/2026 1" } }), "#/trace/lots/L%2F2026%201");
  assert.equal(routeHash({ name: "audit", filter: { entityType: "lot", entityId: null, user: null, from: null, to: null } }), "#/audit?type=lot");
});

test("parseRoute_BadTraceOrLotPaths_Overview", () => {
  assert.deepEqual(parseRoute("#/trace/orders/x"), { name: "overview" });
  assert.deepEqual(parseRoute("#/trace/units"), { name: "overview" });
  assert.deepEqual(parseRoute("#/lots/a/b"), { name: "overview" });
  assert.deepEqual(parseRoute("#/users/x"), { name: "overview" });
});
