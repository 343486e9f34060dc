"use strict";
// One simulated machine: a PackML state machine driven by timed events, with cycle times, scrap, micro-stops,
// failures, changeovers, jobs, energy and process values. Pure simulation: no OPC UA here. The OPC UA layer reads
// the public fields after each change (Simulation notifies it) and samples the continuous values.
//
// Time inside the simulation is milliseconds since the Unix epoch (simulated); durations in parameters are seconds.

const { RandomStream, hashString, noise } = require("./random");
const { PackML, UnitMode, JobState, categoryOf, itemStateOf } = require("./states");

const UINT32 = 4294967296;
const EPS = 1e-6; // seconds; event times are whole milliseconds

/** Power draw of each PackML state, as a key of the machine type's energy parameters. */
function powerKey(state) {
  switch (state) {
    case PackML.Execute:
    case PackML.Unholding:
    case PackML.Unsuspending:
    case PackML.Completing:
      return "runKw";
    case PackML.Stopped:
    case PackML.Stopping:
    case PackML.Aborting:
    case PackML.Aborted:
    case PackML.Clearing:
      return "standbyKw";
    default:
      return "idleKw";
  }
}

/** States in which the machine is hot (process values head for their running value). */
function isHot(state) {
  return state === PackML.Execute || state === PackML.Starting || state === PackML.Unholding || state === PackML.Unsuspending || state === PackML.Completing;
}

class Machine {
  /**
   * @param sim   the Simulation (clock, event queue, change notification)
   * @param def   the machine from the plant model
   * @param line  the line from the plant model
   */
  constructor(sim, def, line) {
    this.sim = sim;
    this.def = def;
    this.id = def.id;
    this.line = line;
    this.behaviour = def.behaviour;
    this.upstream = null;
    this.downstream = null;

    const seed = sim.seed;
    this.rng = {
      cycle: new RandomStream(seed, `${def.id}/cycle`),
      scrap: new RandomStream(seed, `${def.id}/scrap`),
      microStop: new RandomStream(seed, `${def.id}/micro-stop`),
      failure: new RandomStream(seed, `${def.id}/failure`),
    };
    this.noiseKey = hashString(def.id);

    // Published state (what a PLC would show).
    this.packml = PackML.Stopped;
    this.unitMode = UnitMode.Production;
    this.stopReason = 0;
    this.stopReasonSince = sim.now;
    this.stateSince = sim.now;
    this.changeover = false;
    this.changeoverJob = null;
    this.starved = false;
    this.blocked = false;
    this.good = 0; // UInt32 register, wraps at 2^32
    this.reject = 0; // UInt32 register
    this.processedTotal = 0; // lifetime, never reset (Machinery OperationCycleCounter)
    this.heldCounters = null; // { good, reject } while counters are held
    this.lastCycleSeconds = 0;
    this.speedPercent = 100;
    this.setupProduct = line.products.find((p) => def.idealCycleTimes.has(p)) || [...def.idealCycleTimes.keys()][0];
    this.infeed = def.position === 0 ? null : { level: 0, capacity: def.infeedCapacity };
    this.operatingSeconds = 0; // time in Execute (Machinery OperationDuration)
    this.startedAt = sim.now; // power on (Machinery PowerOnDuration)

    // Jobs: the list as ISA-95 JobOrderList shows it, in arrival order.
    this.jobs = [];
    this.autoJobs = sim.options.autoJobs;
    this.autoJobCount = 0;

    // Internal.
    this.epoch = 0; // bumps cancel the pending timed event
    this.cycle = null; // { work, remaining } seconds of Execute time
    this.partWaiting = false; // a finished good part that the full downstream buffer cannot take yet
    this.holdReason = null; // "microStop" | "pause" while Holding/Held
    this.fault = null; // { code, repairSeconds, cleared }
    this.forced = null; // { state, until }
    this.executeMark = null; // when the current Execute stretch (or its last accounting) began
    this.lastExecuteEnd = -Infinity; // for warm-up: a machine idle longer than coolDown starts cold
    this.warmingUp = false;
    this.untilMicroStop = this.behaviour.microStops ? this.rng.microStop.exponential(this.behaviour.microStops.meanIntervalSeconds) : Infinity;
    this.untilFailure = this.behaviour.failures ? this.rng.failure.exponential(this.behaviour.failures.mtbfSeconds) : Infinity;

    this.energyKwh = 0;
    this.energyAt = sim.now;
    this.powerKw = this.behaviour.energy.standbyKw;
    this.processValues = this.behaviour.processValues.map((pv) => ({ def: pv, start: pv.ambient, target: pv.ambient, at: sim.now, key: hashString(`${def.id}/${pv.name}`) }));
  }

