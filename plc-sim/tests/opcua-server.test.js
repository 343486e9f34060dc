"use strict";
// The real server on loopback with the demo plant, driven by simulated time, and a node-opcua client on every
// security mode: the address space has what the convention promises, and clients can browse, read, subscribe and
// call the job and scenario methods.

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { AttributeIds, NodeClass, DataType, BrowseDirection, makeBrowsePath, TimestampsToReturn, coerceNodeId, VariantArrayType } = require("../src/opcua/node-opcua");
const { loadPlantFile } = require("../src/plant/load-plant");
const { startPlcSim } = require("../src/opcua/server");
const { connect, disposeClientPki } = require("./support/opcua-client");

const DEMO = path.join(__dirname, "..", "plants", "demo.yaml");
const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const SIGNALS = [
  ["State", DataType.Int32],
  ["GoodCount", DataType.UInt32],
  ["RejectCount", DataType.UInt32],
  ["StopReason", DataType.Int32],
  ["CycleTime", DataType.Double],
  ["EnergyKwh", DataType.Double],
];
const OPERATOR = { user: "operator", password: "plc-sim-operator" };
const ISA95 = "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/";

let plc;
let pkiDir;
const plant = loadPlantFile(DEMO);

test.before(async () => {
  pkiDir = fs.mkdtempSync(path.join(os.tmpdir(), "plc-sim-server-pki-"));
  plc = await startPlcSim({ plant, port: 0, pkiDir, seed: 42, startTime: START, manualClock: true });
});

test.after(async () => {
  if (plc) await plc.stop();
  await disposeClientPki();
  fs.rmSync(pkiDir, { recursive: true, force: true });
});

/**
 * Tests share one server, and a job from the MES ends a machine's automatic jobs: give the machines that earlier
 * tests dispatched to an open-ended job, so both lines flow again.
 */
async function keepLinesRunning(c, tag) {
  for (const [line, machine, product] of [
    ["line-1", "l1-deburr", "SPOOL-20"],
    ["line-2", "l2-assembly", "VALVE-CV25"], // the product of the ISA-95 job below: no changeover
  ]) {
    const id = c.id(`${line}/${machine}`);
    const r = await c.session.call({ objectId: id, methodId: `${id}/JobStart`, inputArguments: [{ dataType: DataType.String, value: `KEEP-${tag}` }, { dataType: DataType.String, value: product }] });
    assert.equal(r.statusCode.name, "Good");
  }
}

