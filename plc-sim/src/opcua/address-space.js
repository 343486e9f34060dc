"use strict";
// Builds plc-sim's part of the OPC UA address space and keeps it in step with the simulation.
//
// NodeId convention (namespace urn:smartshop:plc-sim, string NodeIds that spell the browse path):
//   s=<line id>                                   line folder (Objects organizes it)
//   s=<line id>/<machine id>                      machine: PackMLBaseObjectType + Machinery AddIns
//   s=<line id>/<machine id>/<Signal>             the MES convention signals and methods
//   s=<line id>/<machine id>/<Child>/<Child>/...  everything below, by browse name
//   s=Simulation/...                              plant-wide simulation control
// See README.md ("Address space") for the full list.

const {
  DataType,
  StatusCodes,
  NodeId,
  LocalizedText,
  VariantArrayType,
  coerceLocalizedText,
  makeEUInformation,
  NamespaceOptions,
} = require("./node-opcua");
const { PackML, packMLLevels, itemStateOf, itemStateName, operationModeOf, operationModeName, JobState, jobStateName } = require("../sim/states");
const { UNITS } = require("../plant/load-plant");

const NAMESPACE_URI = "urn:smartshop:plc-sim";
const NS = {
  DI: "http://opcfoundation.org/UA/DI/",
  Machinery: "http://opcfoundation.org/UA/Machinery/",
  PackML: "http://opcfoundation.org/UA/PackML/",
  ISA95: "http://opcfoundation.org/UA/ISA95-JOBCONTROL_V2/",
  MachineryJobs: "http://opcfoundation.org/UA/Machinery/Jobs/",
};

/** ISA-95 ReturnStatus bits (OPC 10031-4): 0 = success. */
/** Unit of part counts: UNECE C62 "one". */
const PIECES = makeEUInformation("C62", "pcs", "piece");

const ReturnStatus = { Ok: 0, UnknownJobOrderId: 1, InvalidJobOrderStatus: 2, UnableToAcceptJobOrder: 4, InvalidRequest: 8 };

const PACKML_OPTIONALS = ["Admin.ProdProcessedCount", "Admin.ProdDefectiveCount", "Admin.StopReason", "Admin.MachDesignSpeed"];
const JOB_CONTROL_METHODS = ["Store", "StoreAndStart", "Start", "RevokeStart", "Pause", "Resume", "Stop", "Abort", "Cancel", "Clear"];
const JOB_MANAGEMENT_OPTIONALS = [...JOB_CONTROL_METHODS.map((m) => `JobOrderControl.${m}`), "JobOrderResults.JobOrderResponseList"];

/** A variable plus the last value written, so unchanged values cost nothing and send no notification. */
class Writer {
  constructor(node, dataType, arrayType) {
    this.node = node;
    this.dataType = dataType;
    this.arrayType = arrayType;
    this.last = undefined;
    this.lastKey = undefined;
  }

  /** Writes `value` with source timestamp t (ms, simulated). `key` compares structures cheaply. */
  set(value, t, key) {
    const k = key === undefined ? value : key;
    if (k === this.lastKey && this.last !== undefined) return;
    this.last = value;
    this.lastKey = k;
    const variant = this.arrayType ? { dataType: this.dataType, arrayType: this.arrayType, value } : { dataType: this.dataType, value };
    this.node.setValueFromSource(variant, StatusCodes.Good, new Date(t));
  }
}

/** A FiniteStateVariable (CurrentState with Id and Number) written from a state name. */
class StateWriter {
  constructor(stateMachine, stateNodesByName, ns) {
    this.currentState = stateMachine.getComponentByName("CurrentState");
    this.id = this.currentState.getPropertyByName("Id");
    this.number = this.currentState.getPropertyByName("Number") || addNumberProperty(this.currentState, ns);
    this.states = stateNodesByName;
    this.last = undefined;
  }

  set(name, t) {
    if (name === this.last) return;
    this.last = name;
    const ts = new Date(t);
    if (name === null) {
      // A sub-state machine whose parent state is not active (OPC 10000-16: BadStateNotActive).
      this.currentState.setValueFromSource({ dataType: DataType.LocalizedText, value: null }, StatusCodes.BadStateNotActive, ts);
      this.id.setValueFromSource({ dataType: DataType.NodeId, value: NodeId.nullNodeId }, StatusCodes.BadStateNotActive, ts);
      this.number.setValueFromSource({ dataType: DataType.UInt32, value: 0 }, StatusCodes.BadStateNotActive, ts);
      return;
    }
    const state = this.states.get(name);
    this.currentState.setValueFromSource({ dataType: DataType.LocalizedText, value: new LocalizedText({ text: name }) }, StatusCodes.Good, ts);
    this.id.setValueFromSource({ dataType: DataType.NodeId, value: state.nodeId }, StatusCodes.Good, ts);
    this.number.setValueFromSource({ dataType: DataType.UInt32, value: state.number }, StatusCodes.Good, ts);
  }
}

function addNumberProperty(currentState, ns) {
  return ns.addVariable({ propertyOf: currentState, browseName: "Number", dataType: "UInt32", nodeId: `s=${currentState.nodeId.value}/Number`, value: { dataType: DataType.UInt32, value: 0 } });
}

