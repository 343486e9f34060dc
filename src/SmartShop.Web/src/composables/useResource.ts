import { onUnmounted, ref, shallowRef, watch, type WatchSource } from "vue";
import { toProblem, type ApiProblem } from "../logic/problem.ts";

/**
 * Data loaded by `load` whenever `source` changes and every `refreshMs` (0: never); a newer load aborts an older
 * one, and the last good data stays on screen while a refresh fails.
 */
export function useResource<T, S>(source: WatchSource<S>, load: (value: S, signal: AbortSignal) => Promise<T>, refreshMs = 0) {
  const data = shallowRef<T | null>(null);
  const error = ref<ApiProblem | null>(null);
  const loading = ref(false);
  let controller: AbortController | null = null;
  let current: S | undefined;

  async function run(value: S): Promise<void> {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    loading.value = true;
    try {
      const result = await load(value, mine.signal);
      if (mine.signal.aborted) return;
      data.value = result;
      error.value = null;
    } catch (e) {
      if (mine.signal.aborted) return;
      error.value = toProblem(e);
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  watch(
    source,
    (value) => {
      current = value;
      void run(value);
    },
    { immediate: true },
  );

  const timer = refreshMs > 0 ? setInterval(() => current !== undefined && void run(current), refreshMs) : undefined;

  onUnmounted(() => {
    clearInterval(timer);
    controller?.abort();
  });

  return { data, error, loading, reload: () => current !== undefined && run(current) };
}
