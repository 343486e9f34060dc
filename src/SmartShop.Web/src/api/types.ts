// Wire shapes of SmartShop.Server (JSON, camelCase). Keep in step with the server's records.

export const MACHINE_STATES = [
  "Running",
  "Idle",
  "Setup",
  "Down",
  "Starved",
  "Blocked",
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

/** Which minor-stop convention a KPI set uses (OEE.md rule 2): ISO counts recorded minor stops in ADET, the
 * threshold convention counts stops under the machine's threshold as production time (a performance loss). */
export const CONVENTIONS = ["iso", "threshold"] as const;
export type Convention = (typeof CONVENTIONS)[number];

/** ISO 22400-2 time elements, in seconds. PBT = ADOT + ADET + AUST + APT + noData; POT = PBT + PDOT. */
export interface OeeElements {
  pot: number;
  pdot: number;
  pbt: number;
  adot: number;
  adet: number;
  aust: number;
  apt: number;
  aupt: number;
  /** Planned busy time in which the machine's state was not known (counted in PBT, lowers availability). */
  noData: number;
  /** Minor-stop time; part of ADET under ISO, moved to APT under the threshold convention. */
  microStopTime: number;
  /** Time outside planned operation (no shift, holiday): in no KPI. */
  notPlanned: number;
}

export interface OeeQuantities {
  produced: number;
  good: number;
  scrap: number;
  /** Σ PRU × PQ over units with a known ideal cycle time, in seconds. */
  idealSeconds: number;
  withoutIdealTime: number;
  notPlanned: number;
  microStops: number;
  failures: number;
}

/** KPIs of one convention: ratios as fractions (0.85 = 85 %), null when undefined (never 0). */
export interface OeeKpiFigures {
  convention: string;
  availability: number | null;
  /** May exceed 1 (ideal cycle time slower than the machine): shown raw and flagged. */
  effectiveness: number | null;
  quality: number | null;
  oee: number | null;
  nee: number | null;
  technicalEfficiency: number | null;
  setupRate: number | null;
  scrapRatio: number | null;
  mtbfSeconds: number | null;
  mttrSeconds: number | null;
}

export const DATA_HEALTH_ISSUES = [
  "connectionGap",
  "effectivenessAbove100",
  "clockSkew",
  "staleCounter",
  "unclassifiedStops",
  "unitsWithoutIdealTime",
  "productionWithoutOrder",
] as const;

export type DataHealthIssue = (typeof DATA_HEALTH_ISSUES)[number];

export interface DataHealthFigures {
  healthy: boolean;
  /** DataHealthIssue names; typed as string because a newer server may add issues. */
  issues: string[];
  noDataSeconds: number;
  clockSkewSeconds: number | null;
  unclassifiedStops: number;
  unitsWithoutIdealTime: number;
  productionWithoutOrderSeconds: number;
}

export interface OeeFigure {
  elements: OeeElements;
  quantities: OeeQuantities;
  iso: OeeKpiFigures;
  threshold: OeeKpiFigures;
  health: DataHealthFigures;
}

/** GET /api/machines/{id}/live and the hub's machineLive: the machine's current shift, unsettled time included. */
export interface MachineLive {
  status: MachineStatus;
  orderId: string | null;
  productId: string | null;
  idealCycleSeconds: number | null;
  shiftId: string | null;
  /** yyyy-MM-dd */
  productionDay: string;
  figure: OeeFigure;
  lastCountAt: string | null;
  lastCycleSeconds: number | null;
  energyKwh: number | null;
  /** Start of the current shift (ISO instant). Not in the server's contract yet; used when present. */
  shiftStart?: string | null;
}

/** GET /api/lines/{id}/live and the hub's lineLive: the line's figure is counted at its constraint machine. */
export interface LineLive {
  lineId: string;
  constraintMachineId: string | null;
  figure: OeeFigure;
  machines: MachineLive[];
}

/** An area's or the plant's live figure: its lines' elements and quantities summed by the server, then divided. */
export interface ScopeLive {
  scope: "area" | "plant";
  id: string;
  figure: OeeFigure;
  lines: LineLive[];
}

/** One settled interval of a machine's state timeline. */
export interface TimelineEntry {
  start: string;
  end: string;
  state: string;
  /** TimeElement name: NotPlanned, PlannedDownTime, UnitDownTime, UnitDelayTime, SetupTime, ProductionTime, NoData. */
  element: string;
  microStop: boolean;
  shiftId: string | null;
  orderId: string | null;
  productId: string | null;
  good: number;
  scrap: number;
}

export type OeeScope = "machines" | "lines" | "areas" | "sites" | "plant";
export type OeeGroupBy = "none" | "shift" | "day" | "week" | "product" | "order" | "machine";

export interface OeeGroup {
  key: string;
  productionDay: string | null;
  shiftId: string | null;
  productId: string | null;
  orderId: string | null;
  machineId: string | null;
  figure: OeeFigure;
}

export interface OeeHistory {
  scope: string;
  id: string;
  from: string;
  to: string;
  groupBy: string;
  countedMachines: string[];
  groups: OeeGroup[];
}

/** One reason of the downtime Pareto; key "unclassified" for stops without a reason. */
export interface ParetoEntry {
  key: string;
  reason: string;
  code: number | null;
  count: number;
  seconds: number;
  microStops: number;
}
