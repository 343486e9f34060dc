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
  /** The stop the machine is in now, if any (its id in the downtime API). */
  stopId?: number | null;
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
  /** The tree reason, rolled up to the asked depth; null for PLC texts and unclassified. */
  reasonId?: string | null;
  /** Names from the top of the reason tree down to the reason. */
  path?: string[];
  /** reason, plc or unclassified. */
  kind?: string;
}

/** Where a stop part's reason comes from: a person (manual), the PLC's code (plc), or nowhere (none). */
export const REASON_SOURCES = ["manual", "plc", "none"] as const;
export type ReasonSource = (typeof REASON_SOURCES)[number];

/** GET /api/downtime/{scope}/{id}: a stop, or one part of a split stop, with its effective reason. */
export interface DowntimeEvent {
  machineId: string;
  stopId: number;
  /** 0 for the part starting with the stop; n for the part the n-th split created. */
  part: number;
  /** How many parts the stop has (1 unless split). */
  parts: number;
  start: string;
  /** Null while the stop lasts. */
  end: string | null;
  /** The part's time inside the query window. */
  seconds: number;
  state: string;
  orderId: string | null;
  microStop: boolean;
  code: number | null;
  /** The reason's name or the PLC code's text; null when unclassified. */
  reason: string | null;
  reasonId: string | null;
  reasonPath: string[];
  /** manual, plc or none; typed as string because a newer server may add sources. */
  reasonSource: string;
  classifiedBy: string | null;
  classifiedAt: string | null;
  /** What the plant file says the PLC code means, whatever the effective reason. Older servers leave it out. */
  plcReason?: string | null;
}

/** GET /api/downtime/unclassified/{scope}/{id}: stop parts without any reason that lasted longer than the threshold. */
export interface UnclassifiedStops {
  unclassifiedAfterSeconds: number;
  stops: DowntimeEvent[];
}

/** A reason a terminal offers; `selectable` is false for a group shown only to hold offered reasons below it. */
export interface ReasonNode {
  /** The full id, e.g. unplanned.material.starved: what classify and split take. */
  id: string;
  name: string;
  selectable: boolean;
  children: ReasonNode[];
}

/** GET /api/downtime/reasons?machineId=: the part of the reason tree offered for the machine's type. */
export interface ReasonTree {
  machineId: string | null;
  machineType: string | null;
  reasons: ReasonNode[];
}

export interface StopPart {
  part: number;
  start: string;
  end: string | null;
  seconds: number;
  reasonId: string | null;
  reason: string | null;
  reasonPath: string[];
  reasonSource: string;
  classifiedBy: string | null;
  classifiedAt: string | null;
}

/** One entry of a stop's reason ledger: who changed which part when, from which reason to which, and why. */
export interface ReasonChange {
  seq: number;
  /** classify or split. */
  kind: string;
  /** classify: the part classified; split: the new part, from splitAt on. */
  part: number;
  splitAt: string | null;
  oldReasonId: string | null;
  oldReason: string | null;
  oldSource: string;
  newReasonId: string;
  newReason: string;
  at: string;
  by: string;
  why: string;
  /** Who signed the change, when it changed a reason a person had chosen (a reclassification). Older servers leave it out. */
  signedBy?: string | null;
  signatureMeaning?: string | null;
}

/** GET …/stops/{stopId}/history and the answer to classify and split: the stop, its parts and its ledger. */
export interface StopReasons {
  machineId: string;
  stopId: number;
  start: string;
  end: string | null;
  state: string;
  orderId: string | null;
  microStop: boolean;
  code: number | null;
  plcReason: string | null;
  plcReasonId: string | null;
  parts: StopPart[];
  history: ReasonChange[];
}

/** Who classified is the signed-in user: the server takes it from the session, not from the request. */
export interface ClassifyStopRequest {
  reasonId: string;
  /** Required once the stop is split. */
  part: number | null;
  why: string;
  /** Required when the part's reason was chosen by a person (a reclassification). */
  signature?: SignatureRequest | null;
}

export interface SplitStopRequest {
  /** ISO 8601 with an offset, strictly inside a part of the ended stop. */
  at: string;
  reasonIdAfter: string;
  why: string;
  /** Required when the part split had a reason chosen by a person (its second half is reclassified). */
  signature?: SignatureRequest | null;
}

/** POST /api/auth/sign-in: a user name with a password or a PIN, or a badge code alone. */
export interface SignInRequest {
  userName?: string;
  password?: string;
  pin?: string;
  badge?: string;
}

