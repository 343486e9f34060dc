import type { CreateUserRequest, UpdateUserRequest, UserAccount } from "../api/types.ts";
import { ROLES, type SignInMethod } from "./auth.ts";

/** A user form as typed. Secrets are only ever typed here and sent; the server never gives them back. */
export interface UserForm {
  userName: string;
  displayName: string;
  roles: string[];
  password: string;
  pin: string;
  badge: string;
}

export function emptyUserForm(): UserForm {
  return { userName: "", displayName: "", roles: [], password: "", pin: "", badge: "" };
}

/** The form for editing `user`: its name and roles, no secrets (typing one replaces it). */
export function editForm(user: UserAccount): UserForm {
  return { userName: user.userName, displayName: user.displayName, roles: [...user.roles], password: "", pin: "", badge: "" };
}

/** `roles` with `role` switched on or off, known roles in the server's order. */
export function toggleRole(roles: readonly string[], role: string): string[] {
  const next = roles.includes(role) ? roles.filter((r) => r !== role) : [...roles, role];
  const known = ROLES.filter((r) => next.includes(r));
  return [...known, ...next.filter((r) => !(ROLES as readonly string[]).includes(r))];
}

/** Why the browser does not send a user form yet. */
export type UserFormError = "required" | "roles" | "secret" | "pin" | "password";

function secrets(form: UserForm, errors: Record<string, UserFormError>): Pick<CreateUserRequest, "password" | "pin" | "badge"> {
  const out: Pick<CreateUserRequest, "password" | "pin" | "badge"> = {};
  if (form.password) {
    if (form.password.length < 8) errors["password"] = "password";
    out.password = form.password;
  }
  if (form.pin) {
    if (!/^[0-9]{4,8}$/.test(form.pin)) errors["pin"] = "pin";
    out.pin = form.pin;
  }
  if (form.badge.trim()) out.badge = form.badge.trim();
  return out;
}

/** The request for POST /api/users, or the fields to fix first: a name, roles and at least one way to sign in. */
export function createUserRequest(form: UserForm): { request: CreateUserRequest; errors: Record<string, UserFormError> } {
  const errors: Record<string, UserFormError> = {};
  const userName = form.userName.trim();
  const displayName = form.displayName.trim();
  if (!userName) errors["userName"] = "required";
  if (!displayName) errors["displayName"] = "required";
  if (form.roles.length === 0) errors["roles"] = "roles";
  const given = secrets(form, errors);
  if (!given.password && !given.pin && !given.badge) errors["password"] ??= "secret";
  return { request: { userName, displayName, roles: [...form.roles], ...given }, errors };
}

/**
 * The request for PUT /api/users/{userName}: only what changed (the server ends the user's sessions on any change);
 * null when nothing did.
 */
export function updateUserRequest(user: UserAccount, form: UserForm): { request: UpdateUserRequest | null; errors: Record<string, UserFormError> } {
  const errors: Record<string, UserFormError> = {};
  const request: UpdateUserRequest = {};
  const displayName = form.displayName.trim();
  if (!displayName) errors["displayName"] = "required";
  else if (displayName !== user.displayName) request.displayName = displayName;
  if (form.roles.length === 0) errors["roles"] = "roles";
  else if (form.roles.length !== user.roles.length || form.roles.some((r) => !user.roles.includes(r))) request.roles = [...form.roles];
  Object.assign(request, secrets(form, errors));
  return { request: Object.keys(request).length === 0 ? null : request, errors };
}

/** The ways a user can sign in, in the sign-in page's order. */
export function signInMethods(user: Pick<UserAccount, "hasPassword" | "hasPin" | "hasBadge">): SignInMethod[] {
  const methods: SignInMethod[] = [];
  if (user.hasPassword) methods.push("password");
  if (user.hasPin) methods.push("pin");
  if (user.hasBadge) methods.push("badge");
  return methods;
}
