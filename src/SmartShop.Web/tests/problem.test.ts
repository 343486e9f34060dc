import { test } from "node:test";
import assert from "node:assert/strict";
import { formProblem, problemFromResponse } from "../src/logic/problem.ts";

test("problemFromResponse_ProblemDetails_UsesTitleAndDetail", () => {
  const body = JSON.stringify({ type: "https://tools.ietf.org/html/rfc9110#section-15.5.5", title: "Not Found", status: 404, detail: "No machine 'x'." });
  const problem = problemFromResponse(404, "Not Found", body);
  assert.deepEqual(problem, { status: 404, title: "Not Found", detail: "No machine 'x'.", errors: [], fields: {} });
});

test("problemFromResponse_ValidationProblem_ListsFieldErrors", () => {
  const body = JSON.stringify({ title: "One or more validation errors occurred.", status: 400, errors: { state: ["Unknown state 'Warp'."] } });
  const problem = problemFromResponse(400, "Bad Request", body);
  assert.deepEqual(problem.errors, ["state: Unknown state 'Warp'."]);
  assert.deepEqual(problem.fields, { state: ["Unknown state 'Warp'."] });
  assert.equal(problem.detail, null);
});

test("problemFromResponse_ConflictNamingAField_DetailIsThatFieldsMessage", () => {
  const body = JSON.stringify({ title: "Conflict", status: 409, detail: "Stop 7 is still open; it can be split once it has ended.", field: "at" });
  const problem = problemFromResponse(409, "Conflict", body);
  assert.deepEqual(problem.fields, { at: ["Stop 7 is still open; it can be split once it has ended."] });
  assert.deepEqual(problem.errors, []);
});

test("problemFromResponse_HtmlBody_FallsBackToStatusLine", () => {
  const problem = problemFromResponse(502, "Bad Gateway", "<html>proxy error</html>");
  assert.equal(problem.title, "HTTP 502 Bad Gateway");
  assert.equal(problem.status, 502);
});

test("problemFromResponse_EmptyBody_FallsBackToStatusCode", () => {
  assert.equal(problemFromResponse(500, "", "").title, "HTTP 500");
});

const validation = problemFromResponse(
  400,
  "Bad Request",
  JSON.stringify({ title: "The split is not valid.", status: 400, errors: { reasonIdAfter: ["A reason id is required."], why: ["Why is required."], $: ["Bad JSON."] } }),
);

test("formProblem_ValidationErrors_BesideTheFormsFieldsRestInABanner", () => {
  const form = formProblem(validation, ["at", "reasonIdAfter", "why", "by"]);
  assert.deepEqual(form.byField, { reasonIdAfter: ["A reason id is required."], why: ["Why is required."] });
  assert.deepEqual(form.rest?.errors, ["$: Bad JSON."]);
  assert.equal(form.rest?.title, "The split is not valid.");
});

test("formProblem_AllPlaced_NoBanner", () => {
  const conflict = problemFromResponse(409, "Conflict", JSON.stringify({ title: "Conflict", status: 409, detail: "Part 1 is already classified.", field: "reasonId" }));
  assert.deepEqual(formProblem(conflict, ["reasonId", "why"]), { byField: { reasonId: ["Part 1 is already classified."] }, rest: null });
});

test("formProblem_FieldNamesDifferInCaseOrJsonPath_StillPlaced", () => {
  const problem = problemFromResponse(400, "", JSON.stringify({ title: "Bad", errors: { "$.ReasonId": ["The JSON value could not be converted."] } }));
  assert.deepEqual(formProblem(problem, ["reasonId"]).byField, { reasonId: ["The JSON value could not be converted."] });
});

test("formProblem_NoFieldNamed_WholeProblemInTheBanner", () => {
  const unreachable = { status: 0, title: "Network error", detail: null, errors: [], fields: {} };
  assert.deepEqual(formProblem(unreachable, ["why"]), { byField: {}, rest: unreachable });
  assert.deepEqual(formProblem(null, ["why"]), { byField: {}, rest: null });
  const other = problemFromResponse(404, "", JSON.stringify({ title: "Not found", detail: "Stop 3 has no part 4.", field: "part" }));
  assert.equal(formProblem(other, ["why"]).rest?.detail, "Stop 3 has no part 4.");
});
