"use strict";
// Small plants for tests, written as plant-file YAML so the tests also go through the loader.

const { parsePlant } = require("../../src/plant/load-plant");

const TYPE_DEFAULTS = {
  stopReasons: "{ 101: Jam, 102: Tool breakage, 202: Waiting for part, 203: Outfeed blocked, 301: Drive fault, 501: Changeover, 601: Planned maintenance }",
  cycleTimeJitter: "0",
  scrapRate: "0",
  starvedReason: "202",
  blockedReason: "203",
  maintenanceReason: "601",
  energy: "{ runKw: 10, idleKw: 2, standbyKw: 1, warmUpKw: 6, warmUp: 0s }",
};

/**
 * A line of `count` machines m1..mN of one type with ideal cycle times P-A: 10 s, P-B: 20 s. By default the
 * machines are ideal (no jitter, scrap, micro-stops or failures); `type` sets machine-type keys (YAML text per key),
 * `simulation` adds lines to the simulation block.
 */
function linePlant({ count = 3, type = {}, simulation = "", infeed = 3, stateModel = "PackML", stateCodes } = {}) {
  const machines = [];
  for (let i = 1; i <= count; i++) machines.push(`      - { id: m${i}, type: station, idealCycleTimes: { P-A: 10, P-B: 20 } }`);
  const typeKeys = { ...TYPE_DEFAULTS, ...(stateCodes ? { stateCodes } : {}), ...type };
  return parsePlant(
    `plant: { id: test-plant }
simulation:
  autoJobQuantity: 1000
  transitionTime: 1s
${simulation}
machineTypes:
  station:
    stateModel: ${stateModel}
${Object.entries(typeKeys)
  .map(([k, v]) => `    ${k}: ${v}`)
  .join("\n")}
lines:
  - id: line-t
    products: [P-A, P-B]
    infeedCapacity: ${infeed}
    machines:
${machines.join("\n")}
`,
    "test-plant.yaml",
  );
}

module.exports = { linePlant };