/** GET /api/auth/me and the answer to sign-in: who is signed in. An API key's userName is api:NAME. */
export interface SignedInUser {
  userName: string;
  displayName: string;
  roles: string[];
}

/** The lifecycle words the server uses (SmartShop.Core/WorkOrders/WorkOrderLifecycle.cs). */
export type WorkOrderStatus = "created" | "released" | "running" | "paused" | "completed" | "closed" | "cancelled";
export type WorkOrderAction = "release" | "start" | "pause" | "resume" | "complete" | "close" | "cancel";

/** A row of GET /api/work-orders. */
export interface WorkOrderSummary {
  id: string;
  product: string;
  quantity: number;
  unit: string;
  dueAt: string | null;
  priority: number;
  /** A WorkOrderStatus; typed as string because a newer server may add statuses. */
  status: string;
  /** Each operation's machine or line id, in routing order. */
  targets: string[];
  /** Units counted at the output, as the order's own page counts them; null before release (and in a station's queue). */
  progress: WorkOrderCounts | null;
}

/** An order's units at its output in the list (GET /api/work-orders). */
export interface WorkOrderCounts {
  good: number;
  scrap: number;
  /** Good units still wanted of the quantity (never below 0). */
  remaining: number;
  /** 0-100: good units of the quantity. */
  percent: number;
}

export interface WorkOrderOperation {
  sequence: number;
  name: string;
  lineId: string | null;
  machineId: string | null;
}

export interface WorkOrderBomItem {
  material: string;
  quantityPerUnit: number;
  unit: string;
  operationSequence: number | null;
}

/** One step of an order's history (the audit trail), with the electronic signature where one was given. */
export interface WorkOrderHistoryEntry {
  seq: number;
  at: string;
  userName: string;
  /** e.g. work-order.create, work-order.release. */
  action: string;
  why: string | null;
  signedBy: string | null;
  signatureMeaning: string | null;
}

/** What one machine answered to a job command. */
export interface MachineDispatch {
  machineId: string;
  interface: string;
  command: string;
  accepted: boolean;
  /** False when nothing was sent (the machine has no such command, or could not be reached). */
  sent: boolean;
  message: string;
  at: string;
}

export interface WorkOrderProgress {
  good: number;
  scrap: number;
  quantity: number;
  remaining: number;
  /** 0-100: good units of the quantity. */
  percent: number;
  outputMachines: string[];
  /** Machines whose PLC reports the order as their current job. */
  running: string[];
  lastDispatch: MachineDispatch[];
}

/** GET /api/work-orders/{id} and the answer to create and to every action. */
export interface WorkOrder {
  id: string;
  product: string;
  quantity: number;
  unit: string;
  dueAt: string | null;
  priority: number;
  description: string | null;
  status: string;
  /** Sent back with an action so that a change made meanwhile is refused (409) rather than overwritten. */
  version: number;
  allowedActions: string[];
  createdAt: string;
  createdBy: string;
  releasedAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  operations: WorkOrderOperation[];
  bom: WorkOrderBomItem[];
  history: WorkOrderHistoryEntry[];
  /** Once released. */
  progress: WorkOrderProgress | null;
}

export interface WorkOrderOperationDraft {
  sequence?: number | null;
  name?: string | null;
  lineId?: string | null;
  machineId?: string | null;
}

export interface WorkOrderBomDraft {
  material: string;
  quantityPerUnit: number | null;
  unit: string;
  operationSequence?: number | null;
}

/** POST /api/work-orders: either lineId (a one-operation order on a line) or operations. */
export interface WorkOrderRequest {
  id: string;
  product: string;
  quantity: number | null;
  unit: string;
  /** ISO 8601 with an offset. */
  dueAt?: string | null;
  priority?: number | null;
  description?: string | null;
  lineId?: string | null;
  operations?: WorkOrderOperationDraft[] | null;
  bom?: WorkOrderBomDraft[] | null;
}

/** An electronic signature: the signer's own user name with their password or PIN again, and what it means. */
export interface SignatureRequest {
  userName: string;
  password?: string;
  pin?: string;
  meaning?: string;
}

export interface WorkOrderActionRequest {
  why?: string | null;
  signature?: SignatureRequest | null;
  version?: number;
}

/** POST /api/work-orders/import: the orders created and those that existed already with the same content. */
export interface WorkOrderImportResult {
  created: string[];
  unchanged: string[];
}

/** GET /api/stations: a place an operator terminal serves, a whole line or one machine. */
export interface StationSummary {
  id: string;
  /** line or machine. */
  kind: string;
  name: string;
  lineId: string;
  lineName: string;
  machineIds: string[];
}

