// A stand-in for SmartShop.Server while working on the UI without the C# server: serves the built UI, the plant
// API from fixtures/plant.json and the /hubs/plant SignalR hub (JSON protocol over WebSockets), pushing a random
// machine's status change every --churn milliseconds. The OEE APIs (live, timeline, history, Pareto) answer with
// synthetic figures built from the status history since a made-up shift start 4 h ago; the hub answers watchLine /
// watchMachine with an error, so the UI shows its polling fallback. Everyone is signed in as a mock supervisor; work
// orders, stops and reasons answer 404 (the UI says they are not available). Plain Node, no dependencies.
//
//   npm run build && npm run mock                      # http://127.0.0.1:5080
//   npm run mock -- --port 5081 --churn 0              # no random changes
//   npm run mock -- --fail-plant                       # GET /api/plant answers 500 with ProblemDetails
//   curl -X PUT -H 'content-type: application/json' -d '{"state":"Down","reason":"Jam"}' \
//        http://127.0.0.1:5080/api/machines/l1-lathe/status
//   curl -X POST http://127.0.0.1:5080/mock/drop-hub   # closes hub sockets to show "reconnecting"

import { createHash, randomUUID } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: process.env.PORT ?? "5080" },
    host: { type: "string", default: "127.0.0.1" },
    churn: { type: "string", default: "4000" },
    "fail-plant": { type: "boolean", default: false },
    root: { type: "string" },
  },
});

const here = fileURLToPath(new URL(".", import.meta.url));
const webRoot = resolve(args.root ?? join(here, "../../SmartShop.Server/wwwroot"));
const plant = JSON.parse(readFileSync(join(here, "../fixtures/plant.json"), "utf8"));
const STATES = ["Unknown", "Running", "Idle", "Setup", "Down", "PlannedDown", "Disconnected"];
const REASONS = { Down: ["Jam at infeed", "Spindle overload", "Coolant low"], Idle: ["Waiting for material", null], Setup: ["Changeover to SHAFT-25"], PlannedDown: ["Preventive maintenance"] };

const MOCK_USER = { userName: "mock", displayName: "Mock Supervisor", roles: ["supervisor"] };
const machines = plant.sites.flatMap((s) => s.areas.flatMap((a) => a.lines.flatMap((l) => [...l.workCells.flatMap((c) => c.machines), ...l.machines])));
const ago = (minutes) => new Date(Date.now() - minutes * 60_000).toISOString();
const initial = {
  "l1-lathe": ["Running", 83, null, "plc"],
  "l1-mill": ["Running", 12, null, "plc"],
  "l1-grinder": ["Down", 7, "Wheel dressing fault", "plc"],
  "l1-cmm": ["Idle", 3, "Waiting for parts", "manual"],
  "l1-washer": ["Running", 240, null, "manual"],
  "l2-lathe": ["Setup", 25, "Changeover to FLANGE-80", "plc"],
  "l2-drill": ["Running", 0.75, null, "plc"],
  "l2-washer": ["Disconnected", 1500, null, "none"],
  "l3-press": ["Running", 44, null, "plc"],
  "l3-robot": ["PlannedDown", 95, "Preventive maintenance", "plc"],
  "l3-tester": ["Unknown", 3000, null, "none"],
};
const statuses = new Map(
  machines.map((m) => {
    const [state, minutes, reason, source] = initial[m.id] ?? ["Unknown", 10, null, "none"];
    return [m.id, { machineId: m.id, state, since: ago(minutes), reason, source }];
  }),
);

