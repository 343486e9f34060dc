import type {
  LineLive,
  MachineLive,
  MachineStatus,
  OeeGroupBy,
  OeeHistory,
  OeeScope,
  ParetoEntry,
  Plant,
  ScopeLive,
  TimelineEntry,
} from "./types.ts";
import { ApiError, problemFromResponse } from "../logic/problem.ts";
import { historyPath } from "../logic/trend.ts";

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    // fetch rejects only when no HTTP answer came back (server down, network cut).
    throw new ApiError({ status: 0, title: "Network error", detail: null, errors: [] });
  }
  if (!response.ok) {
    throw new ApiError(problemFromResponse(response.status, response.statusText, await response.text()));
  }
  // The server answers unknown paths with the UI's index.html (SPA fallback), so an API the server does not have
  // yet comes back as 200 text/html: that is a 404 for the caller.
  if (!(response.headers.get("content-type") ?? "").includes("json")) {
    throw new ApiError({ status: 404, title: "Not available", detail: `${path} is not served by this server.`, errors: [] });
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

export const getPareto = (scope: OeeScope, scopeId: string, from: string, to: string, signal?: AbortSignal): Promise<ParetoEntry[]> =>
  getJson<ParetoEntry[]>(`/api/downtime/pareto/${scope}/${id(scopeId)}?${new URLSearchParams({ from, to }).toString()}`, signal);
