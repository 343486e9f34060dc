import { test } from "node:test";
import assert from "node:assert/strict";
import {
  backoffMs,
  dismiss,
  emptyOutbox,
  enqueue,
  judge,
  MAX_BACKOFF_MS,
  MAX_REFUSED,
  nextToSend,
  nextWake,
  othersWaiting,
  parseOutbox,
  serializeOutbox,
  settle,
  uuidFromBytes,
  waitingFor,
  wakeAll,
  type Outbox,
  type OutboxEntry,
} from "../src/logic/outbox.ts";
import { problemFromResponse, type ApiProblem } from "../src/logic/problem.ts";

function entry(key: string, user = "wang.wei", extra: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    key,
    user,
    kind: "order",
    path: "/api/work-orders/WO-1/pause",
    body: {},
    label: { order: "WO-1", action: "pause" },
    queuedAt: 1_000,
    attempts: 0,
    notBefore: 1_000,
    notFoundRetryUntil: 0,
    lastError: null,
    ...extra,
  };
}

const offline: ApiProblem = { status: 0, title: "Network error", detail: null, errors: [], fields: {} };
const problem = (status: number, title = "Problem", detail: string | null = null): ApiProblem => ({ status, title, detail, errors: [], fields: {} });

function boxOf(...entries: OutboxEntry[]): Outbox {
  return entries.reduce(enqueue, emptyOutbox());
}

test("enqueue_SameKeyTwice_QueuedOnce", () => {
  const box = enqueue(boxOf(entry("a")), entry("a"));
  assert.equal(box.pending.length, 1);
});

test("nextToSend_StrictlyInOrder_LaterActionWaitsBehindOneInBackoff", () => {
  let box = boxOf(entry("unit"), entry("pause"));
  assert.equal(nextToSend(box, "wang.wei", 1_000)?.key, "unit");
  box = settle(box, "unit", judge(box.pending[0] as OutboxEntry, offline, 1_000), 1_000);
  // The unit waits 1 s before its next attempt; the pause made after it does not overtake it.
  assert.equal(nextToSend(box, "wang.wei", 1_500), null);
  assert.equal(nextWake(box, "wang.wei"), 2_000);
  assert.equal(nextToSend(box, "wang.wei", 2_000)?.key, "unit");
});

test("nextToSend_OtherPersonsActions_WaitForThemToSignIn", () => {
  const box = boxOf(entry("theirs", "li.na"), entry("mine"));
  assert.equal(nextToSend(box, "wang.wei", 5_000)?.key, "mine");
  assert.deepEqual(waitingFor(box, "wang.wei").map((e) => e.key), ["mine"]);
  assert.deepEqual(othersWaiting(box, "wang.wei"), ["li.na"]);
  assert.deepEqual(othersWaiting(box, null), ["li.na", "wang.wei"]);
});

test("settle_Sent_LeavesTheOutbox", () => {
  const box = settle(boxOf(entry("a"), entry("b")), "a", { kind: "sent" }, 2_000);
  assert.deepEqual(box.pending.map((e) => e.key), ["b"]);
  assert.equal(box.refused.length, 0);
});

test("settle_Refused_MovesToTheRefusedListAndTheNextOneGoes", () => {
  const refusal = problem(400, "The unit was not recorded.");
  let box = settle(boxOf(entry("unit"), entry("pause")), "unit", judge(entry("unit"), refusal, 2_000), 2_000);
  assert.deepEqual(box.pending.map((e) => e.key), ["pause"]);
  assert.equal(box.refused[0]?.entry.key, "unit");
  assert.equal(box.refused[0]?.problem.title, "The unit was not recorded.");
  assert.equal(nextToSend(box, "wang.wei", 2_000)?.key, "pause");
  box = dismiss(box, "unit");
  assert.equal(box.refused.length, 0);
});

test("settle_ManyRefusals_KeepsTheLatest", () => {
  let box = emptyOutbox();
  for (let i = 0; i < MAX_REFUSED + 5; i++) box = settle(enqueue(box, entry(`k${i}`)), `k${i}`, { kind: "refused", problem: problem(409) }, i);
  assert.equal(box.refused.length, MAX_REFUSED);
  assert.equal(box.refused[0]?.entry.key, `k${MAX_REFUSED + 4}`);
});

test("judge_NoAnswerOrServerError_TriedAgain", () => {
  assert.deepEqual(judge(entry("a"), offline, 0), { kind: "retry", error: "offline" });
  assert.equal(judge(entry("a"), problem(500), 0).kind, "retry");
  assert.equal(judge(entry("a"), problem(503), 0).kind, "retry");
  assert.equal(judge(entry("a"), problem(429), 0).kind, "retry");
});

