import { computed, shallowRef } from "vue";
import { postAction } from "../api/client.ts";
import {
  dismiss as dismissEntry,
  emptyOutbox,
  enqueue,
  judge,
  nextToSend,
  nextWake,
  othersWaiting,
  OUTBOX_STORAGE_KEY,
  parseOutbox,
  serializeOutbox,
  settle,
  uuidFromBytes,
  waitingFor,
  wakeAll,
  type Attempt,
  type Outbox,
  type OutboxEntry,
  type OutboxKind,
} from "../logic/outbox.ts";
import { toProblem, type ApiProblem } from "../logic/problem.ts";

/** What the action the caller just made came to: sent (with the server's answer), refused, or kept to send later. */
export type Settlement = { kind: "sent"; body: unknown } | { kind: "refused"; problem: ApiProblem } | { kind: "queued" };

export interface ActionDraft {
  kind: OutboxKind;
  path: string;
  body: unknown;
  label: Record<string, string>;
  /** A 404 is tried again for this long (ms) instead of refused (a stop not written yet). */
  notFoundRetryMs?: number;
}

function load(): Outbox {
  try {
    return parseOutbox(localStorage.getItem(OUTBOX_STORAGE_KEY));
  } catch {
    return emptyOutbox(); // storage disabled by a kiosk policy: the outbox lives as long as the page
  }
}

const box = shallowRef<Outbox>(load());
const user = shallowRef<string | null>(null);
const inFlight = shallowRef<string | null>(null);
const waiters = new Map<string, (settlement: Settlement) => void>();
const sentListeners = new Set<(entry: OutboxEntry, body: unknown) => void>();
let running = false;
let again = false;
let timer: ReturnType<typeof setTimeout> | undefined;

function save(next: Outbox): void {
  box.value = next;
  try {
    localStorage.setItem(OUTBOX_STORAGE_KEY, serializeOutbox(next));
  } catch {
    // full or disabled: kept in memory, still sent
  }
}

function newKey(): string {
  return uuidFromBytes(crypto.getRandomValues(new Uint8Array(16)));
}

function schedule(): void {
  clearTimeout(timer);
  const who = user.value;
  const at = who === null ? null : nextWake(box.value, who);
  if (at !== null) timer = setTimeout(() => void pump(), Math.max(0, at - Date.now()));
}

/** Sends the signed-in person's waiting actions, oldest first, until one cannot get through. */
async function pump(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      for (;;) {
        const who = user.value;
        const entry = who === null ? null : nextToSend(box.value, who, Date.now());
        if (entry === null) break;
        let attempt: Attempt;
        let body: unknown;
        inFlight.value = entry.key;
        try {
          body = await postAction<unknown>(entry.path, entry.body, entry.key);
          attempt = { kind: "sent" };
        } catch (error) {
          attempt = judge(entry, toProblem(error), Date.now());
        } finally {
          inFlight.value = null;
        }
        let next = settle(box.value, entry.key, attempt, Date.now());
        const waiter = waiters.get(entry.key);
        if (attempt.kind === "sent") {
          waiters.delete(entry.key);
          save(next);
          waiter?.({ kind: "sent", body });
          sentListeners.forEach((l) => l(entry, body));
          continue;
        }
        if (attempt.kind === "refused" && waiter) {
          // The screen that made the action is still waiting for it and shows the refusal itself.
          waiters.delete(entry.key);
          next = dismissEntry(next, entry.key);
          save(next);
          waiter({ kind: "refused", problem: attempt.problem });
          continue;
        }
        save(next);
        if (attempt.kind !== "refused") break; // no answer or signed out: everything after it waits too
      }
    } while (again);
  } finally {
    running = false;
    // What did not get through in this pass stays in the outbox: tell whoever waits for it.
    for (const [key, resolve] of waiters) {
      if (box.value.pending.some((e) => e.key === key)) {
        waiters.delete(key);
        resolve({ kind: "queued" });
      }
    }
    schedule();
  }
}

/** The person signed in on this device (null: nobody): only their actions are sent. */
export function setOutboxUser(userName: string | null): void {
  if (user.value === userName) return;
  user.value = userName;
  void pump();
}

/** The connection is back (the browser says so, or the hub reconnected): try everything now. */
export function wakeOutbox(): void {
  save(wakeAll(box.value, Date.now()));
  void pump();
}

if (typeof window !== "undefined") {
  window.addEventListener("online", wakeOutbox);
  // Another tab of this terminal changed the outbox: take its version (this tab sends nothing meanwhile).
  window.addEventListener("storage", (event) => {
    if (event.key === OUTBOX_STORAGE_KEY && !running) {
      box.value = parseOutbox(event.newValue);
      schedule();
    }
  });
}

/**
 * Queues an action and sends it at once if it can: resolves with the server's answer, its refusal, or "queued" when it
 * waits (offline, the server down, or earlier actions still waiting). A queued action is sent later by itself.
 */
export function submitAction(draft: ActionDraft): Promise<Settlement> {
  const who = user.value;
  if (who === null) return Promise.resolve({ kind: "refused", problem: { status: 401, title: "Not signed in", detail: null, errors: [], fields: {} } });
  const now = Date.now();
  const entry: OutboxEntry = {
    key: newKey(),
    user: who,
    kind: draft.kind,
    path: draft.path,
    body: draft.body,
    label: draft.label,
    queuedAt: now,
    attempts: 0,
    notBefore: now,
    notFoundRetryUntil: draft.notFoundRetryMs ? now + draft.notFoundRetryMs : 0,
    lastError: null,
  };
  const settled = new Promise<Settlement>((resolve) => waiters.set(entry.key, resolve));
  save(enqueue(box.value, entry));
  void pump();
  return settled;
}

/** Called with each action the server took (the caller refreshes what it shows). */
export function onActionSent(listener: (entry: OutboxEntry, body: unknown) => void): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

/** The outbox as the terminal shows it: the signed-in person's waiting actions and refusals, and who else has some. */
export function useOutbox() {
  return {
    waiting: computed(() => (user.value === null ? [] : waitingFor(box.value, user.value))),
    refused: computed(() => box.value.refused.filter((r) => r.entry.user === user.value)),
    others: computed(() => othersWaiting(box.value, user.value)),
    inFlight: computed(() => inFlight.value),
    dismiss: (key: string): void => save(dismissEntry(box.value, key)),
  };
}
