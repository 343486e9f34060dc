import type {
  AuditEntry,
  AuditVerify,
  BackwardTrace,
  ClassifyStopRequest,
  CreateUserRequest,
  ForwardTrace,
  Lot,
  LotListFilter,
  LotPage,
  LotStatusRequest,
  MergeLotsRequest,
  OrderUnits,
  ReceiveLotRequest,
  SplitLotRequest,
  Unit,
  UpdateUserRequest,
  UserAccount,
  DowntimeEvent,
  LineLive,
  MachineLive,
  MachineStatus,
  OeeGroupBy,
  OeeHistory,
  OeeScope,
  ParetoEntry,
  Plant,
  ReasonTree,
  ScopeLive,
  SignedInUser,
  SignInRequest,
  SplitStopRequest,
  Station,
  StationSummary,
  StopReasons,
  TimelineEntry,
  UnclassifiedStops,
  WorkOrder,
  WorkOrderAction,
  WorkOrderActionRequest,
  WorkOrderImportResult,
  WorkOrderRequest,
  WorkOrderSummary,
} from "./types.ts";
import { auditQuery } from "../logic/audit.ts";
import { ApiError, problemFromResponse } from "../logic/problem.ts";
import type { AuditFilter, OrderFilter } from "../logic/route.ts";
import { historyPath } from "../logic/trend.ts";
import { listQuery } from "../logic/workOrders.ts";

let unauthorized: () => void = () => undefined;

/**
 * Called whenever the server answers 401 (the session ended: signed out elsewhere, expired, or the user was changed):
 * the app takes the person to the sign-in page. Signing in itself answers 401 for wrong credentials and does not call it.
 */
export function onUnauthorized(handler: () => void): void {
  unauthorized = handler;
}

interface SendOptions {
  /** The caller handles a 401 itself (signing in). */
  own401?: boolean;
  /** The request's own status codes matter (201 vs 200). */
  status?: (code: number) => void;
  /** Extra request headers (the terminal's Idempotency-Key). */
  headers?: Record<string, string>;
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return send<T>(path, { headers: { Accept: "application/json" }, signal });
}

async function postJson<T>(path: string, body: unknown, options: SendOptions = {}): Promise<T> {
  return send<T>(
    path,
    {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json", ...options.headers },
      body: JSON.stringify(body),
    },
    options,
  );
}

