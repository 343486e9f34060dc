import type { ApiProblem } from "./problem.ts";

/**
 * The operator terminal's outbox: every action (order start/pause/resume/complete, a stop's reason, a unit, andon,
 * a handover note) is written here first, kept in localStorage, and sent in the order it was made. Each action gets
 * its Idempotency-Key when it is queued and keeps it for every attempt: the server keeps the first answer per user
 * and key and replays it, so an action whose answer was lost on the network is not applied twice.
 *
 * An answer decides what happens next: 2xx sent; a refusal (4xx) is shown to the operator and not tried again; no
 * answer, a 5xx, or the server saying the first attempt is still being processed is tried again with backoff; a
 * 401 waits until the same person signs in again (the server records the session's user as who did it).
 */

export const OUTBOX_KINDS = ["order", "classify", "unit", "andonRaise", "andonAcknowledge", "andonClose", "handover"] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxEntry {
  /** The Idempotency-Key, made when the action was queued. */
  key: string;
  /** Who queued it: it is sent only while that person is signed in. */
  user: string;
  kind: OutboxKind;
  /** POST to this API path with `body`. */
  path: string;
  body: unknown;
  /** What the operator sees in the waiting list, e.g. { order: "WO-1", action: "pause" }. */
  label: Record<string, string>;
  /** Epoch ms. */
  queuedAt: number;
  attempts: number;
  /** Epoch ms before which it is not tried again (backoff after no answer or a server error). */
  notBefore: number;
  /**
   * Epoch ms until which a 404 is tried again rather than refused: a stop is written to the database a few seconds
   * after it starts, and the terminal asks for its reason at once. 0: a 404 is a refusal.
   */
  notFoundRetryUntil: number;
  /** Why the last attempt did not get through, for the waiting list; null before the first attempt. */
  lastError: string | null;
}

/** An action the server refused: shown to the operator until dismissed. */
export interface RefusedEntry {
  entry: OutboxEntry;
  problem: ApiProblem;
  /** Epoch ms. */
  at: number;
}

export interface Outbox {
  pending: OutboxEntry[];
  refused: RefusedEntry[];
}

/** What became of one attempt. */
export type Attempt =
  | { kind: "sent" }
  | { kind: "refused"; problem: ApiProblem }
  | { kind: "retry"; error: string }
  | { kind: "signedOut" };

export const OUTBOX_STORAGE_KEY = "smartshop.terminal.outbox";

/** Refusals kept for the operator to read; older ones drop off. */
export const MAX_REFUSED = 20;

/** Longest wait between attempts (ms): a terminal that comes back online sends within this long even without an "online" event. */
export const MAX_BACKOFF_MS = 15_000;

/** The titles the server's Idempotency middleware answers 409 with while the first attempt with the key is still running. */
const IN_PROGRESS_TITLES = new Set(["Still being processed", "Try again"]);

export function emptyOutbox(): Outbox {
  return { pending: [], refused: [] };
}

/** Wait before attempt n+1 after n failed attempts: 1 s, 2 s, 4 s, 8 s, then 15 s. */
export function backoffMs(failedAttempts: number): number {
  if (failedAttempts <= 0) return 0;
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failedAttempts - 1));
}

/** Adds an action at the end; a key already queued is not added again. */
export function enqueue(box: Outbox, entry: OutboxEntry): Outbox {
  if (box.pending.some((e) => e.key === entry.key)) return box;
  return { ...box, pending: [...box.pending, entry] };
}

/** The person's actions still waiting, oldest first. */
export function waitingFor(box: Outbox, user: string): OutboxEntry[] {
  return box.pending.filter((e) => e.user === user);
}

/** People other than `user` with actions waiting on this device (sent when they sign in again). */
export function othersWaiting(box: Outbox, user: string | null): string[] {
  return [...new Set(box.pending.filter((e) => e.user !== user).map((e) => e.user))];
}

/**
 * The action to send now: the person's oldest waiting one, if its backoff has passed. Actions go strictly in order, so
 * a later one never overtakes an earlier one that is waiting to be tried again.
 */
export function nextToSend(box: Outbox, user: string, nowMs: number): OutboxEntry | null {
  const head = box.pending.find((e) => e.user === user);
  return head !== undefined && head.notBefore <= nowMs ? head : null;
}

/** When the person's oldest waiting action may be tried next (epoch ms), or null when nothing waits. */
export function nextWake(box: Outbox, user: string): number | null {
  return box.pending.find((e) => e.user === user)?.notBefore ?? null;
}

/** Reads a failed attempt's problem (status 0: no answer) as what to do next. */
export function judge(entry: OutboxEntry, problem: ApiProblem, nowMs: number): Attempt {
  const status = problem.status;
  if (status === 401) return { kind: "signedOut" };
  const retry = (): Attempt => ({ kind: "retry", error: status === 0 ? "offline" : `${status} ${problem.title}` });
  if (status === 0 || status >= 500 || status === 408 || status === 425 || status === 429) return retry();
  if (status === 409 && IN_PROGRESS_TITLES.has(problem.title)) return retry();
  if (status === 404 && nowMs < entry.notFoundRetryUntil) return retry();
  return { kind: "refused", problem };
}

