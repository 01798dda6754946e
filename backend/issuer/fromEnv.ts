/**
 * The issuer as an API process starts it: its Ethereum account from ISSUER_PRIVATE_KEY (it needs
 * SecretBallots' ISSUER_ROLE and gas), its RSA keyring from ISSUER_KEYRING (a JSON file, mode
 * 0600, created on first use). Without ISSUER_PRIVATE_KEY there is no issuer in this process.
 */
import { Wallet, type Provider } from "ethers";

import type { Deployment } from "../../lib/contracts/deployments.js";
import { ConfigError } from "../config/index.js";
import type { Logger } from "../logger/index.js";
import { createIssuer, type Issuer } from "./issuer.js";
import { openKeyring } from "./keys.js";

export interface IssuerConfig {
  privateKey: string;
  keyringFile: string;
  pollMs: number;
}

export function loadIssuerConfig(env: Record<string, string | undefined>): IssuerConfig | undefined {
  const privateKey = env.ISSUER_PRIVATE_KEY;
  if (!privateKey) return undefined;
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey))
    throw new ConfigError([
      { variable: "ISSUER_PRIVATE_KEY", value: "(redacted)", problem: "must be 0x followed by 64 hex digits" },
    ]);
  const keyringFile = env.ISSUER_KEYRING;
  if (!keyringFile)
    throw new ConfigError([
      {
        variable: "ISSUER_KEYRING",
        value: "",
        problem: "must name the issuer's keyring file when ISSUER_PRIVATE_KEY is set",
      },
    ]);
  const pollMs = Number(env.ISSUER_POLL_MS ?? 2_000);
  if (!Number.isInteger(pollMs) || pollMs < 100 || pollMs > 600_000)
    throw new ConfigError([
      { variable: "ISSUER_POLL_MS", value: env.ISSUER_POLL_MS ?? "", problem: "must be an integer from 100 to 600000" },
    ]);
  return { privateKey, keyringFile, pollMs };
}

export async function createIssuerFromEnv(
  deps: { provider: Provider; deployment: Deployment; logger?: Logger },
  env: Record<string, string | undefined> = process.env,
): Promise<Issuer | undefined> {
  const config = loadIssuerConfig(env);
  if (!config) return undefined;
  const signer = new Wallet(config.privateKey, deps.provider);
  deps.logger?.info("issuer ready", { address: signer.address });
  return createIssuer({
    ...deps,
    signer,
    keyring: await openKeyring(config.keyringFile),
    pollMs: config.pollMs,
  });
}
