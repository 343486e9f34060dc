"use strict";
// Scenario files: a timeline of actions for reproducible tests and demos.
//
//   scenario: leak tester fails, the line starves
//   steps:
//     - at: 10m                       # simulated time after the scenario starts
//       machine: l2-leaktest
//       injectFault: { code: 306, duration: 20m }
//     - { at: 45m, machine: l1-lathe, setSpeed: 80 }
//     - { at: 1h, machine: l2-packer, resetCounters: true }
//
// Each step has `at`, `machine` and exactly one action key. Steps run in time order (file order at equal times).

const fs = require("node:fs");
const { openDocument, read, FileError } = require("../plant/fields");
const { PackML, UnitMode } = require("../sim/states");

const ACTIONS = ["injectFault", "clearFault", "setSpeed", "forceState", "releaseState", "holdCounters", "resetCounters", "setCounters", "setUnitMode", "startJob", "stopJob", "storeJob", "jobCommand"];
const JOB_COMMANDS = ["Start", "RevokeStart", "Pause", "Resume", "Stop", "Abort", "Cancel", "Clear"];

function loadScenarioFile(file, plant) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new FileError("scenario file", file, [{ file, line: 0, col: 0, key: "", message: `cannot be read: ${e.message}` }]);
  }
  return parseScenario(text, plant, file);
}

/**
 * Parses scenario YAML into { name, steps: [{ atSeconds, machine, action, args }] } for the given plant.
 * Throws FileError naming file, key and problem.
 */
function parseScenario(text, plant, file = "<scenario>") {
  const r = openDocument("scenario file", file, text);
  r.throwIfProblems();
  const root = r.root;
  read.mapping(r, root, [], ["scenario", "steps"]);
  if (!root || typeof root !== "object") {
    r.fail([], "is empty; a scenario needs steps");
    r.throwIfProblems();
  }
  const machines = new Set(plant.machines.map((m) => m.id));
  const steps = [];
  const list = read.list(r, root.steps, ["steps"], { required: true, nonEmpty: true }) || [];
  list.forEach((raw, i) => {
    const p = ["steps", i];
    if (!read.mapping(r, raw, p, ["at", "machine", ...ACTIONS])) return;
    const atSeconds = read.duration(r, raw, "at", p, { required: true });
    const machine = read.string(r, raw, "machine", p, { required: true });
    if (machine !== undefined && !machines.has(machine)) r.fail([...p, "machine"], `unknown machine "${machine}"; the plant has: ${[...machines].join(", ")}`);
    const actions = Object.keys(raw).filter((k) => ACTIONS.includes(k));
    if (actions.length !== 1) {
      r.fail(p, actions.length ? `has ${actions.length} actions (${actions.join(", ")}); give one per step` : `needs one action: ${ACTIONS.join(", ")}`);
      return;
    }
    const action = actions[0];
    const args = readAction(r, action, raw[action], [...p, action]);
    if (args && atSeconds !== undefined && machine !== undefined) steps.push({ atSeconds, machine, ...args });
  });
  r.throwIfProblems();
  steps.sort((a, b) => a.atSeconds - b.atSeconds);
  return { name: read.string(r, root, "scenario", [], { defaultValue: file }), steps };
}

/** Maps a scenario action to a Simulation.apply action and its arguments. */
function readAction(r, action, value, p) {
  const mapping = (keys) => read.mapping(r, value === true ? {} : value, p, keys) || {};
  const pathOf = p.slice(0, -1);
  const key = p[p.length - 1];
  switch (action) {
    case "injectFault": {
      const v = mapping(["code", "duration"]);
      const code = read.number(r, v, "code", p, { required: true, integer: true, min: 1, max: 2147483647 });
      const seconds = read.duration(r, v, "duration", p, { defaultValue: 0 });
      return code === undefined ? undefined : { action, args: { code, seconds } };
    }
    case "clearFault":
    case "releaseState":
    case "resetCounters":
    case "stopJob":
      if (value !== true) return r.fail(p, "write true");
      return { action: action === "stopJob" ? "jobStop" : action, args: {} };
    case "setSpeed": {
      const percent = read.number(r, { [key]: value }, key, pathOf, { required: true, min: 1, max: 200 });
      return percent === undefined ? undefined : { action, args: { percent } };
    }
    case "forceState": {
      const v = mapping(["state", "duration"]);
      let state = v.state;
      if (typeof state === "string") state = PackML[state];
      if (!Number.isInteger(state) || state < 1 || state > 17) return r.fail([...p, "state"], `"${v.state}" is not a PackML state (a name such as Held or Aborted, or 1-17)`);
      return { action, args: { state, seconds: read.duration(r, v, "duration", p, { defaultValue: 0 }) } };
    }
    case "holdCounters": {
      const hold = read.boolean(r, { [key]: value }, key, pathOf);
      return hold === undefined ? r.fail(p, "write true (hold) or false (release)") : { action, args: { hold } };
    }
    case "setCounters": {
      const v = mapping(["good", "reject"]);
      const good = read.number(r, v, "good", p, { integer: true, min: 0, max: 4294967295, defaultValue: 0 });
      const reject = read.number(r, v, "reject", p, { integer: true, min: 0, max: 4294967295, defaultValue: 0 });
      return { action, args: { good, reject } };
    }
    case "setUnitMode": {
      const mode = typeof value === "string" ? UnitMode[value] : value;
      if (![1, 2, 3].includes(mode)) return r.fail(p, `"${value}" is not a unit mode (Production, Maintenance, Manual or 1-3)`);
      return { action, args: { mode } };
    }
    case "startJob": {
      const v = mapping(["jobOrderId", "product"]);
      const jobOrderId = read.string(r, v, "jobOrderId", p, { required: true });
      const product = read.string(r, v, "product", p, { required: true });
      return { action: "jobStart", args: { jobOrderId, product } };
    }
    case "storeJob": {
      const v = mapping(["jobOrderId", "product", "quantity", "start"]);
      return {
        action,
        args: {
          jobOrderId: read.string(r, v, "jobOrderId", p, { required: true }),
          product: read.string(r, v, "product", p, { required: true }),
          quantity: read.number(r, v, "quantity", p, { integer: true, min: 0, max: 4294967295, defaultValue: 0 }),
          start: read.boolean(r, v, "start", p, { defaultValue: true }),
        },
      };
    }
    case "jobCommand": {
      const v = mapping(["command", "jobOrderId"]);
      return { action, args: { command: read.oneOf(r, v, "command", p, JOB_COMMANDS, { required: true }), jobOrderId: read.string(r, v, "jobOrderId", p, { required: true }) } };
    }
    default:
      return r.fail(p, "unknown action");
  }
}

/** Schedules a parsed scenario on a simulation, starting now. Returns the number of steps. */
function scheduleScenario(sim, scenario, onError) {
  const start = sim.now;
  for (const step of scenario.steps) {
    sim.scheduleAction(start + Math.round(step.atSeconds * 1000), step.machine, step.action, step.args, onError);
  }
  return scenario.steps.length;
}

module.exports = { loadScenarioFile, parseScenario, scheduleScenario, ACTIONS };