  // ---------------------------------------------------------------- published views

  /** The MES category (Running, Idle, Setup, Down, PlannedDown). */
  get category() {
    return categoryOf(this);
  }

  /** The raw `State` signal in the machine's state model (see the MES plant file's stateModel). */
  get stateSignal() {
    const model = this.def.stateModel;
    if (model.kind === "PackML") return this.packml;
    if (model.kind === "MachineryItemState") return itemStateOf(this);
    return model.codes[this.category];
  }

  /** Counter values as published (frozen while held). */
  get publishedGood() {
    return this.heldCounters ? this.heldCounters.good : this.good;
  }

  get publishedReject() {
    return this.heldCounters ? this.heldCounters.reject : this.reject;
  }

  /** The job being produced (Running or Interrupted), if any. */
  get currentJob() {
    return this.jobs.find((j) => j.state === JobState.Running || j.state === JobState.Interrupted) || null;
  }

  /**
   * The job a PLC shows as current: the one being produced, or during a changeover the one the machine is being set up
   * for (an MES books the changeover to that order's setup time, as a real line's PLC reports it).
   */
  get publishedJob() {
    return this.currentJob || (this.changeover ? this.changeoverJob : null) || null;
  }

  get currentProduct() {
    const job = this.currentJob;
    return job ? job.product : this.setupProduct;
  }

  idealCycleSeconds(product = this.currentProduct) {
    return this.def.idealCycleTimes.get(product);
  }

  /** Design speed for the current product, parts per minute (PackML MachDesignSpeed). */
  get designSpeed() {
    return 60 / this.idealCycleSeconds();
  }

  /** Speed set point, parts per minute (PackML MachSpeed). */
  get speedSetpoint() {
    return (this.designSpeed * this.speedPercent) / 100;
  }

  /** Current speed, parts per minute (PackML CurMachSpeed): the rate of the last cycle while executing. */
  get currentSpeed() {
    return this.packml === PackML.Execute && this.lastCycleSeconds > 0 ? 60 / this.lastCycleSeconds : 0;
  }

  /** Cumulative energy at time t (ms), kWh. */
  energyKwhAt(t) {
    return this.energyKwh + (this.powerKw * Math.max(0, t - this.energyAt)) / 3600000;
  }

  /** A process value at time t (ms): first-order lag towards its target plus deterministic noise. */
  processValueAt(index, t) {
    const pv = this.processValues[index];
    const d = pv.def;
    let v = this.processValueTrend(pv, t);
    if (d.noise > 0) v += noise(this.sim.seed, pv.key, Math.floor(t / 1000)) * d.noise;
    return Math.min(d.max, Math.max(d.min, v));
  }

  processValueTrend(pv, t) {
    const decay = Math.exp(-Math.max(0, t - pv.at) / 1000 / pv.def.timeConstantSeconds);
    return pv.target + (pv.start - pv.target) * decay;
  }

  /** Seconds in Execute up to time t, including the running stretch. */
  operatingSecondsAt(t) {
    return this.operatingSeconds + (this.packml === PackML.Execute && this.executeMark !== null ? (t - this.executeStretchStart) / 1000 : 0);
  }

  // ---------------------------------------------------------------- state plumbing

  get now() {
    return this.sim.now;
  }