async function putJson<T>(path: string, body: unknown): Promise<T> {
  return send<T>(path, { method: "PUT", headers: { Accept: "application/json", "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

async function send<T>(path: string, init: RequestInit, options: SendOptions = {}): Promise<T> {
  const signal = init.signal;
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (signal?.aborted) throw error;
    // fetch rejects only when no HTTP answer came back (server down, network cut).
    throw new ApiError({ status: 0, title: "Network error", detail: null, errors: [], fields: {} });
  }
  if (!response.ok) {
    const problem = problemFromResponse(response.status, response.statusText, await response.text());
    if (response.status === 401 && !options.own401) unauthorized();
    throw new ApiError(problem);
  }
  options.status?.(response.status);
  if (response.status === 204) return undefined as T;
  // The server answers unknown paths with the UI's index.html (SPA fallback), so an API the server does not have
  // yet comes back as 200 text/html: that is a 404 for the caller.
  if (!(response.headers.get("content-type") ?? "").includes("json")) {
    throw new ApiError({ status: 404, title: "Not available", detail: `${path} is not served by this server.`, errors: [], fields: {} });
  }
  return (await response.json()) as T;
}

const id = encodeURIComponent;

export const getPlant = (): Promise<Plant> => getJson<Plant>("/api/plant");

export const getMachineStatuses = (): Promise<MachineStatus[]> => getJson<MachineStatus[]>("/api/machines/status");

export const getMachineLive = (machineId: string, signal?: AbortSignal): Promise<MachineLive> =>
  getJson<MachineLive>(`/api/machines/${id(machineId)}/live`, signal);

export const getLineLive = (lineId: string, signal?: AbortSignal): Promise<LineLive> =>
  getJson<LineLive>(`/api/lines/${id(lineId)}/live`, signal);

/** An area's or the plant's live figure, summed by the server from its lines (each at its constraint machine). */
export const getAreaLive = (areaId: string, signal?: AbortSignal): Promise<ScopeLive> =>
  getJson<ScopeLive>(`/api/areas/${id(areaId)}/live`, signal);

export const getPlantLive = (signal?: AbortSignal): Promise<ScopeLive> => getJson<ScopeLive>("/api/plant/live", signal);

export const getTimeline = (machineId: string, from: string, to: string, signal?: AbortSignal): Promise<TimelineEntry[]> =>
  getJson<TimelineEntry[]>(`/api/machines/${id(machineId)}/timeline?${new URLSearchParams({ from, to }).toString()}`, signal);

export const getOeeHistory = (
  scope: OeeScope,
  scopeId: string,
  window: { from: string; to: string },
  groupBy: OeeGroupBy,
  signal?: AbortSignal,
): Promise<OeeHistory> => getJson<OeeHistory>(historyPath(scope, scopeId, window, groupBy), signal);

/** `depth` rolls tree reasons up to that level (1 = top level); null keeps each reason as classified (the leaves). */
export const getPareto = (
  scope: OeeScope,
  scopeId: string,
  from: string,
  to: string,
  depth: number | null = null,
  signal?: AbortSignal,
): Promise<ParetoEntry[]> => {
  const query = new URLSearchParams({ from, to });
  if (depth !== null) query.set("depth", String(depth));
  return getJson<ParetoEntry[]>(`/api/downtime/pareto/${scope}/${id(scopeId)}?${query.toString()}`, signal);
};

/** Stops (one entry per part of a split stop) of a machine, line, area, site or the plant (scope "plant", any id). */
export const getStops = (scope: OeeScope, scopeId: string, from: string, to: string, signal?: AbortSignal): Promise<DowntimeEvent[]> =>
  getJson<DowntimeEvent[]>(`/api/downtime/${scope}/${id(scopeId)}?${new URLSearchParams({ from, to }).toString()}`, signal);

/** The follow-up list: stop parts without any reason that lasted longer than the server's threshold. */
export const getUnclassifiedStops = (scope: OeeScope, scopeId: string, from: string, to: string, signal?: AbortSignal): Promise<UnclassifiedStops> =>
  getJson<UnclassifiedStops>(`/api/downtime/unclassified/${scope}/${id(scopeId)}?${new URLSearchParams({ from, to }).toString()}`, signal);

export const getReasonTree = (machineId: string, signal?: AbortSignal): Promise<ReasonTree> =>
  getJson<ReasonTree>(`/api/downtime/reasons?${new URLSearchParams({ machineId }).toString()}`, signal);

const stopPath = (machineId: string, stopId: number): string => `/api/downtime/machines/${id(machineId)}/stops/${stopId}`;

export const getStopHistory = (machineId: string, stopId: number, signal?: AbortSignal): Promise<StopReasons> =>
  getJson<StopReasons>(`${stopPath(machineId, stopId)}/history`, signal);

export const classifyStop = (machineId: string, stopId: number, request: ClassifyStopRequest): Promise<StopReasons> =>
  postJson<StopReasons>(`${stopPath(machineId, stopId)}/classify`, request);

export const splitStop = (machineId: string, stopId: number, request: SplitStopRequest): Promise<StopReasons> =>
  postJson<StopReasons>(`${stopPath(machineId, stopId)}/split`, request);

/** Who is signed in; 401 when nobody is (which, like any 401, takes the page to sign-in). */
export const getMe = (signal?: AbortSignal): Promise<SignedInUser> => getJson<SignedInUser>("/api/auth/me", signal);

/** Signs in (the server sets the session cookie); a 401 here is wrong credentials, a lock or a deactivated user. */
export const signIn = (request: SignInRequest): Promise<SignedInUser> => postJson<SignedInUser>("/api/auth/sign-in", request, { own401: true });

export const signOut = (): Promise<void> => postJson<void>("/api/auth/sign-out", {}, { own401: true });

export const getWorkOrders = (filter: OrderFilter, signal?: AbortSignal): Promise<WorkOrderSummary[]> =>
  getJson<WorkOrderSummary[]>(`/api/work-orders?${listQuery(filter)}`, signal);

export const getWorkOrder = (orderId: string, signal?: AbortSignal): Promise<WorkOrder> => getJson<WorkOrder>(`/api/work-orders/${id(orderId)}`, signal);

/** Creates an order; `created` is false when the same order existed already (sending it again changes nothing). */
export async function createWorkOrder(request: WorkOrderRequest): Promise<{ order: WorkOrder; created: boolean }> {
  let code = 0;
  const order = await postJson<WorkOrder>("/api/work-orders", request, { status: (c) => (code = c) });
  return { order, created: code === 201 };
}

export const workOrderAction = (orderId: string, action: WorkOrderAction, request: WorkOrderActionRequest): Promise<WorkOrder> =>
  postJson<WorkOrder>(`/api/work-orders/${id(orderId)}/${action}`, request);

/** Uploads a CSV or JSON file of orders (a multipart form with the one file): all or nothing. */
export const importWorkOrders = (file: File): Promise<WorkOrderImportResult> => {
  const form = new FormData();
  form.append("file", file, file.name);
  return send<WorkOrderImportResult>("/api/work-orders/import", { method: "POST", headers: { Accept: "application/json" }, body: form });
};

/** A unit: order, operation, machine, operator, time, quality, process values, components, case and pallet. */
export const getUnit = (serial: string, signal?: AbortSignal): Promise<Unit> => getJson<Unit>(`/api/units/${id(serial)}`, signal);

/** The order's units, newest first (at most `limit`, 1-1000), with how many it has in all. */
export const getOrderUnits = (orderId: string, limit: number, signal?: AbortSignal): Promise<OrderUnits> =>
  getJson<OrderUnits>(`/api/work-orders/${id(orderId)}/units?limit=${limit}`, signal);

/** Where the order's GS1 EPCIS 2.0 document (JSON-LD) is downloaded from. */
export const epcisPath = (orderId: string): string => `/api/trace/epcis?${new URLSearchParams({ orderId }).toString()}`;

/** Backward trace of a unit: what went into it (lots, and the lots those came from), where, when and by whom. */
export const getUnitTrace = (serial: string, signal?: AbortSignal): Promise<BackwardTrace> =>
  getJson<BackwardTrace>(`/api/trace/units/${id(serial)}`, signal);

/** Backward trace of a lot: the lots it was split or merged from. */
export const getLotBackward = (lotId: string, signal?: AbortSignal): Promise<BackwardTrace> =>
  getJson<BackwardTrace>(`/api/trace/lots/${id(lotId)}/backward`, signal);

/** Forward trace of a lot (the recall scope), listing at most `limit` unit serials (1-100000); the count is complete. */
export const getLotForward = (lotId: string, limit: number, signal?: AbortSignal): Promise<ForwardTrace> =>
  getJson<ForwardTrace>(`/api/trace/lots/${id(lotId)}/forward?limit=${limit}`, signal);

/** Lots newest first, `limit` (1-500) at a time; `before` is the previous page's `next` (null: the first page). */
export const getLots = (filter: LotListFilter, before: string | null, limit: number, signal?: AbortSignal): Promise<LotPage> => {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filter.status) query.set("status", filter.status);
  if (filter.material) query.set("material", filter.material);
  if (before) query.set("before", before);
  return getJson<LotPage>(`/api/lots?${query.toString()}`, signal);
};

export const getLot = (lotId: string, signal?: AbortSignal): Promise<Lot> => getJson<Lot>(`/api/lots/${id(lotId)}`, signal);

export const receiveLot = (request: ReceiveLotRequest): Promise<Lot> => postJson<Lot>("/api/lots", request);

export const setLotStatus = (lotId: string, request: LotStatusRequest): Promise<Lot> => postJson<Lot>(`/api/lots/${id(lotId)}/status`, request);

/** Splits parts off a lot; answers with the new lots. */
export const splitLot = (lotId: string, request: SplitLotRequest): Promise<Lot[]> => postJson<Lot[]>(`/api/lots/${id(lotId)}/split`, request);

/** Merges lots of one material; answers with the new lot (alone in the list). */
export const mergeLots = (request: MergeLotsRequest): Promise<Lot[]> => postJson<Lot[]>("/api/lots/merge", request);

export const getUsers = (signal?: AbortSignal): Promise<UserAccount[]> => getJson<UserAccount[]>("/api/users", signal);

export const createUser = (request: CreateUserRequest): Promise<UserAccount> => postJson<UserAccount>("/api/users", request);

export const updateUser = (userName: string, request: UpdateUserRequest): Promise<UserAccount> =>
  putJson<UserAccount>(`/api/users/${id(userName)}`, request);

/** Audit-trail entries, newest first, filtered by record, user and time (instants as ISO 8601 with an offset). */
export const getAudit = (filter: AuditFilter, from: string | null, to: string | null, limit: number, signal?: AbortSignal): Promise<AuditEntry[]> =>
  getJson<AuditEntry[]>(`/api/audit?${auditQuery(filter, from, to, limit)}`, signal);

export const verifyAudit = (signal?: AbortSignal): Promise<AuditVerify> => getJson<AuditVerify>("/api/audit/verify", signal);

/** The stations a terminal can serve: every line and every machine. */
export const getStations = (signal?: AbortSignal): Promise<StationSummary[]> => getJson<StationSummary[]>("/api/stations", signal);

/** A station's current order, machines, stop reasons, andon calls and handover notes. */
export const getStation = (stationId: string, signal?: AbortSignal): Promise<Station> => getJson<Station>(`/api/stations/${id(stationId)}`, signal);

/**
 * Sends an action from the terminal's outbox with its Idempotency-Key: the server applies it once and answers a
 * repeat with the first answer.
 */
export const postAction = <T>(path: string, body: unknown, idempotencyKey: string): Promise<T> =>
  postJson<T>(path, body, { headers: { "Idempotency-Key": idempotencyKey } });

/** The API paths of the terminal's actions (what the outbox stores with each action). */
export const actionPaths = {
  order: (orderId: string, action: WorkOrderAction): string => `/api/work-orders/${id(orderId)}/${action}`,
  units: (orderId: string): string => `/api/work-orders/${id(orderId)}/units`,
  classify: (machineId: string, stopId: number): string => `${stopPath(machineId, stopId)}/classify`,
  andonRaise: (): string => "/api/andon",
  andonAcknowledge: (callId: number): string => `/api/andon/${callId}/acknowledge`,
  andonClose: (callId: number): string => `/api/andon/${callId}/close`,
  handover: (): string => "/api/handover",
};