/** A reason of the machine type's short list: one tap on the terminal. */
export interface ShortReason {
  /** The full id classify takes (any level of the tree may be picked). */
  id: string;
  name: string;
  /** Names from the top of the reason tree down to it. */
  path: string[];
}

export interface StationMachine {
  id: string;
  name: string;
  state: string;
  since: string;
  reason: string | null;
  source: string;
  /** The stop in progress, if the machine is stopped. */
  stopId: number | null;
  /** The stop has no reason yet, neither from the PLC nor from a person: the terminal asks. */
  stopNeedsReason: boolean;
  /** Units per hour at the last cycle time. */
  ratePerHour: number | null;
  goodThisShift: number;
  scrapThisShift: number;
  /** The order the PLC reports as its job. */
  plcJob: string | null;
  reasons: ShortReason[];
}

/** POST /api/andon and every change of a call (also pushed by the hub as AndonChanged). */
export interface AndonCall {
  id: number;
  station: string;
  /** maintenance, quality or material. */
  kind: string;
  note: string | null;
  /** open, acknowledged or closed. */
  status: string;
  /** 0 as raised; 1, 2, … each time it escalated while nobody acknowledged. */
  level: number;
  escalatedTo: string | null;
  raisedAt: string;
  raisedBy: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  closedAt: string | null;
  closedBy: string | null;
  resolution: string | null;
  nextEscalationAt: string | null;
}

export interface HandoverNote {
  id: number;
  station: string;
  shiftId: string | null;
  /** yyyy-MM-dd */
  productionDay: string | null;
  text: string;
  writtenAt: string;
  writtenBy: string;
}

/** GET /api/stations/{id}: everything a station's terminal shows. */
export interface Station {
  station: StationSummary;
  machines: StationMachine[];
  /** The order running (or paused) here, else the next released one. */
  order: WorkOrder | null;
  /** Released orders waiting for this station, most urgent first. */
  queue: WorkOrderSummary[];
  /** Calls not closed, oldest first. */
  andon: AndonCall[];
  /** The latest handover notes, newest first. */
  handover: HandoverNote[];
  shiftId: string | null;
  /** Far in the future for a station without a shift calendar (24/7). */
  shiftEnd: string;
  /** Units of the order recorded at this station's machines (the actual count where no PLC counts); null without an order. */
  orderUnits: { good: number; scrap: number } | null;
}

/** POST /api/work-orders/{id}/units: a finished unit; the server issues a serial when none is given. */
export interface CompleteUnitRequest {
  serial: string | null;
  /** good or scrap. */
  quality: "good" | "scrap";
  /** Required for scrap. */
  scrapReason: string | null;
  components: { lot: string }[];
  /** The operation it was made at (default: the order's last). */
  operationSequence?: number;
  /** The machine (default: the operation's machine, or its line's last). */
  machineId?: string;
}

export interface UnitRecorded {
  serial: string;
  orderId: string;
  quality: string;
  scrapReason: string | null;
  producedAt: string;
}

export const ANDON_KINDS = ["maintenance", "quality", "material"] as const;
export type AndonKind = (typeof ANDON_KINDS)[number];

/** The statuses of a lot (SmartShop.Core/Traceability): quality holds or blocks a lot; a used-up lot is consumed. */
export const LOT_STATUSES = ["released", "quarantined", "blocked", "consumed"] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

/** GET /api/lots/{id} and the answers to receiving, status changes, splits and merges. */
export interface Lot {
  id: string;
  material: string;
  quantity: number;
  remaining: number;
  unit: string;
  /** A LotStatus; typed as string because a newer server may add statuses. */
  status: string;
  /** received, split or merge. */
  origin: string;
  supplier: string | null;
  supplierLot: string | null;
  createdAt: string;
  createdBy: string;
}

/** What the lot list is filtered by: held is quarantined or blocked; null fields filter nothing. */
export const LOT_LIST_STATUSES = ["held", "released", "quarantined", "blocked"] as const;
export type LotListStatus = (typeof LOT_LIST_STATUSES)[number];

export interface LotListFilter {
  status: LotListStatus | null;
  /** An exact material code. */
  material: string | null;
}

/** GET /api/lots: a page of lots, newest first. */
export interface LotPage {
  items: Lot[];
  /** Passed back as `before` for the page after this one; null on the last page. */
  next: string | null;
}

