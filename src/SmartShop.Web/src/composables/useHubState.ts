import { readonly, ref, type Ref } from "vue";
import { plantLive } from "../live/plantLive.ts";
import type { HubState } from "../logic/reconnect.ts";

let shared: Ref<HubState> | undefined;

/** The shared hub connection's state, for the header and stale-data notices. */
export function useHubState(): Readonly<Ref<HubState>> {
  if (!shared) {
    const live = plantLive();
    const state = ref<HubState>(live.state);
    live.onState((next) => (state.value = next));
    shared = state;
  }
  return readonly(shared);
}
