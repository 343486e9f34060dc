#!/usr/bin/env node
"use strict";
// Benchmarks plc-sim as the MES sees it: one OPC UA subscriber on loopback against a plc-sim process.
//
//   node bench/bench.js [--lines 100] [--per-line 10] [--seconds 60] [--mode steady|burst|both] [--in-flight 25]
//
// steady: a synthetic plant (lines x machines) at speed 1 with 1 Hz sampling; the subscriber monitors 8 signals
//         per machine (State, GoodCount, RejectCount, StopReason, CycleTime, EnergyKwh, Temperature, Pressure)
//         with sampling interval 0 (every change) and a 1 s publishing interval.
// burst:  Simulation.StartBurst(0): every machine completes a part per round as fast as the server can; the
//         subscriber monitors GoodCount, CycleTime and EnergyKwh of every machine, 100 ms publishing interval.
// Reports notifications/s received, the server's CPU (% of one core) and resident memory, sampled from /proc.
// The server runs in its own process so its CPU and memory are its own; the subscriber shares the 2 cores.

const os = require("node:os");
const fs = require("node:fs");
const path = require("node:path");
const { spawn } = require("node:child_process");
const { parseArgs } = require("node:util");
const { OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, TimestampsToReturn, DataType, ClientMonitoredItemGroup } = require("../src/opcua/node-opcua");
// The number of Publish requests a node-opcua client keeps in flight is a static of its publish engine (default 5);
// throughput depends on it, so the bench sets it (a deep import: node-opcua-client is node-opcua's own, pinned).
const { ClientSidePublishEngine } = require("node-opcua-client/dist/private/client_publish_engine");

const { values: o } = parseArgs({
  options: {
    lines: { type: "string", default: "100" },
    "per-line": { type: "string", default: "10" },
    seconds: { type: "string", default: "60" },
    mode: { type: "string", default: "both" },
    "in-flight": { type: "string", default: "25" },
    help: { type: "boolean", default: false },
  },
});
if (o.help) {
  process.stdout.write("Usage: node bench/bench.js [--lines 100] [--per-line 10] [--seconds 60] [--mode steady|burst|both] [--in-flight 25]\n");
  process.exit(0);
}
const LINES = +o.lines;
const PER_LINE = +o["per-line"];
const SECONDS = +o.seconds;
const CLK_TCK = 100; // Linux USER_HZ

ClientSidePublishEngine.publishRequestCountInPipeline = +o["in-flight"];

function procStats(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))[1]) * 1024;
  return { cpuSeconds, rss };
}

