/**
 * The index belongs to one chain and one deployment: a deployments file that does not describe the
 * chain is refused, an index of another chain or deployment is dropped and rebuilt (never served
 * stale), and a second writer moving the cursor is refused.
 */
import { describe, expect, test } from "vitest";

import { CursorMovedError, DeploymentMismatchError } from "../../backend/indexer/index.js";
import BuurtkasModule from "../../ignition/modules/Buurtkas.js";
import type { Deployment } from "../../lib/contracts/deployments.js";
import type { LocalCoin } from "../../types/ethers-contracts/index.js";
import { databaseKind } from "../helpers/database.js";
import { deploymentOf } from "./support/chain.js";
import { dumpIndex } from "./support/compare.js";
import { catchUp, isReorg, useHarness } from "./support/harness.js";

const h = useHarness();

describe(`chain and deployment identity (${databaseKind} database)`, () => {
  test("a deployments file that does not describe the chain is refused and the index left alone", async () => {
    const db = await h.freshDatabase();
    await h.indexerFor(db).catchUp();
    const before = await dumpIndex(db.sql);
    const d = h.deployment;
    const head = await h.system.ethers.provider.getBlockNumber();
    const withContract = (
      name: keyof Deployment["contracts"],
      change: Partial<Deployment["contracts"]["LocalCoin"]>,
    ) => ({
      ...d,
      contracts: { ...d.contracts, [name]: { ...d.contracts[name], ...change } },
    });
    const cases: [Deployment, RegExp][] = [
      [{ ...d, chainId: 100 }, /is for chain 100, but the RPC serves chain 31337/],
      [{ ...d, genesisHash: `0x${"ab".repeat(32)}` }, /genesis 0xabab.*the chain was reset, deploy again/],
      [withContract("TaskBoard", { address: h.system.outsider.address }), /no contract code at 0x\w+ \(TaskBoard\)/],
      [
        withContract("LocalCoin", { blockNumber: head + 100 }),
        /LocalCoin was deployed in block \d+, which chain 31337 does not have yet/,
      ],
    ];
    for (const [deployment, message] of cases) {
      const run = h.indexerFor(db, { deployment }).catchUp();
      await expect(run).rejects.toThrow(DeploymentMismatchError);
      await expect(run).rejects.toThrow(message);
    }
    expect(await dumpIndex(db.sql)).toEqual(before);
  });

  test("an index of another chain (other genesis) is dropped and the chain indexed afresh", async () => {
    const db = await h.freshDatabase();
    await h.indexerFor(db).catchUp();
    const [cursor] = await db.sql<{ block_number: bigint }[]>`select block_number from indexer_cursor`;
    await db.sql`update indexer_cursor set genesis_hash = ${`0x${"cd".repeat(32)}`}`;

    const events = await catchUp(h.indexerFor(db));
    expect(events.filter(isReorg).map((e) => [e.reason, e.from.number])).toEqual([
      ["reset", Number(cursor!.block_number)],
    ]);
    expect(await dumpIndex(db.sql)).toEqual(await h.referenceDump());
  });

  test("a redeployment on the same chain drops the old contracts' index, and going back drops it again", async () => {
    const db = await h.freshDatabase();
    await h.indexerFor(db).catchUp();

    const { system } = h;
    const again = await system.connection.ignition.deploy(BuurtkasModule, {
      parameters: { Buurtkas: { admin: system.admin.address } },
    });
    const coin = again.coin as unknown as LocalCoin;
    await coin.grantRole(await coin.MINTER_ROLE(), system.admin.address);
    await coin.mint(system.residents[0]!.address, 42n);
    const redeployed = await deploymentOf(system, {
      BuurtkasForwarder: again.forwarder,
      LocalCoin: again.coin,
      ResidentRegistry: again.registry,
      TaskBoard: again.taskBoard,
      BudgetRound: again.budgetRound,
      ResultCommitments: again.resultCommitments,
      SecretBallots: again.secretBallots,
      PaperBallotDesk: again.paperDesk,
    });

    const events = await catchUp(h.indexerFor(db, { deployment: redeployed }));
    expect(events.filter(isReorg).map((e) => e.reason)).toEqual(["reset"]);
    const transfers = await db.sql<{ contract: string; amount: bigint }[]>`select contract, amount from coin_transfer`;
    expect(transfers).toEqual([{ contract: (await coin.getAddress()).toLowerCase(), amount: 42n }]);
    const [ballots] = await db.sql<{ count: bigint }[]>`select count(*) from budget_approval_ballot_cast`;
    expect(ballots!.count).toBe(0n);

    const back = await catchUp(h.indexerFor(db));
    expect(back.filter(isReorg).map((e) => e.reason)).toEqual(["reset"]);
    expect(await dumpIndex(db.sql)).toEqual(await h.referenceDump());
  });

  test("a second writer that moves the cursor makes the indexer stop instead of interleaving", async () => {
    const db = await h.freshDatabase();
    const provider = h.system.ethers.provider;
    let calls = 0;
    const racing = new Proxy(provider, {
      get(target, property, receiver) {
        if (property === "getLogs") {
          return async (...args: Parameters<typeof provider.getLogs>) => {
            const logs = await target.getLogs(...args);
            // Another indexer writes a range while this one is reading its own.
            if (++calls === 2) await db.sql`update indexer_cursor set block_number = block_number + 1`;
            return logs;
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await expect(h.indexerFor(db, { provider: racing }).catchUp()).rejects.toThrow(CursorMovedError);
  });
});
