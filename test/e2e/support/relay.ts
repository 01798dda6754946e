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
    // A scenario runs weeks of an official's work in a minute or two (a round, its reviews, code
    // batches, paper ballots, finalize): on a fast machine that is more than the default 10
    // relayed requests per account per minute. The limit itself has its own tests.
    quotas: { perMinute: 60 },
  });
  return { relayer, close: () => relayer.close() };
}
