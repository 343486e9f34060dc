"use strict";
// Small readers for YAML documents that collect every problem with its location instead of stopping at the first,
// so an integrator sees all mistakes of a plant or scenario file at once, each as "file:line:col: key: problem".

const YAML = require("yaml");

class FileError extends Error {
  /** problems: [{ file, line, col, key, message }] */
  constructor(kind, file, problems) {
    const lines = problems.map(formatProblem);
    super(`${kind} ${file} is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  ${lines.join("\n  ")}`);
    this.name = "FileError";
    this.file = file;
    this.problems = problems;
  }
}

function formatProblem(p) {
  const where = p.line ? `${p.file}:${p.line}:${p.col}` : p.file;
  return p.key ? `${where}: ${p.key}: ${p.message}` : `${where}: ${p.message}`;
}

/** Renders a path like ["lines", 0, "machines", 2, "type"] as lines[0].machines[2].type. */
function keyOf(path) {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${part}` : String(part);
  }
  return out;
}

/**
 * Parses YAML text and returns a reader. `kind` names the file type in messages ("plant file", "scenario file").
 */
function openDocument(kind, file, text) {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems = [];
  for (const e of doc.errors) {
    const pos = e.linePos && e.linePos[0];
    problems.push({ file, line: pos ? pos.line : 0, col: pos ? pos.col : 0, key: "", message: `YAML syntax: ${e.message.split("\n")[0]}` });
  }
  return new DocumentReader(kind, file, doc, lineCounter, problems);
}

class DocumentReader {
  constructor(kind, file, doc, lineCounter, problems) {
    this.kind = kind;
    this.file = file;
    this.doc = doc;
    this.lineCounter = lineCounter;
    this.problems = problems;
    this.root = problems.length ? undefined : doc.toJS({ maxAliasCount: 100 });
  }

  get ok() {
    return this.problems.length === 0;
  }

  /** Records a problem at `path` (the position of the deepest node of the path that exists). */
  fail(path, message) {
    let line = 0;
    let col = 0;
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, n), true);
      if (node && node.range) {
        const pos = this.lineCounter.linePos(node.range[0]);
        line = pos.line;
        col = pos.col;
        // For a key, point at the key itself rather than its value when the pair exists.
        break;
      }
    }
    this.problems.push({ file: this.file, line, col, key: keyOf(path), message });
    return undefined;
  }

  throwIfProblems() {
    if (this.problems.length) throw new FileError(this.kind, this.file, this.problems);
  }
}

const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** Field readers. Each takes (reader, object, key, path) and returns the value or undefined after reporting. */
const read = {
  /** Checks a value is a mapping and reports keys that are not allowed (typos should not be silently ignored). */
  mapping(r, value, path, allowedKeys) {
    if (value === undefined) return undefined;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return r.fail(path, `expected a mapping (key: value lines), got ${describe(value)}`);
    }
    if (allowedKeys) {
      for (const k of Object.keys(value)) {
        if (!allowedKeys.includes(k)) r.fail([...path, k], `unknown key; expected one of: ${allowedKeys.join(", ")}`);
      }
    }
    return value;
  },

  list(r, value, path, { required = false, nonEmpty = false } = {}) {
    if (value === undefined || value === null) {
      if (required) r.fail(path, "is required (a list)");
      return undefined;
    }
    if (!Array.isArray(value)) return r.fail(path, `expected a list, got ${describe(value)}`);
    if (nonEmpty && value.length === 0) return r.fail(path, "must not be empty");
    return value;
  },

  string(r, obj, key, path, { required = false, pattern, patternText, defaultValue } = {}) {
    const value = obj ? obj[key] : undefined;
    const p = [...path, key];
    if (value === undefined || value === null) {
      if (required) r.fail(p, "is required");
      return defaultValue;
    }
    if (typeof value !== "string" && typeof value !== "number") return r.fail(p, `expected text, got ${describe(value)}`);
    const text = String(value);
    if (pattern && !pattern.test(text)) return r.fail(p, `"${text}" is not valid: ${patternText}`);
    return text;
  },

  id(r, obj, key, path, options = {}) {
    return read.string(r, obj, key, path, { ...options, pattern: ID_PATTERN, patternText: "an id is 1-64 letters, digits, '-', '_' or '.'" });
  },

  number(r, obj, key, path, { required = false, min, max, integer = false, defaultValue, exclusiveMin = false } = {}) {
    const value = obj ? obj[key] : undefined;
    const p = [...path, key];
    if (value === undefined || value === null) {
      if (required) r.fail(p, "is required");
      return defaultValue;
    }
    if (typeof value !== "number" || !Number.isFinite(value)) return r.fail(p, `expected a number, got ${describe(value)}`);
    if (integer && !Number.isInteger(value)) return r.fail(p, `expected a whole number, got ${value}`);
    if (min !== undefined && (exclusiveMin ? value <= min : value < min)) return r.fail(p, `must be ${exclusiveMin ? "greater than" : "at least"} ${min}, got ${value}`);
    if (max !== undefined && value > max) return r.fail(p, `must be at most ${max}, got ${value}`);
    return value;
  },

  boolean(r, obj, key, path, { defaultValue } = {}) {
    const value = obj ? obj[key] : undefined;
    if (value === undefined || value === null) return defaultValue;
    if (typeof value !== "boolean") return r.fail([...path, key], `expected true or false, got ${describe(value)}`);
    return value;
  },

  /** A duration: a number of seconds, or text with units: 250ms, 45s, 20m, 1.5h, 1h30m, 2d. Returns seconds. */
  duration(r, obj, key, path, { required = false, min = 0, defaultValue, allowZero = true } = {}) {
    const value = obj ? obj[key] : undefined;
    const p = [...path, key];
    if (value === undefined || value === null) {
      if (required) r.fail(p, "is required (a duration: seconds, or e.g. 45s, 20m, 1.5h)");
      return defaultValue;
    }
    const seconds = parseDuration(value);
    if (seconds === undefined) return r.fail(p, `"${value}" is not a duration; write seconds (45) or a number with a unit (250ms, 45s, 20m, 1.5h, 2d)`);
    if (seconds < min || (!allowZero && seconds === 0)) return r.fail(p, `must be ${allowZero ? "at least" : "greater than"} ${min} s, got ${seconds} s`);
    return seconds;
  },

  oneOf(r, obj, key, path, choices, { required = false, defaultValue } = {}) {
    const value = obj ? obj[key] : undefined;
    const p = [...path, key];
    if (value === undefined || value === null) {
      if (required) r.fail(p, `is required (one of: ${choices.join(", ")})`);
      return defaultValue;
    }
    if (!choices.includes(value)) return r.fail(p, `"${value}" is not one of: ${choices.join(", ")}`);
    return value;
  },
};

const UNIT_SECONDS = { ms: 0.001, s: 1, m: 60, min: 60, h: 3600, d: 86400 };

function parseDuration(value) {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.replace(/\s+/g, "");
  // One or more number+unit parts: 45s, 20m, 1.5h, 1h30m, 2m30s.
  if (!/^(\d+(?:\.\d+)?(?:ms|s|min|m|h|d))+$/.test(text)) return undefined;
  let seconds = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|min|m|h|d)/g)) seconds += Number(m[1]) * UNIT_SECONDS[m[2]];
  return seconds;
}

function describe(value) {
  if (value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `text "${value}"`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

module.exports = { FileError, openDocument, read, parseDuration, keyOf, ID_PATTERN, formatProblem };
