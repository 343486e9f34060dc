import { test } from "node:test";
import assert from "node:assert/strict";
import type { MachineStatus } from "../src/api/types.ts";
import { countByState, mergeStatuses, normalizeState, supersedes, type StatusMap } from "../src/logic/status.ts";

function status(machineId: string, state: string, since: string, reason: string | null = null): MachineStatus {
  return { machineId, state, since, reason, source: "plc" };
}

test("mergeStatuses_EmptyMap_AddsEveryStatus", () => {
  const merged = mergeStatuses({}, [status("a", "Running", "2026-03-01T08:00:00Z"), status("b", "Down", "2026-03-01T08:01:00Z")]);
  assert.deepEqual(Object.keys(merged).sort(), ["a", "b"]);
  assert.equal(merged["b"]?.state, "Down");
});

test("mergeStatuses_NewerPushedChange_ReplacesSnapshotStatus", () => {
  const current: StatusMap = { a: status("a", "Running", "2026-03-01T08:00:00Z") };
  const merged = mergeStatuses(current, [status("a", "Down", "2026-03-01T08:05:00Z", "Jam at infeed")]);
  assert.equal(merged["a"]?.state, "Down");
  assert.equal(merged["a"]?.reason, "Jam at infeed");
});

test("mergeStatuses_SnapshotOlderThanPushedChange_KeepsPushedChange", () => {
  const current: StatusMap = { a: status("a", "Down", "2026-03-01T08:05:00Z") };
  const merged = mergeStatuses(current, [status("a", "Running", "2026-03-01T08:00:00Z")]);
  assert.equal(merged, current, "a stale snapshot must not produce a new map");
  assert.equal(merged["a"]?.state, "Down");
});

test("mergeStatuses_SameSinceDifferentReason_TakesIncoming", () => {
  const current: StatusMap = { a: status("a", "Down", "2026-03-01T08:05:00Z", null) };
  const merged = mergeStatuses(current, [status("a", "Down", "2026-03-01T08:05:00Z", "Tool change")]);
  assert.equal(merged["a"]?.reason, "Tool change");
});

test("mergeStatuses_Change_DoesNotMutateCurrentMap", () => {
  const current: StatusMap = { a: status("a", "Running", "2026-03-01T08:00:00Z") };
  mergeStatuses(current, [status("a", "Idle", "2026-03-01T09:00:00Z")]);
  assert.equal(current["a"]?.state, "Running");
});

test("supersedes_SevenDigitFractionsFromDotNet_ComparesByInstant", () => {
  const earlier = status("a", "Running", "2026-03-01T08:00:00.1000000+00:00");
  const later = status("a", "Idle", "2026-03-01T16:00:00.2000000+08:00");
  assert.equal(supersedes(earlier, later), true);
  assert.equal(supersedes(later, earlier), false);
});

test("countByState_MachineWithoutStatusOrUnknownState_CountsAsUnknown", () => {
  const statuses: StatusMap = {
    a: status("a", "Running", "2026-03-01T08:00:00Z"),
    b: status("b", "Warp", "2026-03-01T08:00:00Z"),
  };
  const counts = countByState(["a", "b", "c"], statuses);
  assert.equal(counts.Running, 1);
  assert.equal(counts.Unknown, 2);
  assert.equal(counts.Down, 0);
});

test("normalizeState_KnownState_ReturnsIt", () => {
  assert.equal(normalizeState("PlannedDown"), "PlannedDown");
  assert.equal(normalizeState(undefined), "Unknown");
});