  /** Runs fn after `seconds` of simulated time unless something else happens to the machine first. */
  after(seconds, fn) {
    const epoch = ++this.epoch;
    // Whole milliseconds, rounded up: the event then never comes before the work it waits for is done.
    this.sim.schedule(Math.ceil(this.now + seconds * 1000), () => {
      if (this.epoch === epoch) fn();
    });
  }

  /** Cancels the pending timed event. */
  cancelPending() {
    this.epoch++;
  }

  changed() {
    this.sim.markChanged(this);
  }

  enter(state) {
    if (state === this.packml) return;
    const t = this.now;
    if (this.packml === PackML.Execute && this.executeMark !== null) {
      this.accountExecute();
      this.operatingSeconds += (t - this.executeStretchStart) / 1000;
      this.executeMark = null;
      this.lastExecuteEnd = t;
    }
    const wasHot = isHot(this.packml);
    this.packml = state;
    this.stateSince = t;
    if (state === PackML.Execute && !this.forced) {
      this.executeMark = t;
      this.executeStretchStart = t;
    }
    this.updatePower();
    if (wasHot !== isHot(state)) this.retargetProcessValues(isHot(state));
    this.changed();
  }

  setStopReason(code) {
    if (code === this.stopReason) return;
    this.stopReason = code;
    this.stopReasonSince = this.now;
    this.changed();
  }

  updatePower() {
    const t = this.now;
    this.energyKwh = this.energyKwhAt(t);
    this.energyAt = t;
    const e = this.behaviour.energy;
    if (this.forced && this.forced.state === PackML.Execute) this.powerKw = e.idleKw;
    else if (this.packml === PackML.Starting && this.warmingUp) this.powerKw = e.warmUpKw;
    else this.powerKw = e[powerKey(this.packml)];
  }

  retargetProcessValues(hot) {
    const t = this.now;
    this.processValues.forEach((pv) => {
      pv.start = this.processValueTrend(pv, t);
      pv.at = t;
      pv.target = hot ? pv.def.running : pv.def.ambient;
    });
  }

  /** Enters a transient state, then `next` after the plant's transition time. */
  transit(state, next, seconds = this.sim.options.transitionSeconds) {
    this.enter(state);
    this.after(seconds, next);
  }

  /** Books Execute time since the last mark against the cycle and the micro-stop / failure countdowns. */
  accountExecute() {
    if (this.executeMark === null) return;
    const elapsed = (this.now - this.executeMark) / 1000;
    this.executeMark = this.now;
    if (this.cycle) this.cycle.remaining -= elapsed;
    this.untilMicroStop -= elapsed;
    this.untilFailure -= elapsed;
  }

  /** Leaves Execute (or any state) for an outside reason: books progress and cancels the pending event. */
  interrupt() {
    if (this.packml === PackML.Execute) this.accountExecute();
    this.cancelPending();
  }

  // ---------------------------------------------------------------- the decision loop

  /**
   * Decides what to do from a resting state. Called after every transition and after every outside command, so
   * the machine always heads for the state its conditions call for.
   */
  decide() {
    if (this.forced) return;
    const s = this.packml;
    if (this.fault) {
      if (s === PackML.Aborted && this.fault.cleared) {
        this.fault = null;
        this.transit(PackML.Clearing, () => this.toStopped());
      } else if (s !== PackML.Aborting && s !== PackML.Aborted) {
        this.abort();
      }
      return;
    }
    if (s === PackML.Aborted) return this.transit(PackML.Clearing, () => this.toStopped());
    if (this.unitMode !== UnitMode.Production && !this.changeover) {
      // Maintenance or Manual: the machine is brought to Stopped and stays there.
      if (s === PackML.Stopped) return;
      this.holdReason = null;
      return this.transit(PackML.Stopping, () => this.toStopped());
    }
    switch (s) {
      case PackML.Stopped:
      case PackML.Complete:
        return this.transit(PackML.Resetting, () => this.toIdle());
      case PackML.Idle:
        return this.fromIdle();
      case PackML.Execute:
        return this.work();
      case PackML.Held:
        if (this.holdReason === "pause" && this.currentJob && this.currentJob.state === JobState.Running) {
          this.holdReason = null;
          this.setStopReason(0);
          return this.transit(PackML.Unholding, () => this.toExecute());
        }
        return;
      case PackML.Suspended: {
        const job = this.currentJob;
        if (!job) return this.complete();
        if (job.state === JobState.Interrupted) return this.hold("pause", 0, 0);
        return;
      }
      default:
        return; // a transient state: its own event continues
    }
  }

