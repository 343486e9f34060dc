/**
 * Barcode and badge scanners act as keyboards: they type the code fast and press Enter. The terminal listens to
 * every keystroke on the page and tells a scan from a person typing by speed: a run of characters ended by Enter, at
 * least `minLength` long, typed at `avgGapMs` or faster per character on average. The average, not every single gap,
 * counts: a busy tablet may deliver one keystroke late. A pause longer than `maxGapMs` starts a new run. The scan goes
 * to whatever the terminal is waiting for (a badge, a serial, a lot), wherever the focus is.
 */

export interface ScanOptions {
  /** Longest average time per character of a scan, Enter included (ms). Scanners type one every 5-30 ms; people rarely under 100 ms. */
  avgGapMs: number;
  /** A pause longer than this (ms) between two keystrokes ends the run: what follows is a new one. */
  maxGapMs: number;
  /** Shortest code taken as a scan (characters). */
  minLength: number;
}

export const SCAN_DEFAULTS: ScanOptions = { avgGapMs: 50, maxGapMs: 500, minLength: 3 };

export interface ScanBuffer {
  text: string;
  /** When the run's first and last characters came (ms, any monotonic clock); null when empty. */
  firstAt: number | null;
  lastAt: number | null;
}

export const EMPTY_SCAN: ScanBuffer = { text: "", firstAt: null, lastAt: null };

/** One keydown as the collector needs it. */
export interface ScanKey {
  /** KeyboardEvent.key */
  key: string;
  /** KeyboardEvent.timeStamp or performance.now() (ms). */
  at: number;
  /** Ctrl, Alt or Meta held: a shortcut, never part of a code. */
  modifier: boolean;
}

export interface ScanStep {
  buffer: ScanBuffer;
  /** The code when this key (Enter) ended a scan. */
  code: string | null;
}

/** Keys scanners press around characters that neither add to nor break a scan. */
const NEUTRAL_KEYS = new Set(["Shift", "CapsLock", "NumLock"]);

/** Feeds one keystroke to the collector. */
export function collectKey(buffer: ScanBuffer, input: ScanKey, options: ScanOptions = SCAN_DEFAULTS): ScanStep {
  if (input.modifier) return { buffer: EMPTY_SCAN, code: null };
  if (NEUTRAL_KEYS.has(input.key)) return { buffer, code: null };
  const fresh = buffer.lastAt === null || buffer.firstAt === null || input.at - buffer.lastAt > options.maxGapMs;
  if (input.key === "Enter") {
    const fast = !fresh && (input.at - (buffer.firstAt as number)) / buffer.text.length <= options.avgGapMs;
    return { buffer: EMPTY_SCAN, code: fast && buffer.text.length >= options.minLength ? buffer.text : null };
  }
  if (input.key.length !== 1) return { buffer: EMPTY_SCAN, code: null };
  return {
    buffer: fresh ? { text: input.key, firstAt: input.at, lastAt: input.at } : { text: buffer.text + input.key, firstAt: buffer.firstAt, lastAt: input.at },
    code: null,
  };
}

/** How a keystroke's target takes part: left alone (a note being written), a scan field of its own, or the page's scanner. */
export type KeyTarget = "ignore" | "scanField" | "textField" | "page";

const TEXT_INPUT_TYPES = new Set(["", "text", "password", "search", "number", "tel", "email", "url"]);

/**
 * Where a keystroke lands. Text areas and editable content are someone writing a note: left alone. A field marked as
 * a scan field handles its own Enter (typing a code by hand works there too). Any other text field (a user name)
 * still hears the scanner: a scan typed into it is taken out of it again and goes to the scanner. Everything else
 * (the page, a button that kept the focus after a tap) is the scanner's.
 */
export function keyTarget(tagName: string, inputType: string | null, scanField: boolean, contentEditable: boolean): KeyTarget {
  const tag = tagName.toUpperCase();
  if (contentEditable || tag === "TEXTAREA") return "ignore";
  if (tag === "INPUT") {
    if (scanField) return "scanField";
    return TEXT_INPUT_TYPES.has((inputType ?? "").toLowerCase()) ? "textField" : "page";
  }
  return "page";
}

/** A text field's value with a scan that was typed into it taken out again (from its end, where it was typed). */
export function withoutScan(value: string, code: string): string {
  return code && value.endsWith(code) ? value.slice(0, value.length - code.length) : value;
}
