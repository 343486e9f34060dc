import { test } from "node:test";
import assert from "node:assert/strict";
import type { UserAccount } from "../src/api/types.ts";
import { createUserRequest, editForm, emptyUserForm, signInMethods, toggleRole, updateUserRequest } from "../src/logic/users.ts";

const user: UserAccount = { userName: "li.na", displayName: "Li Na", roles: ["supervisor"], active: true, hasPassword: true, hasPin: false, hasBadge: true };

test("toggleRole_OnAndOff_KnownRolesInServerOrder", () => {
  assert.deepEqual(toggleRole(["admin"], "operator"), ["operator", "admin"]);
  assert.deepEqual(toggleRole(["operator", "admin"], "operator"), ["admin"]);
  assert.deepEqual(toggleRole(["robot"], "quality"), ["quality", "robot"]);
});

test("createUserRequest_Complete_OnlyTheSecretsGiven", () => {
  const { request, errors } = createUserRequest({ userName: " wang.wei ", displayName: "Wang Wei", roles: ["operator"], password: "", pin: "1234", badge: " 1001 " });
  assert.deepEqual(errors, {});
  assert.deepEqual(request, { userName: "wang.wei", displayName: "Wang Wei", roles: ["operator"], pin: "1234", badge: "1001" });
});

test("createUserRequest_Missing_NamesEachField", () => {
  assert.deepEqual(createUserRequest(emptyUserForm()).errors, { userName: "required", displayName: "required", roles: "roles", password: "secret" });
  const bad = createUserRequest({ ...emptyUserForm(), userName: "a", displayName: "A", roles: ["operator"], password: "short", pin: "12" });
  assert.deepEqual(bad.errors, { password: "password", pin: "pin" });
});

test("updateUserRequest_OnlyWhatChanged_NullWhenNothing", () => {
  assert.equal(updateUserRequest(user, editForm(user)).request, null);
  assert.deepEqual(updateUserRequest(user, { ...editForm(user), roles: ["supervisor", "quality"], pin: "4321" }).request, { roles: ["supervisor", "quality"], pin: "4321" });
  assert.deepEqual(updateUserRequest(user, { ...editForm(user), displayName: " Li Na (QA) " }).request, { displayName: "Li Na (QA)" });
  assert.deepEqual(updateUserRequest(user, { ...editForm(user), roles: [] }).errors, { roles: "roles" });
});

test("editForm_ExistingUser_NoSecrets", () => {
  const form = editForm(user);
  assert.equal(form.password + form.pin + form.badge, "");
  assert.deepEqual(signInMethods(user), ["password", "badge"]);
});