  toStopped() {
    this.enter(PackML.Stopped);
    this.decide();
  }

  toIdle() {
    this.enter(PackML.Idle);
    this.decide();
  }

  fromIdle() {
    const job = this.nextJob();
    if (!job) {
      this.setStopReason(0);
      return;
    }
    if (job.state === JobState.Interrupted) return; // paused before it produced: wait in Idle for Resume
    if (job.product !== this.setupProduct && !this.changeover) return this.startChangeover(job);
    if (this.changeover) return;
    this.startJob(job);
  }

  /** The Running/Interrupted job, or the first job allowed to start (made Running), or a new automatic job. */
  nextJob() {
    let job = this.currentJob;
    if (job) return job;
    job = this.jobs.find((j) => j.state === JobState.AllowedToStart);
    if (!job && this.autoJobs) job = this.createAutoJob();
    return job || null;
  }

  createAutoJob() {
    const products = this.line.products.filter((p) => this.def.idealCycleTimes.has(p));
    const n = ++this.autoJobCount;
    const job = this.sim.newJob({
      id: `AUTO-${this.line.id}-${String(n).padStart(4, "0")}`,
      product: products[(n - 1) % products.length],
      quantity: this.sim.options.autoJobQuantity,
      source: "auto",
      state: JobState.AllowedToStart,
    });
    // Finished automatic jobs are dropped, so the list does not grow without bound in a long demo.
    this.jobs = this.jobs.filter((j) => j.source !== "auto" || (j.state !== JobState.Ended && j.state !== JobState.Aborted));
    this.jobs.push(job);
    this.sim.markJobsChanged(this);
    return job;
  }

  startChangeover(job) {
    const c = this.behaviour.changeover;
    this.changeover = true;
    this.unitMode = UnitMode.Manual;
    this.changeoverProduct = job.product;
    this.changeoverJob = job;
    this.setStopReason(c.stopReason || 0);
    this.changed();
    this.after(c.seconds, () => {
      this.changeover = false;
      this.changeoverJob = null;
      this.unitMode = UnitMode.Production;
      this.setupProduct = this.changeoverProduct;
      this.setStopReason(0);
      this.changed();
      this.decide();
    });
  }

  startJob(job) {
    if (job.state === JobState.AllowedToStart) {
      job.state = JobState.Running;
      job.startedAt = this.now;
      this.sim.markJobsChanged(this);
    }
    const e = this.behaviour.energy;
    const cold = e.warmUpSeconds > 0 && this.now - this.lastExecuteEnd >= e.coolDownSeconds * 1000;
    this.warmingUp = cold;
    this.transit(PackML.Starting, () => {
      this.warmingUp = false;
      this.toExecute();
    }, cold ? e.warmUpSeconds : this.sim.options.transitionSeconds);
    this.updatePower();
  }

  toExecute() {
    this.starved = false;
    this.blocked = false;
    this.setStopReason(0);
    this.enter(PackML.Execute);
    this.work();
  }

  // ---------------------------------------------------------------- producing

