import { test } from "node:test";
import assert from "node:assert/strict";
import { actionKey, actionVerb, auditChange, auditQuery, recordRoute } from "../src/logic/audit.ts";
import { NO_AUDIT_FILTER } from "../src/logic/route.ts";

test("auditQuery_Filter_RecordUserTimesAndLimit", () => {
  const query = new URLSearchParams(
    auditQuery({ entityType: "lot", entityId: "L/1", user: "li.na", from: "2026-03-01T08:00", to: null }, "2026-03-01T08:00:00+08:00", null, 300),
  );
  assert.equal(query.get("entityType"), "lot");
  assert.equal(query.get("entityId"), "L/1");
  assert.equal(query.get("user"), "li.na");
  assert.equal(query.get("from"), "2026-03-01T08:00:00+08:00");
  assert.equal(query.get("to"), null);
  assert.equal(query.get("limit"), "300");
});

test("auditQuery_IdWithoutType_LeftOutAndLimitKeptInRange", () => {
  const query = new URLSearchParams(auditQuery({ ...NO_AUDIT_FILTER, entityId: "L1" }, null, null, 5000));
  assert.equal(query.get("entityId"), null);
  assert.equal(query.get("limit"), "1000");
  assert.equal(new URLSearchParams(auditQuery(NO_AUDIT_FILTER, null, null, 0)).get("limit"), "1");
});

test("auditChange_JsonBeforeAndAfter_ComparedByField", () => {
  const change = auditChange({ old: '{"status":"released"}', new: '{"status":"quarantined"}' });
  assert.deepEqual(change, { kind: "diff", created: false, rows: [{ path: "status", kind: "changed", old: "released", new: "quarantined" }] });
});

test("auditChange_Creation_MarkedAsCreated", () => {
  const change = auditChange({ old: null, new: '{"id":"L1"}' });
  assert.equal(change.kind, "diff");
  assert.equal(change.kind === "diff" && change.created, true);
});

test("auditChange_NotJsonOrNothing_TextOrNone", () => {
  assert.deepEqual(auditChange({ old: null, new: null }), { kind: "none" });
  assert.deepEqual(auditChange({ old: "plain", new: '{"a":1}' }), { kind: "text", old: "plain", new: '{"a":1}' });
});

test("actionKey_AuditActions_CamelCasedKeys", () => {
  assert.equal(actionKey("work-order.release"), "workOrderRelease");
  assert.equal(actionKey("unit.scrap-override"), "unitScrapOverride");
  assert.equal(actionKey("lot.quarantined"), "lotQuarantined");
  assert.equal(actionKey("work-order"), "workOrder");
  assert.equal(actionVerb("lot.quarantined"), "quarantined");
  assert.equal(actionVerb("plain"), "plain");
});

test("recordRoute_KnownRecords_TheirPages", () => {
  assert.deepEqual(recordRoute("work-order", "WO-1"), { name: "order", id: "WO-1" });
  assert.deepEqual(recordRoute("lot", "L1"), { name: "lots", id: "L1" });
  assert.deepEqual(recordRoute("unit", "SN-1"), { name: "trace", target: { kind: "unit", id: "SN-1" } });
  assert.deepEqual(recordRoute("stop", "l1-lathe/42"), { name: "machine", id: "l1-lathe", stop: 42 });
  assert.equal(recordRoute("stop", "broken"), null);
  assert.equal(recordRoute("handover", "3"), null);
});
