import { test } from "node:test";
import assert from "node:assert/strict";
import { problemFromResponse } from "../src/logic/problem.ts";

test("problemFromResponse_ProblemDetails_UsesTitleAndDetail", () => {
  const body = JSON.stringify({ type: "https://tools.ietf.org/html/rfc9110#section-15.5.5", title: "Not Found", status: 404, detail: "No machine 'x'." });
  const problem = problemFromResponse(404, "Not Found", body);
  assert.deepEqual(problem, { status: 404, title: "Not Found", detail: "No machine 'x'.", errors: [] });
});

test("problemFromResponse_ValidationProblem_ListsFieldErrors", () => {
  const body = JSON.stringify({ title: "One or more validation errors occurred.", status: 400, errors: { state: ["Unknown state 'Warp'."] } });
  const problem = problemFromResponse(400, "Bad Request", body);
  assert.deepEqual(problem.errors, ["state: Unknown state 'Warp'."]);
  assert.equal(problem.detail, null);
});

test("problemFromResponse_HtmlBody_FallsBackToStatusLine", () => {
  const problem = problemFromResponse(502, "Bad Gateway", "<html>proxy error</html>");
  assert.equal(problem.title, "HTTP 502 Bad Gateway");
  assert.equal(problem.status, 502);
});

test("problemFromResponse_EmptyBody_FallsBackToStatusCode", () => {
  assert.equal(problemFromResponse(500, "", "").title, "HTTP 500");
});