  /** In Execute: deliver a waiting part, end a finished job, or run (or start) a cycle. */
  work() {
    this.accountExecute();
    const job = this.currentJob;
    if (this.partWaiting && !this.pushPart()) return this.block();
    if (!job) return this.complete();
    if (job.state === JobState.Interrupted) return this.hold("pause", 0, 0);
    if (job.quantity > 0 && job.good >= job.quantity) {
      this.endJob(job, JobState.Ended);
      return this.complete();
    }
    if (!this.cycle) {
      if (!this.takePart()) return this.starve();
      const ideal = this.idealCycleSeconds();
      const slowdown = Math.abs(this.rng.cycle.normal()) * this.behaviour.cycleTimeJitter;
      const work = (ideal * 100 * (1 + slowdown)) / this.speedPercent;
      this.cycle = { work, remaining: work };
    }
    const dt = Math.max(0, Math.min(this.cycle.remaining, this.untilMicroStop, this.untilFailure));
    this.after(dt, () => this.onExecuteEvent());
  }

  onExecuteEvent() {
    this.accountExecute();
    if (this.cycle && this.cycle.remaining <= EPS) return this.finishPart();
    if (this.untilFailure <= EPS) return this.fail();
    if (this.untilMicroStop <= EPS) return this.microStop();
    this.work();
  }

  takePart() {
    if (!this.infeed) return true; // first machine: raw material is unlimited
    if (this.infeed.level === 0) return false;
    this.infeed.level--;
    this.changed();
    if (this.upstream) this.upstream.onSpaceFreed();
    return true;
  }

  /** Hands the waiting good part to the next machine's infeed; false when it is full. */
  pushPart() {
    const next = this.downstream;
    if (next) {
      if (next.infeed.level >= next.infeed.capacity) return false;
      next.infeed.level++;
      next.changed();
      next.onPartArrived();
    }
    this.partWaiting = false;
    return true;
  }

  finishPart() {
    const c = this.cycle;
    this.cycle = null;
    this.lastCycleSeconds = c.work;
    const scrap = this.rng.scrap.chance(this.behaviour.scrapRate);
    this.processedTotal++;
    const job = this.currentJob;
    if (scrap) {
      this.reject = (this.reject + 1) % UINT32;
      if (job) job.reject++;
    } else {
      this.good = (this.good + 1) % UINT32;
      if (job) job.good++;
      this.partWaiting = true;
    }
    if (job) this.sim.markJobsChanged(this);
    this.changed();
    this.work();
  }

  starve() {
    this.starved = true;
    this.setStopReason(this.behaviour.starvedReason || 0);
    this.transit(PackML.Suspending, () => {
      this.enter(PackML.Suspended);
      if (this.infeed.level > 0) this.unsuspend();
    });
  }

  block() {
    this.blocked = true;
    this.setStopReason(this.behaviour.blockedReason || 0);
    this.transit(PackML.Suspending, () => {
      this.enter(PackML.Suspended);
      if (this.pushPart()) this.unsuspend();
    });
  }

  unsuspend() {
    if (this.packml !== PackML.Suspended) return;
    const job = this.currentJob;
    if (!job || job.state !== JobState.Running) return this.decide();
    this.transit(PackML.Unsuspending, () => this.toExecute());
  }

  onPartArrived() {
    if (this.starved && this.packml === PackML.Suspended && !this.forced) this.unsuspend();
  }

  onSpaceFreed() {
    if (this.blocked && this.packml === PackML.Suspended && !this.forced && this.pushPart()) this.unsuspend();
  }

  microStop() {
    const m = this.behaviour.microStops;
    const code = m.reasons[Math.floor(this.rng.microStop.next() * m.reasons.length)];
    const seconds = this.rng.microStop.logNormal(m.meanDurationSeconds, m.durationSpread);
    this.untilMicroStop = this.rng.microStop.exponential(m.meanIntervalSeconds);
    this.hold("microStop", code, seconds);
  }

  /** Holding -> Held for a micro-stop (ends by itself) or a paused job (ends on Resume). */
  hold(reason, code, seconds) {
    this.holdReason = reason;
    this.setStopReason(code);
    this.transit(PackML.Holding, () => {
      this.enter(PackML.Held);
      if (reason === "microStop") {
        this.after(seconds, () => {
          const job = this.currentJob;
          if (job && job.state === JobState.Interrupted) {
            this.holdReason = "pause";
            this.setStopReason(0);
            return;
          }
          this.holdReason = null;
          this.transit(PackML.Unholding, () => this.toExecute());
        });
      }
    });
  }