/** Applies what became of an attempt at `key`. */
export function settle(box: Outbox, key: string, attempt: Attempt, nowMs: number): Outbox {
  const entry = box.pending.find((e) => e.key === key);
  if (!entry) return box;
  const others = box.pending.filter((e) => e.key !== key);
  switch (attempt.kind) {
    case "sent":
      return { ...box, pending: others };
    case "refused":
      return { pending: others, refused: [{ entry, problem: attempt.problem, at: nowMs }, ...box.refused].slice(0, MAX_REFUSED) };
    case "retry": {
      const attempts = entry.attempts + 1;
      const updated = { ...entry, attempts, notBefore: nowMs + backoffMs(attempts), lastError: attempt.error };
      return { ...box, pending: box.pending.map((e) => (e.key === key ? updated : e)) };
    }
    case "signedOut":
      return box;
  }
}

/** The connection is back: every waiting action may be tried at once. */
export function wakeAll(box: Outbox, nowMs: number): Outbox {
  if (!box.pending.some((e) => e.notBefore > nowMs)) return box;
  return { ...box, pending: box.pending.map((e) => (e.notBefore > nowMs ? { ...e, notBefore: nowMs } : e)) };
}

/** The operator has read a refusal. */
export function dismiss(box: Outbox, key: string): Outbox {
  return { ...box, refused: box.refused.filter((r) => r.entry.key !== key) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readEntry(value: unknown): OutboxEntry | null {
  if (!isRecord(value)) return null;
  const { key, user, kind, path, body, label, queuedAt, attempts, notBefore, notFoundRetryUntil, lastError } = value;
  if (typeof key !== "string" || !key || typeof user !== "string" || !user || typeof path !== "string" || !path.startsWith("/api/")) return null;
  if (!(OUTBOX_KINDS as readonly unknown[]).includes(kind)) return null;
  const labels = isRecord(label) ? Object.fromEntries(Object.entries(label).filter(([, v]) => typeof v === "string")) as Record<string, string> : {};
  const number = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  return {
    key,
    user,
    kind: kind as OutboxKind,
    path,
    body: body ?? null,
    label: labels,
    queuedAt: number(queuedAt),
    attempts: Math.max(0, Math.floor(number(attempts))),
    notBefore: number(notBefore),
    notFoundRetryUntil: number(notFoundRetryUntil),
    lastError: typeof lastError === "string" ? lastError : null,
  };
}

function readProblem(value: unknown): ApiProblem | null {
  if (!isRecord(value) || typeof value.status !== "number" || typeof value.title !== "string") return null;
  const fields: Record<string, string[]> = {};
  if (isRecord(value.fields)) {
    for (const [name, messages] of Object.entries(value.fields)) {
      if (Array.isArray(messages)) fields[name] = messages.filter((m): m is string => typeof m === "string");
    }
  }
  return {
    status: value.status,
    title: value.title,
    detail: typeof value.detail === "string" ? value.detail : null,
    errors: Array.isArray(value.errors) ? value.errors.filter((m): m is string => typeof m === "string") : [],
    fields,
  };
}

/**
 * The outbox as stored; anything unreadable (another version's format, a hand-edited value) is dropped entry by
 * entry rather than losing the whole outbox.
 */
export function parseOutbox(text: string | null): Outbox {
  if (!text) return emptyOutbox();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return emptyOutbox();
  }
  if (!isRecord(parsed)) return emptyOutbox();
  const pending = Array.isArray(parsed.pending) ? parsed.pending.map(readEntry).filter((e): e is OutboxEntry => e !== null) : [];
  const refused: RefusedEntry[] = [];
  if (Array.isArray(parsed.refused)) {
    for (const r of parsed.refused) {
      if (!isRecord(r)) continue;
      const entry = readEntry(r.entry);
      const problem = readProblem(r.problem);
      if (entry && problem) refused.push({ entry, problem, at: typeof r.at === "number" ? r.at : 0 });
    }
  }
  const keys = new Set<string>();
  const unique = pending.filter((e) => {
    if (keys.has(e.key)) return false;
    keys.add(e.key);
    return true;
  });
  return { pending: unique, refused: refused.slice(0, MAX_REFUSED) };
}

export function serializeOutbox(box: Outbox): string {
  return JSON.stringify(box);
}

/**
 * An RFC 4122 version 4 UUID from 16 random bytes. Terminals on the plant network are often served over plain HTTP,
 * where crypto.randomUUID is not available but crypto.getRandomValues is.
 */
export function uuidFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 16) throw new RangeError("A UUID needs 16 random bytes.");
  const b = Array.from(bytes.slice(0, 16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = b.map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
