"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { parseScenario, loadScenarioFile, scheduleScenario } = require("../src/scenario/load-scenario");
const { loadPlantFile } = require("../src/plant/load-plant");
const { Simulation } = require("../src/sim/simulation");
const { PackML } = require("../src/sim/states");
const { linePlant } = require("./support/plants");

const START = Date.UTC(2026, 0, 5, 6, 0, 0);

test("Scenario_ShippedExample_LoadsForTheDemoPlant", () => {
  const plant = loadPlantFile(path.join(__dirname, "..", "plants", "demo.yaml"));
  const scenario = loadScenarioFile(path.join(__dirname, "..", "scenarios", "demo-incidents.yaml"), plant);
  assert.ok(scenario.steps.length >= 5);
});

test("Scenario_Timeline_ActionsHappenAtTheirSimulatedTimes", () => {
  const plant = linePlant();
  const scenario = parseScenario(
    `scenario: t
steps:
  - { at: 10m, machine: m2, injectFault: { code: 301, duration: 5m } }
  - { at: 30m, machine: m1, setSpeed: 50 }
  - { at: 40m, machine: m3, forceState: { state: Held, duration: 1m } }
  - { at: 50m, machine: m3, resetCounters: true }
  - { at: 55m, machine: m3, setCounters: { good: 4294967290 } }
  - { at: 60m, machine: m1, setUnitMode: Maintenance }
`,
    plant,
  );
  const sim = new Simulation(plant, { seed: 1, startTime: START });
  assert.equal(scheduleScenario(sim, scenario), 6);
  sim.advanceBy(10 * 60 + 2);
  assert.equal(sim.machine("m2").packml, PackML.Aborted);
  assert.equal(sim.machine("m2").stopReason, 301);
  sim.advanceBy(20 * 60);
  assert.equal(sim.machine("m1").speedPercent, 50);
  sim.advanceBy(10 * 60);
  assert.equal(sim.machine("m3").packml, PackML.Held);
  sim.advanceBy(10 * 60);
  assert.ok(sim.machine("m3").good < 60);
  sim.advanceBy(5 * 60);
  assert.ok(sim.machine("m3").good >= 4294967290);
  sim.advanceBy(5 * 60 + 10);
  assert.equal(sim.machine("m1").packml, PackML.Stopped);
});

test("Scenario_BadFile_NamesStepKeyAndProblem", () => {
  const plant = linePlant();
  const bad = `steps:
  - { at: soon, machine: m1, clearFault: true }
  - { at: 1m, machine: m7, resetCounters: true }
  - { at: 1m, machine: m1 }
  - { at: 1m, machine: m1, setSpeed: 500 }
  - { at: 1m, machine: m1, forceState: { state: Dancing } }
  - { at: 1m, machine: m1, resetCounters: true, clearFault: true }
`;
  try {
    parseScenario(bad, plant, "bad-scenario.yaml");
    assert.fail("accepted");
  } catch (e) {
    assert.match(e.message, /^scenario file bad-scenario\.yaml is invalid/);
    const text = e.message;
    assert.match(text, /bad-scenario\.yaml:2:\d+: steps\[0\]\.at: "soon" is not a duration/);
    assert.match(text, /bad-scenario\.yaml:3:\d+: steps\[1\]\.machine: unknown machine "m7"/);
    assert.match(text, /steps\[2\]: needs one action/);
    assert.match(text, /steps\[3\]\.setSpeed: must be at most 200/);
    assert.match(text, /steps\[4\]\.forceState\.state: "Dancing" is not a PackML state/);
    assert.match(text, /steps\[5\]: has 2 actions/);
  }
});