  fail() {
    const f = this.behaviour.failures;
    const fault = this.rng.failure.weighted(f.faults);
    const repair = this.rng.failure.logNormal(fault.mttrSeconds, f.mttrSpread);
    this.untilFailure = this.rng.failure.exponential(f.mtbfSeconds);
    this.fault = { code: fault.code, repairSeconds: repair, cleared: false };
    this.abort();
  }

  /** An interrupted changeover starts again from the beginning once the machine is back (tooling half-changed). */
  cancelChangeover() {
    if (!this.changeover) return;
    this.changeover = false;
    this.changeoverJob = null;
    this.unitMode = UnitMode.Production;
    this.changed();
  }

  /** Aborting -> Aborted; a fault is repaired after its repair time (or on ClearFault), then Clearing -> Stopped. */
  abort() {
    this.interrupt();
    this.cancelChangeover();
    this.starved = false;
    this.blocked = false;
    this.holdReason = null;
    this.setStopReason(this.fault ? this.fault.code : 0);
    this.transit(PackML.Aborting, () => {
      this.enter(PackML.Aborted);
      const fault = this.fault;
      if (!fault) return this.decide();
      if (fault.cleared) return this.decide();
      if (Number.isFinite(fault.repairSeconds)) {
        this.after(fault.repairSeconds, () => {
          fault.cleared = true;
          this.decide();
        });
      }
    });
  }

  /** Completing -> Complete after a job ended (or when there is no job to run). */
  complete() {
    this.starved = false;
    this.blocked = false;
    this.setStopReason(0);
    this.transit(PackML.Completing, () => {
      this.enter(PackML.Complete);
      this.decide();
    });
  }

  endJob(job, state) {
    job.state = state;
    job.endedAt = this.now;
    this.sim.markJobsChanged(this);
  }

  // ---------------------------------------------------------------- commands (OPC UA methods and scenarios)

  /** Starts a fault now (code from the stop reasons or any other code); 0 s = until clearFault. */
  injectFault(code, seconds) {
    if (this.forced) this.forced = null;
    this.fault = { code, repairSeconds: seconds > 0 ? seconds : Infinity, cleared: false };
    this.abort();
  }

  clearFault() {
    if (!this.fault) return false;
    this.fault.cleared = true;
    if (this.packml === PackML.Aborted) {
      this.cancelPending();
      this.decide();
    }
    return true;
  }

  /** Shows `state` (a PackML state number) and stops simulating until released; 0 s = until releaseState. */
  forceState(state, seconds) {
    this.interrupt();
    this.cancelChangeover();
    this.starved = false;
    this.blocked = false;
    this.holdReason = null;
    this.forced = { state, until: seconds > 0 ? this.now + seconds * 1000 : Infinity };
    this.enter(state);
    this.updatePower();
    this.changed();
    if (seconds > 0) this.after(seconds, () => this.releaseState());
  }

  /** Ends a forced state: the machine restarts from Stopped. */
  releaseState() {
    if (!this.forced) return false;
    this.forced = null;
    this.cancelPending();
    this.enter(PackML.Stopped);
    this.updatePower();
    this.decide();
    return true;
  }

  /** Speed set point in percent of the design speed (1-200); applies from the next cycle. */
  setSpeedPercent(percent) {
    this.speedPercent = percent;
    this.changed();
  }

  /** PackML unit mode: 1 Production, 2 Maintenance (planned stop), 3 Manual. */
  setUnitMode(mode) {
    if (mode === this.unitMode && !this.changeover) return;
    this.interrupt();
    if (this.changeover) this.changeover = false;
    this.unitMode = mode;
    this.setStopReason(mode === UnitMode.Maintenance ? this.behaviour.maintenanceReason || 0 : 0);
    this.changed();
    if (mode === UnitMode.Production && this.packml === PackML.Idle) return this.decide();
    this.restartFromRest();
  }

