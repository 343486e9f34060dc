"use strict";
// The simulation core under a fixed seed and simulated time: no server, no sleeps.

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const { Simulation } = require("../src/sim/simulation");
const { loadPlantFile } = require("../src/plant/load-plant");
const { PackML, UnitMode, JobState, ItemState, itemStateOf, Category } = require("../src/sim/states");
const { linePlant } = require("./support/plants");

const DEMO = path.join(__dirname, "..", "plants", "demo.yaml");
const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const HOUR = 3600;

/** Records every (time, machine, state, reason, good, reject) the simulation reports. */
function record(sim) {
  const log = [];
  sim.observe({ machineChanged: (m, t) => log.push(`${t - START} ${m.id} ${m.packml} ${m.stopReason} ${m.good} ${m.reject} ${m.infeed ? m.infeed.level : "-"}`) });
  return log;
}

/** Collects the distinct (state, stop reason) stretches of one machine. */
function stretches(sim, id) {
  const out = [];
  sim.observe({
    machineChanged: (m, t) => {
      if (m.id !== id) return;
      const last = out[out.length - 1];
      if (!last || last.state !== m.packml || last.reason !== m.stopReason) out.push({ t, state: m.packml, reason: m.stopReason, category: m.category });
    },
  });
  return out;
}

test("Simulation_SameSeed_SameRun: the demo plant replays identically under one seed", () => {
  const plant = loadPlantFile(DEMO);
  const a = new Simulation(plant, { seed: 42, startTime: START });
  const b = new Simulation(plant, { seed: 42, startTime: START });
  const logA = record(a);
  const logB = record(b);
  a.advanceBy(8 * HOUR);
  b.advanceBy(8 * HOUR);
  assert.ok(logA.length > 1000, `expected a busy day, got ${logA.length} changes`);
  assert.deepEqual(logA, logB);
  assert.deepEqual(a.summary(), b.summary());
});

test("Simulation_OtherSeed_OtherRun: a different seed gives different failures and counts", () => {
  const plant = loadPlantFile(DEMO);
  const a = new Simulation(plant, { seed: 42, startTime: START });
  const b = new Simulation(plant, { seed: 43, startTime: START });
  a.advanceBy(8 * HOUR);
  b.advanceBy(8 * HOUR);
  assert.notDeepEqual(a.summary(), b.summary());
});

test("Simulation_ClockStepping_DoesNotChangeTheRun: 1 s steps and one 4 h step give the same history", () => {
  const plant = loadPlantFile(DEMO);
  const stepped = new Simulation(plant, { seed: 7, startTime: START });
  const jumped = new Simulation(plant, { seed: 7, startTime: START });
  const logStepped = record(stepped);
  const logJumped = record(jumped);
  for (let i = 0; i < 4 * HOUR; i++) stepped.advanceBy(1);
  jumped.advanceBy(4 * HOUR);
  assert.deepEqual(logStepped, logJumped);
});

test("Counters_IdealMachines_CountOnePartPerIdealCycle: no jitter, scrap or stops gives exact counts", () => {
  const sim = new Simulation(linePlant(), { seed: 1, startTime: START });
  sim.advanceBy(HOUR);
  const [m1, m2, m3] = ["m1", "m2", "m3"].map((id) => sim.machine(id));
  // Resetting 1 s + Starting 1 s, then a 10 s cycle per part.
  assert.equal(m1.good, Math.floor((HOUR - 2) / 10));
  assert.equal(m1.reject, 0);
  // Each machine is one cycle (plus one Unsuspending) behind the one before it, and never starves again.
  assert.equal(m2.good, m1.good - 1);
  assert.equal(m3.good, m2.good - 1);
  assert.equal(m1.lastCycleSeconds, 10);
  assert.equal(m3.packml, PackML.Execute);
});

test("Counters_ScrapRate_RejectsMatchTheRateAndGoodPlusRejectIsProcessed", () => {
  const sim = new Simulation(linePlant({ count: 1, type: { scrapRate: "0.05" } }), { seed: 3, startTime: START });
  sim.advanceBy(24 * HOUR);
  const m = sim.machine("m1");
  const processed = m.good + m.reject;
  assert.equal(processed, m.processedTotal);
  const rate = m.reject / processed;
  // 8,639 parts: the binomial standard deviation of the rate is 0.0023, so +-0.012 is over 5 sigma.
  assert.ok(Math.abs(rate - 0.05) < 0.012, `scrap rate ${rate}`);
  const job = m.currentJob || m.jobs[m.jobs.length - 1];
  assert.ok(job.reject > 0);
});

