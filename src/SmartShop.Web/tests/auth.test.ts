import { test } from "node:test";
import assert from "node:assert/strict";
import { allows, emptySignature, lockEnd, pinKey, pinText, PIN_MAX_DIGITS, showsPage, signatureFailure, signatureRequest, signInBody, signInFailure, sortRoles } from "../src/logic/auth.ts";
import { problemFromResponse } from "../src/logic/problem.ts";

const empty = { userName: "", password: "", pin: "", badge: "" };

test("allows_RolesAgainstPolicies_MirrorsTheServer", () => {
  assert.equal(allows(["operator"], "operate"), true);
  assert.equal(allows(["operator"], "plan"), false);
  assert.equal(allows(["supervisor"], "plan"), true);
  assert.equal(allows(["quality"], "operate"), false);
  assert.equal(allows(["quality"], "quality"), true);
  assert.equal(allows(["quality"], "verdict"), true);
  assert.equal(allows(["manager"], "admin"), false);
  assert.equal(allows(["admin"], "plan"), true);
  assert.equal(allows([], "operate"), false);
});

test("sortRoles_MixedAndUnknown_KnownInServerOrderThenOthers", () => {
  assert.deepEqual(sortRoles(["admin", "robot", "operator", "robot"]), ["operator", "admin", "robot"]);
});

test("signInBody_Password_SendsTrimmedNameAndPasswordAsTyped", () => {
  assert.deepEqual(signInBody("password", { ...empty, userName: "  li.na ", password: " secret " }), { ok: true, body: { userName: "li.na", password: " secret " } });
});

test("signInBody_PinWithoutName_NamesTheMissingFields", () => {
  assert.deepEqual(signInBody("pin", { ...empty, pin: "1234" }), { ok: false, missing: ["userName"] });
  assert.deepEqual(signInBody("pin", empty), { ok: false, missing: ["userName", "pin"] });
  assert.deepEqual(signInBody("pin", { ...empty, userName: "w", pin: "4711", password: "ignored" }), { ok: true, body: { userName: "w", pin: "4711" } });
});

test("signInBody_Badge_SendsOnlyTheTrimmedCode", () => {
  assert.deepEqual(signInBody("badge", { ...empty, userName: "x", badge: " 0004471100\r" }), { ok: true, body: { badge: "0004471100" } });
  assert.deepEqual(signInBody("badge", { ...empty, badge: "  " }), { ok: false, missing: ["badge"] });
});

test("pinKey_DigitsBackAndClear_KeepsAtMostTheMaximum", () => {
  let pin = "";
  for (const key of ["4", "7", "x", "1", "1"]) pin = pinKey(pin, key);
  assert.equal(pin, "4711");
  assert.equal(pinKey(pin, "back"), "471");
  assert.equal(pinKey(pin, "clear"), "");
  assert.equal(pinKey("1".repeat(PIN_MAX_DIGITS), "2"), "1".repeat(PIN_MAX_DIGITS));
  assert.equal(pinKey("", "back"), "");
});

test("pinText_TypedOrPasted_KeepsDigitsOnly", () => {
  assert.equal(pinText(" 12-34a5678999"), "12345678");
});

const refusal = (detail: string, status = 401) =>
  problemFromResponse(status, "Unauthorized", JSON.stringify({ title: "Not signed in", status, detail }));

test("signInFailure_ServerMessages_ReadAsKinds", () => {
  const now = Date.UTC(2026, 2, 2, 10, 0, 0);
  assert.equal(signInFailure(refusal("The user name, password, PIN or badge is not right."), now).kind, "wrong");
  assert.equal(signInFailure(refusal("This badge is not registered to anyone."), now).kind, "unknownBadge");
  assert.equal(signInFailure(refusal("Give a user name with a password or PIN, or scan a badge."), now).kind, "incomplete");
  const deactivated = signInFailure(refusal("The user li.na is deactivated."), now);
  assert.deepEqual([deactivated.kind, deactivated.userName], ["deactivated", "li.na"]);
  const locked = signInFailure(refusal("Too many failed attempts: this user is locked until 10:05:00 UTC."), now);
  assert.deepEqual([locked.kind, locked.lockedUntilMs], ["locked", Date.UTC(2026, 2, 2, 10, 5, 0)]);
  const other = signInFailure(refusal("Something new."), now);
  assert.deepEqual([other.kind, other.message], ["other", "Something new."]);
  assert.equal(signInFailure({ status: 0, title: "Network error", detail: null, errors: [], fields: {} }, now).kind, "unreachable");
});

