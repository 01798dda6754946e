/**
 * The real relayer (backend/relayer) for the end-to-end stack: its own migrated database, a funded
 * key, and the relay routes in a Koa app whose request handler the stack's server delegates to.
 */
import type { RequestListener } from "node:http";

import Koa from "koa";
import { Wallet, parseEther } from "ethers";

import { createRelayRouter, createRelayer } from "../../../backend/relayer/index.js";
import { createTestDatabase } from "../../helpers/database.js";
import type { Chain } from "./chain.js";

export interface RunningRelayer {
  handle: RequestListener;
  /** The relay routes, for an API that mounts them itself (createApp's `relayRouter`). */
  router: ReturnType<typeof createRelayRouter>;
  close(): Promise<void>;
}

export async function startRelayer(chain: Chain): Promise<RunningRelayer> {
  const db = await createTestDatabase();
  const wallet = Wallet.createRandom().connect(chain.ethers.provider);
  await (await chain.admin.sendTransaction({ to: wallet.address, value: parseEther("100") })).wait();
  const relayer = createRelayer({ db, provider: chain.ethers.provider, signer: wallet, deployment: chain.deployment });
  const router = createRelayRouter(relayer);
  const koa = new Koa();
  koa.use(router.routes()).use(router.allowedMethods());
  return {
    handle: koa.callback(),
    router,
    close: async () => {
      await relayer.close();
      await db.close();
    },
  };
}
