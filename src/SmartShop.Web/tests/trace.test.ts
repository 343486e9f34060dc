import { test } from "node:test";
import assert from "node:assert/strict";
import type { BackwardTrace, Lot, TraceLink } from "../src/api/types.ts";
import { cleanCode, csvCell, csvLine, downloadName, recallCsv, recallLimit, traceOrigins, traceTree } from "../src/logic/trace.ts";

function link(sourceLot: string, intoKind: string, into: string, kind: string, at: string, depth: number): TraceLink {
  return { kind, sourceLot, intoKind, into, quantity: 1, unit: "pcs", at, by: "li.na", orderId: null, machineId: null, operationSequence: null, depth };
}

function lot(id: string, origin: string, supplier: string | null = null): Lot {
  return { id, material: "ORING-20", quantity: 100, remaining: 50, unit: "pcs", status: "released", origin, supplier, supplierLot: supplier ? `S-${id}` : null, createdAt: "2026-03-01T00:00:00Z", createdBy: "admin" };
}

test("traceTree_UnitThroughASplit_LotsUnderWhatTheyWentInto", () => {
  const trace: BackwardTrace = {
    kind: "unit",
    id: "SN-3",
    unit: null,
    links: [
      link("ORING-A1", "unit", "SN-3", "consume", "2026-03-01T10:00:00Z", 1),
      link("BAR-A", "unit", "SN-3", "consume", "2026-03-01T09:59:00Z", 1),
      link("ORING-A", "lot", "ORING-A1", "split", "2026-03-01T09:00:00Z", 2),
    ],
    lots: [lot("BAR-A", "received", "Baosteel"), lot("ORING-A", "received", "NOK"), lot("ORING-A1", "split")],
  };
  const rows = traceTree(trace);
  assert.deepEqual(
    rows.map((r) => [r.key, r.level, r.link.kind, r.hasSources]),
    [
      ["BAR-A", 1, "consume", false],
      ["ORING-A1", 1, "consume", true],
      ["ORING-A1>ORING-A", 2, "split", false],
    ],
  );
  assert.equal(rows[2]?.info?.supplier, "NOK");
  assert.deepEqual(
    traceOrigins(rows).map((l) => l.id),
    ["BAR-A", "ORING-A"],
  );
});

test("traceTree_MergeOfTwoPartsOfOneLot_SecondVisitNotExpandedAgain", () => {
  const trace: BackwardTrace = {
    kind: "lot",
    id: "M",
    unit: null,
    links: [
      link("P1", "lot", "M", "merge", "2026-03-01T10:00:00Z", 1),
      link("P2", "lot", "M", "merge", "2026-03-01T10:00:00Z", 1),
      link("SRC", "lot", "P1", "split", "2026-03-01T09:00:00Z", 2),
      link("SRC", "lot", "P2", "split", "2026-03-01T09:00:00Z", 2),
      link("ROOT", "lot", "SRC", "split", "2026-03-01T08:00:00Z", 3),
    ],
    lots: [],
  };
  const rows = traceTree(trace);
  assert.deepEqual(
    rows.map((r) => [r.key, r.repeated]),
    [
      ["M>P1", false],
      ["M>P1>SRC", false],
      ["M>P1>SRC>ROOT", false],
      ["M>P2", false],
      ["M>P2>SRC", true],
    ],
  );
});

test("traceTree_LoopInTheGenealogy_StopsThePath", () => {
  const trace: BackwardTrace = {
    kind: "lot",
    id: "A",
    unit: null,
    links: [link("B", "lot", "A", "split", "2026-03-01T10:00:00Z", 1), link("A", "lot", "B", "split", "2026-03-01T09:00:00Z", 2)],
    lots: [],
  };
  const rows = traceTree(trace);
  assert.deepEqual(
    rows.map((r) => [r.lot, r.cycle]),
    [
      ["B", false],
      ["A", true],
    ],
  );
});

test("cleanCode_ScannerAndPasteNoise_Removed", () => {
  assert.equal(cleanCode("  SN-0002\r\n"), "SN-0002");
  assert.equal(cleanCode("\tLOT-1\u0000"), "LOT-1");
});

test("recallLimit_ShowingMoreThanFetched_AsksForMoreWithinCountAndCap", () => {
  assert.equal(recallLimit(200, 150, 1000), 200);
  assert.equal(recallLimit(200, 250, 1000), 400);
  assert.equal(recallLimit(200, 250, 300), 300);
  assert.equal(recallLimit(300, 350, 300), 300);
  assert.equal(recallLimit(80_000, 80_050, 500_000), 100_000);
});

test("csvCell_QuotesAndFormulaText_EscapedNumbersKept", () => {
  assert.equal(csvCell("SN-1"), "SN-1");
  assert.equal(csvCell('a,"b"'), '"a,""b"""');
  assert.equal(csvCell("line\nbreak"), '"line\nbreak"');
  assert.equal(csvCell("=SUM(A1)"), "'=SUM(A1)");
  assert.equal(csvCell("@cmd"), "'@cmd");
  assert.equal(csvCell("-12.5"), "-12.5");
  assert.equal(csvCell(null), "");
  assert.equal(csvLine(["a", 1, undefined]), "a,1,");
});

test("recallCsv_Units_OneRowEachWithTheLot", () => {
  const csv = recallCsv({ lot: "ORING-A", units: ["SN-1", "SN-2"], unitCount: 3 });
  assert.equal(csv.text, "lot,serial\r\nORING-A,SN-1\r\nORING-A,SN-2\r\n");
  assert.equal(csv.rows, 2);
  assert.equal(csv.complete, false);
  assert.equal(recallCsv({ lot: "L", units: [], unitCount: 0 }).complete, true);
});

test("downloadName_CodeWithSlashes_SafeFileName", () => {
  assert.equal(downloadName("recall", "L/2026 01", "csv"), "recall-L_2026_01.csv");
});
