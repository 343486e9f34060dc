#!/usr/bin/env node
"use strict";
// plc-sim command line. Prints the endpoint URL alone on stdout once the server listens; everything else goes to
// stderr. Exit code 2: bad arguments or a bad plant/scenario file (the message names file, key and problem).

const path = require("node:path");
const { parseArgs } = require("node:util");
const { loadPlantFile, syntheticPlant } = require("./plant/load-plant");
const { loadScenarioFile } = require("./scenario/load-scenario");
const { startPlcSim, defaultDataDir } = require("./opcua/server");

const USAGE = `Usage: node plc-sim/src/cli.js --plant FILE [options]

  --plant FILE           plant file (YAML), e.g. plc-sim/plants/demo.yaml
  --synthetic LxM        instead of --plant: L lines of M identical machines (benchmarks)
  --port N               TCP port (default: the plant's server.port, else 4840; 0 = any free port)
  --host ADDR            address to bind (default 127.0.0.1; 0.0.0.0 = every interface)
  --seed N               seed of the random streams (default 1): same seed, same plant, same run
  --speed X              time-acceleration factor, simulated seconds per real second (default 1)
  --start ISO-TIME       simulated start time (default: now), e.g. 2026-01-05T06:00:00Z
  --scenario FILE        scenario timeline (YAML) to run from the start
  --data-dir DIR         where plc-sim keeps its files (default ${defaultDataDir()})
  --pki DIR              PKI folder; the server certificate is created there on first run (default DATA-DIR/pki)
  --user NAME:PASSWORD   a user (repeatable; replaces the plant's server.users)
  --no-anonymous         refuse anonymous sessions
  --no-auto-jobs         machines run only jobs started over OPC UA (JobStart / ISA-95 JobOrderControl)
  --strict-certificates  reject client certificates that are not in the PKI's trusted folder
  --sample-ms N          how often energy and process values are sampled, real ms (default 1000)
  --burst R              start in burst mode: R rounds/s of every machine completing a part (0 = as fast as possible)
  --check                validate the plant (and scenario) file, print a summary and exit
  --help                 this text
`;

function fail(message) {
  process.stderr.write(`plc-sim: ${message}\n`);
  process.exit(2);
}

function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        plant: { type: "string" },
        synthetic: { type: "string" },
        port: { type: "string" },
        host: { type: "string", default: "127.0.0.1" },
        seed: { type: "string", default: "1" },
        speed: { type: "string", default: "1" },
        start: { type: "string" },
        scenario: { type: "string" },
        "data-dir": { type: "string" },
        pki: { type: "string" },
        user: { type: "string", multiple: true },
        "no-anonymous": { type: "boolean", default: false },
        "no-auto-jobs": { type: "boolean", default: false },
        "strict-certificates": { type: "boolean", default: false },
        "sample-ms": { type: "string", default: "1000" },
        burst: { type: "string" },
        check: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
    });
  } catch (e) {
    fail(`${e.message}\n\n${USAGE}`);
  }
  return parsed.values;
}

function number(value, name, { min, max, integer = false }) {
  const n = Number(value);
  if (value === undefined || value === "" || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    fail(`--${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

async function main() {
  const o = parse(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!o.plant === !o.synthetic) fail(`give either --plant FILE or --synthetic LxM\n\n${USAGE}`);

  let plant;
  try {
    if (o.plant) {
      plant = loadPlantFile(path.resolve(o.plant));
    } else {
      const m = /^(\d+)x(\d+)$/.exec(o.synthetic);
      if (!m || +m[1] < 1 || +m[2] < 1 || +m[1] * +m[2] > 20000) fail(`--synthetic must be LINESxMACHINES (e.g. 100x10, at most 20000 machines), got "${o.synthetic}"`);
      plant = syntheticPlant(+m[1], +m[2]);
    }
  } catch (e) {
    fail(e.message);
  }
  let scenario;
  if (o.scenario) {
    try {
      scenario = loadScenarioFile(path.resolve(o.scenario), plant);
    } catch (e) {
      fail(e.message);
    }
  }
  const summary = `plant ${plant.id}: ${plant.machines.length} machines on ${plant.lines.length} lines${scenario ? `; scenario "${scenario.name}" with ${scenario.steps.length} steps` : ""}`;
  if (o.check) {
    process.stdout.write(`${summary}\n`);
    return;
  }

  const users = o.user
    ? o.user.map((u) => {
        const i = u.indexOf(":");
        if (i <= 0) fail(`--user must be NAME:PASSWORD, got "${u}"`);
        return { user: u.slice(0, i), password: u.slice(i + 1) };
      })
    : undefined;
  let startTime;
  if (o.start) {
    startTime = Date.parse(o.start);
    if (Number.isNaN(startTime)) fail(`--start must be an ISO 8601 time such as 2026-01-05T06:00:00Z, got "${o.start}"`);
  }
  const dataDir = o["data-dir"] ? path.resolve(o["data-dir"]) : defaultDataDir();
  const options = {
    plant,
    scenario,
    host: o.host,
    port: o.port === undefined ? undefined : number(o.port, "port", { min: 0, max: 65535, integer: true }),
    seed: number(o.seed, "seed", { min: 0, max: 4294967295, integer: true }),
    speed: number(o.speed, "speed", { min: 0.1, max: 100000 }),
    startTime,
    pkiDir: o.pki ? path.resolve(o.pki) : path.join(dataDir, "pki"),
    users,
    allowAnonymous: o["no-anonymous"] ? false : undefined,
    autoJobs: o["no-auto-jobs"] ? false : undefined,
    acceptUnknownCertificates: !o["strict-certificates"],
    sampleMs: number(o["sample-ms"], "sample-ms", { min: 10, max: 3600000, integer: true }),
    log: (line) => process.stderr.write(`plc-sim: ${line}\n`),
  };
  const burst = o.burst === undefined ? undefined : number(o.burst, "burst", { min: 0, max: 100000 });

  process.stderr.write(`plc-sim: ${summary}; seed ${options.seed}, speed ${options.speed}x\n`);
  let handle;
  try {
    handle = await startPlcSim(options);
  } catch (e) {
    fail(`cannot start the OPC UA server: ${e.message}`);
  }
  process.stderr.write(`plc-sim: PKI ${handle.pkiDir} (server certificate own/certs/certificate.pem; trust clients in trusted/certs)\n`);
  process.stderr.write(`plc-sim: security None, Basic256Sha256 Sign and SignAndEncrypt; anonymous ${options.allowAnonymous === false ? "refused" : "allowed"}; users ${(users || plant.server.users).map((u) => u.user).join(", ") || "none"}\n`);
  process.stdout.write(`${handle.endpointUrl}\n`);
  if (burst !== undefined) handle.control.startBurst(burst);

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`plc-sim: ${signal}, stopping\n`);
    await handle.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main();
