"use strict";
// Reads and validates a plc-sim plant file (YAML) into the plain model the simulation and the OPC UA address space
// are built from. Every problem is reported with file, line, key and what is wrong (see fields.js).

const fs = require("node:fs");
const { openDocument, read, FileError } = require("./fields");
const { Category } = require("../sim/states");

const STATE_MODELS = ["PackML", "MachineryItemState", "Custom"];
const CATEGORIES = Object.values(Category);
/** Ids that would collide with plc-sim's own nodes at the top of its namespace. */
const RESERVED_LINE_IDS = ["Simulation"];

/** Behaviour keys a machine type declares and a machine may override. */
const BEHAVIOUR_KEYS = [
  "cycleTimeJitter",
  "scrapRate",
  "microStops",
  "failures",
  "starvedReason",
  "blockedReason",
  "maintenanceReason",
  "changeover",
  "energy",
  "processValues",
];
const IDENTIFICATION_KEYS = ["manufacturer", "model", "softwareRevision", "yearOfConstruction"];
const TYPE_KEYS = ["name", "stateModel", "stateCodes", "stopReasons", ...IDENTIFICATION_KEYS, ...BEHAVIOUR_KEYS];
const MACHINE_KEYS = [
  "id",
  "name",
  "type",
  "serialNumber",
  "assetId",
  "idealCycleTimes",
  "infeedCapacity",
  "stateModel",
  "stateCodes",
  "stopReasons",
  ...IDENTIFICATION_KEYS,
  ...BEHAVIOUR_KEYS,
];

/** Loads a plant file from disk. Throws FileError listing every problem. */
function loadPlantFile(file) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new FileError("plant file", file, [{ file, line: 0, col: 0, key: "", message: `cannot be read: ${e.message}` }]);
  }
  return parsePlant(text, file);
}

/** Parses plant YAML text; `file` is only used in messages. */
function parsePlant(text, file = "<plant>") {
  const r = openDocument("plant file", file, text);
  r.throwIfProblems();
  const plant = readPlant(r, r.root);
  r.throwIfProblems();
  return plant;
}

function readPlant(r, root) {
  read.mapping(r, root, [], ["plant", "simulation", "server", "machineTypes", "lines"]);
  if (!root || typeof root !== "object") return r.fail([], "is empty; a plant file needs plant, machineTypes and lines");

  const header = read.mapping(r, root.plant, ["plant"], ["id", "name"]) || {};
  if (root.plant === undefined) r.fail(["plant"], "is required (id and name of the plant)");
  const plant = {
    file: r.file,
    id: read.id(r, header, "id", ["plant"], { required: true }),
    name: read.string(r, header, "name", ["plant"], { defaultValue: "" }),
    simulation: readSimulation(r, root.simulation),
    server: readServer(r, root.server),
    machineTypes: new Map(),
    lines: [],
    machines: [],
  };

  const types = read.mapping(r, root.machineTypes, ["machineTypes"]);
  if (root.machineTypes === undefined) r.fail(["machineTypes"], "is required (the machine types, by id)");
  for (const [typeId, raw] of Object.entries(types || {})) {
    const p = ["machineTypes", typeId];
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(typeId)) r.fail(p, "a machine type id is 1-64 letters, digits, '-', '_' or '.'");
    const type = readMachineType(r, raw, p, typeId);
    if (type) plant.machineTypes.set(typeId, type);
  }

  const lines = read.list(r, root.lines, ["lines"], { required: true, nonEmpty: true }) || [];
  const lineIds = new Set();
  const machineIds = new Set();
  lines.forEach((rawLine, li) => {
    const p = ["lines", li];
    if (!read.mapping(r, rawLine, p, ["id", "name", "products", "infeedCapacity", "machines"])) return;
    const id = read.id(r, rawLine, "id", p, { required: true });
    if (id !== undefined) {
      if (lineIds.has(id)) r.fail([...p, "id"], `duplicate line id "${id}"`);
      if (RESERVED_LINE_IDS.includes(id)) r.fail([...p, "id"], `"${id}" is reserved by plc-sim`);
      lineIds.add(id);
    }
    const line = {
      id,
      name: read.string(r, rawLine, "name", p, { defaultValue: id }),
      products: readProducts(r, rawLine, p),
      infeedCapacity: read.number(r, rawLine, "infeedCapacity", p, { integer: true, min: 1, max: 100000, defaultValue: 10 }),
      machines: [],
    };
    const machines = read.list(r, rawLine.machines, [...p, "machines"], { required: true, nonEmpty: true }) || [];
    machines.forEach((rawMachine, mi) => {
      const id = rawMachine && typeof rawMachine === "object" ? rawMachine.id : undefined;
      if (id !== undefined && id !== null) {
        if (machineIds.has(String(id))) r.fail([...p, "machines", mi, "id"], `duplicate machine id "${id}" (machine ids are unique plant-wide)`);
        machineIds.add(String(id));
      }
      const machine = readMachine(r, rawMachine, [...p, "machines", mi], plant, line, mi);
      if (!machine) return;
      machine.index = plant.machines.length;
      line.machines.push(machine);
      plant.machines.push(machine);
    });
    for (const product of line.products) {
      for (const m of line.machines) {
        if (m.idealCycleTimes && !m.idealCycleTimes.has(product)) {
          r.fail([...p, "products"], `product "${product}" has no ideal cycle time on machine "${m.id}" (idealCycleTimes)`);
        }
      }
    }
    plant.lines.push(line);
  });
  return plant;
}