/** Builds the plc-sim namespace in `addressSpace` for `sim` and returns the binding (see bindSimulation). */
function buildAddressSpace(addressSpace, sim, control) {
  // node-opcua names the children of a string-NodeId instance "<parent><separator><BrowseName>"; with "/" the
  // NodeIds of everything instantiated from companion types spell their browse path, like our own nodes.
  NamespaceOptions.nodeIdNameSeparator = "/";
  const ns = addressSpace.getNamespace(NAMESPACE_URI) || addressSpace.registerNamespace(NAMESPACE_URI);
  const idx = (uri) => {
    const i = addressSpace.getNamespaceIndex(uri);
    if (i < 0) throw new Error(`companion nodeset ${uri} is not loaded`);
    return i;
  };
  const types = {
    packml: addressSpace.findObjectType("PackMLBaseObjectType", idx(NS.PackML)),
    identification: addressSpace.findObjectType("MachineIdentificationType", idx(NS.Machinery)),
    itemState: addressSpace.findObjectType("MachineryItemState_StateMachineType", idx(NS.Machinery)),
    operationMode: addressSpace.findObjectType("MachineryOperationModeStateMachineType", idx(NS.Machinery)),
    operationCounters: addressSpace.findObjectType("MachineryOperationCounterType", idx(NS.Machinery)),
    jobManagement: addressSpace.findObjectType("JobManagementType", idx(NS.MachineryJobs)),
  };
  const dataTypes = {
    count: addressSpace.findDataType("PackMLCountDataType", idx(NS.PackML)),
    alarm: addressSpace.findDataType("PackMLAlarmDataType", idx(NS.PackML)),
    jobOrderAndState: addressSpace.findDataType("ISA95JobOrderAndStateDataType", idx(NS.ISA95)),
    jobOrder: addressSpace.findDataType("ISA95JobOrderDataType", idx(NS.ISA95)),
    jobResponse: addressSpace.findDataType("ISA95JobResponseDataType", idx(NS.ISA95)),
    state: addressSpace.findDataType("ISA95StateDataType", idx(NS.ISA95)),
    material: addressSpace.findDataType("ISA95MaterialDataType", idx(NS.ISA95)),
    parameter: addressSpace.findDataType("ISA95ParameterDataType", idx(NS.ISA95)),
  };
  const stateNodes = {
    packmlBase: statesOf(addressSpace, "PackMLBaseStateMachineType", idx(NS.PackML)),
    packmlMachine: statesOf(addressSpace, "PackMLMachineStateMachineType", idx(NS.PackML)),
    packmlExecute: statesOf(addressSpace, "PackMLExecuteStateMachineType", idx(NS.PackML)),
    itemState: statesOf(addressSpace, "MachineryItemState_StateMachineType", idx(NS.Machinery)),
    operationMode: statesOf(addressSpace, "MachineryOperationModeStateMachineType", idx(NS.Machinery)),
    jobOrder: statesOf(addressSpace, "ISA95JobOrderReceiverObjectType", idx(NS.ISA95)),
  };
  const qn = (name, uri) => ({ name, namespaceIndex: idx(uri) });
  const objects = addressSpace.rootFolder.objects;
  const machinesFolder = objects.getFolderElementByName ? objects.getFolderElementByName("Machines", idx(NS.Machinery)) : null;
  const ctx = { addressSpace, ns, sim, types, dataTypes, stateNodes, qn, control };

  const bindings = new Map();
  for (const line of sim.lines) {
    const folder = ns.addFolder(objects, { browseName: line.id, nodeId: `s=${line.id}`, displayName: line.def.name || line.id, description: `Production line ${line.def.name || line.id}` });
    for (const m of line.machines) {
      const b = buildMachine(ctx, folder, m);
      if (machinesFolder) machinesFolder.addReference({ referenceType: "Organizes", nodeId: b.node.nodeId });
      bindings.set(m.id, b);
    }
  }
  const simulationNode = buildSimulationObject(ctx, objects);
  return { ns, bindings, simulationNode, dataTypes };
}

function statesOf(addressSpace, typeName, nsIndex) {
  const type = addressSpace.findObjectType(typeName, nsIndex);
  const map = new Map();
  for (const c of type.getComponents()) {
    const sn = c.getPropertyByName && c.getPropertyByName("StateNumber");
    if (sn) map.set(c.browseName.name, { nodeId: c.nodeId, number: sn.readValue().value.value });
  }
  return map;
}

function euOf(unit) {
  const u = UNITS[unit];
  return makeEUInformation(u.code, u.symbol, u.name);
}

