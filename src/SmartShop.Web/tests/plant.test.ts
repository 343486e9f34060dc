import { test } from "node:test";
import assert from "node:assert/strict";
import type { Line, Machine, Plant } from "../src/api/types.ts";
import { findArea, findLine, findMachine, lineMachines, machineTypeNames, plantMachines } from "../src/logic/plant.ts";

function machine(id: string): Machine {
  return { id, name: id, type: "cnc-lathe", endpoint: null, microStopThresholdSeconds: 30, idealCycleTimes: [], signals: {} };
}

function line(id: string, cells: string[][], direct: string[]): Line {
  return {
    id,
    name: id,
    constraintMachineId: null,
    workCells: cells.map((ids, i) => ({ id: `${id}-cell-${i}`, name: `Cell ${i}`, machines: ids.map(machine) })),
    machines: direct.map(machine),
  };
}

test("lineMachines_CellsAndDirectMachines_CellMachinesFirst", () => {
  assert.deepEqual(lineMachines(line("l1", [["a", "b"], ["c"]], ["d"])).map((m) => m.id), ["a", "b", "c", "d"]);
});

test("plantMachines_TwoSites_ReturnsEveryMachine", () => {
  const plant: Plant = {
    source: { file: "demo.yaml", sha256: "00", loadedAt: "2026-03-01T00:00:00Z" },
    enterprise: { id: "acme", name: "ACME" },
    machineTypes: [{ id: "cnc-lathe", name: "CNC lathe", stateModel: "PackML" }],
    sites: [
      { id: "s1", name: "S1", timeZone: "UTC", areas: [{ id: "a1", name: "A1", lines: [line("l1", [["a"]], ["b"])] }] },
      { id: "s2", name: "S2", timeZone: "UTC", areas: [{ id: "a2", name: "A2", lines: [line("l2", [], ["c"])] }] },
    ],
  };
  assert.deepEqual(plantMachines(plant).map((m) => m.id), ["a", "b", "c"]);
  assert.equal(machineTypeNames(plant).get("cnc-lathe"), "CNC lathe");
});

test("findLineAndMachine_DemoShape_ReturnPlace", () => {
  const plant: Plant = {
    source: { file: "demo.yaml", sha256: "00", loadedAt: "2026-03-01T00:00:00Z" },
    enterprise: { id: "acme", name: "ACME" },
    machineTypes: [],
    sites: [{ id: "s1", name: "S1", timeZone: "Asia/Shanghai", areas: [{ id: "a1", name: "A1", lines: [line("l1", [["a"]], ["b"])] }] }],
  };
  assert.equal(findLine(plant, "l1")?.area.id, "a1");
  assert.equal(findMachine(plant, "b")?.line.id, "l1");
  assert.equal(findMachine(plant, "b")?.site.timeZone, "Asia/Shanghai");
  assert.equal(findArea(plant, "a1")?.site.id, "s1");
  assert.equal(findLine(plant, "nope"), null);
  assert.equal(findMachine(plant, "nope"), null);
});