function readProducts(r, rawLine, p) {
  const list = read.list(r, rawLine.products, [...p, "products"], { required: true, nonEmpty: true }) || [];
  const products = [];
  list.forEach((v, i) => {
    const code = read.string(r, list, i, [...p, "products"], { required: true });
    if (code !== undefined) products.push(code);
  });
  return products;
}

function readSimulation(r, raw) {
  const p = ["simulation"];
  read.mapping(r, raw, p, ["autoJobs", "autoJobQuantity", "transitionTime"]);
  return {
    autoJobs: read.boolean(r, raw, "autoJobs", p, { defaultValue: true }),
    autoJobQuantity: read.number(r, raw, "autoJobQuantity", p, { integer: true, min: 1, max: 4294967295, defaultValue: 50 }),
    transitionSeconds: read.duration(r, raw, "transitionTime", p, { defaultValue: 1 }),
  };
}

function readServer(r, raw) {
  const p = ["server"];
  read.mapping(r, raw, p, ["port", "allowAnonymous", "users"]);
  const users = [];
  const list = read.list(r, raw && raw.users, [...p, "users"]) || [];
  list.forEach((u, i) => {
    const up = [...p, "users", i];
    if (!read.mapping(r, u, up, ["user", "password"])) return;
    const user = read.string(r, u, "user", up, { required: true });
    const password = read.string(r, u, "password", up, { required: true });
    if (user !== undefined && password !== undefined) users.push({ user, password });
  });
  return {
    port: read.number(r, raw, "port", p, { integer: true, min: 0, max: 65535 }),
    allowAnonymous: read.boolean(r, raw, "allowAnonymous", p, { defaultValue: true }),
    users,
  };
}

function readStopReasons(r, raw, p) {
  const reasons = new Map();
  const map = read.mapping(r, raw, p);
  for (const [code, text] of Object.entries(map || {})) {
    const n = Number(code);
    if (!Number.isInteger(n) || n <= 0 || n > 2147483647) {
      r.fail([...p, code], "a stop-reason code is a whole number from 1 to 2147483647 (0 means no stop)");
      continue;
    }
    if (typeof text !== "string" || !text.trim()) {
      r.fail([...p, code], "expected the reason's text");
      continue;
    }
    reasons.set(n, text);
  }
  return reasons;
}

function readStateModel(r, raw, p, inherited) {
  const kind = read.oneOf(r, raw, "stateModel", p, STATE_MODELS, { defaultValue: inherited ? inherited.kind : undefined });
  if (kind === undefined && inherited === null && raw.stateModel === undefined) r.fail([...p, "stateModel"], `is required (one of: ${STATE_MODELS.join(", ")})`);
  let codes = inherited && inherited.kind === kind ? inherited.codes : undefined;
  if (raw.stateCodes !== undefined) {
    const map = read.mapping(r, raw.stateCodes, [...p, "stateCodes"], CATEGORIES);
    codes = {};
    for (const category of CATEGORIES) {
      const code = read.number(r, map, category, [...p, "stateCodes"], { integer: true, min: -2147483648, max: 2147483647 });
      if (code !== undefined) codes[category] = code;
    }
    const missing = CATEGORIES.filter((c) => codes[c] === undefined);
    if (map && missing.length) r.fail([...p, "stateCodes"], `needs a code for every category; missing: ${missing.join(", ")}`);
    if (kind !== "Custom") r.fail([...p, "stateCodes"], `only a Custom stateModel takes stateCodes (this one is ${kind})`);
  }
  if (kind === "Custom" && !codes) r.fail([...p, "stateCodes"], `a Custom stateModel needs stateCodes: ${CATEGORIES.join(", ")} -> code`);
  return kind === undefined ? undefined : { kind, codes: codes || null };
}

