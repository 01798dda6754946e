/**
 * The real relayer (backend/relayer) for the end-to-end stack: its own migrated database, a funded
 * key, and the relay routes in a Koa app whose request handler the stack's server delegates to.
 */
import { readFile } from "node:fs/promises";
import type { RequestListener } from "node:http";
import path from "node:path";

import Koa from "koa";
import { Wallet, parseEther } from "ethers";

import type { Database } from "../../../backend/db/index.js";
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
  await ensureRelayerSchema(db);
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

/** The relayer's migration (0007) until the migration runner applies it with the API's 0006. */
async function ensureRelayerSchema(db: Database): Promise<void> {
  const [exists] = await db.sql<
    { present: boolean }[]
  >`select to_regclass('relay_transactions') is not null as present`;
  if (exists!.present) return;
  await db.sql.unsafe(
    await readFile(path.resolve(import.meta.dirname, "../../../backend/relayer/sql/0007_relayer.sql"), "utf8"),
  );
}
