import { inject, onMounted, onUnmounted, provide, type InjectionKey } from "vue";
import { collectKey, EMPTY_SCAN, keyTarget, withoutScan, type ScanBuffer } from "../logic/scanner.ts";

export type ScanHandler = (code: string) => void;

interface ScanBus {
  /** Takes the scans from now on (the newest screen part waiting for a code wins); returns the release. */
  take(handler: ScanHandler): () => void;
}

const SCAN_BUS: InjectionKey<ScanBus> = Symbol("scan-bus");

/**
 * Listens to the whole page for scanner keystrokes (see logic/scanner.ts) and hands each scan to the part of the
 * screen that waits for a code now: the sign-in (a badge), the unit panel (a serial or a lot). Call once, in the
 * terminal's root; parts take the scans with `useScan`.
 */
export function provideScanner(): void {
  const handlers: ScanHandler[] = [];
  let buffer: ScanBuffer = EMPTY_SCAN;

  function onKeyDown(event: KeyboardEvent): void {
    if (event.isComposing) return;
    const el = event.target instanceof HTMLElement ? event.target : null;
    const input = el instanceof HTMLInputElement ? el : null;
    const target = el ? keyTarget(el.tagName, input ? input.type : null, el.dataset.scan !== undefined, el.isContentEditable) : "page";
    if (target === "ignore" || target === "scanField") {
      buffer = EMPTY_SCAN;
      return;
    }
    const step = collectKey(buffer, { key: event.key, at: event.timeStamp, modifier: event.ctrlKey || event.altKey || event.metaKey });
    buffer = step.buffer;
    if (step.code === null) return;
    // The scan's Enter must not also press the button that kept the focus after the last tap.
    event.preventDefault();
    event.stopPropagation();
    if (target === "textField" && input) {
      input.value = withoutScan(input.value, step.code);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    handlers[handlers.length - 1]?.(step.code);
  }

  onMounted(() => window.addEventListener("keydown", onKeyDown, true));
  onUnmounted(() => window.removeEventListener("keydown", onKeyDown, true));

  provide(SCAN_BUS, {
    take(handler) {
      handlers.push(handler);
      return () => {
        const i = handlers.lastIndexOf(handler);
        if (i >= 0) handlers.splice(i, 1);
      };
    },
  });
}

/** Takes the terminal's scans while this component is mounted. */
export function useScan(handler: ScanHandler): void {
  const bus = inject(SCAN_BUS, null);
  let release: (() => void) | undefined;
  onMounted(() => (release = bus?.take(handler)));
  onUnmounted(() => release?.());
}