  /** After an outside command: from a stable state decide again; from Execute/Held/Suspended stop first. */
  restartFromRest() {
    const s = this.packml;
    if (s === PackML.Execute || s === PackML.Held || s === PackML.Suspended || s === PackML.Idle || s === PackML.Complete || s === PackML.Stopped || s === PackML.Aborted) {
      if (this.unitMode !== UnitMode.Production) {
        if (s === PackML.Stopped) return;
        this.starved = false;
        this.blocked = false;
        this.holdReason = null;
        return this.transit(PackML.Stopping, () => this.toStopped());
      }
      return this.decide();
    }
    // A transient state was interrupted: land in Stopped, then decide.
    this.transit(PackML.Stopping, () => this.toStopped());
  }

  holdCounters(hold) {
    if (hold && !this.heldCounters) this.heldCounters = { good: this.good, reject: this.reject };
    if (!hold) this.heldCounters = null;
    this.changed();
  }

  /** Restarts the counter registers at 0 (a PLC counter reset); the lifetime count is kept. */
  resetCounters() {
    this.good = 0;
    this.reject = 0;
    if (this.heldCounters) this.heldCounters = { good: 0, reject: 0 };
    this.changed();
  }

  /** Presets the counter registers, e.g. just below 2^32 to exercise a rollover. */
  setCounters(good, reject) {
    this.good = good % UINT32;
    this.reject = reject % UINT32;
    if (this.heldCounters) this.heldCounters = { good: this.good, reject: this.reject };
    this.changed();
  }

  // ---------------------------------------------------------------- jobs (ISA-95 job order control)

  findJob(id) {
    return this.jobs.find((j) => j.id === id) || null;
  }

  /** Store / StoreAndStart. Returns "ok", "rejected:<why>". */
  storeJob({ id, product, quantity }, start) {
    if (!id) return "rejected:a job order needs a JobOrderID";
    if (this.findJob(id)) return `rejected:job order ${id} already exists`;
    if (!this.def.idealCycleTimes.has(product)) {
      return `rejected:product "${product}" is not made on ${this.id} (known: ${[...this.def.idealCycleTimes.keys()].join(", ")})`;
    }
    this.takeOverFromAutoJobs();
    const job = this.sim.newJob({ id, product, quantity: quantity || 0, source: "external", state: start ? JobState.AllowedToStart : JobState.NotAllowedToStart });
    this.jobs.push(job);
    this.sim.markJobsChanged(this);
    if (start) this.onJobAllowed();
    return "ok";
  }

  /** The first external job ends automatic jobs on this machine: queued ones are dropped, a running one stops. */
  takeOverFromAutoJobs() {
    if (!this.autoJobs) return;
    this.autoJobs = false;
    this.jobs = this.jobs.filter((j) => j.source !== "auto" || j.state === JobState.Running || j.state === JobState.Interrupted);
    const running = this.currentJob;
    if (running && running.source === "auto") this.stopCurrent(running, JobState.Ended);
  }

  onJobAllowed() {
    if (this.packml === PackML.Idle && !this.changeover && !this.forced) this.decide();
  }