test("Counters_CycleJitter_NeverFasterThanIdealAndMeanNearTheConfiguredSpread", () => {
  const sim = new Simulation(linePlant({ count: 1, type: { cycleTimeJitter: "0.05" } }), { seed: 5, startTime: START });
  const cycles = [];
  sim.observe({ machineChanged: (m) => cycles.length < 2000 && m.lastCycleSeconds && cycles[cycles.length - 1] !== m.lastCycleSeconds && cycles.push(m.lastCycleSeconds) });
  sim.advanceBy(2 * HOUR); // the first automatic job (1000 parts of P-A, 10 s ideal) runs all along
  assert.ok(cycles.length > 500);
  assert.ok(Math.min(...cycles) >= 10);
  const meanSlowdown = cycles.reduce((s, c) => s + c, 0) / cycles.length / 10 - 1;
  // Half-normal with sigma 0.05 has mean 0.05 * sqrt(2/pi) = 0.0399.
  assert.ok(Math.abs(meanSlowdown - 0.0399) < 0.005, `mean slowdown ${meanSlowdown}`);
});

test("Counters_SetNearMaximum_WrapAtUInt32", () => {
  const sim = new Simulation(linePlant({ count: 1 }), { seed: 1, startTime: START });
  sim.advanceBy(60);
  sim.apply("m1", "setCounters", { good: 4294967294, reject: 7 });
  sim.advanceBy(40);
  const m = sim.machine("m1");
  assert.ok(m.good < 10, `good should have wrapped past 4294967295, is ${m.good}`);
  assert.equal(m.reject, 7);
  assert.throws(() => sim.apply("m1", "setCounters", { good: 4294967296, reject: 0 }), /0 to 4294967295/);
});

test("Counters_Reset_RestartAtZeroButLifetimeCountGoesOn", () => {
  const sim = new Simulation(linePlant({ count: 1 }), { seed: 1, startTime: START });
  sim.advanceBy(600);
  const m = sim.machine("m1");
  const before = m.processedTotal;
  sim.apply("m1", "resetCounters");
  assert.equal(m.good, 0);
  sim.advanceBy(100);
  assert.equal(m.good, 10);
  assert.equal(m.processedTotal, before + 10);
});

test("Counters_Held_PublishedValuesFreezeAndCatchUpOnRelease", () => {
  const sim = new Simulation(linePlant({ count: 1 }), { seed: 1, startTime: START });
  sim.advanceBy(300);
  const m = sim.machine("m1");
  sim.apply("m1", "holdCounters", { hold: true });
  const frozen = m.publishedGood;
  sim.advanceBy(300);
  assert.equal(m.publishedGood, frozen);
  assert.equal(m.good, frozen + 30);
  sim.apply("m1", "holdCounters", { hold: false });
  assert.equal(m.publishedGood, frozen + 30);
});

test("Line_UpstreamFault_StarvesTheMachinesAfterIt", () => {
  const sim = new Simulation(linePlant(), { seed: 1, startTime: START });
  sim.advanceBy(600);
  const [m1, m2, m3] = ["m1", "m2", "m3"].map((id) => sim.machine(id));
  sim.apply("m1", "injectFault", { code: 301, seconds: 1200 });
  sim.advanceBy(300);
  assert.equal(m1.packml, PackML.Aborted);
  assert.equal(m1.stopReason, 301);
  for (const m of [m2, m3]) {
    assert.equal(m.packml, PackML.Suspended, `${m.id} should be starved`);
    assert.equal(m.starved, true);
    assert.equal(m.stopReason, 202);
    assert.equal(m.category, Category.Down);
  }
  const m3Good = m3.good;
  sim.advanceBy(600);
  assert.equal(m3.good, m3Good, "a starved machine makes nothing");
  sim.advanceBy(600);
  // Repaired after 1200 s, then Clearing, Stopped, Resetting, Starting: production flows again.
  assert.equal(m1.packml, PackML.Execute);
  assert.equal(m1.stopReason, 0);
  sim.advanceBy(120);
  assert.equal(m3.packml, PackML.Execute);
  assert.ok(m3.good > m3Good);
});

