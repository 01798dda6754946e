/**
 * Stuck transactions (session notes of issue 17): a relayed transaction that stays pending is sent
 * again under its relayer nonce with higher fees, the row keeps both hashes, and whichever is
 * mined becomes its transaction. Blocks are held back with automine off.
 */
import { describe, expect, test } from "vitest";

import { databaseKind } from "../helpers/database.js";
import { postTask } from "../helpers/tasks.js";
import { bodyOf, newResidents, postRelay, settled, signCall, useRelayHarness } from "./relayer-harness.js";

const h = useRelayHarness();

async function withBlocksHeld<T>(run: () => Promise<T>): Promise<T> {
  await h.system.ethers.provider.send("evm_setAutomine", [false]);
  try {
    return await run();
  } finally {
    await h.system.ethers.provider.send("evm_setAutomine", [true]);
  }
}

/** A signed claim, made while blocks are still mined (registration and task need them). */
async function claimBody(): Promise<unknown> {
  const { system } = h;
  const [resident] = await newResidents(system, 1);
  const { taskId } = await postTask(system);
  return bodyOf(
    await signCall(
      system,
      resident!,
      await system.taskBoard.getAddress(),
      system.taskBoard.interface.encodeFunctionData("claim", [taskId]),
    ),
  );
}

async function relayed(app: Awaited<ReturnType<typeof h.startApp>>, body: unknown) {
  const answer = await postRelay(app, body);
  expect(answer.status).toBe(202);
  return answer.body as { id: string; txHash: string };
}

const rowOf = async (id: string) =>
  (
    await h.db.sql<{ tx_hash: string; tx_hashes: string[]; status: string }[]>`
    select tx_hash, tx_hashes, status from relay_transactions where id = ${id}
  `
  )[0]!;

describe(`relayer re-pricing (${databaseKind} database)`, () => {
  test("a transaction still pending is replaced with higher fees; the replacement is the one mined", async () => {
    const { system } = h;
    const app = await h.startApp({ options: { repriceAfterSeconds: 0, repriceEveryMs: 0 } });
    const body = await claimBody();
    const { id, txHash, replacement, first, second } = await withBlocksHeld(async () => {
      const { id, txHash } = await relayed(app, body);
      const first = await system.ethers.provider.getTransaction(txHash);
      expect(await app.relayer.repriceStuck()).toBe(1);
      const replacement = (await rowOf(id)).tx_hash;
      // The node keeps only the replacement in its pool.
      return { id, txHash, replacement, first, second: await system.ethers.provider.getTransaction(replacement) };
    });
    expect(replacement).not.toBe(txHash);
    expect(second!.nonce).toBe(first!.nonce);
    expect(second!.maxFeePerGas! > first!.maxFeePerGas!).toBe(true);
    expect(second!.maxPriorityFeePerGas! > first!.maxPriorityFeePerGas!).toBe(true);

    await system.networkHelpers.mine(1);
    const done = await settled(app, id);
    expect(done.body).toMatchObject({ status: "mined", txHash: replacement });
    expect(await system.ethers.provider.getTransactionReceipt(txHash)).toBeNull();
    expect(await rowOf(id)).toMatchObject({ tx_hashes: [txHash, replacement], tx_hash: replacement });
    expect(app.relayer.counters().transactions.repriced).toBe(1);
  });

  test("two processes scanning at once replace a transaction once; after maxReplacements it is left alone", async () => {
    const { system } = h;
    const options = { repriceAfterSeconds: 1, repriceEveryMs: 0, maxReplacements: 1 };
    const [one, two] = [await h.startApp({ options }), await h.startApp({ options })];
    const body = await claimBody();
    const { id } = await withBlocksHeld(async () => {
      const claim = await relayed(one, body);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const replaced = await Promise.all([one.relayer.repriceStuck(), two.relayer.repriceStuck()]);
      expect(replaced.reduce((a, b) => a + b, 0)).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(await one.relayer.repriceStuck()).toBe(0);
      return claim;
    });
    expect((await rowOf(id)).tx_hashes.length).toBe(2);
    await system.networkHelpers.mine(1);
    expect((await settled(one, id)).body.status).toBe("mined");
  });
});