function buildMachine(ctx, folder, m) {
  const { ns, types, qn, addressSpace } = ctx;
  const base = `${m.line.id}/${m.id}`;
  const def = m.def;
  const t0 = m.now;

  const node = types.packml.instantiate({
    namespace: ns,
    browseName: m.id,
    nodeId: `s=${base}`,
    displayName: def.name,
    description: `${def.typeName} ${def.name} (${def.typeId}) on line ${m.line.id}`,
    organizedBy: folder,
    optionals: PACKML_OPTIONALS,
  });

  // --- the MES convention signals (deploy/plants/demo.yaml header)
  const v = (browseName, dataType, description, extra = {}) =>
    ns.addVariable({ componentOf: node, browseName, nodeId: `s=${base}/${browseName}`, dataType, description, minimumSamplingInterval: 0, ...extra });
  const conv = {
    state: new Writer(v("State", "Int32", stateDescription(def.stateModel)), DataType.Int32),
    good: new Writer(v("GoodCount", "UInt32", "Cumulative good parts; wraps at 2^32; a decrease is a counter reset"), DataType.UInt32),
    reject: new Writer(v("RejectCount", "UInt32", "Cumulative rejected parts; wraps at 2^32"), DataType.UInt32),
    stopReason: new Writer(v("StopReason", "Int32", "Stop-reason code, 0 = none (codes: the machine type's stopReasons)"), DataType.Int32),
    cycleTime: new Writer(v("CycleTime", "Double", "Last actual cycle time, s (processing time of the last part)"), DataType.Double),
    energy: new Writer(v("EnergyKwh", "Double", "Cumulative energy meter, kWh"), DataType.Double),
    unitMode: new Writer(v("UnitMode", "Int32", "PackML unit mode: 1 Production, 2 Maintenance (planned stop), 3 Manual (setup / changeover)"), DataType.Int32),
    speed: new Writer(v("Speed", "Double", "Current speed, parts/min (0 when not executing)"), DataType.Double),
    speedSetpoint: new Writer(v("SpeedSetpoint", "Double", "Speed set point, parts/min"), DataType.Double),
  };
  addMethod(ctx, node, `${base}/JobStart`, "JobStart", "Starts a job on the machine (ends the running one); the quantity is open-ended", [arg("jobId", "String"), arg("product", "String")], [], async ([jobId, product]) => {
    return resultOf(ctx.sim.apply(m.id, "jobStart", { jobOrderId: jobId.value, product: product.value }));
  });
  addMethod(ctx, node, `${base}/JobStop`, "JobStop", "Ends the running job, if any", [], [], async () => resultOf(ctx.sim.apply(m.id, "jobStop")));

  // --- Machinery (OPC 40001-1): identification, item state, operation mode, operation counters, building blocks
  const identification = types.identification.instantiate({
    namespace: ns,
    browseName: qn("Identification", NS.DI),
    addInOf: node,
    optionals: ["Model", "AssetId", "SoftwareRevision", "ComponentName", "Location", "YearOfConstruction", "ProductCode", "DeviceClass"],
  });
  const id = def.identification;
  const prop = (name, dataType, value) => {
    const p = identification.getPropertyByName(name) || identification.getComponentByName(name);
    if (p) p.setValueFromSource({ dataType, value }, StatusCodes.Good, new Date(t0));
  };
  prop("Manufacturer", DataType.LocalizedText, coerceLocalizedText(id.manufacturer));
  prop("Model", DataType.LocalizedText, coerceLocalizedText(id.model || def.typeName));
  prop("SerialNumber", DataType.String, id.serialNumber);
  prop("AssetId", DataType.String, id.assetId);
  prop("ProductInstanceUri", DataType.String, `urn:smartshop:plc-sim:${ctx.sim.plant.id}:${def.id}`);
  prop("SoftwareRevision", DataType.String, id.softwareRevision);
  prop("ComponentName", DataType.LocalizedText, coerceLocalizedText(def.name));
  prop("Location", DataType.String, `${ctx.sim.plant.id}/${m.line.id}`);
  prop("YearOfConstruction", DataType.UInt16, id.yearOfConstruction);
  prop("ProductCode", DataType.String, def.typeId);
  prop("DeviceClass", DataType.String, def.typeName);

  const itemState = types.itemState.instantiate({ namespace: ns, browseName: qn("MachineryItemState", NS.Machinery), componentOf: node });
  const operationMode = types.operationMode.instantiate({ namespace: ns, browseName: qn("MachineryOperationMode", NS.Machinery), componentOf: node });
  const counters = types.operationCounters.instantiate({
    namespace: ns,
    browseName: qn("OperationCounters", NS.Machinery),
    componentOf: node,
    optionals: ["PowerOnDuration", "OperationDuration", "OperationCycleCounter"],
  });
  const jobManagement = types.jobManagement.instantiate({
    namespace: ns,
    browseName: qn("JobManagement", NS.MachineryJobs),
    componentOf: node,
    optionals: JOB_MANAGEMENT_OPTIONALS,
  });
  const buildingBlocks = ns.addObject({ componentOf: node, typeDefinition: "FolderType", browseName: qn("MachineryBuildingBlocks", NS.Machinery), nodeId: `s=${base}/MachineryBuildingBlocks` });
  for (const addIn of [identification, itemState, operationMode, counters, jobManagement]) {
    buildingBlocks.addReference({ referenceType: "HasAddIn", nodeId: addIn.nodeId });
  }

  // --- PackML (OPC 30050)
  const status = node.getComponentByName("Status");
  const admin = node.getComponentByName("Admin");
  const bsm = node.getComponentByName("BaseStateMachine");
  const msm = bsm.getComponentByName("MachineState");
  const esm = msm.getComponentByName("ExecuteState");
  const packml = {
    base: new StateWriter(bsm, ctx.stateNodes.packmlBase, ns),
    machine: new StateWriter(msm, ctx.stateNodes.packmlMachine, ns),
    execute: new StateWriter(esm, ctx.stateNodes.packmlExecute, ns),
    unitModeCurrent: new Writer(status.getComponentByName("UnitModeCurrent"), DataType.Int32),
    machSpeed: new Writer(status.getComponentByName("MachSpeed"), DataType.Float),
    curMachSpeed: new Writer(status.getComponentByName("CurMachSpeed"), DataType.Float),
    blocked: new Writer(status.getComponentByName("EquipmentBlocked"), DataType.Boolean),
    starved: new Writer(status.getComponentByName("EquipmentStarved"), DataType.Boolean),
    processed: new Writer(admin.getComponentByName("ProdProcessedCount"), DataType.ExtensionObject, VariantArrayType.Array),
    defective: new Writer(admin.getComponentByName("ProdDefectiveCount"), DataType.ExtensionObject, VariantArrayType.Array),
    stopReason: new Writer(admin.getComponentByName("StopReason"), DataType.ExtensionObject),
    designSpeed: new Writer(admin.getComponentByName("MachDesignSpeed"), DataType.Float),
  };
  const range = { low: 0, high: Math.ceil((60 / Math.min(...def.idealCycleTimes.values())) * 2) };
  for (const name of ["MachSpeed", "CurMachSpeed"]) {
    status.getComponentByName(name).getPropertyByName("EURange").setValueFromSource({ dataType: DataType.ExtensionObject, value: addressSpace.constructExtensionObject(addressSpace.findDataType("Range"), range) });
  }
  status.getPropertyByName("UnitSupportedModes") && status.getPropertyByName("UnitSupportedModes").setValueFromSource({ dataType: DataType.NodeId, value: NodeId.nullNodeId });
  bindPackMLMethods(ctx, node, m);

  const machinery = {
    itemState: new StateWriter(itemState, ctx.stateNodes.itemState, ns),
    operationMode: new StateWriter(operationMode, ctx.stateNodes.operationMode, ns),
    powerOn: new Writer(counters.getPropertyByName("PowerOnDuration"), DataType.Double),
    operationDuration: new Writer(counters.getPropertyByName("OperationDuration"), DataType.Double),
    cycleCounter: new Writer(counters.getPropertyByName("OperationCycleCounter"), DataType.UInt32),
  };

  // --- ISA-95 job control (OPC 10031-4 via Machinery Jobs OPC 40001-3)
  const jobControl = jobManagement.getComponentByName("JobOrderControl");
  const jobResults = jobManagement.getComponentByName("JobOrderResults");
  const jobs = {
    list: new Writer(jobControl.getComponentByName("JobOrderList"), DataType.ExtensionObject, VariantArrayType.Array),
    responses: new Writer(jobResults.getComponentByName("JobOrderResponseList"), DataType.ExtensionObject, VariantArrayType.Array),
    controlState: new StateWriter(jobControl, ctx.stateNodes.jobOrder, ns),
  };
  const setArray = (name, dataType, value) => jobControl.getComponentByName(name).setValueFromSource({ dataType, arrayType: VariantArrayType.Array, value }, StatusCodes.Good, new Date(t0));
  setArray("EquipmentID", DataType.String, [def.id]);
  setArray("MaterialDefinitionID", DataType.String, [...def.idealCycleTimes.keys()]);
  setArray("MaterialClassID", DataType.String, []);
  setArray("PersonnelID", DataType.String, []);
  setArray("PhysicalAssetID", DataType.String, []);
  setArray("WorkMaster", DataType.ExtensionObject, []);
  jobControl.getPropertyByName("MaxDownloadableJobOrders").setValueFromSource({ dataType: DataType.UInt16, value: 100 });
  bindJobControl(ctx, jobControl, jobResults, m);

  // --- plc-sim: current job, infeed buffer, process values, scenario control
  const jobFolder = ns.addObject({ componentOf: node, browseName: "CurrentJob", nodeId: `s=${base}/CurrentJob`, description: "The job being produced (Running or Interrupted); empty when none" });
  const jv = (browseName, dataType, description) => ns.addVariable({ componentOf: jobFolder, browseName, nodeId: `s=${base}/CurrentJob/${browseName}`, dataType, description, minimumSamplingInterval: 0 });
  const currentJob = {
    id: new Writer(jv("JobOrderId", "String", "ISA-95 JobOrderID (AUTO-... for plc-sim's own jobs)"), DataType.String),
    product: new Writer(jv("ProductCode", "String", "Product (MaterialDefinitionID)"), DataType.String),
    quantity: new Writer(jv("Quantity", "UInt32", "Good parts to make; 0 = open-ended"), DataType.UInt32),
    produced: new Writer(jv("ProducedCount", "UInt32", "Good parts made in this job"), DataType.UInt32),
    defective: new Writer(jv("DefectiveCount", "UInt32", "Rejected parts in this job"), DataType.UInt32),
    state: new Writer(jv("State", "String", "ISA-95 job order state"), DataType.String),
    stateNumber: new Writer(jv("StateNumber", "UInt32", "ISA-95 job order state number (3 Running, 4 Interrupted); 0 = no job"), DataType.UInt32),
  };

  let infeed = null;
  if (m.infeed) {
    const buffer = ns.addObject({ componentOf: node, browseName: "InfeedBuffer", nodeId: `s=${base}/InfeedBuffer`, description: `Parts waiting between ${m.upstream.id} and ${m.id}` });
    infeed = {
      level: new Writer(ns.addVariable({ componentOf: buffer, browseName: "Level", nodeId: `s=${base}/InfeedBuffer/Level`, dataType: "UInt32", minimumSamplingInterval: 0 }), DataType.UInt32),
    };
    ns.addVariable({ componentOf: buffer, browseName: "Capacity", nodeId: `s=${base}/InfeedBuffer/Capacity`, dataType: "UInt32", value: { dataType: DataType.UInt32, value: m.infeed.capacity } });
    ns.addVariable({ componentOf: buffer, browseName: "Upstream", nodeId: `s=${base}/InfeedBuffer/Upstream`, dataType: "String", value: { dataType: DataType.String, value: m.upstream.id } });
  }

  const processValues = [];
  if (def.behaviour.processValues.length) {
    const pvFolder = ns.addObject({ componentOf: node, typeDefinition: "FolderType", browseName: "ProcessValues", nodeId: `s=${base}/ProcessValues` });
    for (const pv of def.behaviour.processValues) {
      const item = ns.addAnalogDataItem({
        componentOf: pvFolder,
        browseName: pv.name,
        nodeId: `s=${base}/ProcessValues/${pv.name}`,
        dataType: "Double",
        engineeringUnits: euOf(pv.unit),
        engineeringUnitsRange: { low: pv.min, high: pv.max },
        minimumSamplingInterval: 0,
        value: { dataType: DataType.Double, value: pv.ambient },
      });
      processValues.push(new Writer(item, DataType.Double));
    }
  }

  const simNode = buildMachineSimulation(ctx, node, base, m);

  return { node, m, conv, packml, machinery, jobs, currentJob, infeed, processValues, sim: simNode };
}

