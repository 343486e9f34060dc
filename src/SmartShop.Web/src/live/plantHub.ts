import { HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from "@microsoft/signalr";
import type { AndonCall, LineLive, MachineLive, MachineStatus } from "../api/types.ts";
import { nextReconnectDelayMs, OFFLINE_RETRY_MS, type HubState } from "../logic/reconnect.ts";

export interface PlantHubHandlers {
  machineStatusChanged(status: MachineStatus): void;
  /** A watched line's live figure (after `WatchLine`). */
  lineLive(line: LineLive): void;
  /** A watched machine's live figure (after `WatchMachine`). */
  machineLive(machine: MachineLive): void;
  /** An andon call was raised, acknowledged, escalated or closed (anywhere in the plant). */
  andonChanged(call: AndonCall): void;
  stateChanged(state: HubState): void;
  /** Called on every (re)connection: changes pushed while disconnected are lost, so callers re-read a snapshot. */
  connected(): void;
  /** A start failed (server down, or the session ended: the negotiate call's status is not passed on to say which). */
  startFailed(): void;
}

export interface PlantHub {
  /** Calls a hub method; rejects when not connected or when the server has no such method. */
  invoke(method: string, ...args: unknown[]): Promise<void>;
  /** Disconnects and stays disconnected (signed out) until resume. */
  stop(): Promise<void>;
  /** Connects again after stop (signed in again). */
  resume(): void;
}

/** Connects to /hubs/plant and keeps trying for as long as the page is open. */
export function connectPlantHub(handlers: PlantHubHandlers, url = "/hubs/plant"): PlantHub {
  const connection: HubConnection = new HubConnectionBuilder()
    .withUrl(url)
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: (context) =>
        nextReconnectDelayMs(context.previousRetryCount, context.elapsedMilliseconds),
    })
    .configureLogging(LogLevel.Warning)
    .build();

  let stopped = false;
  let stopping: Promise<void> = Promise.resolve();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  // SignalR matches client method names case-insensitively; the server's typed hub sends PascalCase.
  connection.on("MachineStatusChanged", (status: MachineStatus) => handlers.machineStatusChanged(status));
  connection.on("LineLive", (line: LineLive) => handlers.lineLive(line));
  connection.on("MachineLive", (machine: MachineLive) => handlers.machineLive(machine));
  connection.on("AndonChanged", (call: AndonCall) => handlers.andonChanged(call));
  connection.onreconnecting(() => handlers.stateChanged("reconnecting"));
  connection.onreconnected(() => {
    handlers.stateChanged("live");
    handlers.connected();
  });
  connection.onclose(() => {
    if (stopped) return;
    handlers.stateChanged("offline");
    scheduleStart();
  });

  function scheduleStart(): void {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void start(), OFFLINE_RETRY_MS);
  }

  async function start(): Promise<void> {
    if (stopped) return;
    try {
      await stopping;
      if (stopped) return;
      await connection.start();
      handlers.stateChanged("live");
      handlers.connected();
    } catch {
      if (stopped) return;
      handlers.stateChanged("offline");
      handlers.startFailed();
      scheduleStart();
    }
  }

  handlers.stateChanged("connecting");
  void start();

  return {
    async invoke(method, ...args) {
      if (connection.state !== HubConnectionState.Connected) throw new Error("The hub is not connected.");
      await connection.invoke(method, ...args);
    },
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      stopping = connection.stop();
      await stopping;
    },
    resume() {
      if (!stopped) return;
      stopped = false;
      handlers.stateChanged("connecting");
      void start();
    },
  };
}