  /** Applies an ISA-95 job command. Returns "ok", "unknown", "invalidState" or "rejected:<why>". */
  jobCommand(command, id) {
    const job = this.findJob(id);
    if (!job) return "unknown";
    const S = JobState;
    switch (command) {
      case "Start":
        if (job.state !== S.NotAllowedToStart) return "invalidState";
        job.state = S.AllowedToStart;
        this.sim.markJobsChanged(this);
        this.onJobAllowed();
        return "ok";
      case "RevokeStart":
        if (job.state !== S.AllowedToStart) return "invalidState";
        job.state = S.NotAllowedToStart;
        this.sim.markJobsChanged(this);
        return "ok";
      case "Pause":
        if (job.state !== S.Running) return "invalidState";
        job.state = S.Interrupted;
        this.sim.markJobsChanged(this);
        if (this.forced || this.fault) return "ok";
        if (this.packml === PackML.Execute) {
          this.interrupt();
          this.hold("pause", 0, 0);
        }
        return "ok";
      case "Resume":
        if (job.state !== S.Interrupted) return "invalidState";
        job.state = S.Running;
        this.sim.markJobsChanged(this);
        if (this.forced || this.fault) return "ok";
        if (this.packml === PackML.Held && this.holdReason === "pause") this.decide();
        else if (this.packml === PackML.Idle) this.decide();
        return "ok";
      case "Stop":
        if (job.state !== S.Running && job.state !== S.Interrupted) return "invalidState";
        this.stopCurrent(job, S.Ended);
        return "ok";
      case "Abort":
        if (job.state !== S.Running && job.state !== S.Interrupted) return "invalidState";
        this.endJob(job, S.Aborted);
        if (!this.forced && !this.fault) this.abort();
        return "ok";
      case "Cancel":
        if (job.state !== S.NotAllowedToStart && job.state !== S.AllowedToStart) return "invalidState";
        this.endJob(job, S.Aborted);
        return "ok";
      case "Clear":
        if (job.state !== S.Ended && job.state !== S.Aborted) return "invalidState";
        this.jobs = this.jobs.filter((j) => j !== job);
        this.sim.markJobsChanged(this);
        return "ok";
      default:
        return `rejected:unknown command ${command}`;
    }
  }

  /** Ends the running job now; the machine completes and goes on to the next job. */
  stopCurrent(job, state) {
    this.endJob(job, state);
    if (this.forced || this.fault) return;
    // From Idle (a changeover for the job still running: it finishes, the tooling is in place) or a transient
    // state the machine decides again by itself; from a producing state it completes now.
    const s = this.packml;
    if (s === PackML.Execute || s === PackML.Held || s === PackML.Suspended) {
      this.interrupt();
      this.holdReason = null;
      this.complete();
    }
  }

  /** The MES convention's JobStart(jobId, product): ends any running job and starts this one (quantity open). */
  conventionJobStart(id, product) {
    const existing = this.findJob(id);
    if (existing && (existing.state === JobState.Running || existing.state === JobState.Interrupted || existing.state === JobState.AllowedToStart)) return "ok";
    if (existing) return `rejected:job ${id} has already ended on ${this.id}`;
    if (!this.def.idealCycleTimes.has(product)) {
      return `rejected:product "${product}" is not made on ${this.id} (known: ${[...this.def.idealCycleTimes.keys()].join(", ")})`;
    }
    this.takeOverFromAutoJobs();
    const running = this.currentJob;
    if (running) this.stopCurrent(running, JobState.Ended);
    // The new job goes before any other job allowed to start.
    const job = this.sim.newJob({ id, product, quantity: 0, source: "external", state: JobState.AllowedToStart });
    const firstWaiting = this.jobs.findIndex((j) => j.state === JobState.AllowedToStart);
    if (firstWaiting < 0) this.jobs.push(job);
    else this.jobs.splice(firstWaiting, 0, job);
    this.sim.markJobsChanged(this);
    this.onJobAllowed();
    return "ok";
  }

  /** The MES convention's JobStop(): ends the running job, if any (idempotent). */
  conventionJobStop() {
    this.takeOverFromAutoJobs();
    const running = this.currentJob;
    if (running) this.stopCurrent(running, JobState.Ended);
    return "ok";
  }

  // ---------------------------------------------------------------- burst mode

  /** One burst step: a part completes now, whatever the state (benchmarks the consumer's ingestion rate). */
  burstStep() {
    this.processedTotal++;
    this.good = (this.good + 1) % UINT32;
    this.lastCycleSeconds = this.idealCycleSeconds() * (1 + Math.abs(this.rng.cycle.normal()) * this.behaviour.cycleTimeJitter);
    this.energyKwh += 0.001;
  }
}

module.exports = { Machine, UINT32 };