function stateDescription(model) {
  if (model.kind === "PackML") return "Raw state: PackML state number (2 Stopped, 4 Idle, 5 Suspended, 6 Execute, 9 Aborted, 11 Held, 17 Complete, ...)";
  if (model.kind === "MachineryItemState") return "Raw state: MachineryItemState number (0 NotAvailable, 1 OutOfService, 2 NotExecuting, 3 Executing)";
  return `Raw state: custom status word (${Object.entries(model.codes).map(([k, c]) => `${c} ${k}`).join(", ")})`;
}

function arg(name, dataType, description, valueRank = -1) {
  return { name, dataType: DataType[dataType], valueRank, description };
}

function addMethod(ctx, parent, nodeId, browseName, description, inputArguments, outputArguments, fn) {
  const method = ctx.ns.addMethod(parent, { browseName, nodeId: `s=${nodeId}`, description, inputArguments, outputArguments });
  method.bindMethod(wrapMethod(fn));
  return method;
}

/** Runs a method body; a thrown RangeError is a bad argument, anything else an internal error. */
function wrapMethod(fn) {
  return async function (inputArguments, context) {
    try {
      if (process.env.PLC_SIM_DEBUG) console.error(`method ${this.browseName.toString()} called`);
      return await fn(inputArguments, context);
    } catch (e) {
      if (process.env.PLC_SIM_DEBUG) console.error(`method ${this.browseName.toString()}:`, e);
      const bad = e instanceof RangeError || e.name === "FileError";
      return { statusCode: bad ? StatusCodes.BadInvalidArgument : StatusCodes.BadInternalError };
    }
  };
}

