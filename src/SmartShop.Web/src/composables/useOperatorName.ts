import { ref, watch, type Ref } from "vue";

const STORAGE_KEY = "smartshop.operatorName";

function stored(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? "";
  } catch {
    return "";
  }
}

let shared: Ref<string> | undefined;

/**
 * Who classifies or splits a stop ("by" in the history). SmartShop has no users yet: until it has sign-in and roles,
 * the name is typed once on a device and remembered in this browser's localStorage, and the server keeps it as
 * written. Replace this with the signed-in user when users exist.
 */
export function useOperatorName(): Ref<string> {
  if (!shared) {
    const name = ref(stored());
    watch(name, (value) => {
      try {
        if (value.trim()) localStorage.setItem(STORAGE_KEY, value.trim());
      } catch {
        // not remembered, still used for this submission
      }
    });
    shared = name;
  }
  return shared;
}