// ---- Synthetic OEE: elements from each machine's status history, KPIs as SmartShop.Core computes them. ----
const SHIFT_START = Date.now() - 4 * 3_600_000;
const MICRO_STOP_S = 30;
const REASON_CODES = { "Jam at infeed": 101, "Spindle overload": 301, "Coolant low": 303, "Wheel dressing fault": 102 };
// Before its current state began, each machine ran since the shift started (with one short stop, for the Pareto).
const history = new Map([...statuses.values()].map((s) => {
  const since = Date.parse(s.since);
  if (since <= SHIFT_START) return [s.machineId, [{ ...s, at: SHIFT_START }]];
  const run = { machineId: s.machineId, state: "Running", reason: null, source: s.source };
  const stop = Math.min(SHIFT_START + 3_600_000, since - 60_000);
  const earlier = stop > SHIFT_START ? [{ ...run, at: SHIFT_START }, { ...run, state: "Down", reason: "Jam at infeed", at: stop }, { ...run, at: stop + 240_000 }] : [{ ...run, at: SHIFT_START }];
  return [s.machineId, [...earlier.filter((h) => h.at < since), { ...s, at: since }]];
}));
const idealOf = (id) => machines.find((m) => m.id === id)?.idealCycleTimes[0]?.seconds ?? 30;
const ratio = (n, d) => (d > 0 ? n / d : null);
const times = (...f) => (f.some((x) => x === null) ? null : f.reduce((a, b) => a * b, 1));

function kpis(e, q, failureSeconds, convention) {
  const apt = e.apt + (convention === "threshold" ? e.microStopTime : 0);
  const adet = e.adet - (convention === "threshold" ? e.microStopTime : 0);
  const aupt = e.aust + apt;
  const availability = ratio(apt, e.pbt), effectiveness = ratio(q.idealSeconds, apt), quality = ratio(q.good, q.produced);
  return {
    convention, availability, effectiveness, quality, oee: times(availability, effectiveness, quality),
    nee: times(ratio(aupt, e.pbt), effectiveness, quality), technicalEfficiency: ratio(apt, apt + adet), setupRate: ratio(e.aust, aupt),
    scrapRatio: ratio(q.scrap, q.produced), mtbfSeconds: q.failures > 0 ? apt / q.failures : null, mttrSeconds: q.failures > 0 ? failureSeconds / q.failures : null,
  };
}

function figure(e, q, failureSeconds = 0, extraIssues = []) {
  const iso = kpis(e, q, failureSeconds, "iso");
  const issues = [...(e.noData > 0 ? ["connectionGap"] : []), ...(iso.effectiveness > 1 ? ["effectivenessAbove100"] : []), ...extraIssues];
  return {
    elements: e, quantities: q, iso, threshold: kpis(e, q, failureSeconds, "threshold"),
    health: { healthy: issues.length === 0, issues, noDataSeconds: e.noData, clockSkewSeconds: 0, unclassifiedStops: issues.includes("unclassifiedStops") ? 1 : 0, unitsWithoutIdealTime: 0, productionWithoutOrderSeconds: 0 },
  };
}

const ELEMENT_OF = { Running: "ProductionTime", Idle: "UnitDelayTime", Down: "UnitDelayTime", Setup: "SetupTime", PlannedDown: "PlannedDownTime", Disconnected: "NoData", Unknown: "NoData" };

function intervals(id, from, to) {
  const list = history.get(id) ?? [];
  return list.map((h, i) => ({ ...h, start: Math.max(h.at, from), end: Math.min(list[i + 1]?.at ?? to, to) })).filter((x) => x.end > x.start);
}

function machineFigure(id, now = Date.now()) {
  const e = { pot: 0, pdot: 0, pbt: 0, adot: 0, adet: 0, aust: 0, apt: 0, aupt: 0, noData: 0, microStopTime: 0, notPlanned: 0 };
  let failures = 0, failureSeconds = 0, microStops = 0, unclassified = false;
  for (const x of intervals(id, SHIFT_START, now)) {
    const s = (x.end - x.start) / 1000;
    e.pot += s;
    const key = { ProductionTime: "apt", UnitDelayTime: "adet", SetupTime: "aust", PlannedDownTime: "pdot", NoData: "noData" }[ELEMENT_OF[x.state]];
    e[key] += s;
    if (x.state === "Down") { failures += 1; failureSeconds += s; if (!x.reason && s > 600) unclassified = true; }
    if ((x.state === "Down" || x.state === "Idle") && s < MICRO_STOP_S) { microStops += 1; e.microStopTime += s; }
  }
  e.pbt = e.pot - e.pdot;
  e.aupt = e.aust + e.apt;
  const ideal = idealOf(id);
  const produced = Math.floor((e.apt / ideal) * 0.93);
  const scrap = Math.floor(produced * 0.03);
  const q = { produced, good: produced - scrap, scrap, idealSeconds: produced * ideal, withoutIdealTime: 0, notPlanned: 0, microStops, failures };
  return figure(e, q, failureSeconds, unclassified ? ["unclassifiedStops"] : []);
}