test("signInFailure_SignatureError_ReadsTheFieldMessage", () => {
  const problem = problemFromResponse(400, "Bad Request", JSON.stringify({ status: 400, errors: { signature: ["The signature was not accepted: The user name, password, PIN or badge is not right."] } }));
  assert.equal(signInFailure(problem, 0).kind, "wrong");
});

test("lockEnd_TimeOfDayAroundMidnight_NearestOccurrence", () => {
  const beforeMidnight = Date.UTC(2026, 2, 2, 23, 58, 0);
  assert.equal(lockEnd(0, 3, 0, beforeMidnight), Date.UTC(2026, 2, 3, 0, 3, 0));
  const afterMidnight = Date.UTC(2026, 2, 3, 0, 1, 0);
  assert.equal(lockEnd(23, 59, 30, afterMidnight), Date.UTC(2026, 2, 2, 23, 59, 30));
});

test("signatureFailure_ServerMessages_ReadAsKinds", () => {
  const now = Date.UTC(2026, 2, 1, 10, 0, 0);
  assert.equal(signatureFailure("This action needs an electronic signature: re-enter your user name and password (or PIN).", now).kind, "required");
  assert.equal(signatureFailure("An API key cannot sign: a person signs this action.", now).kind, "apiKey");
  assert.deepEqual(
    (({ kind, userName }) => ({ kind, userName }))(signatureFailure("A signature is given by the person acting: sign as li.na.", now)),
    { kind: "notSelf", userName: "li.na" },
  );
  assert.equal(signatureFailure("The signature's meaning is longer than 200 characters.", now).kind, "meaningTooLong");
  assert.equal(signatureFailure("The signature was not accepted: The user name, password, PIN or badge is not right.", now).kind, "wrong");
  const locked = signatureFailure("The signature was not accepted: Too many failed attempts: this user is locked until 10:05:00 UTC.", now);
  assert.equal(locked.kind, "locked");
  assert.equal(locked.lockedUntilMs, Date.UTC(2026, 2, 1, 10, 5, 0));
  const off = signatureFailure("The signature was not accepted: The user wang.wei is deactivated.", now);
  assert.deepEqual([off.kind, off.userName], ["deactivated", "wang.wei"]);
  assert.equal(signatureFailure("Something new.", now).kind, "other");
});

test("signatureRequest_Draft_PasswordOrPinAndMeaning", () => {
  assert.deepEqual(signatureRequest({ userName: " li.na ", method: "password", secret: "pw", meaning: " Reviewed " }), { userName: "li.na", password: "pw", meaning: "Reviewed" });
  assert.deepEqual(signatureRequest({ userName: "li.na", method: "pin", secret: "1234", meaning: "" }), { userName: "li.na", pin: "1234", meaning: undefined });
  assert.equal(signatureRequest({ ...emptySignature("m"), userName: "li.na" }), null);
});

test("showsPage_Roles_MirrorTheServerPolicies", () => {
  assert.equal(showsPage(["quality"], "trace"), true);
  assert.equal(showsPage(["operator"], "trace"), false);
  assert.equal(showsPage(["operator"], "lots"), true);
  assert.equal(showsPage(["quality"], "lots"), true);
  assert.equal(showsPage(["manager"], "audit"), true);
  assert.equal(showsPage(["supervisor"], "audit"), false);
  assert.equal(showsPage(["manager"], "users"), false);
  assert.equal(showsPage(["admin"], "users"), true);
});