test("judge_ClientErrors_RefusedNotRetried", () => {
  assert.equal(judge(entry("a"), problem(400), 0).kind, "refused");
  assert.equal(judge(entry("a"), problem(403), 0).kind, "refused");
  assert.equal(judge(entry("a"), problem(404), 0).kind, "refused");
  assert.equal(judge(entry("a"), problem(409, "Not allowed now"), 0).kind, "refused");
  assert.equal(judge(entry("a"), problem(422, "Idempotency-Key reused"), 0).kind, "refused");
});

test("judge_FirstAttemptStillRunningOnTheServer_TriedAgain", () => {
  // The Idempotency middleware's answers while the first request with the key has not finished.
  const still = problemFromResponse(409, "Conflict", JSON.stringify({ status: 409, title: "Still being processed", detail: "…" }));
  assert.equal(judge(entry("a"), still, 0).kind, "retry");
  assert.equal(judge(entry("a"), problem(409, "Try again"), 0).kind, "retry");
});

test("judge_StopNotWrittenYet_404TriedAgainForAWhileThenRefused", () => {
  const classify = entry("c", "wang.wei", { kind: "classify", notFoundRetryUntil: 60_000 });
  assert.equal(judge(classify, problem(404, "Unknown stop"), 59_999).kind, "retry");
  assert.equal(judge(classify, problem(404, "Unknown stop"), 60_000).kind, "refused");
});

test("judge_SessionEnded_WaitsForTheSamePerson", () => {
  const box = boxOf(entry("a"));
  const attempt = judge(entry("a"), problem(401), 0);
  assert.deepEqual(attempt, { kind: "signedOut" });
  assert.deepEqual(settle(box, "a", attempt, 0), box);
});

test("backoffMs_Doubles_UpToTheMaximum", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 9].map(backoffMs), [0, 1_000, 2_000, 4_000, 8_000, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
});

test("settle_Retry_CountsAttemptsAndKeepsTheKey", () => {
  let box = boxOf(entry("a"));
  box = settle(box, "a", { kind: "retry", error: "offline" }, 10_000);
  box = settle(box, "a", { kind: "retry", error: "503 Service Unavailable" }, 11_000);
  const e = box.pending[0] as OutboxEntry;
  assert.equal(e.key, "a");
  assert.equal(e.attempts, 2);
  assert.equal(e.notBefore, 13_000);
  assert.equal(e.lastError, "503 Service Unavailable");
});

test("wakeAll_ConnectionBack_EverythingDueNow", () => {
  let box = boxOf(entry("a"), entry("b"));
  box = settle(box, "a", { kind: "retry", error: "offline" }, 1_000);
  box = settle(box, "a", { kind: "retry", error: "offline" }, 2_000);
  assert.equal(nextToSend(box, "wang.wei", 2_500), null);
  box = wakeAll(box, 2_500);
  assert.equal(nextToSend(box, "wang.wei", 2_500)?.key, "a");
  assert.equal(wakeAll(box, 2_500), box);
});

test("parseOutbox_RoundTrips", () => {
  let box = boxOf(entry("a"), entry("b", "li.na", { kind: "unit", body: { serial: null, components: [{ lot: "BAR-A" }] } }));
  box = settle(enqueue(box, entry("c")), "c", { kind: "refused", problem: problemFromResponse(400, "", JSON.stringify({ title: "The unit was not recorded.", errors: { "components[0].lot": ["Lot X is in quarantine"] } })) }, 7);
  assert.deepEqual(parseOutbox(serializeOutbox(box)), box);
});

test("parseOutbox_GarbageOrPartlyBad_KeepsWhatItCanRead", () => {
  assert.deepEqual(parseOutbox(null), emptyOutbox());
  assert.deepEqual(parseOutbox("{not json"), emptyOutbox());
  assert.deepEqual(parseOutbox("[]"), emptyOutbox());
  const text = JSON.stringify({
    pending: [entry("good"), { key: "no-user", path: "/api/x", kind: "order" }, entry("bad-kind", "u", { kind: "launch" as never }), entry("off-api", "u", { path: "https://evil/" }), entry("good")],
    refused: [{ entry: entry("r"), problem: { nope: 1 } }],
  });
  const box = parseOutbox(text);
  assert.deepEqual(box.pending.map((e) => e.key), ["good"]);
  assert.equal(box.refused.length, 0);
});

test("uuidFromBytes_Version4Layout", () => {
  const id = uuidFromBytes(new Uint8Array(16).fill(0xff));
  assert.equal(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
  assert.match(uuidFromBytes(new Uint8Array(16)), /^00000000-0000-4000-8000-000000000000$/);
  assert.throws(() => uuidFromBytes(new Uint8Array(8)));
});
