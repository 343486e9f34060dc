import type { SignatureRequest } from "../api/types.ts";
import type { ApiProblem } from "./problem.ts";

/** The roles a person (or an API key) has; a user may have several. Keep in step with SmartShop.Server/Auth/Roles.cs. */
export const ROLES = ["operator", "supervisor", "quality", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What a person does, as the server's authorization policies name it (SmartShop.Server/Auth/Roles.cs, Policies). */
export type Policy = "operate" | "plan" | "verdict" | "quality" | "admin";

/** The roles each policy lets through: the server's Policies.RolesOf. The server still checks every request. */
export const POLICY_ROLES: Readonly<Record<Policy, readonly Role[]>> = {
  operate: ["operator", "supervisor", "manager", "admin"],
  plan: ["supervisor", "manager", "admin"],
  verdict: ["operator", "supervisor", "quality", "manager", "admin"],
  quality: ["quality", "manager", "admin"],
  admin: ["admin"],
};

/** Whether someone with `roles` may do what `policy` guards. */
export function allows(roles: readonly string[], policy: Policy): boolean {
  return POLICY_ROLES[policy].some((role) => roles.includes(role));
}

/** Known roles first in the server's order, unknown ones (a newer server) after, each once. */
export function sortRoles(roles: readonly string[]): string[] {
  const known = ROLES.filter((r) => roles.includes(r));
  const other = [...new Set(roles.filter((r) => !(ROLES as readonly string[]).includes(r)))];
  return [...known, ...other];
}

export const SIGN_IN_METHODS = ["password", "pin", "badge"] as const;
export type SignInMethod = (typeof SIGN_IN_METHODS)[number];

export const SIGN_IN_METHOD_KEY = "smartshop.signInMethod";

export function isSignInMethod(value: string | null | undefined): value is SignInMethod {
  return (SIGN_IN_METHODS as readonly (string | null | undefined)[]).includes(value);
}

export interface SignInFields {
  userName: string;
  password: string;
  pin: string;
  badge: string;
}

export type SignInField = keyof SignInFields;

/** The body of POST /api/auth/sign-in for a method, or the fields still empty. */
export function signInBody(
  method: SignInMethod,
  fields: SignInFields,
): { ok: true; body: Partial<SignInFields> } | { ok: false; missing: SignInField[] } {
  const userName = fields.userName.trim();
  if (method === "badge") {
    const badge = fields.badge.trim();
    return badge ? { ok: true, body: { badge } } : { ok: false, missing: ["badge"] };
  }
  const secret = method === "pin" ? fields.pin : fields.password;
  const missing: SignInField[] = [];
  if (!userName) missing.push("userName");
  if (!secret) missing.push(method);
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, body: method === "pin" ? { userName, pin: secret } : { userName, password: secret } };
}

/** The longest PIN the server takes (4-8 digits). */
export const PIN_MAX_DIGITS = 8;
export const PIN_MIN_DIGITS = 4;

/** A key of the on-screen PIN pad applied to the PIN typed so far: digits up to the maximum, back, clear. */
export function pinKey(pin: string, key: string): string {
  if (key === "back") return pin.slice(0, -1);
  if (key === "clear") return "";
  if (/^[0-9]$/.test(key) && pin.length < PIN_MAX_DIGITS) return pin + key;
  return pin;
}

/** Only digits, at most the maximum: what a PIN field keeps of typed or pasted text. */
export function pinText(text: string): string {
  return text.replace(/[^0-9]/g, "").slice(0, PIN_MAX_DIGITS);
}

export type SignInFailureKind = "wrong" | "locked" | "deactivated" | "unknownBadge" | "incomplete" | "unreachable" | "other";

/** Why signing in failed, in a form the page can say in the person's language. */
export interface SignInFailure {
  kind: SignInFailureKind;
  /** locked: when the lock ends (epoch ms); null when the server's message gave no time. */
  lockedUntilMs: number | null;
  /** deactivated: whose account. */
  userName: string | null;
  /** The server's own words (shown for "other", kept as a tooltip otherwise). */
  message: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The instant a lock shown as "HH:mm:ss UTC" ends: the occurrence of that time of day nearest to now (a lock lasts
 * minutes, so it is never more than half a day away).
 */
export function lockEnd(hours: number, minutes: number, seconds: number, nowMs: number): number {
  const now = new Date(nowMs);
  let at = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes, seconds);
  if (at - nowMs > DAY_MS / 2) at -= DAY_MS;
  else if (nowMs - at > DAY_MS / 2) at += DAY_MS;
  return at;
}

/**
 * Reads the server's sign-in refusal (401 ProblemDetails; its detail never says which part was wrong) or a
 * signature's error into a kind. The server words these in English only: the page words them again by kind.
 */
