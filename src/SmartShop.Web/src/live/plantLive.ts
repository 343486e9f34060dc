import { getMe } from "../api/client.ts";
import type { AndonCall, LineLive, MachineLive, MachineStatus } from "../api/types.ts";
import type { HubState } from "../logic/reconnect.ts";
import { connectPlantHub, type PlantHub } from "./plantHub.ts";

export type WatchKind = "line" | "machine";

/** What a watch of each kind delivers. */
export type LiveOf<K extends WatchKind> = K extends "line" ? LineLive : MachineLive;

export interface WatchHandlers<T> {
  data(value: T): void;
  /** Whether the hub pushes this figure now; while not, the caller polls (the hub is down or the server is older). */
  pushed(pushed: boolean): void;
}

interface Watch {
  kind: WatchKind;
  id: string;
  listeners: Set<WatchHandlers<unknown>>;
  accepted: boolean;
}

type Listener<T> = (value: T) => void;

/**
 * The page's one connection to /hubs/plant, shared by every view: machine state changes for all, and the live
 * figures of the lines and machines that views watch. Watches are reference-counted and asked for again after every
 * reconnection (the server forgets a connection's groups when it drops).
 */
export interface PlantLive {
  readonly state: HubState;
  onState(listener: Listener<HubState>): () => void;
  onStatus(listener: Listener<MachineStatus>): () => void;
  onAndon(listener: Listener<AndonCall>): () => void;
  onConnected(listener: () => void): () => void;
  watch<K extends WatchKind>(kind: K, id: string, handlers: WatchHandlers<LiveOf<K>>): () => void;
  /** Disconnects while nobody is signed in (the hub needs the session too). */
  suspend(): void;
  /** Connects again after sign-in. */
  resume(): void;
}

const METHODS = {
  line: { watch: "WatchLine", unwatch: "UnwatchLine" },
  machine: { watch: "WatchMachine", unwatch: "UnwatchMachine" },
} as const;

function createPlantLive(): PlantLive {
  let state: HubState = "connecting";
  const stateListeners = new Set<Listener<HubState>>();
  const statusListeners = new Set<Listener<MachineStatus>>();
  const andonListeners = new Set<Listener<AndonCall>>();
  const connectedListeners = new Set<() => void>();
  const watches = new Map<string, Watch>();
  const key = (kind: WatchKind, id: string): string => `${kind}:${id}`;

  function setAccepted(watch: Watch, accepted: boolean): void {
    if (watch.accepted === accepted) return;
    watch.accepted = accepted;
    for (const l of watch.listeners) l.pushed(accepted);
  }

  async function ask(watch: Watch): Promise<void> {
    try {
      await hub.invoke(METHODS[watch.kind].watch, watch.id);
      // Still wanted? (unwatched, or a newer watch for the same key, while the call was out)
      if (watches.get(key(watch.kind, watch.id)) === watch) setAccepted(watch, state === "live");
    } catch {
      setAccepted(watch, false); // an older server without WatchLine, or the connection dropped meanwhile: poll
    }
  }

  function deliver(kind: WatchKind, id: string, value: unknown): void {
    const watch = watches.get(key(kind, id));
    if (!watch) return;
    for (const l of watch.listeners) l.data(value);
  }

  const hub: PlantHub = connectPlantHub({
    machineStatusChanged: (status) => statusListeners.forEach((l) => l(status)),
    lineLive: (line) => deliver("line", line.lineId, line),
    machineLive: (machine) => deliver("machine", machine.status.machineId, machine),
    andonChanged: (call) => andonListeners.forEach((l) => l(call)),
    stateChanged: (next) => {
      state = next;
      if (next !== "live") for (const w of watches.values()) setAccepted(w, false);
      stateListeners.forEach((l) => l(next));
    },
    connected: () => {
      for (const w of watches.values()) void ask(w);
      connectedListeners.forEach((l) => l());
    },
    // The hub does not say why it refused: ask the API, whose 401 (a session that ended) takes the page to sign-in.
    startFailed: () => void getMe().catch(() => undefined),
  });

  function subscribe<T>(set: Set<T>, listener: T): () => void {
    set.add(listener);
    return () => set.delete(listener);
  }

  return {
    get state() {
      return state;
    },
    onState: (l) => subscribe(stateListeners, l),
    onStatus: (l) => subscribe(statusListeners, l),
    onAndon: (l) => subscribe(andonListeners, l),
    onConnected: (l) => subscribe(connectedListeners, l),
    watch<K extends WatchKind>(kind: K, id: string, typed: WatchHandlers<LiveOf<K>>): () => void {
      const handlers = typed as WatchHandlers<unknown>;
      const k = key(kind, id);
      let watch = watches.get(k);
      if (!watch) {
        watch = { kind, id, listeners: new Set(), accepted: false };
        watches.set(k, watch);
        if (state === "live") void ask(watch);
      } else if (watch.accepted) {
        handlers.pushed(true);
      }
      watch.listeners.add(handlers);
      const current = watch;
      return () => {
        current.listeners.delete(handlers);
        if (current.listeners.size > 0 || watches.get(k) !== current) return;
        watches.delete(k);
        if (state === "live") hub.invoke(METHODS[kind].unwatch, id).catch(() => undefined);
      };
    },
    suspend(): void {
      void hub.stop();
      state = "offline";
      for (const w of watches.values()) setAccepted(w, false);
      stateListeners.forEach((l) => l("offline"));
    },
    resume(): void {
      hub.resume();
    },
  };
}

let instance: PlantLive | undefined;

/** The shared connection, opened on first use. */
export function plantLive(): PlantLive {
  instance ??= createPlantLive();
  return instance;
}

/** Disconnects the shared connection, if open, when the session ends. */
export function suspendPlantLive(): void {
  instance?.suspend();
}

/** Reconnects the shared connection, if it was opened before, after signing in. */
export function resumePlantLive(): void {
  instance?.resume();
}
