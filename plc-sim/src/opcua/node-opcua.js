"use strict";
// node-opcua, loaded once with a quieter warning log: its start-up check for RSA PKCS#1 v1.5 (NODE-OPCUA-W27)
// always fires on Node 20.11+ and concerns only the Basic128Rsa15 / Basic256 policies, which plc-sim does not offer.

const opcua = require("node-opcua");

opcua.setWarningLogger((_context, ...args) => {
  const text = args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
  if (/NODE-OPCUA-W27|CVE-2023-46809/.test(text)) return;
  process.stderr.write(`node-opcua: ${text}\n`);
});

module.exports = opcua;
