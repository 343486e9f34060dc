import type { MachineStatus, Plant } from "./types.ts";
import { ApiError, problemFromResponse } from "../logic/problem.ts";

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" } });
  } catch {
    // fetch rejects only when no HTTP answer came back (server down, network cut).
    throw new ApiError({ status: 0, title: "Network error", detail: null, errors: [] });
  }
  if (!response.ok) {
    throw new ApiError(problemFromResponse(response.status, response.statusText, await response.text()));
  }
  return (await response.json()) as T;
}

export const getPlant = (): Promise<Plant> => getJson<Plant>("/api/plant");

export const getMachineStatuses = (): Promise<MachineStatus[]> => getJson<MachineStatus[]>("/api/machines/status");