function readMachineType(r, raw, p, id) {
  if (!read.mapping(r, raw, p, TYPE_KEYS)) return undefined;
  const stopReasons = readStopReasons(r, raw.stopReasons, [...p, "stopReasons"]);
  const type = {
    id,
    name: read.string(r, raw, "name", p, { defaultValue: id }),
    stateModel: readStateModel(r, raw, p, null),
    stopReasons,
    identification: readIdentification(r, raw, p, {}),
    behaviour: readBehaviour(r, raw, p, defaultBehaviour(), stopReasons),
  };
  return type;
}

function readIdentification(r, raw, p, inherited) {
  return {
    manufacturer: read.string(r, raw, "manufacturer", p, { defaultValue: inherited.manufacturer || "SmartShop plc-sim" }),
    model: read.string(r, raw, "model", p, { defaultValue: inherited.model || "" }),
    softwareRevision: read.string(r, raw, "softwareRevision", p, { defaultValue: inherited.softwareRevision || "1.0.0" }),
    yearOfConstruction: read.number(r, raw, "yearOfConstruction", p, { integer: true, min: 1900, max: 2100, defaultValue: inherited.yearOfConstruction || 2024 }),
  };
}

function defaultBehaviour() {
  return {
    cycleTimeJitter: 0.03,
    scrapRate: 0.01,
    microStops: null,
    failures: null,
    starvedReason: 0,
    blockedReason: 0,
    maintenanceReason: 0,
    changeover: { seconds: 0, stopReason: 0 },
    energy: { runKw: 5, idleKw: 1.5, standbyKw: 0.5, warmUpKw: 5, warmUpSeconds: 0, coolDownSeconds: 1800 },
    processValues: [],
  };
}

/**
 * Reads the behaviour keys present in `raw` over `base` (a type's behaviour for a machine override). Stop-reason
 * codes used anywhere must be declared in `stopReasons`, so every simulated stop is one the MES can name.
 */