test("Line_DownstreamFault_FillsTheBufferThenBlocksTheMachinesBeforeIt", () => {
  const sim = new Simulation(linePlant({ infeed: 3 }), { seed: 1, startTime: START });
  sim.advanceBy(600);
  const [m1, m2, m3] = ["m1", "m2", "m3"].map((id) => sim.machine(id));
  sim.apply("m3", "injectFault", { code: 102, seconds: 0 });
  sim.advanceBy(1800);
  assert.equal(m3.packml, PackML.Aborted);
  assert.equal(m3.infeed.level, 3);
  assert.equal(m2.infeed.level, 3);
  for (const m of [m1, m2]) {
    assert.equal(m.packml, PackML.Suspended, `${m.id} should be blocked`);
    assert.equal(m.blocked, true);
    assert.equal(m.stopReason, 203);
  }
  // Parts are conserved: every good part of m1 is waiting in m1, in m2's buffer, in m2's cycle or made by m2.
  assert.equal(m1.good, (m1.partWaiting ? 1 : 0) + m2.infeed.level + (m2.cycle ? 1 : 0) + m2.good + m2.reject);
  assert.equal(m2.good, (m2.partWaiting ? 1 : 0) + m3.infeed.level + (m3.cycle ? 1 : 0) + m3.good + m3.reject);
  sim.apply("m3", "clearFault");
  sim.advanceBy(120);
  for (const m of [m1, m2, m3]) assert.equal(m.packml, PackML.Execute, `${m.id} runs again`);
});

test("MicroStops_Configured_HoldBrieflyWithTheirReasonCodes", () => {
  const sim = new Simulation(linePlant({ count: 1, type: { microStops: "{ meanInterval: 5m, meanDuration: 10s, reasons: [101, 102] }" } }), { seed: 9, startTime: START });
  const s = stretches(sim, "m1");
  sim.advanceBy(8 * HOUR);
  const held = s.filter((x) => x.state === PackML.Held);
  // About 8 h / 5 min = 96 micro-stops; Poisson: 60-140 is far outside any plausible seed.
  assert.ok(held.length > 60 && held.length < 140, `${held.length} micro-stops`);
  assert.deepEqual([...new Set(held.map((x) => x.reason))].sort(), [101, 102]);
  for (let i = 0; i < s.length - 1; i++) {
    if (s[i].state === PackML.Held) assert.equal(s[i + 1].state, PackML.Unholding);
  }
});

test("Failures_MtbfAndMttr_AbortWithFaultCodesAndRepairInTheConfiguredTime", () => {
  const type = { failures: "{ mtbf: 1h, mttr: 10m, mttrSpread: 0.3, faults: [{ code: 301, weight: 3 }, { code: 102, weight: 1, mttr: 30m }] }" };
  const sim = new Simulation(linePlant({ count: 1, type }), { seed: 11, startTime: START });
  const s = stretches(sim, "m1");
  sim.advanceBy(200 * HOUR);
  const repairs = { 301: [], 102: [] };
  for (let i = 0; i < s.length; i++) {
    if (s[i].state !== PackML.Aborted) continue;
    const end = s.slice(i + 1).find((x) => x.state === PackML.Clearing);
    if (end) repairs[s[i].reason].push((end.t - s[i].t) / 1000);
  }
  const n = repairs[301].length + repairs[102].length;
  // Operating time is a little under 200 h, so about 170-200 failures.
  assert.ok(n > 140 && n < 240, `${n} failures`);
  assert.ok(repairs[301].length > repairs[102].length * 2, "weights 3:1");
  const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
  assert.ok(Math.abs(mean(repairs[301]) - 600) < 90, `mean repair of 301: ${mean(repairs[301])}`);
  assert.ok(Math.abs(mean(repairs[102]) - 1800) < 400, `mean repair of 102: ${mean(repairs[102])}`);
});

test("Changeover_NextJobWithAnotherProduct_SetupForTheConfiguredTime", () => {
  const sim = new Simulation(linePlant({ count: 1, type: { changeover: "{ duration: 15m, stopReason: 501 }" }, simulation: "  autoJobs: false" }), { seed: 1, startTime: START });
  const m = sim.machine("m1");
  assert.equal(sim.apply("m1", "storeJob", { jobOrderId: "J1", product: "P-A", quantity: 5, start: true }), "ok");
  assert.equal(sim.apply("m1", "storeJob", { jobOrderId: "J2", product: "P-B", quantity: 5, start: true }), "ok");
  const s = stretches(sim, "m1");
  sim.advanceBy(2 * HOUR);
  assert.deepEqual(m.jobs.map((j) => [j.id, j.state, j.good]), [
    ["J1", JobState.Ended, 5],
    ["J2", JobState.Ended, 5],
  ]);
  const setup = s.filter((x) => x.category === Category.Setup);
  assert.equal(setup.length, 1);
  assert.equal(setup[0].reason, 501);
  const after = s[s.indexOf(setup[0]) + 1];
  assert.equal((after.t - setup[0].t) / 1000, 15 * 60);
  assert.equal(m.setupProduct, "P-B");
  assert.equal(m.packml, PackML.Idle, "no more jobs: the machine waits in Idle");
});

