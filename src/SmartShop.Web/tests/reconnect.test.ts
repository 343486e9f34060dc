import { test } from "node:test";
import assert from "node:assert/strict";
import { nextReconnectDelayMs } from "../src/logic/reconnect.ts";

test("nextReconnectDelayMs_FirstRetries_AreQuick", () => {
  assert.deepEqual([0, 1, 2, 3].map((n) => nextReconnectDelayMs(n, 0)), [0, 1_000, 2_000, 5_000]);
});

test("nextReconnectDelayMs_LaterRetries_WaitTenSeconds", () => {
  assert.equal(nextReconnectDelayMs(7, 30_000), 10_000);
});

test("nextReconnectDelayMs_PastGiveUpTime_StopsReconnecting", () => {
  assert.equal(nextReconnectDelayMs(9, 60_000), null);
});