function readBehaviour(r, raw, p, base, stopReasons) {
  const b = { ...base };
  const code = (obj, key, path) => {
    const c = read.number(r, obj, key, path, { integer: true, min: 0, max: 2147483647 });
    if (c !== undefined && c !== 0 && !stopReasons.has(c)) {
      r.fail([...path, key], `stop-reason code ${c} is not declared in stopReasons (${[...stopReasons.keys()].join(", ") || "none"})`);
    }
    return c;
  };
  if (raw.cycleTimeJitter !== undefined) b.cycleTimeJitter = read.number(r, raw, "cycleTimeJitter", p, { min: 0, max: 1 });
  if (raw.scrapRate !== undefined) b.scrapRate = read.number(r, raw, "scrapRate", p, { min: 0, max: 1 });
  if (raw.starvedReason !== undefined) b.starvedReason = code(raw, "starvedReason", p);
  if (raw.blockedReason !== undefined) b.blockedReason = code(raw, "blockedReason", p);
  if (raw.maintenanceReason !== undefined) b.maintenanceReason = code(raw, "maintenanceReason", p);

  if (raw.microStops !== undefined) {
    const mp = [...p, "microStops"];
    const m = read.mapping(r, raw.microStops, mp, ["meanInterval", "meanDuration", "durationSpread", "reasons"]);
    if (m === null || raw.microStops === null) b.microStops = null;
    else if (m) {
      const reasons = (read.list(r, m.reasons, [...mp, "reasons"], { required: true, nonEmpty: true }) || [])
        .map((_, i) => code(m.reasons, i, [...mp, "reasons"]))
        .filter((c) => c !== undefined);
      b.microStops = {
        meanIntervalSeconds: read.duration(r, m, "meanInterval", mp, { required: true, allowZero: false }),
        meanDurationSeconds: read.duration(r, m, "meanDuration", mp, { required: true, allowZero: false }),
        durationSpread: read.number(r, m, "durationSpread", mp, { min: 0, max: 3, defaultValue: 0.5 }),
        reasons,
      };
    }
  }

  if (raw.failures !== undefined) {
    const fp = [...p, "failures"];
    const f = read.mapping(r, raw.failures, fp, ["mtbf", "mttr", "mttrSpread", "faults"]);
    if (raw.failures === null) b.failures = null;
    else if (f) {
      const mttr = read.duration(r, f, "mttr", fp, { required: true, allowZero: false });
      const faults = [];
      (read.list(r, f.faults, [...fp, "faults"], { required: true, nonEmpty: true }) || []).forEach((raw1, i) => {
        const ip = [...fp, "faults", i];
        if (!read.mapping(r, raw1, ip, ["code", "weight", "mttr"])) return;
        const c = code(raw1, "code", ip);
        if (raw1.code === undefined) r.fail([...ip, "code"], "is required (a stop-reason code)");
        faults.push({
          code: c,
          weight: read.number(r, raw1, "weight", ip, { min: 0, exclusiveMin: true, defaultValue: 1 }),
          mttrSeconds: read.duration(r, raw1, "mttr", ip, { allowZero: false, defaultValue: mttr }),
        });
      });
      b.failures = {
        mtbfSeconds: read.duration(r, f, "mtbf", fp, { required: true, allowZero: false }),
        mttrSeconds: mttr,
        mttrSpread: read.number(r, f, "mttrSpread", fp, { min: 0, max: 3, defaultValue: 0.6 }),
        faults,
      };
    }
  }

  if (raw.changeover !== undefined) {
    const cp = [...p, "changeover"];
    const c = read.mapping(r, raw.changeover, cp, ["duration", "stopReason"]) || {};
    b.changeover = {
      seconds: read.duration(r, c, "duration", cp, { required: true }),
      stopReason: c.stopReason === undefined ? 0 : code(c, "stopReason", cp),
    };
  }

  if (raw.energy !== undefined) {
    const ep = [...p, "energy"];
    const e = read.mapping(r, raw.energy, ep, ["runKw", "idleKw", "standbyKw", "warmUpKw", "warmUp", "coolDown"]) || {};
    const kw = (key, def) => read.number(r, e, key, ep, { min: 0, max: 100000, defaultValue: def });
    b.energy = {
      runKw: kw("runKw", base.energy.runKw),
      idleKw: kw("idleKw", base.energy.idleKw),
      standbyKw: kw("standbyKw", base.energy.standbyKw),
      warmUpKw: kw("warmUpKw", base.energy.warmUpKw),
      warmUpSeconds: read.duration(r, e, "warmUp", ep, { defaultValue: base.energy.warmUpSeconds }),
      coolDownSeconds: read.duration(r, e, "coolDown", ep, { defaultValue: base.energy.coolDownSeconds }),
    };
  }

  if (raw.processValues !== undefined) {
    const pp = [...p, "processValues"];
    const values = [];
    for (const [name, v] of Object.entries(read.mapping(r, raw.processValues, pp) || {})) {
      const vp = [...pp, name];
      if (!/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) r.fail(vp, "a process value name is a letter then letters, digits or '_'");
      if (!read.mapping(r, v, vp, ["unit", "ambient", "running", "timeConstant", "noise", "min", "max"])) continue;
      const pv = {
        name,
        unit: read.oneOf(r, v, "unit", vp, Object.keys(UNITS), { required: true }),
        ambient: read.number(r, v, "ambient", vp, { required: true }),
        running: read.number(r, v, "running", vp, { required: true }),
        timeConstantSeconds: read.duration(r, v, "timeConstant", vp, { defaultValue: 60, allowZero: false }),
        noise: read.number(r, v, "noise", vp, { min: 0, defaultValue: 0 }),
        min: read.number(r, v, "min", vp, { defaultValue: 0 }),
        max: read.number(r, v, "max", vp, { defaultValue: 100 }),
      };
      if (pv.min !== undefined && pv.max !== undefined && pv.min >= pv.max) r.fail([...vp, "max"], `must be greater than min (${pv.min})`);
      values.push(pv);
    }
    b.processValues = values;
  }
  return b;
}

/** Engineering units plc-sim can describe: UNECE common codes, as OPC UA EUInformation carries them. */
const UNITS = {
  degC: { code: "CEL", symbol: "°C", name: "degree Celsius" },
  bar: { code: "BAR", symbol: "bar", name: "bar" },
  kPa: { code: "KPA", symbol: "kPa", name: "kilopascal" },
  mm_s: { code: "C16", symbol: "mm/s", name: "millimetre per second" },
  rpm: { code: "RPM", symbol: "r/min", name: "revolutions per minute" },
  kW: { code: "KWT", symbol: "kW", name: "kilowatt" },
  percent: { code: "P1", symbol: "%", name: "percent" },
};

