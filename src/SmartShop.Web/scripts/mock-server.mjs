// A stand-in for SmartShop.Server while working on the UI without the C# server: serves the built UI, the plant
// API from fixtures/plant.json and the /hubs/plant SignalR hub (JSON protocol over WebSockets), pushing a random
// machine's status change every --churn milliseconds. Plain Node, no dependencies.
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
  broadcast("MachineStatusChanged", next);
  return next;
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  const p = url.pathname;
  if (p === "/health") return send(res, 200, "Healthy", "text/plain");
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
        }
        void record;
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
