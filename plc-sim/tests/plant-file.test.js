"use strict";
// Plant files: the demo loads; bad files are rejected with file, line, key and problem.

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { loadPlantFile, parsePlant, syntheticPlant } = require("../src/plant/load-plant");

const DEMO = path.join(__dirname, "..", "plants", "demo.yaml");

const GOOD = `plant: { id: p1 }
machineTypes:
  t1:
    stateModel: PackML
    stopReasons: { 101: Jam }
lines:
  - id: l1
    products: [A]
    machines:
      - { id: m1, type: t1, idealCycleTimes: { A: 10 } }
      - { id: m2, type: t1, idealCycleTimes: { A: 12 } }
`;

/** Parses `text` expecting failure; returns the problems as "line key: message" strings. */
function problems(text) {
  try {
    parsePlant(text, "bad.yaml");
  } catch (e) {
    assert.equal(e.name, "FileError");
    assert.match(e.message, /^plant file bad\.yaml is invalid/);
    return e.problems.map((p) => `${p.line} ${p.key}: ${p.message}`);
  }
  assert.fail("the plant file was accepted");
}

function expectProblem(text, pattern) {
  const list = problems(text);
  assert.ok(list.some((p) => pattern.test(p)), `no problem matching ${pattern} in:\n${list.join("\n")}`);
}

test("PlantFile_Demo_LoadsTheEightMachinesInFlowOrder", () => {
  const plant = loadPlantFile(DEMO);
  assert.equal(plant.id, "acme");
  assert.deepEqual(
    plant.lines.map((l) => [l.id, l.machines.map((m) => m.id)]),
    [
      ["line-1", ["l1-lathe", "l1-mill", "l1-deburr", "l1-cmm"]],
      ["line-2", ["l2-press", "l2-assembly", "l2-leaktest", "l2-packer"]],
    ],
  );
  const lathe = plant.machines[0];
  assert.equal(lathe.stopReasons.get(205), "Bar feeder jam", "machine-level stop reasons are added to the type's");
  assert.deepEqual(lathe.behaviour.microStops.reasons, [103, 205, 401]);
  assert.equal(lathe.behaviour.failures.mtbfSeconds, 5 * 3600);
  assert.equal(lathe.infeedCapacity, 0);
  assert.equal(plant.machines[1].infeedCapacity, 6);
  assert.deepEqual(plant.machines[3].stateModel, { kind: "Custom", codes: { Idle: 0, Running: 1, Setup: 2, Down: 3, PlannedDown: 4 } });
});

test("PlantFile_Minimal_Loads", () => {
  const plant = parsePlant(GOOD, "good.yaml");
  assert.equal(plant.machines.length, 2);
  assert.equal(plant.simulation.autoJobs, true);
  assert.equal(plant.machines[1].infeedCapacity, 10);
});

test("PlantFile_Synthetic_BuildsLinesTimesMachines", () => {
  const plant = syntheticPlant(3, 4);
  assert.equal(plant.machines.length, 12);
  assert.equal(new Set(plant.machines.map((m) => m.id)).size, 12);
});

test("PlantFile_Missing_NamesTheFile", () => {
  const file = path.join(os.tmpdir(), "plc-sim-no-such-plant.yaml");
  assert.throws(() => loadPlantFile(file), (e) => e.message.includes(file) && /cannot be read/.test(e.message));
});

test("PlantFile_YamlSyntaxError_NamesLine", () => {
  expectProblem("plant: { id: p1\nlines: [", /^\d+ : YAML syntax/);
});

test("PlantFile_UnknownMachineType_NamesKeyAndKnownTypes", () => {
  const list = problems(GOOD.replace("type: t1, idealCycleTimes: { A: 12 }", "type: lathe, idealCycleTimes: { A: 12 }"));
  assert.deepEqual(list, ['11 lines[0].machines[1].type: unknown machine type "lathe"; declared types: t1']);
});

test("PlantFile_UnknownKey_IsATypoNotIgnored", () => {
  expectProblem(GOOD.replace("stateModel: PackML", "stateModel: PackML\n    scrapRte: 0.1"), /^5 machineTypes\.t1\.scrapRte: unknown key; expected one of: .*scrapRate/);
});

test("PlantFile_DuplicateMachineId_Rejected", () => {
  expectProblem(GOOD.replace("id: m2", "id: m1"), /lines\[0\]\.machines\[1\]\.id: duplicate machine id "m1"/);
});

test("PlantFile_BadId_Rejected", () => {
  expectProblem(GOOD.replace("id: l1", "id: line/1"), /lines\[0\]\.id: "line\/1" is not valid: an id is 1-64 letters/);
});

test("PlantFile_ReservedLineId_Rejected", () => {
  expectProblem(GOOD.replace("id: l1", "id: Simulation"), /lines\[0\]\.id: "Simulation" is reserved/);
});

test("PlantFile_BadDuration_ExplainsTheSyntax", () => {
  expectProblem(GOOD.replace("stopReasons: { 101: Jam }", "stopReasons: { 101: Jam }\n    failures: { mtbf: 3 hours, mttr: 5m, faults: [{ code: 101 }] }"), /machineTypes\.t1\.failures\.mtbf: "3 hours" is not a duration; write seconds \(45\) or a number with a unit/);
});

test("PlantFile_UndeclaredStopReason_Rejected", () => {
  expectProblem(GOOD.replace("stopReasons: { 101: Jam }", "stopReasons: { 101: Jam }\n    failures: { mtbf: 3h, mttr: 5m, faults: [{ code: 999 }] }"), /machineTypes\.t1\.failures\.faults\[0\]\.code: stop-reason code 999 is not declared in stopReasons \(101\)/);
});

test("PlantFile_CustomStateModelWithoutCodes_Rejected", () => {
  expectProblem(GOOD.replace("stateModel: PackML", "stateModel: Custom"), /machineTypes\.t1\.stateCodes: a Custom stateModel needs stateCodes/);
  expectProblem(GOOD.replace("stateModel: PackML", "stateModel: Custom\n    stateCodes: { Idle: 0, Running: 1 }"), /stateCodes: needs a code for every category; missing: Setup, Down, PlannedDown/);
});

test("PlantFile_ProductWithoutIdealCycleTime_Rejected", () => {
  expectProblem(GOOD.replace("products: [A]", "products: [A, B]"), /lines\[0\]\.products: product "B" has no ideal cycle time on machine "m1"/);
});

test("PlantFile_OutOfRangeNumbers_Rejected", () => {
  expectProblem(GOOD.replace("stopReasons: { 101: Jam }", "stopReasons: { 101: Jam }\n    scrapRate: 1.5"), /machineTypes\.t1\.scrapRate: must be at most 1, got 1\.5/);
  expectProblem(GOOD.replace("idealCycleTimes: { A: 12 }", "idealCycleTimes: { A: 0 }"), /idealCycleTimes\.A: must be greater than 0 s/);
});

test("PlantFile_EveryProblemReported_NotJustTheFirst", () => {
  const text = GOOD.replace("type: t1, idealCycleTimes: { A: 10 }", "type: t9, idealCycleTimes: { A: 10 }").replace("id: l1", "id: ''");
  assert.ok(problems(text).length >= 2);
});
