import { computed, onMounted, onUnmounted, ref, shallowRef } from "vue";
import { getMachineStatuses, getPlant } from "../api/client.ts";
import type { MachineStatus, Plant } from "../api/types.ts";
import { plantLive } from "../live/plantLive.ts";
import { plantMachines } from "../logic/plant.ts";
import { toProblem, type ApiProblem } from "../logic/problem.ts";
import { countByState, mergeStatuses, type StatusMap } from "../logic/status.ts";
import { useHubState } from "./useHubState.ts";

/** Durations on the page ("for 3 min") are recomputed at this period; 1 s keeps short stops readable. */
const CLOCK_TICK_MS = 1_000;

/** The plant page's state: the plant model, every machine's latest status, the hub connection and a ticking clock. */
export function usePlantOverview() {
  const plant = shallowRef<Plant | null>(null);
  const statuses = shallowRef<StatusMap>({});
  const plantError = ref<ApiProblem | null>(null);
  const statusError = ref<ApiProblem | null>(null);
  const loading = ref(false);
  const hubState = useHubState();
  const now = ref(Date.now());

  const machineIds = computed(() => (plant.value ? plantMachines(plant.value).map((m) => m.id) : []));
  const counts = computed(() => countByState(machineIds.value, statuses.value));

  /** Applies statuses from any source (snapshot, hub, live figures): the newer `since` wins. */
  function apply(incoming: readonly MachineStatus[]): void {
    statuses.value = mergeStatuses(statuses.value, incoming);
  }

  async function loadStatuses(): Promise<void> {
    try {
      apply(await getMachineStatuses());
      statusError.value = null;
    } catch (error) {
      statusError.value = toProblem(error);
    }
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const [plantResult] = await Promise.allSettled([getPlant(), loadStatuses()]);
      if (plantResult.status === "fulfilled") {
        plant.value = plantResult.value;
        plantError.value = null;
      } else {
        plantError.value = toProblem(plantResult.reason);
      }
    } finally {
      loading.value = false;
    }
  }

  let clock: ReturnType<typeof setInterval> | undefined;
  const unsubscribe: (() => void)[] = [];

  onMounted(() => {
    clock = setInterval(() => (now.value = Date.now()), CLOCK_TICK_MS);
    const live = plantLive();
    unsubscribe.push(live.onStatus((status) => apply([status])));
    unsubscribe.push(live.onConnected(() => void loadStatuses()));
    void load();
  });

  onUnmounted(() => {
    clearInterval(clock);
    unsubscribe.forEach((u) => u());
  });

  return { plant, statuses, counts, plantError, statusError, loading, hubState, now, reload: load, apply };
}
