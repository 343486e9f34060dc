"use strict";
// A node-opcua client for the tests: connects with a given security mode and user, with its own PKI in a temp dir.

const os = require("node:os");
const path = require("node:path");
const fs = require("node:fs");
const { OPCUAClient, OPCUACertificateManager, MessageSecurityMode, SecurityPolicy, UserTokenType } = require("../../src/opcua/node-opcua");

let clientPki = null;
let certificateManager = null;

async function clientCertificateManager() {
  if (!certificateManager) {
    clientPki = fs.mkdtempSync(path.join(os.tmpdir(), "plc-sim-client-pki-"));
    certificateManager = new OPCUACertificateManager({ rootFolder: clientPki, automaticallyAcceptUnknownCertificate: true });
    await certificateManager.initialize();
  }
  return certificateManager;
}

/**
 * Connects and opens a session. mode: "None" | "Sign" | "SignAndEncrypt"; user: { user, password } or undefined.
 * Returns { client, session, close() }.
 */
async function connect(endpointUrl, { mode = "None", user } = {}) {
  const secure = mode !== "None";
  const client = OPCUAClient.create({
    applicationName: "plc-sim tests",
    endpointMustExist: false,
    securityMode: MessageSecurityMode[mode],
    securityPolicy: secure ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
    connectionStrategy: { maxRetry: 2, initialDelay: 100, maxDelay: 500 },
    clientCertificateManager: await clientCertificateManager(),
    requestedSessionTimeout: 60000,
  });
  await client.connect(endpointUrl);
  let session;
  try {
    session = await client.createSession(user ? { type: UserTokenType.UserName, userName: user.user, password: user.password } : undefined);
  } catch (e) {
    await client.disconnect();
    throw e;
  }
  const namespaces = await session.readNamespaceArray();
  const nsIndex = (uri) => {
    const i = namespaces.indexOf(uri);
    if (i < 0) throw new Error(`namespace ${uri} not in the server's NamespaceArray`);
    return i;
  };
  const plcSim = nsIndex("urn:smartshop:plc-sim");
  return {
    client,
    session,
    namespaces,
    nsIndex,
    /** NodeId text of a plc-sim node from its string id, e.g. id("line-1/l1-mill/State"). */
    id: (s) => `ns=${plcSim};s=${s}`,
    /** Reads one value (throws unless Good). */
    async read(s) {
      const dv = await session.read({ nodeId: `ns=${plcSim};s=${s}`, attributeId: 13 });
      if (dv.statusCode.name !== "Good") throw new Error(`read ${s}: ${dv.statusCode.name}`);
      return dv.value.value;
    },
    async close() {
      await session.close().catch(() => {});
      await client.disconnect();
    },
  };
}

async function disposeClientPki() {
  if (certificateManager) await certificateManager.dispose();
  certificateManager = null;
  if (clientPki) fs.rmSync(clientPki, { recursive: true, force: true });
  clientPki = null;
}

module.exports = { connect, disposeClientPki };
