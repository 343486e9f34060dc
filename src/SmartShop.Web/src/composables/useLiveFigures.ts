import { onUnmounted, shallowRef, watch } from "vue";
import { getLineLive, getMachineLive } from "../api/client.ts";
import { plantLive, type LiveOf, type WatchKind } from "../live/plantLive.ts";
import { fetchDue } from "../logic/liveMode.ts";
import { toProblem, type ApiProblem } from "../logic/problem.ts";

/** How often feeds check whether a GET is due (polling itself is every 2 s, see logic/liveMode.ts). */
const CHECK_MS = 500;

interface Feed {
  pushed: boolean;
  lastDataAt: number;
  inFlight: AbortController | null;
  unwatch: () => void;
}

/**
 * Live figures of the given lines or machines, by id: pushed by the hub while it is connected and the server
 * accepts the watch, otherwise fetched every 2 s; a first GET at once either way, so the page never waits for a push.
 */
export function useLiveFigures<K extends WatchKind>(kind: K, ids: () => readonly string[]) {
  const data = shallowRef<Readonly<Record<string, LiveOf<K>>>>({});
  const errors = shallowRef<Readonly<Record<string, ApiProblem>>>({});
  const feeds = new Map<string, Feed>();
  const get = (kind === "line" ? getLineLive : getMachineLive) as (id: string, signal: AbortSignal) => Promise<LiveOf<K>>;

  function put(id: string, value: LiveOf<K>): void {
    const feed = feeds.get(id);
    if (!feed) return;
    feed.lastDataAt = Date.now();
    data.value = { ...data.value, [id]: value };
    if (errors.value[id]) {
      const { [id]: _, ...rest } = errors.value;
      errors.value = rest;
    }
  }

  async function fetchOne(id: string): Promise<void> {
    const feed = feeds.get(id);
    if (!feed || feed.inFlight) return;
    const controller = new AbortController();
    feed.inFlight = controller;
    try {
      put(id, await get(id, controller.signal));
    } catch (error) {
      if (controller.signal.aborted) return;
      feed.lastDataAt = Date.now(); // retry at the polling pace, not in a tight loop
      errors.value = { ...errors.value, [id]: toProblem(error) };
    } finally {
      if (feed.inFlight === controller) feed.inFlight = null;
    }
  }

  function start(id: string): void {
    const feed: Feed = { pushed: false, lastDataAt: 0, inFlight: null, unwatch: () => undefined };
    feeds.set(id, feed);
    feed.unwatch = plantLive().watch(kind, id, {
      data: (value: LiveOf<K>) => put(id, value),
      pushed: (pushed: boolean) => (feed.pushed = pushed),
    });
    void fetchOne(id);
  }

  function stop(id: string): void {
    const feed = feeds.get(id);
    if (!feed) return;
    feeds.delete(id);
    feed.unwatch();
    feed.inFlight?.abort();
    const { [id]: _, ...rest } = data.value;
    data.value = rest;
  }

  watch(
    () => [...ids()],
    (next) => {
      const wanted = new Set(next);
      for (const id of [...feeds.keys()]) if (!wanted.has(id)) stop(id);
      for (const id of wanted) if (!feeds.has(id)) start(id);
    },
    { immediate: true },
  );

  const timer = setInterval(() => {
    const now = Date.now();
    for (const [id, feed] of feeds) if (fetchDue(feed.pushed, now - feed.lastDataAt, feed.inFlight !== null)) void fetchOne(id);
  }, CHECK_MS);

  onUnmounted(() => {
    clearInterval(timer);
    for (const id of [...feeds.keys()]) stop(id);
  });

  return { data, errors };
}