/** A simulation result ("ok" or a problem) as a method result. */
function resultOf(result) {
  if (result === "ok") return { statusCode: StatusCodes.Good, outputArguments: [] };
  if (result === "unknown") return { statusCode: StatusCodes.BadNotFound };
  if (result === "invalidState") return { statusCode: StatusCodes.BadInvalidState };
  if (typeof result === "string" && result.startsWith("rejected:")) return { statusCode: StatusCodes.BadInvalidArgument };
  return { statusCode: StatusCodes.Good, outputArguments: [] };
}

function bindPackMLMethods(ctx, node, m) {
  node.getMethodByName("SetMachSpeed").bindMethod(
    wrapMethod(async ([speed]) => {
      const percent = (speed.value / m.designSpeed) * 100;
      return resultOf(ctx.sim.apply(m.id, "setSpeed", { percent: Math.round(percent * 1000) / 1000 }));
    }),
  );
  node.getMethodByName("SetUnitMode").bindMethod(wrapMethod(async ([mode]) => resultOf(ctx.sim.apply(m.id, "setUnitMode", { mode: mode.value }))));
  const notSupported = wrapMethod(async () => ({ statusCode: StatusCodes.BadNotSupported }));
  node.getMethodByName("SetParameter").bindMethod(notSupported);
  node.getMethodByName("SetProduct").bindMethod(notSupported);
}

/** Reads order id, product code and quantity from an ISA95JobOrderDataType. */
function readJobOrder(jobOrder) {
  if (!jobOrder) throw new RangeError("missing JobOrder");
  const materials = jobOrder.materialRequirements || [];
  const produced = materials.find((x) => /produc/i.test(x.materialUse || "")) || materials[0];
  const workMaster = (jobOrder.workMasterID || [])[0];
  const product = (produced && produced.materialDefinitionID) || (workMaster && workMaster.ID) || "";
  const quantityText = produced && produced.quantity;
  const quantity = quantityText === undefined || quantityText === null || quantityText === "" ? 0 : Number(quantityText);
  if (!Number.isFinite(quantity) || quantity < 0) throw new RangeError(`quantity "${quantityText}" is not a number`);
  return { id: jobOrder.jobOrderID, product, quantity: Math.floor(quantity) };
}