test("Jobs_Isa95Commands_FollowTheJobOrderStateMachine", () => {
  const sim = new Simulation(linePlant({ count: 1, simulation: "  autoJobs: false" }), { seed: 1, startTime: START });
  const m = sim.machine("m1");
  const cmd = (command, id) => sim.apply("m1", "jobCommand", { command, jobOrderId: id });
  assert.equal(sim.apply("m1", "storeJob", { jobOrderId: "J1", product: "P-A", quantity: 0, start: false }), "ok");
  assert.equal(m.findJob("J1").state, JobState.NotAllowedToStart);
  assert.match(sim.apply("m1", "storeJob", { jobOrderId: "J1", product: "P-A" }), /already exists/);
  assert.match(sim.apply("m1", "storeJob", { jobOrderId: "J9", product: "NOPE" }), /not made on m1/);
  assert.equal(cmd("Pause", "J1"), "invalidState");
  assert.equal(cmd("Start", "X"), "unknown");
  sim.advanceBy(60);
  assert.equal(m.packml, PackML.Idle, "a stored job does not run before Start");
  assert.equal(cmd("Start", "J1"), "ok");
  sim.advanceBy(60);
  assert.equal(m.findJob("J1").state, JobState.Running);
  assert.equal(m.packml, PackML.Execute);
  assert.equal(cmd("Pause", "J1"), "ok");
  sim.advanceBy(60);
  assert.equal(m.packml, PackML.Held);
  assert.equal(m.findJob("J1").state, JobState.Interrupted);
  const good = m.good;
  sim.advanceBy(600);
  assert.equal(m.good, good, "a paused job makes nothing");
  assert.equal(cmd("Resume", "J1"), "ok");
  sim.advanceBy(60);
  assert.equal(m.packml, PackML.Execute);
  assert.equal(cmd("Stop", "J1"), "ok");
  sim.advanceBy(10);
  assert.equal(m.findJob("J1").state, JobState.Ended);
  assert.equal(m.packml, PackML.Idle);
  assert.equal(cmd("Clear", "J1"), "ok");
  assert.equal(m.jobs.length, 0);
  sim.apply("m1", "storeJob", { jobOrderId: "J2", product: "P-A", start: true });
  sim.advanceBy(30);
  assert.equal(cmd("Abort", "J2"), "ok");
  sim.advanceBy(30);
  assert.equal(m.findJob("J2").state, JobState.Aborted);
  assert.equal(m.packml, PackML.Idle);
  sim.apply("m1", "storeJob", { jobOrderId: "J3", product: "P-A", start: false });
  assert.equal(cmd("Cancel", "J3"), "ok");
  assert.equal(m.findJob("J3").state, JobState.Aborted);
});

test("Jobs_ConventionJobStart_TakesOverFromAutomaticJobs", () => {
  const sim = new Simulation(linePlant({ count: 1 }), { seed: 1, startTime: START });
  const m = sim.machine("m1");
  sim.advanceBy(300);
  assert.match(m.currentJob.id, /^AUTO-line-t-0001$/);
  assert.equal(sim.apply("m1", "jobStart", { jobOrderId: "WO-7", product: "P-A" }), "ok");
  assert.equal(sim.apply("m1", "jobStart", { jobOrderId: "WO-7", product: "P-A" }), "ok", "idempotent");
  sim.advanceBy(300);
  assert.equal(m.currentJob.id, "WO-7");
  assert.equal(m.autoJobs, false);
  assert.ok(m.currentJob.good > 20);
  assert.equal(sim.apply("m1", "jobStop"), "ok");
  sim.advanceBy(60);
  assert.equal(m.currentJob, null);
  assert.equal(m.packml, PackML.Idle, "under MES control, no job means Idle");
  assert.equal(sim.apply("m1", "jobStop"), "ok", "idempotent");
});

