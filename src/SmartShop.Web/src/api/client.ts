import type {
  ClassifyStopRequest,
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
  SplitStopRequest,
  StopReasons,
  TimelineEntry,
  UnclassifiedStops,
} from "./types.ts";
import { ApiError, problemFromResponse } from "../logic/problem.ts";
import { historyPath } from "../logic/trend.ts";

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return send<T>(path, { headers: { Accept: "application/json" }, signal });
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  return send<T>(path, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function send<T>(path: string, init: RequestInit): Promise<T> {
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
    throw new ApiError(problemFromResponse(response.status, response.statusText, await response.text()));
  }
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
