"use strict";
// The plant simulation: a discrete-event loop over all machines with a simulated clock. It is driven from outside
// (advanceTo / advanceBy), so tests step it deterministically and the server drives it from a real-time clock with
// a time-acceleration factor. Outcomes depend only on (plant, seed, start time, commands and their times), never on
// how finely the clock is stepped.

const { EventQueue } = require("./event-queue");
const { Machine, UINT32 } = require("./machine");
const { UnitMode } = require("./states");

class Simulation {
  /**
   * @param plant   plant model from load-plant.js
   * @param options { seed = 1, startTime = Date (ms or Date), autoJobs, autoJobQuantity, transitionSeconds }
   */
  constructor(plant, options = {}) {
    this.plant = plant;
    this.seed = (options.seed ?? 1) >>> 0;
    const start = Math.floor(options.startTime === undefined ? Date.now() : +new Date(options.startTime));
    this.startTime = start;
    this.now = start;
    this.options = {
      autoJobs: options.autoJobs ?? plant.simulation.autoJobs,
      autoJobQuantity: options.autoJobQuantity ?? plant.simulation.autoJobQuantity,
      transitionSeconds: options.transitionSeconds ?? plant.simulation.transitionSeconds,
    };
    this.queue = new EventQueue();
    this.changed = new Set();
    this.jobsChanged = new Set();
    this.observers = [];
    this.jobSeq = 0;

    this.machines = new Map();
    this.lines = plant.lines.map((line) => {
      const machines = line.machines.map((def) => new Machine(this, def, line));
      machines.forEach((m, i) => {
        m.upstream = machines[i - 1] || null;
        m.downstream = machines[i + 1] || null;
        this.machines.set(m.id, m);
      });
      return { def: line, id: line.id, machines };
    });
    for (const m of this.machines.values()) m.decide();
    this.flush();
  }

  /** Observers get machineChanged(machine, timeMs) and jobsChanged(machine, timeMs) after every event. */
  observe(observer) {
    this.observers.push(observer);
  }

  machine(id) {
    const m = this.machines.get(id);
    if (!m) throw new Error(`unknown machine "${id}"`);
    return m;
  }

  schedule(at, fn) {
    this.queue.push(at, fn);
  }

  markChanged(machine) {
    this.changed.add(machine);
  }

  markJobsChanged(machine) {
    this.jobsChanged.add(machine);
  }

  newJob({ id, product, quantity, source, state }) {
    return { id, product, quantity, source, state, good: 0, reject: 0, seq: ++this.jobSeq, storedAt: this.now, startedAt: null, endedAt: null };
  }

  /** Runs every event up to time t (ms) and moves the clock to t. */
  advanceTo(t) {
    t = Math.floor(t);
    if (t < this.now) return;
    while (this.queue.peekTime() <= t) {
      const { at, event } = this.queue.pop();
      this.now = at;
      event();
      this.flush();
    }
    this.now = t;
  }

  advanceBy(seconds) {
    this.advanceTo(this.now + seconds * 1000);
  }

  /** Tells observers which machines changed at the current time. */
  flush() {
    if (this.changed.size === 0 && this.jobsChanged.size === 0) return;
    const changed = [...this.changed];
    const jobs = [...this.jobsChanged];
    this.changed.clear();
    this.jobsChanged.clear();
    for (const o of this.observers) {
      for (const m of changed) o.machineChanged && o.machineChanged(m, this.now);
      for (const m of jobs) o.jobsChanged && o.jobsChanged(m, this.now);
    }
  }

  /**
   * Applies a scenario/method action to a machine now. Actions: injectFault {code, seconds}, clearFault,
   * setSpeed {percent}, forceState {state, seconds}, releaseState, holdCounters {hold}, resetCounters,
   * setCounters {good, reject}, setUnitMode {mode}, jobStart {jobOrderId, product}, jobStop,
   * storeJob {jobOrderId, product, quantity, start}, jobCommand {command, jobOrderId}.
   * Returns "ok" or a problem text.
   */
  apply(machineId, action, args = {}) {
    const m = this.machine(machineId);
    let result = "ok";
    switch (action) {
      case "injectFault":
        checkInt32(args.code, "code", 1);
        m.injectFault(args.code, args.seconds || 0);
        break;
      case "clearFault":
        if (!m.clearFault()) result = "no fault is active";
        break;
      case "setSpeed":
        if (!(args.percent >= 1 && args.percent <= 200)) throw new RangeError(`speed must be 1-200 % of design speed, got ${args.percent}`);
        m.setSpeedPercent(args.percent);
        break;
      case "forceState":
        if (!Number.isInteger(args.state) || args.state < 1 || args.state > 17) throw new RangeError(`state must be a PackML state number 1-17, got ${args.state}`);
        m.forceState(args.state, args.seconds || 0);
        break;
      case "releaseState":
        if (!m.releaseState()) result = "no state is forced";
        break;
      case "holdCounters":
        m.holdCounters(args.hold !== false);
        break;
      case "resetCounters":
        m.resetCounters();
        break;
      case "setCounters":
        checkUInt32(args.good, "good");
        checkUInt32(args.reject, "reject");
        m.setCounters(args.good, args.reject);
        break;
      case "setUnitMode":
        if (![UnitMode.Production, UnitMode.Maintenance, UnitMode.Manual].includes(args.mode)) throw new RangeError(`unit mode must be 1 (Production), 2 (Maintenance) or 3 (Manual), got ${args.mode}`);
        m.setUnitMode(args.mode);
        break;
      case "jobStart":
        result = m.conventionJobStart(args.jobOrderId, args.product);
        break;
      case "jobStop":
        result = m.conventionJobStop();
        break;
      case "storeJob":
        result = m.storeJob({ id: args.jobOrderId, product: args.product, quantity: args.quantity || 0 }, !!args.start);
        break;
      case "jobCommand":
        result = m.jobCommand(args.command, args.jobOrderId);
        break;
      default:
        throw new RangeError(`unknown action "${action}"`);
    }
    this.flush();
    return result;
  }

  /** Schedules an action at simulated time `at` (ms); errors go to onError. */
  scheduleAction(at, machineId, action, args, onError) {
    this.schedule(at, () => {
      try {
        const result = this.apply(machineId, action, args);
        if (result !== "ok" && onError) onError(new Error(`${machineId} ${action}: ${result}`));
      } catch (e) {
        if (onError) onError(e);
      }
    });
  }

  /** A summary for logs and tests. */
  summary() {
    const out = {};
    for (const m of this.machines.values()) {
      out[m.id] = { state: m.packml, category: m.category, good: m.good, reject: m.reject, stopReason: m.stopReason, infeed: m.infeed ? m.infeed.level : null };
    }
    return out;
  }
}

function checkInt32(v, name, min = -2147483648) {
  if (!Number.isInteger(v) || v < min || v > 2147483647) throw new RangeError(`${name} must be a whole number from ${min} to 2147483647, got ${v}`);
}

function checkUInt32(v, name) {
  if (!Number.isInteger(v) || v < 0 || v >= UINT32) throw new RangeError(`${name} must be a whole number from 0 to 4294967295, got ${v}`);
}

module.exports = { Simulation };