test("States_MaintenanceMode_PlannedDownInEveryStateModel", () => {
  const codes = "{ Idle: 0, Running: 1, Setup: 2, Down: 5, PlannedDown: 9 }";
  const sim = new Simulation(linePlant({ count: 1, stateModel: "Custom", stateCodes: codes }), { seed: 1, startTime: START });
  const m = sim.machine("m1");
  sim.advanceBy(120);
  assert.equal(m.stateSignal, 1);
  sim.apply("m1", "setUnitMode", { mode: UnitMode.Maintenance });
  sim.advanceBy(10);
  assert.equal(m.packml, PackML.Stopped);
  assert.equal(m.category, Category.PlannedDown);
  assert.equal(m.stateSignal, 9);
  assert.equal(m.stopReason, 601);
  assert.equal(itemStateOf(m), ItemState.OutOfService);
  sim.apply("m1", "setUnitMode", { mode: UnitMode.Production });
  sim.advanceBy(10);
  assert.equal(m.stateSignal, 1);
  sim.apply("m1", "injectFault", { code: 301, seconds: 60 });
  sim.advanceBy(5);
  assert.equal(m.stateSignal, 5);
});

test("States_ForceState_ShowsTheStateUntilReleasedThenRestarts", () => {
  const sim = new Simulation(linePlant({ count: 1 }), { seed: 1, startTime: START });
  const m = sim.machine("m1");
  sim.advanceBy(100);
  sim.apply("m1", "forceState", { state: PackML.Execute, seconds: 0 });
  const good = m.good;
  sim.advanceBy(600);
  assert.equal(m.packml, PackML.Execute);
  assert.equal(m.good, good, "a forced Execute produces nothing: the 'running but not counting' case");
  sim.apply("m1", "releaseState");
  sim.advanceBy(60);
  assert.equal(m.packml, PackML.Execute);
  assert.ok(m.good > good);
  sim.apply("m1", "forceState", { state: PackML.Held, seconds: 30 });
  sim.advanceBy(10);
  assert.equal(m.packml, PackML.Held);
  sim.advanceBy(60);
  assert.equal(m.packml, PackML.Execute);
  assert.throws(() => sim.apply("m1", "forceState", { state: 42 }), /PackML state number/);
});

test("Energy_PowerByState_MeterIntegratesRunIdleAndStandby", () => {
  const sim = new Simulation(linePlant({ count: 1, simulation: "  autoJobs: false" }), { seed: 1, startTime: START });
  const m = sim.machine("m1");
  sim.advanceBy(3600);
  // Resetting from the start for 1 s, then Idle waiting for a job: both at the idle draw of 2 kW.
  assert.ok(Math.abs(m.energyKwhAt(sim.now) - 2) < 1e-9);
  sim.apply("m1", "jobStart", { jobOrderId: "E1", product: "P-A" });
  const e0 = m.energyKwhAt(sim.now);
  sim.advanceBy(3600);
  // Starting 1 s at idle (no warm-up configured), then Execute at 10 kW.
  assert.ok(Math.abs(m.energyKwhAt(sim.now) - e0 - (2 * 1 + 10 * 3599) / 3600) < 1e-9);
});

test("Energy_WarmUp_ColdStartTakesLongerAndDrawsWarmUpPower", () => {
  const sim = new Simulation(linePlant({ count: 1, type: { energy: "{ runKw: 10, idleKw: 2, standbyKw: 1, warmUpKw: 6, warmUp: 5m, coolDown: 30m }" } }), { seed: 1, startTime: START });
  const s = stretches(sim, "m1");
  sim.advanceBy(600);
  const starting = s.find((x) => x.state === PackML.Starting);
  const execute = s.find((x) => x.state === PackML.Execute);
  assert.equal((execute.t - starting.t) / 1000, 300);
  const m = sim.machine("m1");
  // Resetting 1 s at 2 kW, warm-up 300 s at 6 kW, then Execute at 10 kW.
  assert.ok(Math.abs(m.energyKwhAt(sim.now) - (2 * 1 + 6 * 300 + 10 * 299) / 3600) < 1e-9);
});

test("ProcessValues_RunningMachine_ApproachTheirRunningValue", () => {
  const pv = { processValues: "{ Temperature: { unit: degC, ambient: 20, running: 40, timeConstant: 10m, noise: 0.1, min: 0, max: 100 } }" };
  const sim = new Simulation(linePlant({ count: 1, type: pv }), { seed: 1, startTime: START });
  const m = sim.machine("m1");
  assert.ok(Math.abs(m.processValueAt(0, sim.now) - 20) <= 0.1);
  sim.advanceBy(3600);
  // 6 time constants: within 0.05 of 40, plus noise of at most 0.1.
  assert.ok(Math.abs(m.processValueAt(0, sim.now) - 40) < 0.16);
  assert.equal(m.processValueAt(0, sim.now), m.processValueAt(0, sim.now), "deterministic noise");
});
