import { createRequire } from "node:module";

import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatIgnitionEthers from "@nomicfoundation/hardhat-ignition-ethers";
import hardhatTypechain from "@nomicfoundation/hardhat-typechain";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatVerify from "@nomicfoundation/hardhat-verify";
import { configVariable, defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

// Hardhat cannot download compilers here (and auditors should not have to trust a download):
// the npm `solc` package, pinned in package.json to this exact version, is the compiler.
const SOLC_VERSION = "0.8.30";

// Fuzz and invariant depth: CI and local runs use the same numbers so a green run means the same
// thing everywhere. Every invariant runs at least 1,000 times.
const FUZZ_RUNS = 1000;

export default defineConfig({
  plugins: [hardhatEthers, hardhatTypechain, hardhatNetworkHelpers, hardhatIgnitionEthers, hardhatVerify],
  solidity: {
    version: SOLC_VERSION,
    path: require.resolve("solc/soljson.js"),
    settings: {
      // runs 200 (not 1000): BudgetRound had 635 bytes left under the 24,576-byte limit; 200 frees
      // 1.4 KB for the MES commitment and secret-ballot hooks at a few hundred gas per call.
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
    },
  },
  paths: {
    // The benchmark folder holds the OpenZeppelin Governor baseline; it is not part of the system.
    // test/audit/contracts holds a deliberately miscounting BudgetRound the audit tests must catch.
    sources: ["contracts", "scripts/bench/contracts", "test/audit/contracts"],
    tests: { solidity: "test/contracts" },
  },
  test: {
    solidity: {
      fuzz: { runs: FUZZ_RUNS },
      invariant: { runs: FUZZ_RUNS, depth: 20, failOnRevert: false },
    },
  },
  // Real chains: `npm run deploy -- --network NAME` with RPC_URL and DEPLOYER_PRIVATE_KEY in the
  // environment (read only when that network is used). Any other EVM chain: use `custom`.
  networks: {
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
    gnosis: {
      type: "http",
      chainType: "l1",
      chainId: 100,
      url: configVariable("RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    chiado: {
      type: "http",
      chainType: "l1",
      chainId: 10200,
      url: configVariable("RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      chainId: 11155111,
      url: configVariable("RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    custom: {
      type: "http",
      chainType: "l1",
      url: configVariable("RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
  // Verification of the deployed sources (`hardhat ignition verify <deployment id>`): Sourcify and
  // Blockscout need no key; Etherscan (and its family of explorers) reads ETHERSCAN_API_KEY.
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
    blockscout: { enabled: true },
    sourcify: { enabled: true },
  },
});
