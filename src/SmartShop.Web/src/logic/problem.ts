import type { ProblemDetails } from "../api/types.ts";

/** A failed API call, shaped for display: what failed (title) and why (detail, validation errors). */
export interface ApiProblem {
  /** HTTP status, or 0 when the server could not be reached. */
  status: number;
  title: string;
  detail: string | null;
  errors: string[];
  /**
   * Messages by the request field they name, as the server spells it: a validation problem's errors, or the `field`
   * extension the downtime API puts on its 404 and 409 answers (the part or the instant at fault).
   */
  fields: Record<string, string[]>;
  /** Members beyond RFC 9457's and `errors`/`field`, when the server added any (the work-order API's `machines`). */
  extensions?: Record<string, unknown>;
}

const STANDARD_MEMBERS = new Set(["type", "title", "status", "detail", "instance", "errors", "field", "traceId"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Builds an ApiProblem from an HTTP error response. ASP.NET Core answers with application/problem+json
 * (title, detail, errors for validation problems); proxies and crashes answer with HTML or nothing, so the
 * status line is the fallback title.
 */
export function problemFromResponse(status: number, statusText: string, bodyText: string): ApiProblem {
  let body: ProblemDetails | undefined;
  try {
    const parsed: unknown = bodyText ? JSON.parse(bodyText) : undefined;
    if (isObject(parsed)) body = parsed as ProblemDetails;
  } catch {
    body = undefined;
  }
  const errors: string[] = [];
  const fields: Record<string, string[]> = {};
  if (body && isObject(body.errors)) {
    for (const [field, messages] of Object.entries(body.errors)) {
      for (const message of Array.isArray(messages) ? messages : [messages]) {
        errors.push(field ? `${field}: ${String(message)}` : String(message));
        if (field) (fields[field] ??= []).push(String(message));
      }
    }
  }
  const fallbackTitle = `HTTP ${status}${statusText ? ` ${statusText}` : ""}`;
  const title = typeof body?.title === "string" && body.title ? body.title : fallbackTitle;
  const detail = typeof body?.detail === "string" && body.detail ? body.detail : null;
  const named = (body as { field?: unknown } | undefined)?.field;
  if (typeof named === "string" && named) (fields[named] ??= []).push(detail ?? title);
  const problem: ApiProblem = {
    status: typeof body?.status === "number" ? body.status : status,
    title,
    detail,
    errors,
    fields,
  };
  const extensions = Object.entries(body ?? {}).filter(([key]) => !STANDARD_MEMBERS.has(key));
  if (extensions.length > 0) problem.extensions = Object.fromEntries(extensions);
  return problem;
}

/** A message's stable code and the values in it: the server's `codes` extension, parallel to `errors`. */
export interface MessageCode {
  code: string;
  args: Record<string, string>;
}

/**
 * A field's messages, each said by `say` in the user's language when the server sent a code for it that `say` knows
 * (`say` answers null otherwise), or as the server wrote it.
 */
export function sayField(problem: ApiProblem, field: string, say: (code: MessageCode) => string | null): string[] {
  const codes = problem.extensions?.codes;
  const list = isObject(codes) ? codes[field] : undefined;
  return (problem.fields[field] ?? []).map((message, i) => {
    const entry: unknown = Array.isArray(list) ? list[i] : undefined;
    if (!isObject(entry) || typeof entry.code !== "string") return message;
    const args = isObject(entry.args) ? Object.fromEntries(Object.entries(entry.args).map(([k, v]) => [k, String(v)])) : {};
    return say({ code: entry.code, args }) ?? message;
  });
}

/** A failed form submission split for display: messages beside the form's fields, and the rest for a banner. */
export interface FormProblem {
  /** Messages by the form's own field names. */
  byField: Record<string, string[]>;
  /** What no field of the form shows (a network error, a field the form does not have); null when nothing is left. */
  rest: ApiProblem | null;
}

/** "$.reasonId" (System.Text.Json's path for a malformed value) and "ReasonId" name the same field as "reasonId". */
function fieldKey(name: string): string {
  return name.replace(/^\$\.?/, "").toLowerCase();
}

/**
 * Sorts a problem's messages onto the fields a form shows (matched case-insensitively against the server's names);
 * whatever is left, and any problem without field messages, stays a banner.
 */
export function formProblem(problem: ApiProblem | null, formFields: readonly string[]): FormProblem {
  if (!problem) return { byField: {}, rest: null };
  const byKey = new Map(formFields.map((f) => [fieldKey(f), f] as const));
  const byField: Record<string, string[]> = {};
  const unplaced: string[] = [];
  let detailPlaced = false;
  for (const [name, messages] of Object.entries(problem.fields)) {
    const field = byKey.get(fieldKey(name));
    if (field === undefined) {
      unplaced.push(...messages.map((m) => (name ? `${name}: ${m}` : m)));
      continue;
    }
    (byField[field] ??= []).push(...messages);
    if (problem.detail !== null && messages.includes(problem.detail)) detailPlaced = true;
  }
  const placedAny = Object.keys(byField).length > 0;
  const detail = detailPlaced ? null : problem.detail;
  const rest = placedAny && unplaced.length === 0 && detail === null ? null : { ...problem, detail, errors: placedAny ? unplaced : problem.errors };
  return { byField, rest };
}

export class ApiError extends Error {
  constructor(readonly problem: ApiProblem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = "ApiError";
  }
}

/** Any failure as an ApiProblem: API errors as they came, anything else (a bug, a parse error) by its message. */
export function toProblem(error: unknown): ApiProblem {
  if (error instanceof ApiError) return error.problem;
  return { status: -1, title: error instanceof Error ? error.message : String(error), detail: null, errors: [], fields: {} };
}
