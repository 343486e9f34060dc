"use strict";
// The command line: starts, prints the endpoint URL, creates its certificate under --pki, stops on SIGTERM;
// rejects bad plant files and arguments with exit code 2 and a message naming file, key and problem.

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawn, spawnSync } = require("node:child_process");

const CLI = path.join(__dirname, "..", "src", "cli.js");
const DEMO = path.join(__dirname, "..", "plants", "demo.yaml");
const SCENARIO = path.join(__dirname, "..", "scenarios", "demo-incidents.yaml");

function run(args) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 60000 });
}

test("Cli_Start_PrintsTheEndpointUrlAndStopsOnSigterm", async () => {
  const pki = fs.mkdtempSync(path.join(os.tmpdir(), "plc-sim-cli-pki-"));
  const child = spawn(process.execPath, [CLI, "--plant", DEMO, "--port", "0", "--seed", "42", "--speed", "60", "--pki", pki, "--scenario", SCENARIO], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  try {
    const deadline = Date.now() + 60000;
    while (!stdout.includes("\n") && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    assert.match(stdout, /^opc\.tcp:\/\/127\.0\.0\.1:\d+\n$/, `stdout: ${stdout}\nstderr: ${stderr}`);
    assert.ok(fs.existsSync(path.join(pki, "own", "certs", "certificate.pem")), "certificate created on first run");
    assert.match(stderr, /plant acme: 8 machines on 2 lines; scenario "demo incidents" with 9 steps; seed 42, speed 60x/);
    assert.doesNotMatch(stderr, /NODE-OPCUA-W27/);
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("timeout"), 15000))]);
    if (code === "timeout") child.kill("SIGKILL");
    assert.equal(code, 0);
    fs.rmSync(pki, { recursive: true, force: true });
  }
});

test("Cli_Check_ValidatesWithoutStarting", () => {
  const r = run(["--plant", DEMO, "--scenario", SCENARIO, "--check"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /plant acme: 8 machines on 2 lines; scenario "demo incidents" with 9 steps/);
});

test("Cli_BadPlantFile_ExitsWithFileKeyAndProblem", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plc-sim-cli-"));
  const file = path.join(dir, "broken.yaml");
  fs.writeFileSync(file, fs.readFileSync(DEMO, "utf8").replace("type: cmm", "type: cmm-2000"));
  try {
    const r = run(["--plant", file, "--check"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: lines\\[0\\]\\.machines\\[3\\]\\.type: unknown machine type "cmm-2000"`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("Cli_BadArguments_ExitWithUsage", () => {
  assert.equal(run([]).status, 2);
  const r = run(["--plant", DEMO, "--speed", "fast"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--speed must be a number from 0\.1 to 100000, got "fast"/);
  assert.match(run(["--plant", DEMO, "--bogus"]).stderr, /Unknown option '--bogus'/);
  assert.match(run(["--help"]).stdout, /Usage: node plc-sim\/src\/cli\.js --plant FILE/);
});
