import { test } from "node:test";
import assert from "node:assert/strict";
import { fetchDue, POLL_INTERVAL_MS, PUSH_SILENCE_MS } from "../src/logic/liveMode.ts";

test("fetchDue_NotPushed_PollsEveryTwoSeconds", () => {
  assert.equal(POLL_INTERVAL_MS, 2_000);
  assert.equal(fetchDue(false, 1_999, false), false);
  assert.equal(fetchDue(false, 2_000, false), true);
});

test("fetchDue_Pushed_OnlyAfterSilence", () => {
  assert.equal(fetchDue(true, 5_000, false), false);
  assert.equal(fetchDue(true, PUSH_SILENCE_MS, false), true);
});

test("fetchDue_RequestInFlight_NeverOverlaps", () => {
  assert.equal(fetchDue(false, 60_000, true), false);
});
