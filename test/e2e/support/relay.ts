/**
 * The real relayer (backend/relayer) for the end-to-end stack: a funded key and the relayer whose
 * routes the API declares, on the API's database (as `npm start` runs it).
 */
import { Wallet, parseEther } from "ethers";

import type { Database } from "../../../backend/db/index.js";
import { createRelayer, type Relayer } from "../../../backend/relayer/index.js";
import type { Chain } from "./chain.js";

export interface RunningRelayer {
  /** Its routes go into createApp's `mount` (relayRoutes). */
  relayer: Relayer;
  close(): Promise<void>;
}

export async function startRelayer(chain: Chain, db: Database): Promise<RunningRelayer> {
  const wallet = Wallet.createRandom().connect(chain.ethers.provider);
  await (await chain.admin.sendTransaction({ to: wallet.address, value: parseEther("100") })).wait();
  const relayer = createRelayer({
    db,
    provider: chain.ethers.provider,
    signer: wallet,
    deployment: chain.deployment,
  });
  return { relayer, close: () => relayer.close() };
}