function sumFigures(figures) {
  const e = {}, q = {};
  for (const f of figures) {
    for (const [k, v] of Object.entries(f.elements)) e[k] = (e[k] ?? 0) + v;
    for (const [k, v] of Object.entries(f.quantities)) q[k] = (q[k] ?? 0) + v;
  }
  const failureSeconds = figures.reduce((sum, f) => sum + (f.iso.mttrSeconds ?? 0) * f.quantities.failures, 0);
  return figure(e, q, failureSeconds, [...new Set(figures.flatMap((f) => f.health.issues).filter((i) => i !== "connectionGap" && i !== "effectivenessAbove100"))]);
}

const today = () => new Date().toISOString().slice(0, 10);
const machineLive = (id) => ({
  status: statuses.get(id), orderId: "WO-24117", productId: machines.find((m) => m.id === id)?.idealCycleTimes[0]?.product ?? null,
  idealCycleSeconds: idealOf(id), shiftId: "day", productionDay: today(), shiftStart: new Date(SHIFT_START).toISOString(), figure: machineFigure(id),
  lastCountAt: new Date(Date.now() - 20_000).toISOString(), lastCycleSeconds: idealOf(id) * 1.08, energyKwh: 1234.5,
});
const lines = plant.sites.flatMap((s) => s.areas.flatMap((a) => a.lines.map((l) => ({ ...l, area: a.id, site: s.id, all: [...l.workCells.flatMap((c) => c.machines), ...l.machines].map((m) => m.id) }))));
function lineLive(line) {
  const ms = line.all.map(machineLive);
  const counted = line.constraintMachineId ? ms.filter((m) => m.status.machineId === line.constraintMachineId) : ms;
  return { lineId: line.id, constraintMachineId: line.constraintMachineId, figure: sumFigures(counted.map((m) => m.figure)), machines: ms };
}

function countedMachines(scope, id) {
  const at = (ls) => ls.flatMap((l) => (l.constraintMachineId ? [l.constraintMachineId] : l.all));
  if (scope === "machines") return machines.some((m) => m.id === id) ? [id] : null;
  const chosen = { lines: lines.filter((l) => l.id === id), areas: lines.filter((l) => l.area === id), sites: lines.filter((l) => l.site === id), plant: lines }[scope];
  return chosen?.length ? at(chosen) : null;
}

/** A deterministic shift figure for history: 11.5 h of planned busy time and factors that wander with the seed. */
function pastFigure(seed, ideal) {
  const r = (k) => ((Math.sin(seed * 12.9898 + k * 78.233) * 43758.5453) % 1 + 1) % 1;
  const pbt = 41_400, availability = 0.72 + r(1) * 0.23, aust = 1_200 + r(2) * 1_800, adot = r(3) * 900;
  const apt = pbt * availability, adet = pbt - apt - aust - adot;
  const produced = Math.floor((apt / ideal) * (0.82 + r(4) * 0.16)), scrap = Math.floor(produced * r(5) * 0.05);
  const e = { pot: pbt + 1_800, pdot: 1_800, pbt, adot, adet, aust, apt, aupt: apt + aust, noData: 0, microStopTime: adet * 0.1, notPlanned: 0 };
  return figure(e, { produced, good: produced - scrap, scrap, idealSeconds: produced * ideal, withoutIdealTime: 0, notPlanned: 0, microStops: Math.floor(r(6) * 30), failures: 1 + Math.floor(r(7) * 4) }, 1_800);
}

