"use strict";
// The OPC UA server: node-opcua with the companion nodesets, plc-sim's namespace, security, users, and the
// real-time clock that drives the simulation (with its time-acceleration factor), sampling and burst mode.

const os = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { OPCUAServer, OPCUACertificateManager, SecurityPolicy, MessageSecurityMode, nodesets } = require("./node-opcua");
const { Simulation } = require("../sim/simulation");
const { buildAddressSpace, writeMachine, writeJobs, sampleMachine } = require("./address-space");
const { parseScenario, scheduleScenario } = require("../scenario/load-scenario");

/** Companion nodesets, in dependency order. Machinery needs IA; Machinery Jobs needs ISA-95 job control. */
const NODESETS = [nodesets.standard, nodesets.di, nodesets.ia, nodesets.machinery, nodesets.packML, nodesets.isa95JobControl, nodesets.machineryJobs];

/** Where plc-sim keeps its PKI by default: outside any repository, per user. */
function defaultDataDir() {
  const base = process.env.XDG_DATA_HOME || path.join(os.homedir(), ".local", "share");
  return path.join(base, "smartshop-plc-sim");
}

/** Drives the simulation from real time: simulated time = anchor + elapsed real time x speed. */
class Clock {
  constructor(sim, speed) {
    this.sim = sim;
    this.speed = speed;
    this.paused = false;
    this.anchorReal = performance.now();
    this.anchorSim = sim.now;
  }

  target() {
    return this.paused ? this.anchorSim : this.anchorSim + (performance.now() - this.anchorReal) * this.speed;
  }

  tick() {
    this.sim.advanceTo(this.target());
  }

  rebase() {
    this.tick();
    this.anchorSim = this.sim.now;
    this.anchorReal = performance.now();
  }

  setSpeed(speed) {
    this.rebase();
    this.speed = speed;
  }

  pause() {
    this.rebase();
    this.paused = true;
  }

  resume() {
    this.rebase();
    this.paused = false;
  }

  /** Moves simulated time forward at once (and keeps it there). */
  advanceTo(t) {
    this.rebase();
    this.sim.advanceTo(t);
    this.anchorSim = this.sim.now;
    this.anchorReal = performance.now();
  }
}

/**
 * Starts plc-sim. Options:
 *   plant            plant model (load-plant.js)                       required
 *   seed             PRNG seed (default 1)
 *   speed            time-acceleration factor (default 1)
 *   startTime        simulated start (Date/ms; default now)
 *   port, host       listen address (default 4840, 127.0.0.1)
 *   pkiDir           PKI folder (default <data dir>/pki)
 *   users            [{ user, password }] (default: the plant's)
 *   allowAnonymous   (default: the plant's, true)
 *   autoJobs         override the plant's simulation.autoJobs
 *   tickMs           how often the clock advances the simulation (default 100 ms real time)
 *   sampleMs         how often energy and process values are sampled (default 1000 ms real time)
 *   manualClock      true: never advance by itself (tests call advance())
 *   scenario         parsed scenario to run from the start
 *   acceptUnknownCertificates  trust any client certificate (default true; a simulator should be easy to reach)
 *   log              function(line) for diagnostics (default: none)
 */
