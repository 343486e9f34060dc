import { onUnmounted, ref } from "vue";
import { parseRoute, type Route } from "../logic/route.ts";

/** The route in location.hash, following back/forward and links. */
export function useHashRoute() {
  const route = ref<Route>(parseRoute(location.hash));
  const onChange = (): void => {
    route.value = parseRoute(location.hash);
    window.scrollTo({ top: 0 });
  };
  window.addEventListener("hashchange", onChange);
  onUnmounted(() => window.removeEventListener("hashchange", onChange));
  return route;
}