function bindJobControl(ctx, jobControl, jobResults, m) {
  const returnStatus = (bits) => ({ statusCode: StatusCodes.Good, outputArguments: [{ dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: [0, bits] }] });
  const statusOf = (result) => {
    if (result === "ok") return ReturnStatus.Ok;
    if (result === "unknown") return ReturnStatus.UnknownJobOrderId;
    if (result === "invalidState") return ReturnStatus.InvalidJobOrderStatus;
    return ReturnStatus.UnableToAcceptJobOrder;
  };
  for (const name of ["Store", "StoreAndStart"]) {
    jobControl.getMethodByName(name).bindMethod(
      wrapMethod(async ([jobOrderVariant]) => {
        let order;
        try {
          order = readJobOrder(jobOrderVariant.value);
        } catch {
          return returnStatus(ReturnStatus.InvalidRequest);
        }
        const result = ctx.sim.apply(m.id, "storeJob", { jobOrderId: order.id, product: order.product, quantity: order.quantity, start: name === "StoreAndStart" });
        return returnStatus(statusOf(result));
      }),
    );
  }
  for (const name of ["Start", "RevokeStart", "Pause", "Resume", "Stop", "Abort", "Cancel", "Clear"]) {
    jobControl.getMethodByName(name).bindMethod(
      wrapMethod(async ([jobOrderId]) => returnStatus(statusOf(ctx.sim.apply(m.id, "jobCommand", { command: name, jobOrderId: jobOrderId.value })))),
    );
  }
  const { addressSpace, dataTypes } = ctx;
  jobResults.getMethodByName("RequestJobResponseByJobOrderID").bindMethod(
    wrapMethod(async ([jobOrderId]) => {
      const job = m.findJob(jobOrderId.value);
      if (!job) {
        return { statusCode: StatusCodes.Good, outputArguments: [{ dataType: DataType.ExtensionObject, value: null }, { dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: [0, ReturnStatus.UnknownJobOrderId] }] };
      }
      return {
        statusCode: StatusCodes.Good,
        outputArguments: [
          { dataType: DataType.ExtensionObject, value: jobResponse(addressSpace, dataTypes, m, job) },
          { dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: [0, ReturnStatus.Ok] },
        ],
      };
    }),
  );
  jobResults.getMethodByName("RequestJobResponseByJobOrderState").bindMethod(
    wrapMethod(async ([states]) => {
      const wanted = new Set((states.value || []).map((s) => s.stateNumber));
      const list = m.jobs.filter((j) => wanted.has(j.state)).map((j) => jobResponse(addressSpace, dataTypes, m, j));
      return {
        statusCode: StatusCodes.Good,
        outputArguments: [
          { dataType: DataType.ExtensionObject, arrayType: VariantArrayType.Array, value: list },
          { dataType: DataType.UInt64, arrayType: VariantArrayType.Scalar, value: [0, ReturnStatus.Ok] },
        ],
      };
    }),
  );
}

function isa95State(addressSpace, dataTypes, state) {
  return addressSpace.constructExtensionObject(dataTypes.state, {
    stateText: coerceLocalizedText(jobStateName[state]),
    stateNumber: state,
  });
}

function jobOrderAndState(addressSpace, dataTypes, m, job) {
  return addressSpace.constructExtensionObject(dataTypes.jobOrderAndState, {
    jobOrder: addressSpace.constructExtensionObject(dataTypes.jobOrder, {
      jobOrderID: job.id,
      materialRequirements: [
        addressSpace.constructExtensionObject(dataTypes.material, { materialDefinitionID: job.product, materialUse: "Produced", quantity: String(job.quantity) }),
      ],
    }),
    state: [isa95State(addressSpace, dataTypes, job.state)],
  });
}

function jobResponse(addressSpace, dataTypes, m, job) {
  return addressSpace.constructExtensionObject(dataTypes.jobResponse, {
    jobResponseID: `${job.id}@${m.id}`,
    jobOrderID: job.id,
    startTime: job.startedAt ? new Date(job.startedAt) : null,
    endTime: job.endedAt ? new Date(job.endedAt) : null,
    jobState: [isa95State(addressSpace, dataTypes, job.state)],
    jobResponseData: [
      addressSpace.constructExtensionObject(dataTypes.parameter, { ID: "ProducedCount", value: { dataType: DataType.UInt32, value: job.good } }),
      addressSpace.constructExtensionObject(dataTypes.parameter, { ID: "DefectiveCount", value: { dataType: DataType.UInt32, value: job.reject } }),
    ],
    materialActuals: [
      addressSpace.constructExtensionObject(dataTypes.material, { materialDefinitionID: job.product, materialUse: "Produced", quantity: String(job.good) }),
    ],
  });
}