async function startServer(extraArgs) {
  const pki = fs.mkdtempSync(path.join(os.tmpdir(), "plc-sim-bench-pki-"));
  const cli = path.join(__dirname, "..", "src", "cli.js");
  const started = Date.now();
  const child = spawn(process.execPath, [cli, "--synthetic", `${LINES}x${PER_LINE}`, "--port", "0", "--seed", "1", "--speed", "1", "--pki", pki, ...extraArgs], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", () => {});
  const deadline = Date.now() + 300000;
  while (!out.includes("\n")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await sleep(50);
  }
  return { child, url: out.trim(), startupMs: Date.now() - started, pki };
}

async function stopServer(s) {
  const exited = new Promise((r) => s.child.once("exit", r));
  s.child.kill("SIGTERM");
  await Promise.race([exited, sleep(15000)]);
  if (s.child.exitCode === null) s.child.kill("SIGKILL");
  fs.rmSync(s.pki, { recursive: true, force: true });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function subscribe(url, signals, publishingInterval) {
  const client = OPCUAClient.create({ endpointMustExist: false, securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None, requestedSessionTimeout: 600000 });
  await client.connect(url);
  const session = await client.createSession();
  const ns = (await session.readNamespaceArray()).indexOf("urn:smartshop:plc-sim");
  const subscription = await session.createSubscription2({
    requestedPublishingInterval: publishingInterval,
    requestedMaxKeepAliveCount: 20,
    requestedLifetimeCount: 600,
    maxNotificationsPerPublish: 1000,
    publishingEnabled: true,
  });
  const counter = { n: 0 };
  const items = [];
  for (let l = 1; l <= LINES; l++) for (let m = 1; m <= PER_LINE; m++) for (const s of signals) items.push({ nodeId: `ns=${ns};s=line-${l}/l${l}-m${m}/${s}`, attributeId: AttributeIds.Value });
  // node-opcua refuses more than 10,000 items per CreateMonitoredItems call: batch.
  const groups = [];
  for (let i = 0; i < items.length; i += 5000) {
    const group = ClientMonitoredItemGroup.create(subscription, items.slice(i, i + 5000), { samplingInterval: 0, queueSize: 100, discardOldest: true }, TimestampsToReturn.Both);
    await new Promise((resolve, reject) => {
      group.once("initialized", resolve);
      group.once("err", reject);
    });
    group.on("changed", () => counter.n++);
    groups.push(group);
  }
  return { client, session, subscription, counter, ns, itemCount: items.length };
}

async function measure(server, sub, seconds) {
  const n0 = sub.counter.n;
  const p0 = procStats(server.child.pid);
  const t0 = process.hrtime.bigint();
  let maxRss = p0.rss;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    await sleep(1000);
    maxRss = Math.max(maxRss, procStats(server.child.pid).rss);
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const p1 = procStats(server.child.pid);
  return {
    notificationsPerSecond: Math.round((sub.counter.n - n0) / wall),
    serverCpuPercent: Math.round(((p1.cpuSeconds - p0.cpuSeconds) / wall) * 1000) / 10,
    serverRssMiB: Math.round(maxRss / 1048576),
  };
}

async function steady() {
  const server = await startServer([]);
  const sub = await subscribe(server.url, ["State", "GoodCount", "RejectCount", "StopReason", "CycleTime", "EnergyKwh", "ProcessValues/Temperature", "ProcessValues/Pressure"], 1000);
  await sleep(10000);
  const result = await measure(server, sub, SECONDS);
  await sub.subscription.terminate();
  await sub.session.close();
  await sub.client.disconnect();
  await stopServer(server);
  return { mode: "steady 1 Hz", machines: LINES * PER_LINE, monitoredItems: sub.itemCount, startupSeconds: server.startupMs / 1000, ...result };
}

async function burst() {
  const server = await startServer([]);
  const sub = await subscribe(server.url, ["GoodCount", "CycleTime", "EnergyKwh"], 100);
  await sleep(5000);
  const obj = `ns=${sub.ns};s=Simulation`;
  const readGood = async () => {
    const nodes = [];
    for (let l = 1; l <= LINES; l++) for (let m = 1; m <= PER_LINE; m++) nodes.push({ nodeId: `ns=${sub.ns};s=line-${l}/l${l}-m${m}/GoodCount`, attributeId: AttributeIds.Value });
    let sum = 0;
    for (let i = 0; i < nodes.length; i += 5000) for (const dv of await sub.session.read(nodes.slice(i, i + 5000))) sum += dv.value.value;
    return sum;
  };
  await sub.session.call({ objectId: obj, methodId: `${obj}/StartBurst`, inputArguments: [{ dataType: DataType.Double, value: 0 }] });
  await sleep(3000);
  const g0 = await readGood();
  const t0 = Date.now();
  const result = await measure(server, sub, SECONDS);
  const g1 = await readGood();
  const changesPerSecond = Math.round(((g1 - g0) * 3) / ((Date.now() - t0) / 1000));
  await sub.session.call({ objectId: obj, methodId: `${obj}/StopBurst`, inputArguments: [] });
  await sub.subscription.terminate();
  await sub.session.close();
  await sub.client.disconnect();
  await stopServer(server);
  return { mode: "burst", machines: LINES * PER_LINE, monitoredItems: sub.itemCount, serverValueChangesPerSecond: changesPerSecond, ...result };
}

(async () => {
  const results = [];
  console.error(`plc-sim bench: ${LINES}x${PER_LINE} machines, ${SECONDS} s per mode, ${o["in-flight"]} publish requests in flight, node ${process.version}, ${os.cpus().length} cores`);
  if (o.mode === "steady" || o.mode === "both") results.push(await steady());
  if (o.mode === "burst" || o.mode === "both") results.push(await burst());
  console.log(JSON.stringify({ date: new Date().toISOString(), node: process.version, cores: os.cpus().length, cpu: os.cpus()[0].model, results }, null, 2));
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