export function signInFailure(problem: ApiProblem, nowMs: number): SignInFailure {
  const message = problem.detail ?? problem.fields["signature"]?.[0] ?? problem.title;
  const base = { lockedUntilMs: null, userName: null, message };
  if (problem.status === 0) return { ...base, kind: "unreachable" };
  const locked = /locked until (\d{2}):(\d{2}):(\d{2}) UTC/.exec(message);
  if (locked) return { ...base, kind: "locked", lockedUntilMs: lockEnd(Number(locked[1]), Number(locked[2]), Number(locked[3]), nowMs) };
  if (/\blocked\b/i.test(message)) return { ...base, kind: "locked" };
  const deactivated = /The user (\S+) is deactivated/.exec(message);
  if (deactivated) return { ...base, kind: "deactivated", userName: deactivated[1] ?? null };
  if (/badge is not registered/.test(message)) return { ...base, kind: "unknownBadge" };
  if (/^Give a user name/.test(message)) return { ...base, kind: "incomplete" };
  if (/is not right/.test(message)) return { ...base, kind: "wrong" };
  return { ...base, kind: "other" };
}

/** Why an electronic signature was refused, in a form the page can say in the person's language. */
export type SignatureFailureKind = "required" | "apiKey" | "notSelf" | "meaningTooLong" | "wrong" | "locked" | "deactivated" | "other";

export interface SignatureFailure {
  kind: SignatureFailureKind;
  /** notSelf: whom to sign as; deactivated: whose account. */
  userName: string | null;
  /** locked: when the lock ends (epoch ms); null when the message gave no time. */
  lockedUntilMs: number | null;
  /** The server's own words (shown for "other"). */
  message: string;
}

/**
 * Reads one of the server's signature refusals (errors.signature, SmartShop.Server/Auth/ElectronicSignature.cs; the
 * server words them in English only) into a kind. "Not accepted" carries the sign-in refusal behind it.
 */
export function signatureFailure(message: string, nowMs: number): SignatureFailure {
  const base = { userName: null, lockedUntilMs: null, message };
  if (/^This action needs an electronic signature/.test(message)) return { ...base, kind: "required" };
  if (/^An API key cannot sign/.test(message)) return { ...base, kind: "apiKey" };
  const self = /^A signature is given by the person acting: sign as (\S+?)\.?$/.exec(message);
  if (self) return { ...base, kind: "notSelf", userName: self[1] ?? null };
  if (/meaning is longer than/.test(message)) return { ...base, kind: "meaningTooLong" };
  const refused = /^The signature was not accepted: (.*)$/s.exec(message);
  if (refused) {
    const inner = signInFailure({ status: 400, title: "", detail: refused[1] ?? "", errors: [], fields: {} }, nowMs);
    if (inner.kind === "locked") return { ...base, kind: "locked", lockedUntilMs: inner.lockedUntilMs };
    if (inner.kind === "deactivated") return { ...base, kind: "deactivated", userName: inner.userName };
    if (inner.kind === "wrong" || inner.kind === "incomplete") return { ...base, kind: "wrong" };
  }
  return { ...base, kind: "other" };
}

/** The pages beyond the dashboard and orders whose header links depend on the person's roles. */
export type RolePage = "trace" | "lots" | "audit" | "users";

/**
 * Who sees a page's link: traceability and the audit trail are quality's (Policies.Quality); lots are handled by
 * quality (status) and the shop floor (receive, split, merge); users by administrators. The pages are reachable by
 * link for anyone (an order's units lead to their trace) and the server checks every request.
 */
export const PAGE_POLICIES: Readonly<Record<RolePage, readonly Policy[]>> = {
  trace: ["quality"],
  lots: ["quality", "operate"],
  audit: ["quality"],
  users: ["admin"],
};

export function showsPage(roles: readonly string[], page: RolePage): boolean {
  return PAGE_POLICIES[page].some((policy) => allows(roles, policy));
}

/** A signature as its fields are filled in: the signer's user name, password or PIN, and what it means. */
export interface SignatureDraft {
  userName: string;
  method: "password" | "pin";
  secret: string;
  meaning: string;
}

export function emptySignature(meaning: string): SignatureDraft {
  return { userName: "", method: "password", secret: "", meaning };
}

/** The request's `signature`, or null while the user name or the secret is missing. An empty meaning is the action's usual one. */
export function signatureRequest(draft: SignatureDraft): SignatureRequest | null {
  const userName = draft.userName.trim();
  if (!userName || !draft.secret) return null;
  const meaning = draft.meaning.trim() || undefined;
  return draft.method === "pin" ? { userName, pin: draft.secret, meaning } : { userName, password: draft.secret, meaning };
}