function oeeHistory(scope, id, from, to, groupBy) {
  const counted = countedMachines(scope, id);
  if (!counted) return null;
  const groups = [];
  for (let day = new Date(from); day < new Date(to); day = new Date(day.getTime() + 86_400_000)) {
    const d = day.toISOString().slice(0, 10);
    if (d === today()) continue;
    const shifts = ["day", "night"].map((shift, i) => sumFigures(counted.map((m, j) => pastFigure(Date.parse(d) / 86_400_000 + i * 0.37 + j, idealOf(m)))));
    if (groupBy === "day") groups.push({ key: d, productionDay: d, shiftId: null, productId: null, orderId: null, machineId: null, figure: sumFigures(shifts) });
    else shifts.forEach((f, i) => groups.push({ key: `${d}/${["day", "night"][i]}`, productionDay: d, shiftId: ["day", "night"][i], productId: null, orderId: null, machineId: null, figure: f }));
  }
  const live = sumFigures(counted.map((m) => machineFigure(m)));
  groups.push({ key: groupBy === "day" ? today() : `${today()}/day`, productionDay: today(), shiftId: groupBy === "day" ? null : "day", productId: null, orderId: null, machineId: null, figure: live });
  return { scope: scope.replace(/s$/, ""), id, from, to, groupBy, countedMachines: counted, groups };
}

function pareto(scope, id, from, to) {
  const ids = scope === "machines" ? [id] : scope === "plant" ? machines.map((m) => m.id) : lines.filter((l) => l[{ lines: "id", areas: "area", sites: "site" }[scope]] === id).flatMap((l) => l.all);
  const byReason = new Map();
  for (const m of ids) {
    for (const x of intervals(m, from, to)) {
      if (x.state !== "Down" && x.state !== "Idle") continue;
      const key = x.reason ?? "unclassified";
      const e = byReason.get(key) ?? { key, reason: key, code: REASON_CODES[key] ?? null, count: 0, seconds: 0, microStops: 0 };
      const s = (x.end - x.start) / 1000;
      e.count += 1; e.seconds += s; if (s < MICRO_STOP_S) e.microStops += 1;
      byReason.set(key, e);
    }
  }
  return [...byReason.values()].sort((a, b) => b.seconds - a.seconds);
}