/** POST /api/lots: the code is generated from the lot pattern when left out. */
export interface ReceiveLotRequest {
  id?: string | null;
  material: string;
  quantity: number | null;
  unit: string;
  supplier?: string | null;
  supplierLot?: string | null;
  /** released (default) or quarantined (waiting for incoming inspection). */
  status?: string | null;
}

/** POST /api/lots/{id}/status (quality): released, quarantined or blocked, and why (required). */
export interface LotStatusRequest {
  status: string;
  why: string;
}

export interface LotPartRequest {
  id?: string | null;
  quantity?: number | null;
}

/** POST /api/lots/{id}/split: new lots' codes are generated when left out; each quantity is required. */
export interface SplitLotRequest {
  parts: LotPartRequest[];
}

/** POST /api/lots/merge: each source lot's code is required, its quantity optional (all that is left). */
export interface MergeLotsRequest {
  id?: string | null;
  sources: LotPartRequest[];
}

/** How much of a lot went into a unit or a lot, when, where and by whom. */
export interface ConsumedLot {
  lot: string;
  material: string;
  quantity: number;
  unit: string;
  at: string;
  by: string;
  machineId: string | null;
  operationSequence: number | null;
  /** consume, split or merge. */
  kind: string;
}

/** GET /api/units/{serial}, a unit of GET /api/work-orders/{id}/units and the unit of a backward trace. */
export interface Unit {
  serial: string;
  orderId: string;
  product: string;
  operationSequence: number | null;
  machineId: string | null;
  operator: string;
  producedAt: string;
  /** good or scrap. */
  quality: string;
  scrapReason: string | null;
  /** The machine's values when the unit was made (a JSON object). */
  processValues: Record<string, unknown> | null;
  case: string | null;
  pallet: string | null;
  components: ConsumedLot[];
}

/** GET /api/work-orders/{id}/units: the newest units (at most the limit) and how many the order has in all. */
export interface OrderUnits {
  unitCount: number;
  good: number;
  scrap: number;
  /** Units of neither good nor scrap quality. */
  other: number;
  units: Unit[];
}

/** One step of a genealogy: the source lot went into a unit or a lot. */
export interface TraceLink {
  /** consume, split or merge. */
  kind: string;
  sourceLot: string;
  /** unit or lot. */
  intoKind: string;
  into: string;
  quantity: number;
  unit: string;
  at: string;
  by: string;
  orderId: string | null;
  machineId: string | null;
  operationSequence: number | null;
  /** 1 for what went straight in, 2 for what went into that, and so on. */
  depth: number;
}

/** GET /api/trace/units/{serial} and /api/trace/lots/{id}/backward. */
export interface BackwardTrace {
  /** unit or lot. */
  kind: string;
  id: string;
  unit: Unit | null;
  /** Every consumption, split and merge upstream, nearest first. */
  links: TraceLink[];
  /** Every lot upstream, with its supplier. */
  lots: Lot[];
}

/** GET /api/trace/lots/{id}/forward: the recall scope of a lot. */
export interface ForwardTrace {
  lot: string;
  derivedLots: string[];
  /** All units; `units` lists the first ones (the request's limit). */
  unitCount: number;
  units: string[];
  orders: string[];
  cases: string[];
  pallets: string[];
}

/** GET /api/users: a person and which sign-in methods they have (never the secrets). */
export interface UserAccount {
  userName: string;
  displayName: string;
  roles: string[];
  active: boolean;
  hasPassword: boolean;
  hasPin: boolean;
  hasBadge: boolean;
}

/** POST /api/users. */
export interface CreateUserRequest {
  userName: string;
  displayName: string;
  roles: string[];
  password?: string;
  pin?: string;
  badge?: string;
}

/** PUT /api/users/{userName}: only the fields given change; any change ends the user's sessions. */
export interface UpdateUserRequest {
  displayName?: string;
  roles?: string[];
  password?: string;
  pin?: string;
  badge?: string;
  active?: boolean;
}

/** GET /api/audit: one change of record. `old` and `new` are the record before and after, as JSON text. */
export interface AuditEntry {
  seq: number;
  at: string;
  userName: string;
  /** entity-type.verb, e.g. work-order.release. */
  action: string;
  entityType: string;
  entityId: string;
  old: string | null;
  new: string | null;
  why: string | null;
  signedBy: string | null;
  signatureMeaning: string | null;
  hash: string;
}

/** GET /api/audit/verify: the hash chain recomputed. */
export interface AuditVerify {
  intact: boolean;
  entries: number;
  headSeq: number;
  headHash: string;
  firstBreak: { seq: number; problem: string } | null;
}
