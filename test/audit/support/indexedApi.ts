/**
 * The real API (backend/api createApp) over a real index of a deployed system's chain, read
 * through an RPC proxy, for the tests of `npm run audit -- --api URL`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { createApp } from "../../../backend/api/index.js";
import type { Database } from "../../../backend/db/index.js";
import { createIndexer, type Indexer } from "../../../backend/indexer/index.js";
import { createChainProvider } from "../../../backend/indexer/provider.js";
import { silentLogger } from "../../../backend/logger/index.js";
import { deploymentOf } from "../../backend/support/chain.js";
import { startRpcProxy, type RpcProxy } from "../../backend/support/rpcProxy.js";
import { createTestDatabase } from "../../helpers/database.js";
import type { System } from "../../helpers/system.js";

export interface IndexedApi {
  rpc: RpcProxy;
  db: Database;
  indexer: Indexer;
  apiUrl: string;
  close(): Promise<void>;
}

/** Indexes everything `system`'s chain holds now and serves the API over it on a free port. */
export async function startIndexedApi(system: System): Promise<IndexedApi> {
  const deployment = await deploymentOf(system);
  const rpc = await startRpcProxy({ upstream: system.connection.provider });
  const provider = createChainProvider(rpc.url);
  const db = await createTestDatabase();
  const indexer = createIndexer({ db, provider, deployment, logger: silentLogger });
  await indexer.catchUp();
  const app = createApp({ db, provider, deployment, logger: silentLogger });
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    rpc,
    db,
    indexer,
    apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      app.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await indexer.stop();
      await db.close();
      await rpc.close();
    },
  };
}
