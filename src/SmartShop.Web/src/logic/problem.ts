import type { ProblemDetails } from "../api/types.ts";

/** A failed API call, shaped for display: what failed (title) and why (detail, validation errors). */
export interface ApiProblem {
  /** HTTP status, or 0 when the server could not be reached. */
  status: number;
  title: string;
  detail: string | null;
  errors: string[];
}

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
  if (body && isObject(body.errors)) {
    for (const [field, messages] of Object.entries(body.errors)) {
      for (const message of Array.isArray(messages) ? messages : [messages]) {
        errors.push(field ? `${field}: ${String(message)}` : String(message));
      }
    }
  }
  const fallbackTitle = `HTTP ${status}${statusText ? ` ${statusText}` : ""}`;
  return {
    status: typeof body?.status === "number" ? body.status : status,
    title: typeof body?.title === "string" && body.title ? body.title : fallbackTitle,
    detail: typeof body?.detail === "string" && body.detail ? body.detail : null,
    errors,
  };
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
  return { status: -1, title: error instanceof Error ? error.message : String(error), detail: null, errors: [] };
}
