#!/usr/bin/env node
"use strict";
// The node-opcua side of SmartShop's end-to-end subscription benchmark (tests/SmartShop.OpcUa.Bench): one
// node-opcua client that subscribes to a list of nodes and counts what arrives, driven over stdin/stdout by the
// bench console, which runs our own client the same way beside it and reads both processes' CPU from /proc.
//
//   node plc-sim/bench/client-subscribe.js --url opc.tcp://127.0.0.1:4840 --items FILE [--publishing-ms 100]
//        [--in-flight 10] [--queue-size 100] [--max-per-publish 1000] [--security none|sign-encrypt] [--pki DIR]
//
// FILE holds one node per line as `s=<line>/<machine>/<signal>` in plc-sim's namespace (urn:smartshop:plc-sim),
// whatever index the server gives it. Monitored items: Value, sampling interval 0 (every change), the queue size
// given, discard oldest, source and server timestamps; one ClientMonitoredItemGroup per 5,000 items and its
// "changed" event, the ordinary node-opcua way of consuming values.
//
// Protocol (one line each): prints `ready <items>` once subscribed; on `mark` prints a JSON line with the
// notifications received so far and the latency (receive time - source timestamp, ms) percentiles of the
// notifications since the previous mark; on `stop` closes the session and exits.

const fs = require("node:fs");
const readline = require("node:readline");
const { parseArgs } = require("node:util");
const { performance } = require("node:perf_hooks");
const {
  OPCUAClient, OPCUACertificateManager, MessageSecurityMode, SecurityPolicy, AttributeIds, TimestampsToReturn, ClientMonitoredItemGroup,
} = require("../src/opcua/node-opcua");
// How many Publish requests a node-opcua client keeps in flight is a static of its publish engine (default 5);
// the bench gives both clients the same number (a deep import: node-opcua-client is node-opcua's own, pinned).
const { ClientSidePublishEngine } = require("node-opcua-client/dist/private/client_publish_engine");

const { values: o } = parseArgs({
  options: {
    url: { type: "string" },
    items: { type: "string" },
    "publishing-ms": { type: "string", default: "100" },
    "in-flight": { type: "string", default: "10" },
    "queue-size": { type: "string", default: "100" },
    "max-per-publish": { type: "string", default: "1000" },
    security: { type: "string", default: "none" },
    pki: { type: "string" },
  },
});
if (!o.url || !o.items || !["none", "sign-encrypt"].includes(o.security)) {
  process.stderr.write("Usage: node client-subscribe.js --url URL --items FILE [--publishing-ms 100] [--in-flight 10] [--queue-size 100] [--max-per-publish 1000] [--security none|sign-encrypt] [--pki DIR]\n");
  process.exit(2);
}

// Latency histogram: 0.1 ms buckets up to 10 s, then one overflow bucket (the same layout as the C# consumer).
const BUCKETS = 100000;
const histogram = new Float64Array(BUCKETS + 1);
let received = 0;
let windowCount = 0;
let negative = 0;

function record(dataValue, now) {
  received++;
  windowCount++;
  const source = dataValue.sourceTimestamp;
  if (!source) return;
  const latency = now - source.getTime();
  if (latency < 0) negative++;
  const bucket = Math.min(BUCKETS, Math.max(0, Math.floor(latency * 10)));
  histogram[bucket]++;
}

function percentile(p) {
  let total = 0;
  for (let i = 0; i <= BUCKETS; i++) total += histogram[i];
  if (total === 0) return null;
  const rank = Math.ceil(total * p);
  let seen = 0;
  for (let i = 0; i <= BUCKETS; i++) {
    seen += histogram[i];
    if (seen >= rank) return (i + 0.5) / 10;
  }
  return null;
}

async function main() {
  ClientSidePublishEngine.publishRequestCountInPipeline = +o["in-flight"];
  const secure = o.security === "sign-encrypt";
  const client = OPCUAClient.create({
    applicationName: "plc-sim bench client",
    endpointMustExist: false,
    securityMode: secure ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None,
    securityPolicy: secure ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
    requestedSessionTimeout: 600000,
    ...(o.pki ? { clientCertificateManager: new OPCUACertificateManager({ rootFolder: o.pki, automaticallyAcceptUnknownCertificate: true }) } : {}),
  });
  await client.connect(o.url);
  const session = await client.createSession();
  const ns = (await session.readNamespaceArray()).indexOf("urn:smartshop:plc-sim");
  if (ns < 0) throw new Error("the server has no urn:smartshop:plc-sim namespace");
  const subscription = await session.createSubscription2({
    requestedPublishingInterval: +o["publishing-ms"],
    requestedMaxKeepAliveCount: 10,
    requestedLifetimeCount: 60,
    maxNotificationsPerPublish: +o["max-per-publish"],
    publishingEnabled: true,
  });
  const items = fs.readFileSync(o.items, "utf8").split("\n").filter((l) => l.trim() !== "")
    .map((l) => ({ nodeId: `ns=${ns};${l.trim()}`, attributeId: AttributeIds.Value }));
  const parameters = { samplingInterval: 0, queueSize: +o["queue-size"], discardOldest: true };
  const groups = [];
  for (let i = 0; i < items.length; i += 5000) {
    const group = ClientMonitoredItemGroup.create(subscription, items.slice(i, i + 5000), parameters, TimestampsToReturn.Both);
    await new Promise((resolve, reject) => {
      group.once("initialized", resolve);
      group.once("err", reject);
    });
    group.on("changed", (_item, dataValue) => record(dataValue, performance.timeOrigin + performance.now()));
    groups.push(group);
  }
  process.stdout.write(`ready ${items.length}\n`);

  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line === "mark") {
      const report = { received, windowCount, p50Ms: percentile(0.5), p99Ms: percentile(0.99), negative };
      histogram.fill(0);
      windowCount = 0;
      negative = 0;
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else if (line === "stop") {
      break;
    }
  }
  await subscription.terminate().catch(() => {});
  await session.close().catch(() => {});
  await client.disconnect();
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`client-subscribe: ${e.stack || e}\n`);
  process.exit(1);
});