/** Waits (bounded) until check() is true, polling every 20 ms. */
async function until(check, what, ms = 5000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test("Server_Default_BindsToLoopbackAndCreatesItsCertificate", () => {
  const address = plc.server.endpoints[0]._server.address();
  assert.equal(address.address, "127.0.0.1");
  assert.match(plc.endpointUrl, /^opc\.tcp:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(fs.existsSync(path.join(pkiDir, "own", "certs", "certificate.pem")));
});

test("AddressSpace_EveryDemoMachine_ServesTheConventionSignalsAndMethods", async () => {
  const c = await connect(plc.endpointUrl);
  try {
    for (const line of plant.lines) {
      const folder = await c.session.read({ nodeId: c.id(line.id), attributeId: AttributeIds.NodeClass });
      assert.equal(folder.value.value, NodeClass.Object, line.id);
      for (const m of line.machines) {
        const base = `${line.id}/${m.id}`;
        const nodes = SIGNALS.flatMap(([s]) => [
          { nodeId: c.id(`${base}/${s}`), attributeId: AttributeIds.Value },
          { nodeId: c.id(`${base}/${s}`), attributeId: AttributeIds.DataType },
        ]);
        const values = await c.session.read(nodes);
        SIGNALS.forEach(([s, dataType], i) => {
          const value = values[2 * i];
          assert.equal(value.statusCode.name, "Good", `${base}/${s}`);
          assert.equal(value.value.dataType, dataType, `${base}/${s} value type`);
          assert.equal(values[2 * i + 1].value.value.value, dataType, `${base}/${s} DataType attribute`);
        });
        for (const method of ["JobStart", "JobStop"]) {
          const nc = await c.session.read({ nodeId: c.id(`${base}/${method}`), attributeId: AttributeIds.NodeClass });
          assert.equal(nc.value.value, NodeClass.Method, `${base}/${method}`);
        }
      }
    }
  } finally {
    await c.close();
  }
});

test("AddressSpace_BrowsePaths_LineFolderOrganizesMachinesAndMachinesFolderToo", async () => {
  const c = await connect(plc.endpointUrl);
  try {
    const ns = c.nsIndex("urn:smartshop:plc-sim");
    const [result] = await c.session.translateBrowsePath([makeBrowsePath("RootFolder", `/Objects/${ns}:line-1/${ns}:l1-lathe/${ns}:State`)]);
    assert.equal(result.statusCode.name, "Good");
    assert.equal(result.targets[0].targetId.toString(), coerceNodeId(c.id("line-1/l1-lathe/State")).toString());

    const line = await c.session.browse({ nodeId: c.id("line-2"), browseDirection: BrowseDirection.Forward, resultMask: 63, referenceTypeId: "Organizes" });
    assert.deepEqual(line.references.map((r) => r.browseName.name), ["l2-press", "l2-assembly", "l2-leaktest", "l2-packer"]);

    const machinery = c.nsIndex("http://opcfoundation.org/UA/Machinery/");
    const machines = await c.session.browse({ nodeId: `ns=${machinery};i=1001`, browseDirection: BrowseDirection.Forward, resultMask: 63, referenceTypeId: "Organizes" });
    assert.equal(machines.references.length, 8);
  } finally {
    await c.close();
  }
});

test("AddressSpace_CompanionStructure_HasTheStandardTypesAndBrowseNames", async () => {
  const c = await connect(plc.endpointUrl);
  try {
    const typeName = async (s) => {
      const refs = await c.session.browse({ nodeId: c.id(s), browseDirection: BrowseDirection.Forward, resultMask: 63, referenceTypeId: "HasTypeDefinition" });
      const [name] = await c.session.read([{ nodeId: refs.references[0].nodeId, attributeId: AttributeIds.BrowseName }]);
      return name.value.value.name;
    };
    const m = "line-1/l1-mill";
    assert.equal(await typeName(m), "PackMLBaseObjectType");
    assert.equal(await typeName(`${m}/Identification`), "MachineIdentificationType");
    assert.equal(await typeName(`${m}/MachineryItemState`), "MachineryItemState_StateMachineType");
    assert.equal(await typeName(`${m}/MachineryOperationMode`), "MachineryOperationModeStateMachineType");
    assert.equal(await typeName(`${m}/JobManagement`), "JobManagementType");
    assert.equal(await typeName(`${m}/JobManagement/JobOrderControl`), "ISA95JobOrderReceiverObjectType");

    const addIns = await c.session.browse({ nodeId: c.id(m), browseDirection: BrowseDirection.Forward, resultMask: 63, referenceTypeId: "HasAddIn" });
    assert.deepEqual(addIns.references.map((r) => r.browseName.name), ["Identification"]);
    assert.equal((await c.read(`${m}/Identification/SerialNumber`)), "BPT-VMC850-22-0112");
    assert.equal((await c.read(`${m}/Identification/Manufacturer`)).text, "Beijing Precision Machine Tool (simulated)");
    assert.equal(await c.read(`${m}/Identification/AssetId`), "l1-mill");
    assert.equal(await c.read(`${m}/Identification/YearOfConstruction`), 2022);

    const methods = await c.session.browse({ nodeId: c.id(`${m}/JobManagement/JobOrderControl`), browseDirection: BrowseDirection.Forward, resultMask: 63, referenceTypeId: "HasComponent", nodeClassMask: 4 });
    const names = methods.references.map((r) => r.browseName.name);
    for (const name of ["Store", "StoreAndStart", "Start", "Pause", "Resume", "Stop", "Abort", "Cancel", "Clear"]) assert.ok(names.includes(name), name);

    // The PackML, Machinery and convention views of one machine agree.
    plc.advance(3600);
    const state = await c.read(`${m}/State`);
    const execute = await c.session.read({ nodeId: c.id(`${m}/BaseStateMachine/MachineState/ExecuteState/CurrentState/Number`), attributeId: AttributeIds.Value });
    if (execute.statusCode.name === "Good") assert.equal(execute.value.value, state);
    const processed = await c.read(`${m}/Admin/ProdProcessedCount`);
    assert.equal(processed[0].accCount, (await c.read(`${m}/GoodCount`)) + (await c.read(`${m}/RejectCount`)));
    assert.equal(await c.read(`${m}/OperationCounters/OperationCycleCounter`), processed[0].accCount);
    const itemState = (await c.read(`${m}/MachineryItemState/CurrentState`)).text;
    assert.ok(["Executing", "NotExecuting", "OutOfService"].includes(itemState));
    assert.equal(await c.read(`${m}/InfeedBuffer/Capacity`), 6);
    assert.equal((await c.read(`${m}/CurrentJob/JobOrderId`)).startsWith("AUTO-line-1-"), true);
  } finally {
    await c.close();
  }
});

for (const [mode, user] of [
  ["None", undefined],
  ["Sign", OPERATOR],
  ["SignAndEncrypt", undefined],
  ["SignAndEncrypt", OPERATOR],
]) {
  test(`Security_${mode}${user ? "_User" : "_Anonymous"}_BrowseReadSubscribeAndCall`, async () => {
    const c = await connect(plc.endpointUrl, { mode, user });
    const subscription = await c.session.createSubscription2({ requestedPublishingInterval: 100, requestedMaxKeepAliveCount: 20, publishingEnabled: true, maxNotificationsPerPublish: 1000 });
    try {
      await keepLinesRunning(c, `${mode}-${user ? "u" : "a"}`);
      const browse = await c.session.browse({ nodeId: c.id("line-2/l2-packer"), browseDirection: BrowseDirection.Forward, resultMask: 63, referenceTypeId: "HasComponent" });
      assert.ok(browse.references.some((r) => r.browseName.name === "GoodCount"));

      const received = [];
      const item = await subscription.monitor(
        { nodeId: c.id("line-2/l2-packer/GoodCount"), attributeId: AttributeIds.Value },
        { samplingInterval: 0, queueSize: 1000, discardOldest: true },
        TimestampsToReturn.Both,
      );
      item.on("changed", (dv) => received.push(dv));
      await until(() => received.length >= 1, "the initial value");
      const first = received[0].value.value;
      const simBefore = plc.sim.now;
      plc.advance(3600);
      await until(() => received.length > 5 && received[received.length - 1].value.value === plc.sim.machine("l2-packer").publishedGood, `counter notifications (got ${received.length}: ${received.slice(-3).map((dv) => dv.value.value)}, now ${plc.sim.machine("l2-packer").publishedGood})`);
      const counts = received.map((dv) => dv.value.value);
      for (let i = 1; i < counts.length; i++) assert.ok(counts[i] > counts[i - 1], "GoodCount only goes up here");
      assert.ok(counts[counts.length - 1] > first);
      // Source timestamps are simulated time: inside the simulated hour, in order.
      const later = received.slice(1).map((dv) => dv.sourceTimestamp.getTime());
      for (const t of later) assert.ok(t > simBefore && t <= plc.sim.now, "source timestamp in simulated time");
      for (let i = 1; i < later.length; i++) assert.ok(later[i] >= later[i - 1]);

      // The MES convention job methods.
      const jobId = `WO-${mode}-${user ? "u" : "a"}`;
      const start = await c.session.call({ objectId: c.id("line-1/l1-deburr"), methodId: c.id("line-1/l1-deburr/JobStart"), inputArguments: [{ dataType: DataType.String, value: jobId }, { dataType: DataType.String, value: "SPOOL-25" }] });
      assert.equal(start.statusCode.name, "Good");
      const badProduct = await c.session.call({ objectId: c.id("line-1/l1-deburr"), methodId: c.id("line-1/l1-deburr/JobStart"), inputArguments: [{ dataType: DataType.String, value: `${jobId}-x` }, { dataType: DataType.String, value: "VALVE-CV20" }] });
      assert.equal(badProduct.statusCode.name, "BadInvalidArgument");
      plc.advance(600);
      assert.equal(await c.read("line-1/l1-deburr/CurrentJob/JobOrderId"), jobId);
      const stop = await c.session.call({ objectId: c.id("line-1/l1-deburr"), methodId: c.id("line-1/l1-deburr/JobStop"), inputArguments: [] });
      assert.equal(stop.statusCode.name, "Good");

      // ISA-95 job control with a structured job order (after ending the open-ended job keepLinesRunning gave).
      const assembly = c.id("line-2/l2-assembly");
      assert.equal((await c.session.call({ objectId: assembly, methodId: `${assembly}/JobStop`, inputArguments: [] })).statusCode.name, "Good");
      const jobControl = c.id("line-2/l2-assembly/JobManagement/JobOrderControl");
      const order = await c.session.constructExtensionObject(coerceNodeId(`ns=${c.nsIndex(ISA95)};i=3008`), {
        jobOrderID: `${jobId}-isa`,
        materialRequirements: [{ materialDefinitionID: "VALVE-CV25", materialUse: "Produced", quantity: "3" }],
      });
      const stored = await c.session.call({
        objectId: jobControl,
        methodId: `${jobControl}/StoreAndStart`,
        inputArguments: [
          { dataType: DataType.ExtensionObject, value: order },
          { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [] },
        ],
      });
      assert.equal(stored.statusCode.name, "Good");
      assert.deepEqual(stored.outputArguments[0].value, [0, 0], "ReturnStatus 0 = accepted");
      const unknown = await c.session.call({ objectId: jobControl, methodId: `${jobControl}/Pause`, inputArguments: [{ dataType: DataType.String, value: "nope" }, { dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: [] }] });
      assert.deepEqual(unknown.outputArguments[0].value, [0, 1], "ReturnStatus bit 0 = unknown job order");
      plc.advance(4 * 3600);
      const list = await c.read("line-2/l2-assembly/JobManagement/JobOrderControl/JobOrderList");
      const mine = list.find((j) => j.jobOrder.jobOrderID === `${jobId}-isa`);
      assert.equal(mine.state[0].stateNumber, 5, "Ended after its 3 parts");
      const results = c.id("line-2/l2-assembly/JobManagement/JobOrderResults");
      const response = await c.session.call({ objectId: results, methodId: `${results}/RequestJobResponseByJobOrderID`, inputArguments: [{ dataType: DataType.String, value: `${jobId}-isa` }] });
      assert.equal(response.outputArguments[0].value.materialActuals[0].quantity, "3");

      // Scenario methods: a fault on the press shows as Aborted with its code, and clears.
      const sim = c.id("line-2/l2-press/Simulation");
      const fault = await c.session.call({ objectId: sim, methodId: `${sim}/InjectFault`, inputArguments: [{ dataType: DataType.Int32, value: 101 }, { dataType: DataType.Double, value: 0 }] });
      assert.equal(fault.statusCode.name, "Good");
      plc.advance(5);
      assert.equal(await c.read("line-2/l2-press/State"), 9);
      assert.equal(await c.read("line-2/l2-press/StopReason"), 101);
      assert.equal((await c.read("line-2/l2-press/Admin/StopReason")).message, "Press force out of window");
      await c.session.call({ objectId: sim, methodId: `${sim}/ClearFault`, inputArguments: [] });
      plc.advance(60); // Clearing, Resetting, and a warm-up if the press had been stopped for long
      assert.equal(await c.read("line-2/l2-press/StopReason"), 0);
      const badSpeed = await c.session.call({ objectId: sim, methodId: `${sim}/SetSpeed`, inputArguments: [{ dataType: DataType.Double, value: 900 }] });
      assert.equal(badSpeed.statusCode.name, "BadInvalidArgument");
    } finally {
      await subscription.terminate();
      await c.close();
    }
  });
}

test("Users_WrongPassword_SessionRefused", async () => {
  await assert.rejects(connect(plc.endpointUrl, { mode: "SignAndEncrypt", user: { user: "operator", password: "wrong" } }), /BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid/);
});

test("Counters_ResetAndRolloverThroughMethods_ShowAsTheMesMustHandleThem", async () => {
  const c = await connect(plc.endpointUrl);
  try {
    await keepLinesRunning(c, "counters");
    const sim = c.id("line-2/l2-leaktest/Simulation");
    const call = (name, inputArguments = []) => c.session.call({ objectId: sim, methodId: `${sim}/${name}`, inputArguments });
    assert.equal((await call("SetCounters", [{ dataType: DataType.UInt32, value: 4294967295 }, { dataType: DataType.UInt32, value: 0 }])).statusCode.name, "Good");
    assert.equal(await c.read("line-2/l2-leaktest/GoodCount"), 4294967295);
    plc.advance(1200);
    assert.ok((await c.read("line-2/l2-leaktest/GoodCount")) < 100, "wrapped to a small number");
    await call("ResetCounters");
    assert.equal(await c.read("line-2/l2-leaktest/GoodCount"), 0);
    await call("HoldCounters", [{ dataType: DataType.Boolean, value: true }]);
    plc.advance(1200);
    assert.equal(await c.read("line-2/l2-leaktest/GoodCount"), 0);
    assert.equal(await c.read("line-2/l2-leaktest/Simulation/CountersHeld"), true);
    await call("HoldCounters", [{ dataType: DataType.Boolean, value: false }]);
    assert.ok((await c.read("line-2/l2-leaktest/GoodCount")) > 0);
  } finally {
    await c.close();
  }
});

test("SimulationObject_TimeControlAndScenario_Work", async () => {
  const c = await connect(plc.endpointUrl);
  try {
    const obj = c.id("Simulation");
    const before = (await c.read("Simulation/SimulatedTime")).getTime();
    const adv = await c.session.call({ objectId: obj, methodId: `${obj}/AdvanceSeconds`, inputArguments: [{ dataType: DataType.Double, value: 60 }] });
    assert.equal(adv.statusCode.name, "Good");
    assert.equal((await c.read("Simulation/SimulatedTime")).getTime(), before + 60000);
    const yaml = "steps:\n  - { at: 10s, machine: l1-cmm, injectFault: { code: 307, duration: 1m } }\n";
    const load = await c.session.call({ objectId: obj, methodId: `${obj}/LoadScenario`, inputArguments: [{ dataType: DataType.String, value: yaml }] });
    assert.equal(load.statusCode.name, "Good");
    assert.equal(load.outputArguments[0].value, 1);
    plc.advance(15);
    assert.equal(await c.read("line-1/l1-cmm/StopReason"), 307);
    assert.equal(await c.read("line-1/l1-cmm/State"), 3, "the CMM's custom code for Down");
    const bad = await c.session.call({ objectId: obj, methodId: `${obj}/LoadScenario`, inputArguments: [{ dataType: DataType.String, value: "steps: [{ at: 1s, machine: nope, clearFault: true }]" }] });
    assert.equal(bad.statusCode.name, "BadInvalidArgument");
    assert.equal(await c.read("Simulation/Seed"), 42);
  } finally {
    await c.close();
  }
});

test("Server_AnonymousRefused_WhenThePlantSaysSo", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plc-sim-server-pki-"));
  const strict = await startPlcSim({ plant, port: 0, pkiDir: dir, seed: 1, manualClock: true, allowAnonymous: false });
  try {
    // The endpoints offer no anonymous token policy, so the client refuses before asking.
    await assert.rejects(connect(strict.endpointUrl, { mode: "None" }), /ANONYMOUS user token policy|BadIdentityTokenInvalid|BadIdentityTokenRejected/);
    const c = await connect(strict.endpointUrl, { mode: "Sign", user: OPERATOR });
    assert.equal(typeof (await c.read("line-1/l1-lathe/State")), "number");
    await c.close();
  } finally {
    await strict.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

