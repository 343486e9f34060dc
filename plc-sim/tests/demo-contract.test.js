"use strict";
// plc-sim's demo plant must serve what the MES demo plant (deploy/plants/demo.yaml) expects: the same lines,
// machines, machine types, state models and codes, stop-reason codes and ideal cycle times, and signal NodeIds
// that follow the convention in that file's header.

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const YAML = require("yaml");
const { loadPlantFile } = require("../src/plant/load-plant");

const MES_DEMO = path.join(__dirname, "..", "..", "deploy", "plants", "demo.yaml");
const SIM_DEMO = path.join(__dirname, "..", "plants", "demo.yaml");
const SIGNALS = { state: "State", goodCount: "GoodCount", rejectCount: "RejectCount", stopReason: "StopReason", cycleTime: "CycleTime", energyKwh: "EnergyKwh", jobStart: "JobStart", jobStop: "JobStop" };

function mesPlant() {
  const doc = YAML.parse(fs.readFileSync(MES_DEMO, "utf8"));
  const types = new Map(doc.machineTypes.map((t) => [t.id, t]));
  const lines = [];
  for (const site of doc.sites) {
    for (const area of site.areas) {
      for (const line of area.lines) {
        const machines = [...(line.workCells || []).flatMap((c) => c.machines), ...(line.machines || [])];
        lines.push({ id: line.id, machines });
      }
    }
  }
  // Reason tree: full id (parent.child) -> name, for stop-reason entries that name a reason instead of a text.
  const reasons = new Map();
  const walk = (nodes, prefix) => {
    for (const n of nodes || []) {
      const id = prefix ? `${prefix}.${n.id}` : n.id;
      reasons.set(id, n.name);
      walk(n.children, id);
    }
  };
  walk(doc.downtimeReasons, "");
  return { types, lines, reasons };
}

const skip = fs.existsSync(MES_DEMO) ? false : `the MES demo plant ${MES_DEMO} is not here`;

test("DemoContract_LinesAndMachines_MatchTheMesDemoPlant", { skip }, () => {
  const mes = mesPlant();
  const sim = loadPlantFile(SIM_DEMO);
  assert.deepEqual(
    sim.lines.map((l) => [l.id, l.machines.map((m) => m.id).sort()]),
    mes.lines.map((l) => [l.id, l.machines.map((m) => m.id).sort()]),
  );
});

test("DemoContract_MachineTypesStateModelsStopReasonsAndCycleTimes_Match", { skip }, () => {
  const mes = mesPlant();
  const sim = loadPlantFile(SIM_DEMO);
  for (const line of mes.lines) {
    for (const mm of line.machines) {
      const sm = sim.machines.find((m) => m.id === mm.id);
      const type = mes.types.get(mm.type);
      assert.equal(sm.typeId, mm.type, `${mm.id} type`);
      assert.equal(sm.stateModel.kind, mm.stateModel || type.stateModel, `${mm.id} state model`);
      if (sm.stateModel.kind === "Custom") {
        const mesCodes = Object.fromEntries(Object.entries(type.stateCodes).map(([code, name]) => [name, Number(code)]));
        assert.deepEqual(sm.stateModel.codes, mesCodes, `${mm.id} custom state codes`);
      }
      const mesReasons = { ...type.stopReasons, ...(mm.stopReasons || {}) };
      // The MES may map a code to its reason tree (`101: { text, reason }`): the PLC's side is the code and its text.
      const mesText = (entry) => (entry !== null && typeof entry === "object" ? (entry.text ?? mes.reasons.get(entry.reason)) : entry);
      assert.deepEqual(Object.fromEntries([...sm.stopReasons].map(([c, t]) => [String(c), t])), Object.fromEntries(Object.entries(mesReasons).map(([c, t]) => [String(c), mesText(t)])), `${mm.id} stop reasons`);
      assert.deepEqual(Object.fromEntries(sm.idealCycleTimes), Object.fromEntries(mm.idealCycleTimes.map((x) => [x.product, x.seconds])), `${mm.id} ideal cycle times`);
    }
  }
});

test("DemoContract_SignalNodeIds_FollowTheConvention", { skip }, () => {
  const mes = mesPlant();
  for (const line of mes.lines) {
    for (const mm of line.machines) {
      assert.equal(mm.endpoint, "opc.tcp://127.0.0.1:4840");
      for (const [key, name] of Object.entries(SIGNALS)) {
        assert.equal(mm.signals[key], `nsu=urn:smartshop:plc-sim;s=${line.id}/${mm.id}/${name}`, `${mm.id} ${key}`);
      }
    }
  }
});