function buildMachineSimulation(ctx, node, base, m) {
  const { ns } = ctx;
  const obj = ns.addObject({ componentOf: node, browseName: "Simulation", nodeId: `s=${base}/Simulation`, description: "Scenario control for tests (not part of a real PLC)" });
  const simv = (browseName, dataType, description) => ns.addVariable({ componentOf: obj, browseName, nodeId: `s=${base}/Simulation/${browseName}`, dataType, description, minimumSamplingInterval: 0 });
  const writers = {
    faultCode: new Writer(simv("FaultCode", "Int32", "Active fault (injected or simulated), 0 = none"), DataType.Int32),
    forcedState: new Writer(simv("ForcedState", "Int32", "PackML state forced by ForceState, 0 = none"), DataType.Int32),
    countersHeld: new Writer(simv("CountersHeld", "Boolean", "GoodCount/RejectCount frozen by HoldCounters"), DataType.Boolean),
    speedPercent: new Writer(simv("SpeedPercent", "Double", "Speed set point, % of design speed"), DataType.Double),
  };
  const method = (name, description, inputs, action, toArgs) =>
    addMethod(ctx, obj, `${base}/Simulation/${name}`, name, description, inputs, [], async (args) => resultOf(ctx.sim.apply(m.id, action, toArgs(args.map((a) => a.value)))));
  method("InjectFault", "Aborts the machine with a fault code for DurationSeconds (0 = until ClearFault)", [arg("Code", "Int32"), arg("DurationSeconds", "Double")], "injectFault", ([code, s]) => ({ code, seconds: s }));
  method("ClearFault", "Ends the active fault: the machine clears, resets and restarts", [], "clearFault", () => ({}));
  method("SetSpeed", "Speed set point in % of design speed (1-200), from the next cycle", [arg("Percent", "Double")], "setSpeed", ([percent]) => ({ percent }));
  method("ForceState", "Shows a PackML state (1-17) and stops simulating for DurationSeconds (0 = until ReleaseState)", [arg("State", "Int32"), arg("DurationSeconds", "Double")], "forceState", ([state, s]) => ({ state, seconds: s }));
  method("ReleaseState", "Ends a forced state: the machine restarts from Stopped", [], "releaseState", () => ({}));
  method("HoldCounters", "Freezes (true) or releases (false) GoodCount/RejectCount; parts are still counted inside", [arg("Hold", "Boolean")], "holdCounters", ([hold]) => ({ hold }));
  method("ResetCounters", "Restarts GoodCount and RejectCount at 0 (a PLC counter reset)", [], "resetCounters", () => ({}));
  method("SetCounters", "Presets GoodCount and RejectCount (e.g. near 4294967295 to test a rollover)", [arg("Good", "UInt32"), arg("Reject", "UInt32")], "setCounters", ([good, reject]) => ({ good, reject }));
  method("SetUnitMode", "PackML unit mode: 1 Production, 2 Maintenance (planned stop), 3 Manual", [arg("Mode", "Int32")], "setUnitMode", ([mode]) => ({ mode }));
  return writers;
}

function buildSimulationObject(ctx, objects) {
  const { ns, control } = ctx;
  const obj = ns.addObject({ organizedBy: objects, browseName: "Simulation", nodeId: "s=Simulation", description: "plc-sim plant-wide simulation control" });
  const simv = (browseName, dataType, description, value) =>
    ns.addVariable({ componentOf: obj, browseName, nodeId: `s=Simulation/${browseName}`, dataType, description, minimumSamplingInterval: 0, value: value === undefined ? undefined : { dataType: DataType[dataType], value } });
  const writers = {
    simulatedTime: new Writer(simv("SimulatedTime", "DateTime", "Current simulated time (source timestamps use it)"), DataType.DateTime),
    speed: new Writer(simv("TimeScale", "Double", "Time-acceleration factor: simulated seconds per real second"), DataType.Double),
    paused: new Writer(simv("Paused", "Boolean", "True while the simulated clock is paused"), DataType.Boolean),
    burst: new Writer(simv("BurstActive", "Boolean", "True while burst mode drives counters as fast as possible"), DataType.Boolean),
  };
  simv("Seed", "UInt32", "Seed of the simulation's random streams", ctx.sim.seed);
  simv("PlantId", "String", "Plant id of the plant file", ctx.sim.plant.id);
  simv("MachineCount", "UInt32", "Machines simulated", ctx.sim.machines.size);
  const method = (name, description, inputs, outputs, fn) => addMethod(ctx, obj, `Simulation/${name}`, name, description, inputs, outputs, fn);
  const ok = { statusCode: StatusCodes.Good, outputArguments: [] };
  method("Pause", "Pauses the simulated clock", [], [], async () => (control.pause(), ok));
  method("Resume", "Resumes the simulated clock", [], [], async () => (control.resume(), ok));
  method("SetTimeScale", "Sets the time-acceleration factor (0.1-100000)", [arg("Factor", "Double")], [], async ([f]) => {
    if (!(f.value >= 0.1 && f.value <= 100000)) throw new RangeError("factor out of range");
    control.setSpeed(f.value);
    return ok;
  });
  method("AdvanceSeconds", "Runs the simulation forward by this many simulated seconds at once (works while paused)", [arg("Seconds", "Double")], [], async ([s]) => {
    if (!(s.value >= 0 && s.value <= 366 * 86400)) throw new RangeError("seconds out of range");
    control.advance(s.value);
    return ok;
  });
  method("LoadScenario", "Runs a scenario (YAML text, see README) relative to the current simulated time; returns the number of steps", [arg("ScenarioYaml", "String")], [arg("Steps", "UInt32")], async ([text]) => {
    const steps = control.loadScenario(text.value);
    return { statusCode: StatusCodes.Good, outputArguments: [{ dataType: DataType.UInt32, value: steps }] };
  });
  method("StartBurst", "Burst mode: every machine completes parts as fast as possible, RoundsPerSecond (0 = unlimited)", [arg("RoundsPerSecond", "Double")], [], async ([r]) => {
    if (!(r.value >= 0)) throw new RangeError("rounds per second must be >= 0");
    control.startBurst(r.value);
    return ok;
  });
  method("StopBurst", "Ends burst mode and resumes the simulation", [], [], async () => (control.stopBurst(), ok));
  return writers;
}

