import { ref, watch, type Ref } from "vue";
import { CONVENTIONS, type Convention } from "../api/types.ts";

const STORAGE_KEY = "smartshop.convention";

function stored(): Convention {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return (CONVENTIONS as readonly (string | null)[]).includes(value) ? (value as Convention) : "iso";
  } catch {
    return "iso";
  }
}

let shared: Ref<Convention> | undefined;

/** The minor-stop convention every figure on the page is shown in (ISO by default), remembered per browser. */
export function useConvention(): Ref<Convention> {
  if (!shared) {
    const convention = ref<Convention>(stored());
    watch(convention, (value) => {
      try {
        localStorage.setItem(STORAGE_KEY, value);
      } catch {
        // not remembered, still switched
      }
    });
    shared = convention;
  }
  return shared;
}