function send(res, status, body, type = "application/json; charset=utf-8") {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

function problem(res, status, title, detail, errors) {
  send(res, status, { type: `https://tools.ietf.org/html/rfc9110#section-15.5.${status - 399}`, title, status, detail, errors }, "application/problem+json");
}

const MIME = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json", ".png": "image/png", ".ico": "image/x-icon", ".woff2": "font/woff2" };

function serveStatic(req, res) {
  const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  let file = join(webRoot, path);
  try {
    if (!file.startsWith(webRoot) || !statSync(file).isFile()) throw new Error("not a file");
  } catch {
    file = join(webRoot, "index.html"); // SPA fallback, as the server does
  }
  try {
    send(res, 200, readFileSync(file), MIME[extname(file)] ?? "application/octet-stream");
  } catch {
    send(res, 404, `UI not built: run npm run build (looked in ${webRoot})`, "text/plain");
  }
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function setStatus(id, state, reason, source) {
  const current = statuses.get(id);
  const next = { machineId: id, state, since: current.state === state ? current.since : new Date().toISOString(), reason, source };
  statuses.set(id, next);
  if (next.since !== current.since) history.get(id).push({ ...next, at: Date.parse(next.since) });
  broadcast("MachineStatusChanged", next);
  return next;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  const p = url.pathname;
  if (p === "/health") return send(res, 200, "Healthy", "text/plain");
  // Everyone is signed in as a supervisor here; the sign-in page accepts any credentials.
  if (p === "/api/auth/me" && req.method === "GET") return send(res, 200, MOCK_USER);
  if (p === "/api/auth/sign-in" && req.method === "POST") return send(res, 200, MOCK_USER);
  if (p === "/api/auth/sign-out" && req.method === "POST") { res.writeHead(204); return res.end(); }
  if (p === "/api/plant" && req.method === "GET") {
    if (args["fail-plant"]) return problem(res, 500, "Plant model could not be loaded", "deploy/plants/demo.yaml line 12: unknown machine type 'cnc-latheX'.");
    return send(res, 200, { ...plant, source: { ...plant.source, loadedAt: new Date().toISOString() } });
  }
  if (p === "/api/machines/status" && req.method === "GET") return send(res, 200, [...statuses.values()]);
  const one = /^\/api\/machines\/([^/]+)\/status$/.exec(p);
  if (one) {
    const id = decodeURIComponent(one[1]);
    if (!statuses.has(id)) return problem(res, 404, "Not Found", `No machine '${id}' in the plant.`);
    if (req.method === "GET") return send(res, 200, statuses.get(id));
    if (req.method === "PUT") {
      let body;
      try { body = JSON.parse(await readBody(req)); } catch { return problem(res, 400, "Bad Request", "Body is not JSON."); }
      if (!STATES.includes(body.state)) return problem(res, 400, "One or more validation errors occurred.", undefined, { state: [`Unknown state '${body.state}'.`] });
      return send(res, 200, setStatus(id, body.state, body.reason ?? null, "manual"));
    }
  }
  const live = /^\/api\/(machines|lines)\/([^/]+)\/live$/.exec(p);
  if (live && req.method === "GET") {
    const id = decodeURIComponent(live[2]);
    if (live[1] === "machines") return statuses.has(id) ? send(res, 200, machineLive(id)) : problem(res, 404, "Unknown machine", `No machine with id '${id}'.`);
    const line = lines.find((l) => l.id === id);
    return line ? send(res, 200, lineLive(line)) : problem(res, 404, "Unknown line", `No line with id '${id}'.`);
  }
  const from = Date.parse(url.searchParams.get("from") ?? "");
  const to = Date.parse(url.searchParams.get("to") ?? "");
  const windowed = /^\/api\/(?:machines\/([^/]+)\/timeline|oee\/(\w+)\/([^/]+)|downtime\/pareto\/(\w+)\/([^/]+))$/.exec(p);
  if (windowed && req.method === "GET") {
    if (Number.isNaN(from) || Number.isNaN(to) || to <= from) return problem(res, 400, "The time window is not valid.", undefined, { from: ["from and to are ISO 8601 instants, to after from."] });
    if (windowed[1]) {
      const id = decodeURIComponent(windowed[1]);
      return send(res, 200, intervals(id, from, Math.min(to, Date.now() - 5_000)).map((x) => ({
        start: new Date(x.start).toISOString(), end: new Date(x.end).toISOString(), state: x.state, element: ELEMENT_OF[x.state],
        microStop: (x.state === "Down" || x.state === "Idle") && x.end - x.start < MICRO_STOP_S * 1000, shiftId: "day", orderId: "WO-24117", productId: null, good: 0, scrap: 0,
      })));
    }
    if (windowed[2]) {
      const result = oeeHistory(windowed[2], decodeURIComponent(windowed[3]), new Date(from).toISOString(), new Date(to).toISOString(), url.searchParams.get("groupBy") ?? "none");
      if (!result) return problem(res, 404, "Not found", `No ${windowed[2]} '${windowed[3]}'.`);
      if (url.searchParams.get("format") !== "csv") return send(res, 200, result);
      const rows = result.groups.map((g) => [g.key, g.productionDay ?? "", g.shiftId ?? "", g.figure.elements.pbt, g.figure.iso.availability ?? "", g.figure.iso.effectiveness ?? "", g.figure.iso.quality ?? "", g.figure.iso.oee ?? ""].join(","));
      return send(res, 200, ["key,production_day,shift_id,pbt_s,availability,effectiveness,quality,oee", ...rows].join("\n") + "\n", "text/csv; charset=utf-8");
    }
    return send(res, 200, pareto(windowed[4], decodeURIComponent(windowed[5]), from, Math.min(to, Date.now())));
  }
  if (p === "/hubs/plant/negotiate" && req.method === "POST") {
    return send(res, 200, { negotiateVersion: 1, connectionId: randomUUID(), connectionToken: randomUUID(), availableTransports: [{ transport: "WebSockets", transferFormats: ["Text", "Binary"] }] });
  }
  if (p === "/mock/drop-hub" && req.method === "POST") {
    for (const socket of sockets) socket.destroy();
    return send(res, 200, { dropped: true });
  }
  if (p.startsWith("/api/") || p.startsWith("/hubs/")) return problem(res, 404, "Not Found", `${req.method} ${p}`);
  serveStatic(req, res);
});

// Minimal WebSocket (RFC 6455) server for the SignalR JSON protocol: text frames, records end with 0x1e.
const RS = "\x1e";
const sockets = new Set();

function frame(text) {
  const payload = Buffer.from(text, "utf8");
  const header = payload.length < 126 ? Buffer.from([0x81, payload.length])
    : payload.length < 65536 ? Buffer.from([0x81, 126, payload.length >> 8, payload.length & 255])
    : Buffer.concat([Buffer.from([0x81, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(payload.length)); return b; })()]);
  return Buffer.concat([header, payload]);
}