async function startPlcSim(options) {
  const plant = options.plant;
  const host = options.host || "127.0.0.1";
  const port = options.port ?? plant.server.port ?? 4840;
  const pkiDir = options.pkiDir || path.join(defaultDataDir(), "pki");
  const users = options.users || plant.server.users;
  const allowAnonymous = options.allowAnonymous ?? plant.server.allowAnonymous;
  const log = options.log || (() => {});
  const advertisedHost = host === "0.0.0.0" || host === "::" ? os.hostname() : host;

  const sim = new Simulation(plant, { seed: options.seed ?? 1, startTime: options.startTime, autoJobs: options.autoJobs });
  const clock = new Clock(sim, options.speed ?? 1);

  const certificateManager = new OPCUACertificateManager({
    rootFolder: pkiDir,
    automaticallyAcceptUnknownCertificate: options.acceptUnknownCertificates ?? true,
  });
  await certificateManager.initialize();

  const userMap = new Map(users.map((u) => [u.user, u.password]));
  const server = new OPCUAServer({
    port,
    host,
    hostname: advertisedHost,
    nodeset_filename: NODESETS,
    serverCertificateManager: certificateManager,
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    allowAnonymous,
    userManager: { isValidUser: (user, password) => userMap.has(user) && userMap.get(user) === password },
    serverInfo: {
      applicationUri: `urn:${os.hostname()}:smartshop:plc-sim`,
      productUri: "urn:smartshop:plc-sim",
      applicationName: { text: `SmartShop plc-sim (${plant.id})`, locale: "en" },
    },
    buildInfo: { productName: "SmartShop plc-sim", manufacturerName: "SmartShop", softwareVersion: require("../../package.json").version },
    serverCapabilities: {
      // 0: a monitored item that asks for sampling interval 0 gets every change (exception-based, no coalescing),
      // so at 60x a client still sees each state change with its own simulated source timestamp.
      minSupportedSampleRate: 0,
      maxSessions: 50,
      maxSubscriptions: 200,
      maxMonitoredItems: 1000000,
      maxMonitoredItemsPerSubscription: 1000000,
      operationLimits: { maxMonitoredItemsPerCall: 10000, maxNodesPerRead: 10000, maxNodesPerBrowse: 10000, maxNodesPerMethodCall: 1000 },
    },
    maxConnectionsPerEndpoint: 50,
  });
  await server.initialize();

  const ctx = { addressSpace: server.engine.addressSpace, sim };
  const control = {
    pause: () => (clock.pause(), sampleAll()),
    resume: () => (clock.resume(), sampleAll()),
    setSpeed: (f) => (clock.setSpeed(f), sampleAll()),
    advance: (seconds) => (clock.advanceTo(sim.now + seconds * 1000), sampleAll()),
    loadScenario: (text) => runScenario(parseScenario(text, plant, "<LoadScenario>")),
    startBurst: (rate) => burst.start(rate),
    stopBurst: () => burst.stop(),
  };
  const built = buildAddressSpace(ctx.addressSpace, sim, control);
  Object.assign(ctx, { ns: built.ns, dataTypes: built.dataTypes });
  const bindings = built.bindings;
  const simulationNode = built.simulationNode;

  // Every discrete change is written with the simulated time of the event that caused it.
  sim.observe({
    machineChanged: (m, t) => writeMachine(ctx, bindings.get(m.id), t),
    jobsChanged: (m, t) => writeJobs(ctx, bindings.get(m.id), t),
  });
  const sampleAll = () => {
    const t = sim.now;
    for (const b of bindings.values()) sampleMachine(b, t);
    simulationNode.simulatedTime.set(new Date(t), t);
    simulationNode.speed.set(clock.speed, t);
    simulationNode.paused.set(clock.paused, t);
    simulationNode.burst.set(burst.active, t);
  };
  for (const b of bindings.values()) {
    writeMachine(ctx, b, sim.now);
    writeJobs(ctx, b, sim.now);
  }

  const scenarioErrors = [];
  const runScenario = (scenario) =>
    scheduleScenario(sim, scenario, (e) => {
      scenarioErrors.push(e);
      log(`scenario: ${e.message}`);
    });

  // Burst mode: the simulation pauses and every machine completes a part per round, as fast as the event loop
  // allows (or at a given rate). Source timestamps are real time, strictly increasing per round; when the burst
  // ends the simulation jumps to the last burst timestamp so later values never go back in time.
  const burst = {
    active: false,
    rounds: 0,
    lastT: 0,
    timer: null,
    start(roundsPerSecond) {
      if (this.active) this.stop();
      clock.pause();
      this.active = true;
      this.rounds = 0;
      this.lastT = Math.max(sim.now, Date.now());
      const interval = roundsPerSecond > 0 ? 1000 / roundsPerSecond : 0;
      const started = performance.now();
      const round = () => {
        if (!this.active) return;
        const t = (this.lastT = Math.max(Date.now(), this.lastT + 1));
        for (const b of bindings.values()) {
          b.m.burstStep();
          b.conv.good.set(b.m.publishedGood, t);
          b.conv.cycleTime.set(Math.round(b.m.lastCycleSeconds * 1000) / 1000, t);
          b.conv.energy.set(Math.round(b.m.energyKwh * 10000) / 10000, t);
        }
        this.rounds++;
        if (interval === 0) this.timer = setImmediate(round);
        else this.timer = setTimeout(round, Math.max(0, started + this.rounds * interval - performance.now()));
      };
      simulationNode.burst.set(true, this.lastT);
      round();
    },
    stop() {
      if (!this.active) return;
      this.active = false;
      clearImmediate(this.timer);
      clearTimeout(this.timer);
      clock.advanceTo(this.lastT + 1);
      for (const b of bindings.values()) writeMachine(ctx, b, sim.now);
      clock.resume();
      simulationNode.burst.set(false, sim.now);
    },
  };

  if (options.scenario) runScenario(options.scenario);

  await server.start();
  const endpointUrl = `opc.tcp://${advertisedHost}:${server.endpoints[0].port}`;
  log(`plc-sim listening on ${endpointUrl} (bound to ${host})`);

  let tickTimer = null;
  let sampleTimer = null;
  if (!options.manualClock) {
    tickTimer = setInterval(() => clock.tick(), options.tickMs || 100);
    sampleTimer = setInterval(() => {
      if (!burst.active) sampleAll();
    }, options.sampleMs || 1000);
  }
  sampleAll();

  return {
    server,
    sim,
    clock,
    endpointUrl,
    port: server.endpoints[0].port,
    pkiDir,
    namespaceIndex: built.ns.index,
    scenarioErrors,
    control,
    burst,
    /** Test helper: run the simulation forward and sample, as the real-time clock would. */
    advance(seconds) {
      control.advance(seconds);
    },
    sample: sampleAll,
    async stop() {
      clearInterval(tickTimer);
      clearInterval(sampleTimer);
      burst.stop();
      await server.shutdown(0);
      await certificateManager.dispose();
    },
  };
}

module.exports = { startPlcSim, defaultDataDir, Clock, NODESETS };
