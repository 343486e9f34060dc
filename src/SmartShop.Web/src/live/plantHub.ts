import { HubConnectionBuilder, LogLevel, type HubConnection } from "@microsoft/signalr";
import type { MachineStatus } from "../api/types.ts";
import { nextReconnectDelayMs, OFFLINE_RETRY_MS, type HubState } from "../logic/reconnect.ts";

export interface PlantHubHandlers {
  machineStatusChanged(status: MachineStatus): void;
  stateChanged(state: HubState): void;
  /** Called on every (re)connection: changes pushed while disconnected are lost, so callers re-read a snapshot. */
  connected(): void;
}

export interface PlantHub {
  stop(): Promise<void>;
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
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  connection.on("MachineStatusChanged", (status: MachineStatus) => handlers.machineStatusChanged(status));
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
      await connection.start();
      handlers.stateChanged("live");
      handlers.connected();
    } catch {
      if (stopped) return;
      handlers.stateChanged("offline");
      scheduleStart();
    }
  }

  handlers.stateChanged("connecting");
  void start();

  return {
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await connection.stop();
    },
  };
}
