/**
 * The relayer after a reorg (issue 17, case 4): a relayed request mined in a block the chain then
 * dropped (evm_snapshot, relay, evm_revert) must not stay `mined` and lock its account's nonce
 * with `409 replayed in_flight` forever; the relayer's own nonce is back as well.
 */
import { describe, expect, test } from "vitest";

import { databaseKind } from "../helpers/database.js";
import { ClaimStatus, postTask } from "../helpers/tasks.js";
import { bodyOf, getRelay, newResidents, postRelay, settled, signCall, useRelayHarness } from "./relayer-harness.js";

const h = useRelayHarness();

async function snapshot(): Promise<string> {
  return (await h.system.connection.provider.request({ method: "evm_snapshot" })) as string;
}

async function revertTo(id: string): Promise<void> {
  expect(await h.system.connection.provider.request({ method: "evm_revert", params: [id] })).toBe(true);
}

describe(`relayer after a reorg (${databaseKind} database)`, () => {
  test("a request mined in a dropped block is failed, and the account's next request for that nonce is relayed", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const first = await postTask(system);
    const second = await postTask(system);
    const taskBoard = await system.taskBoard.getAddress();
    const claim = (taskId: bigint) => system.taskBoard.interface.encodeFunctionData("claim", [taskId]);

    const before = await snapshot();
    const dropped = await postRelay(h.app, bodyOf(await signCall(system, resident!, taskBoard, claim(first.taskId))));
    expect(dropped.status).toBe(202);
    expect((await settled(h.app, dropped.body.id)).body.status).toBe("mined");
    await revertTo(before);
    expect(await system.forwarder.nonces(resident!.address)).toBe(0n);
    expect(await system.ethers.provider.getTransaction(dropped.body.txHash)).toBeNull();

    // Signed for nonce 0 again, as the browser does after reading the forwarder.
    const next = await postRelay(h.app, bodyOf(await signCall(system, resident!, taskBoard, claim(second.taskId))));
    expect(next.status).toBe(202);
    expect((await settled(h.app, next.body.id)).body.status).toBe("mined");
    expect((await system.taskBoard.getClaim(second.taskId, resident!.address)).status).toBe(
      BigInt(ClaimStatus.Claimed),
    );
    const old = await getRelay(h.app, dropped.body.id);
    expect(old.body).toMatchObject({ status: "failed", txHash: dropped.body.txHash });
    expect(old.body.error).toMatch(/^dropped by a reorg/);
    expect(old.body.blockNumber).toBeUndefined();
    expect(h.app.relayer.counters().transactions.reorged).toBe(1);
  });

  test("a status look-up notices a dropped block by itself", async () => {
    const { system } = h;
    const [resident] = await newResidents(system, 1);
    const { taskId } = await postTask(system);
    const before = await snapshot();
    const relayed = await postRelay(
      h.app,
      bodyOf(
        await signCall(
          system,
          resident!,
          await system.taskBoard.getAddress(),
          system.taskBoard.interface.encodeFunctionData("claim", [taskId]),
        ),
      ),
    );
    expect((await settled(h.app, relayed.body.id)).body.status).toBe("mined");
    await revertTo(before);
    const after = await getRelay(h.app, relayed.body.id);
    expect(after.body).toMatchObject({ status: "failed", txHash: relayed.body.txHash });
    expect(after.body.error).toMatch(/^dropped by a reorg/);
  });
});