function broadcast(target, ...argumentsList) {
  const message = frame(JSON.stringify({ type: 1, target, arguments: argumentsList }) + RS);
  for (const socket of sockets) if (socket.signalrReady) socket.write(message);
}

server.on("upgrade", (req, socket) => {
  if (!new URL(req.url, "http://x").pathname.startsWith("/hubs/plant")) return socket.destroy();
  const accept = createHash("sha1").update(req.headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  sockets.add(socket);
  let buffer = Buffer.alloc(0);
  let text = "";
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (buffer.length < 2) return;
      const opcode = buffer[0] & 0x0f;
      let length = buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) { if (buffer.length < 4) return; length = buffer.readUInt16BE(2); offset = 4; }
      else if (length === 127) { if (buffer.length < 10) return; length = Number(buffer.readBigUInt64BE(2)); offset = 10; }
      const masked = (buffer[1] & 0x80) !== 0;
      const mask = masked ? buffer.subarray(offset, offset + 4) : null;
      if (masked) offset += 4;
      if (buffer.length < offset + length) return;
      const payload = Buffer.from(buffer.subarray(offset, offset + length));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
      buffer = buffer.subarray(offset + length);
      if (opcode === 0x8) return socket.end(Buffer.from([0x88, 0]));
      if (opcode === 0x9) { socket.write(Buffer.concat([Buffer.from([0x8a, payload.length]), payload])); continue; }
      if (opcode !== 0x1 && opcode !== 0x0) continue;
      text += payload.toString("utf8");
      let end;
      while ((end = text.indexOf(RS)) >= 0) {
        const record = text.slice(0, end);
        text = text.slice(end + 1);
        if (!socket.signalrReady) {
          socket.signalrReady = true; // handshake request {"protocol":"json","version":1}
          socket.write(frame("{}" + RS));
          continue;
        }
        // Invocations (watchLine, watchMachine, ...): this stand-in pushes no live figures, so it says so and the
        // UI polls the live endpoints instead, as it does with a server that has no such hub methods.
        let message;
        try { message = JSON.parse(record); } catch { continue; }
        if (message.type === 1 && message.invocationId) {
          socket.write(frame(JSON.stringify({ type: 3, invocationId: message.invocationId, error: `Method '${message.target}' is not served by the mock server.` }) + RS));
        }
      }
    }
  });
  const ping = setInterval(() => socket.write(frame(JSON.stringify({ type: 6 }) + RS)), 15_000);
  socket.on("close", () => { clearInterval(ping); sockets.delete(socket); });
  socket.on("error", () => socket.destroy());
});

const churnMs = Number(args.churn);
if (churnMs > 0) {
  setInterval(() => {
    const machine = machines[Math.floor(Math.random() * machines.length)];
    const state = ["Running", "Running", "Running", "Idle", "Down", "Setup"][Math.floor(Math.random() * 6)];
    const reasons = REASONS[state] ?? [null];
    setStatus(machine.id, state, reasons[Math.floor(Math.random() * reasons.length)], "plc");
  }, churnMs).unref();
}

server.listen(Number(args.port), args.host, () => {
  console.log(`SmartShop mock server on http://${args.host}:${args.port} (UI from ${webRoot})`);
});