/** Writes every discrete signal of a machine at time t (called after each simulation event that changed it). */
function writeMachine(ctx, b, t) {
  const m = b.m;
  const { addressSpace, dataTypes } = ctx;
  b.conv.state.set(m.stateSignal, t);
  b.conv.good.set(m.publishedGood, t);
  b.conv.reject.set(m.publishedReject, t);
  b.conv.stopReason.set(m.stopReason, t);
  b.conv.cycleTime.set(round(m.lastCycleSeconds, 3), t);
  b.conv.unitMode.set(m.unitMode, t);
  b.conv.speedSetpoint.set(round(m.speedSetpoint, 3), t);
  b.conv.speed.set(round(m.currentSpeed, 3), t);

  const levels = packMLLevels(m.packml);
  b.packml.base.set(levels.base, t);
  b.packml.machine.set(levels.machine, t);
  b.packml.execute.set(levels.execute, t);
  b.packml.unitModeCurrent.set(m.unitMode, t);
  b.packml.machSpeed.set(m.speedSetpoint, t);
  b.packml.curMachSpeed.set(m.currentSpeed, t);
  b.packml.blocked.set(m.blocked && m.packml === PackML.Suspended, t);
  b.packml.starved.set(m.starved && m.packml === PackML.Suspended, t);
  b.packml.designSpeed.set(m.designSpeed, t);
  const job = m.publishedJob;
  const good = m.publishedGood;
  const reject = m.publishedReject;
  const processed = (good + reject) % 2147483648;
  const countKey = `${good}/${reject}/${job ? job.good + job.reject : 0}/${job ? job.reject : 0}`;
  if (countKey !== b.packml.processed.lastKey) {
    const count = (name, id, value, acc) => addressSpace.constructExtensionObject(dataTypes.count, { ID: id, name, unit: PIECES, count: value % 2147483648, accCount: acc });
    b.packml.processed.set([count("Processed", 1, job ? job.good + job.reject : 0, processed)], t, countKey);
    b.packml.defective.set([count("Defective", 2, job ? job.reject : 0, reject % 2147483648)], t, countKey);
  }
  const reasonKey = `${m.stopReason}@${m.stopReasonSince}`;
  if (reasonKey !== b.packml.stopReason.lastKey) {
    b.packml.stopReason.set(
      addressSpace.constructExtensionObject(dataTypes.alarm, {
        ID: m.stopReason,
        value: m.stopReason,
        message: m.stopReason ? m.def.stopReasons.get(m.stopReason) || `Code ${m.stopReason}` : "",
        category: Math.floor(m.stopReason / 100),
        dateTime: new Date(m.stopReasonSince),
        trigger: m.stopReason !== 0,
      }),
      t,
      reasonKey,
    );
  }

  b.machinery.itemState.set(itemStateName[itemStateOf(m)], t);
  b.machinery.operationMode.set(operationModeName[operationModeOf(m)], t);
  b.machinery.cycleCounter.set(m.processedTotal % 4294967296, t);

  b.currentJob.id.set(job ? job.id : "", t);
  b.currentJob.product.set(job ? job.product : m.setupProduct, t);
  b.currentJob.quantity.set(job ? job.quantity : 0, t);
  b.currentJob.produced.set(job ? job.good : 0, t);
  b.currentJob.defective.set(job ? job.reject : 0, t);
  b.currentJob.state.set(job ? jobStateName[job.state] : "", t);
  b.currentJob.stateNumber.set(job ? job.state : 0, t);
  if (b.infeed) b.infeed.level.set(m.infeed.level, t);

  b.sim.faultCode.set(m.fault ? m.fault.code : 0, t);
  b.sim.forcedState.set(m.forced ? m.forced.state : 0, t);
  b.sim.countersHeld.set(!!m.heldCounters, t);
  b.sim.speedPercent.set(m.speedPercent, t);
}

/** Writes the job lists (ISA-95 JobOrderList and JobOrderResponseList) of a machine. */
function writeJobs(ctx, b, t) {
  const m = b.m;
  const { addressSpace, dataTypes } = ctx;
  const key = m.jobs.map((j) => `${j.id}:${j.state}:${j.good}:${j.reject}`).join("|");
  if (key === b.jobs.list.lastKey) return;
  b.jobs.list.set(m.jobs.map((j) => jobOrderAndState(addressSpace, dataTypes, m, j)), t, key);
  b.jobs.responses.set(m.jobs.filter((j) => j.state >= JobState.Running).map((j) => jobResponse(addressSpace, dataTypes, m, j)), t, key);
  const job = m.currentJob || m.jobs.find((j) => j.state === JobState.AllowedToStart) || m.jobs.find((j) => j.state === JobState.NotAllowedToStart) || m.jobs[m.jobs.length - 1];
  b.jobs.controlState.set(job ? jobStateName[job.state] : "NotAllowedToStart", t);
}

/** Samples the continuous values (energy, process values, durations) of a machine at time t. */
function sampleMachine(b, t) {
  const m = b.m;
  b.conv.energy.set(round(m.energyKwhAt(t), 4), t);
  for (let i = 0; i < b.processValues.length; i++) b.processValues[i].set(round(m.processValueAt(i, t), 3), t);
  b.machinery.powerOn.set(t - m.startedAt, t);
  b.machinery.operationDuration.set(Math.round(m.operatingSecondsAt(t) * 1000), t);
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

module.exports = { NAMESPACE_URI, NS, ReturnStatus, buildAddressSpace, writeMachine, writeJobs, sampleMachine, readJobOrder };
