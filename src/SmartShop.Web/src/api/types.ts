// Wire shapes of SmartShop.Server (JSON, camelCase). Keep in step with the server's records.

export const MACHINE_STATES = [
  "Running",
  "Idle",
  "Setup",
  "Down",
  "PlannedDown",
  "Disconnected",
  "Unknown",
] as const;

export type MachineState = (typeof MACHINE_STATES)[number];

export type StatusSource = "manual" | "plc" | "none";

export interface MachineStatus {
  machineId: string;
  /** One of MACHINE_STATES; typed as string because a newer server may add states. */
  state: string;
  /** ISO 8601 instant (UTC) at which the machine entered this state. */
  since: string;
  reason: string | null;
  source: string;
}

export interface IdealCycleTime {
  product: string;
  seconds: number;
}

export interface Machine {
  id: string;
  name: string;
  type: string;
  endpoint: string | null;
  microStopThresholdSeconds: number;
  idealCycleTimes: IdealCycleTime[];
  signals: Record<string, string | null>;
}

export interface WorkCell {
  id: string;
  name: string;
  machines: Machine[];
}

export interface Line {
  id: string;
  name: string;
  constraintMachineId: string | null;
  workCells: WorkCell[];
  /** Machines directly on the line, not in a work cell. */
  machines: Machine[];
}

export interface Area {
  id: string;
  name: string;
  lines: Line[];
}

export interface Site {
  id: string;
  name: string;
  /** IANA zone, e.g. "Asia/Shanghai". */
  timeZone: string;
  areas: Area[];
}

export interface MachineType {
  id: string;
  name: string;
  stateModel: string;
}

export interface Plant {
  source: { file: string; sha256: string; loadedAt: string };
  enterprise: { id: string; name: string };
  machineTypes: MachineType[];
  sites: Site[];
}

/** RFC 9457 problem details as ASP.NET Core writes them; `errors` only on validation problems. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: Record<string, string[]>;
}