function readMachine(r, raw, p, plant, line, position) {
  if (!read.mapping(r, raw, p, MACHINE_KEYS)) return undefined;
  const id = read.id(r, raw, "id", p, { required: true });
  const typeId = read.string(r, raw, "type", p, { required: true });
  const type = typeId !== undefined ? plant.machineTypes.get(typeId) : undefined;
  if (typeId !== undefined && !type) {
    r.fail([...p, "type"], `unknown machine type "${typeId}"; declared types: ${[...plant.machineTypes.keys()].join(", ") || "none"}`);
    return undefined;
  }
  if (!type) return undefined;
  const stopReasons = new Map(type.stopReasons);
  for (const [code, text] of readStopReasons(r, raw.stopReasons, [...p, "stopReasons"])) stopReasons.set(code, text);

  const idealCycleTimes = new Map();
  const ict = read.mapping(r, raw.idealCycleTimes, [...p, "idealCycleTimes"]);
  if (raw.idealCycleTimes === undefined) r.fail([...p, "idealCycleTimes"], "is required (product: seconds per part)");
  for (const product of Object.keys(ict || {})) {
    const s = read.duration(r, ict, product, [...p, "idealCycleTimes"], { allowZero: false, required: true });
    if (s !== undefined) idealCycleTimes.set(product, s);
  }

  const infeedCapacity = read.number(r, raw, "infeedCapacity", p, { integer: true, min: 1, max: 100000, defaultValue: line.infeedCapacity });
  if (position === 0 && raw.infeedCapacity !== undefined) r.fail([...p, "infeedCapacity"], "the first machine of a line has no infeed buffer (raw material is unlimited)");

  return {
    id,
    name: read.string(r, raw, "name", p, { defaultValue: id }),
    lineId: line.id,
    position,
    typeId,
    typeName: type.name,
    stateModel: type.stateModel ? readStateModel(r, raw, p, type.stateModel) || type.stateModel : undefined,
    stopReasons,
    identification: {
      ...readIdentification(r, raw, p, type.identification),
      serialNumber: read.string(r, raw, "serialNumber", p, { defaultValue: `SIM-${id}` }),
      assetId: read.string(r, raw, "assetId", p, { defaultValue: id }),
    },
    idealCycleTimes,
    infeedCapacity: position === 0 ? 0 : infeedCapacity,
    behaviour: readBehaviour(r, raw, p, type.behaviour, stopReasons),
  };
}

/** A plant of `lineCount` x `machinesPerLine` identical machines, for benchmarks and soak tests. */
function syntheticPlant(lineCount, machinesPerLine) {
  const lines = [];
  for (let l = 1; l <= lineCount; l++) {
    const machines = [];
    for (let m = 1; m <= machinesPerLine; m++) {
      machines.push(`      - { id: l${l}-m${m}, type: station, idealCycleTimes: { P-1: ${10 + ((l * 7 + m * 3) % 11)}, P-2: ${12 + ((l + m) % 9)} } }`);
    }
    lines.push(`  - id: line-${l}\n    products: [P-1, P-2]\n    machines:\n${machines.join("\n")}`);
  }
  const text = `plant: { id: synthetic-${lineCount}x${machinesPerLine}, name: Synthetic plant }
machineTypes:
  station:
    name: Generic station
    stateModel: PackML
    stopReasons: { 101: Jam, 202: Waiting for part, 203: Outfeed blocked, 301: Drive fault, 501: Changeover }
    cycleTimeJitter: 0.04
    scrapRate: 0.01
    starvedReason: 202
    blockedReason: 203
    microStops: { meanInterval: 10m, meanDuration: 8s, reasons: [101] }
    failures: { mtbf: 4h, mttr: 10m, faults: [{ code: 301 }] }
    changeover: { duration: 5m, stopReason: 501 }
    energy: { runKw: 7.5, idleKw: 2, standbyKw: 0.6, warmUpKw: 6, warmUp: 2m }
    processValues:
      Temperature: { unit: degC, ambient: 22, running: 38, timeConstant: 10m, noise: 0.2, min: 0, max: 100 }
      Pressure: { unit: bar, ambient: 0.2, running: 6, timeConstant: 15s, noise: 0.05, min: 0, max: 10 }
lines:
${lines.join("\n")}
`;
  return parsePlant(text, `<synthetic ${lineCount}x${machinesPerLine}>`);
}

module.exports = { loadPlantFile, parsePlant, syntheticPlant, UNITS, RESERVED_LINE_IDS };
